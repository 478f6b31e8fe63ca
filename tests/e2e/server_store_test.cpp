// End-to-end: the served predictions follow the market store. Bars imported by another process
// (`mpredict import` beside a running `serve`) are served after the next run whatever its outcome,
// and, with [retraining].store_check_seconds, without any run.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mp::e2e {
namespace {

class ServerStoreTest : public ServerFixture {
 protected:
  // The test configuration plus one [retraining] key (the last section of write_config's file).
  void start_with_store_check(const std::string& gates, double seconds) {
    config_ = write_config(gates);
    std::ofstream(config_, std::ios::app) << "store_check_seconds = " << seconds << "\n";
    server_ = std::make_unique<ServerProcess>(config_, dir_);
    ASSERT_TRUE(server_->start());
  }

  // Three more MSFT closes after the sample's last day (2001-01-02), in the wide layout.
  fs::path later_msft_bars() const {
    const auto file = dir_ / "msft_later.csv";
    std::ofstream(file) << "date,MSFT\n2001-01-03,47.94\n2001-01-04,48.44\n2001-01-05,49.13\n";
    return file;
  }

  // Polls GET `path` until it answers 200 (or `timeout`).
  Reply wait_for_200(const std::string& path, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Reply reply;
    do {
      reply = get(path);
      if (reply.status == 200) return reply;
      std::this_thread::sleep_for(100ms);
    } while (Clock::now() < deadline);
    return reply;
  }
};

TEST_F(ServerStoreTest, ImportByAnotherProcessIsServedAfterARejectedRun) {
  ASSERT_NO_FATAL_FAILURE(start_with_store_check(kRejectingGates, 0));  // after runs only
  const auto boot = champion_version();
  ASSERT_EQ(get("/api/predict/MSFT").json["as_of"], "2001-01-02");
  ASSERT_EQ(get("/api/predict/AAPL").status, 404);

  const auto msft = run_cli("import " + later_msft_bars().string());
  ASSERT_EQ(msft.exit_code, 0) << msft.err;
  const auto aapl = run_cli("import " + sample_prices("aapl_ohlcv_2013_2018.csv"));
  ASSERT_EQ(aapl.exit_code, 0) << aapl.err;
  EXPECT_EQ(get("/api/predict/MSFT").json["as_of"], "2001-01-02");  // no run yet, no periodic check

  const auto job = trigger_and_wait();
  ASSERT_EQ(job["state"], "completed") << job.dump();
  EXPECT_EQ(job["outcome"], "rejected");
  auto predict = get("/api/predict/MSFT");
  ASSERT_EQ(predict.status, 200) << predict.body;
  EXPECT_EQ(predict.json["as_of"], "2001-01-05");
  EXPECT_EQ(predict.json["model_version"], boot);  // the same champion, on the new bars
  auto apple = get("/api/predict/AAPL");
  ASSERT_EQ(apple.status, 200) << apple.body;
  EXPECT_EQ(apple.json["as_of"], "2018-05-11");
  EXPECT_THAT(job["log"].dump(), ::testing::HasSubstr("served predictions rebuilt"));
}

TEST_F(ServerStoreTest, PeriodicCheckServesAnImportWithoutARun) {
  ASSERT_NO_FATAL_FAILURE(start_with_store_check(kRejectingGates, 0.5));
  ASSERT_EQ(get("/api/predict/AAPL").status, 404);
  const auto aapl = run_cli("import " + sample_prices("aapl_ohlcv_2013_2018.csv"));
  ASSERT_EQ(aapl.exit_code, 0) << aapl.err;
  const auto apple = wait_for_200("/api/predict/AAPL", 20s);
  ASSERT_EQ(apple.status, 200) << apple.body;
  EXPECT_EQ(apple.json["as_of"], "2018-05-11");
  EXPECT_EQ(get("/api/ml/retraining/status").json["last_run"]["kind"], "bootstrap");  // no run happened
}

// The served snapshot scores against the champion's own universe: 40 unrelated symbols imported
// beside it (all rising, so breadth over every stored symbol would change) are served themselves,
// and MSFT's probability does not move (issue 8: 0.669 -> 0.756 after 60 unrelated imports).
TEST_F(ServerStoreTest, UnrelatedImportsAreServedWithoutChangingThePredictions) {
  config_ = write_config(kDefaultGates);
  std::ofstream(config_, std::ios::app) << "store_check_seconds = 0.5\n"
                                        << "[features]\nset = \"rsi_14,market_advance_decline\"\n";
  server_ = std::make_unique<ServerProcess>(config_, dir_);
  ASSERT_TRUE(server_->start());
  const auto before = get("/api/predict/MSFT");
  ASSERT_EQ(before.status, 200) << before.body;

  const auto others = dir_ / "others.csv";
  {
    std::ofstream wide(others);
    wide << "date";
    for (int s = 0; s < 40; ++s) wide << ",X" << s;
    wide << "\n";
    std::istringstream lines(slurp(sample_prices("dowjones30_close_1990_2001.csv")));
    std::string line;
    std::getline(lines, line);  // header
    for (int row = 0; std::getline(lines, line); ++row) {
      wide << line.substr(0, line.find(','));
      for (int s = 0; s < 40; ++s) wide << "," << 10.0 + 0.01 * row;
      wide << "\n";
    }
  }
  const auto imported = run_cli("import " + others.string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto newcomer = wait_for_200("/api/predict/X7", 20s);
  ASSERT_EQ(newcomer.status, 200) << newcomer.body;
  EXPECT_EQ(newcomer.json["degraded"], false);
  const auto after = get("/api/predict/MSFT");
  EXPECT_EQ(after.json["probability"], before.json["probability"]);
  EXPECT_EQ(after.json["as_of"], before.json["as_of"]);
}

}  // namespace
}  // namespace mp::e2e
