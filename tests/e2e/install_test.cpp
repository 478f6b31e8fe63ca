// End-to-end: `cmake --install` into a temp prefix, then the installed binary serves from an
// empty directory (no checkout, no config): the sample data, lexicon, web assets and default
// configuration come from <prefix>/share/marketpredictor. A failed start leaves nothing behind.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mp::e2e {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class InstallTest : public ServerFixture {};

TEST_F(InstallTest, InstalledServeRunsFromAnEmptyDirectory) {
  const auto prefix = dir_ / "prefix";
  const std::string install = "cmake --install '" + std::string(MP_BINARY_DIR) + "' --prefix '" + prefix.string() +
                              "' >'" + (dir_ / "install.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(install.c_str()), 0) << slurp(dir_ / "install.log");
  const auto share = prefix / "share" / "marketpredictor";
  const auto bin = prefix / "bin" / "mpredict";
  for (const auto& file : {bin, share / "data/sample/prices/dowjones30_close_1990_2001.csv",
                           share / "data/sample/macro/fred_monthly_selected.csv", share / "data/sample/PROVENANCE.md",
                           share / "data/lexicons/afinn165_financial_market_news.tsv", share / "web/docs.html",
                           share / "config/default.toml"}) {
    EXPECT_TRUE(fs::is_regular_file(file)) << file;
  }

  // A start that fails (a non-loopback address without a token) leaves the empty directory empty.
  const auto failing_dir = dir_ / "failing";
  fs::create_directories(failing_dir);
  ServerProcess failing({}, failing_dir, bin);
  failing.spawn({"serve", "--host", "0.0.0.0", "--port", "0", "--no-schedule"});
  const auto failed = failing.wait_exit(60s);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->code, 1);
  EXPECT_THAT(failing.stderr_text(), HasSubstr("error: refusing to listen on non-loopback address 0.0.0.0"));
  EXPECT_EQ(entries_of(failing_dir), (std::vector<std::string>{"serve-1.err", "serve-1.out"}));

  const auto run_dir = dir_ / "run";
  fs::create_directories(run_dir);
  ServerProcess server({}, run_dir, bin);
  server.spawn({"serve", "--port", "0", "--no-schedule"});
  ASSERT_TRUE(server.wait_for_listening(180s));
  auto client = server.client();
  const auto health = to_reply(client->Get("/health"));
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json["status"], "ok");
  const auto predict = to_reply(client->Get("/api/predict/MSFT"));
  ASSERT_EQ(predict.status, 200) << predict.body;
  EXPECT_EQ(predict.json["as_of"], "2001-01-02");
  EXPECT_EQ(to_reply(client->Get("/docs")).status, 200);  // the installed web assets
  const std::string champion = predict.json["model_version"];
  const auto stopped = server.stop();
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->code, 0);
  EXPECT_TRUE(fs::is_regular_file(run_dir / "data" / "market.db"));
  EXPECT_TRUE(fs::is_directory(run_dir / "models" / "versions" / champion));

  // predict from the same directory uses the registry's champion.
  const std::string command =
      "cd '" + run_dir.string() + "' && '" + bin.string() + "' predict --symbol MSFT --json >predict.out 2>predict.err";
  ASSERT_EQ(std::system(command.c_str()), 0) << slurp(run_dir / "predict.err");
  const auto prediction = nlohmann::json::parse(slurp(run_dir / "predict.out"));
  EXPECT_EQ(prediction["model"], "champion " + champion + " (provisional) of registry models");
  EXPECT_DOUBLE_EQ(prediction["probability"].get<double>(), predict.json["probability"].get<double>());
}

}  // namespace
}  // namespace mp::e2e
