#include "tracking/alert_log.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace mp::tracking {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class AlertLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / fmt::format("mp_alert_log_test_{}_{:x}",
                                                   ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                                   (static_cast<std::uint64_t>(rd()) << 32) | rd());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> lines() const {
    std::ifstream in(dir_ / "alerts.log");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  fs::path dir_;
};

TEST_F(AlertLogTest, EachWriteIsOneJsonLine) {
  AlertLog log(dir_ / "alerts.log");
  EXPECT_TRUE(log.tail(5).empty());  // no file yet
  log.write("warning", "model rejected", {{"version", "20261124T031500Z-3f9a1c"}, {"roc_auc", 0.52}});
  log.write("info", "model promoted", {{"version", "20261124T031500Z-3f9a1c"}});
  log.write("critical", "multi\nline subject", json::object());

  const auto text = lines();
  ASSERT_EQ(text.size(), 3u);
  const auto first = json::parse(text[0]);
  EXPECT_EQ(first.at("level"), "warning");
  EXPECT_EQ(first.at("subject"), "model rejected");
  EXPECT_EQ(first.at("details").at("roc_auc"), 0.52);
  EXPECT_EQ(first.at("time").get<std::string>().size(), 20u);
  EXPECT_EQ(first.size(), 4u);
  EXPECT_EQ(json::parse(text[2]).at("subject"), "multi\nline subject");

  const auto last_two = log.tail(2);
  ASSERT_EQ(last_two.size(), 2u);
  EXPECT_EQ(last_two[0].at("subject"), "model promoted");
  EXPECT_EQ(last_two[1].at("level"), "critical");
  EXPECT_EQ(log.tail(0).size(), 3u);
  EXPECT_EQ(log.tail(100).size(), 3u);
  EXPECT_THROW(log.write("fatal", "x", {}), ConfigError);
}

TEST_F(AlertLogTest, TailSkipsATornLastLineAndTheNextWriteStartsAfreshLine) {
  AlertLog log(dir_ / "alerts.log");
  log.write("info", "one", {{"n", 1}});
  log.write("error", "two", {{"n", 2}});
  {
    std::ofstream torn(dir_ / "alerts.log", std::ios::app);
    torn << R"({"time":"2026-11-24T03:15:00Z","level":"err)";  // killed mid-write
  }
  auto tail = log.tail(5);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[1].at("subject"), "two");
  EXPECT_EQ(log.tail(1).at(0).at("details").at("n"), 2);

  log.write("info", "three", {{"n", 3}});
  tail = log.tail(5);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[2].at("subject"), "three");
  EXPECT_EQ(lines().size(), 4u);  // the torn fragment stays on its own line
}

TEST_F(AlertLogTest, TailReadsOnlyTheEndOfALargeLog) {
  std::ostringstream content;
  for (int i = 0; i < 3000; ++i) {
    content << json{{"time", "2026-11-24T03:15:00Z"}, {"level", "info"}, {"subject", "tick"}, {"details", {{"i", i}}}}
                   .dump()
            << "\n";
  }
  write_file_atomic(dir_ / "alerts.log", content.str());  // > 64 KiB: several chunks
  ASSERT_GT(fs::file_size(dir_ / "alerts.log"), 200'000u);
  AlertLog log(dir_ / "alerts.log");
  const auto tail = log.tail(3);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].at("details").at("i"), 2997);
  EXPECT_EQ(tail[2].at("details").at("i"), 2999);
  const auto all = log.tail(0);
  ASSERT_EQ(all.size(), 3000u);
  EXPECT_EQ(all[0].at("details").at("i"), 0);
  const auto many = log.tail(1500);
  ASSERT_EQ(many.size(), 1500u);
  EXPECT_EQ(many[0].at("details").at("i"), 1500);
}

}  // namespace
}  // namespace mp::tracking
