// End-to-end: the CLI client commands (status, trigger, model-info, rollback) against a running
// `mpredict serve`, as a user would run them.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace mp::e2e {
namespace {

using ::testing::HasSubstr;

class ServerCliTest : public ServerFixture {};

TEST_F(ServerCliTest, StatusTriggerModelInfoRollbackAndConflict) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto boot = champion_version();
  const auto url = " --url " + server_->url();

  auto status = run_cli("status" + url);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("champion:  " + boot + "\n"));
  EXPECT_THAT(status.out, HasSubstr("running:   no"));
  EXPECT_THAT(status.out, HasSubstr("daily_retrain"));
  EXPECT_THAT(status.out, HasSubstr("0 3 * * 0"));
  EXPECT_THAT(status.out, HasSubstr("gates:     F1 >= 0.00, accuracy >= 0.00"));

  auto trigger = run_cli("trigger --wait --json" + url);
  ASSERT_EQ(trigger.exit_code, 0) << trigger.err;
  nlohmann::json job;
  ASSERT_NO_THROW(job = nlohmann::json::parse(trigger.out)) << trigger.out;
  EXPECT_EQ(job["state"], "completed");
  EXPECT_EQ(job["outcome"], "promoted");
  EXPECT_EQ(job["trigger"], "cli");
  const std::string promoted = job["candidate_version"];
  EXPECT_NE(promoted, boot);

  auto info = run_cli("model-info --json" + url);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  nlohmann::json model;
  ASSERT_NO_THROW(model = nlohmann::json::parse(info.out)) << info.out;
  EXPECT_EQ(model["version"], promoted);
  EXPECT_EQ(model["provisional"], false);
  EXPECT_TRUE(has_event(model["history"], "promote", promoted, "cli")) << model["history"].dump();

  auto rollback = run_cli("rollback" + url);
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(rollback.out, "champion is now " + boot + " (was " + promoted + ")\n");
  EXPECT_EQ(champion_version(), boot);
  EXPECT_TRUE(has_event(history(), "rollback", boot, "cli"));

  // While a retraining runs, `trigger` is refused with exit code 1.
  auto running = post("/api/ml/retraining/trigger?full=true");
  ASSERT_EQ(running.status, 202) << running.body;
  const std::string id = running.json["job_id"];
  auto conflict = run_cli("trigger" + url);
  EXPECT_EQ(conflict.exit_code, 1);
  EXPECT_THAT(conflict.err, HasSubstr("already running"));
  EXPECT_THAT(conflict.err, HasSubstr(id));
  EXPECT_EQ(wait_job(id)["state"], "completed");

  // Unreachable server: one line, exit 1.
  auto unreachable = run_cli("status --url http://127.0.0.1:1");
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_THAT(unreachable.err, HasSubstr("cannot reach http://127.0.0.1:1"));
}

// `predict` answers from the registry's champion, as the server does; --model DIR still works.
TEST_F(ServerCliTest, PredictUsesTheRegistrysChampionLikeTheServer) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto served = get("/api/predict/MSFT").json;
  const std::string champion = served["model_version"];

  auto json = run_cli("predict --symbol MSFT --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto prediction = nlohmann::json::parse(json.out);
  EXPECT_EQ(prediction["model"], "champion " + champion + " of registry " + models().string());
  EXPECT_EQ(prediction["as_of"], served["as_of"]);
  EXPECT_DOUBLE_EQ(prediction["probability"].get<double>(), served["probability"].get<double>());

  auto text = run_cli("predict --symbol MSFT");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("MSFT as of 2001-01-02: P("));
  EXPECT_THAT(text.out,
              ::testing::EndsWith("\n(model: champion " + champion + " of registry " + models().string() + ")\n"));

  const auto version_dir = (models() / "versions" / champion).string();
  auto explicit_dir = run_cli("predict --symbol MSFT --json --model " + version_dir);
  ASSERT_EQ(explicit_dir.exit_code, 0) << explicit_dir.err;
  EXPECT_EQ(nlohmann::json::parse(explicit_dir.out)["model"], "model directory " + version_dir);

  // No registry and no model directory: one line naming both.
  const auto empty = write_config(kPassingGates, "", "empty");
  const auto model_dir = (dir_ / "empty" / "current").string();
  std::ofstream(empty, std::ios::app) << "[output]\nmodel_dir = \"" << model_dir << "\"\n";
  const auto none = run_mpredict(empty, "predict --symbol MSFT", dir_ / "none");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err, "error: no model to predict with: registry '" + (dir_ / "empty" / "models").string() +
                          "' has no champion (start `mpredict serve`) and there is no model directory '" + model_dir +
                          "' (`mpredict train`); or pass --model DIR\n");
  EXPECT_FALSE(fs::exists(dir_ / "empty" / "models"));  // predict creates nothing
  EXPECT_FALSE(fs::exists(dir_ / "empty" / "market.db"));
}

// SIGTERM while the first model trains (before the server listens) is not lost: once the
// training ends the server exits cleanly instead of listening on.
TEST_F(ServerCliTest, SigtermDuringTheFirstTrainingStopsTheServer) {
  config_ = write_config(kDefaultGates);
  server_ = std::make_unique<ServerProcess>(config_, dir_);
  server_->spawn({"-c", config_.string(), "serve", "--port", "0", "--no-schedule"});
  const auto deadline = Clock::now() + 60s;
  while (server_->stderr_text().find("no champion model in") == std::string::npos && Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_THAT(server_->stderr_text(), HasSubstr("training one"));
  const auto stopped = server_->stop(60s);
  ASSERT_TRUE(stopped.has_value());
  EXPECT_TRUE(stopped->exited) << "signal " << stopped->signal;
  EXPECT_EQ(stopped->code, 0);
  EXPECT_THAT(server_->stdout_text(), ::testing::Not(HasSubstr("listening on")));
  EXPECT_TRUE(fs::is_regular_file(models() / "registry.json"));  // the bootstrap finished and was kept
}

// A second `serve` on the same registry exits at once with one line naming the holder; once the
// holder is killed (kill -9: its record stays behind), a new server starts.
TEST_F(ServerCliTest, SecondServeOnTheSameRegistryIsRefusedNamingTheHolder) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  fs::create_directories(dir_ / "second");
  ServerProcess second(config_, dir_ / "second");
  second.spawn({"-c", config_.string(), "serve", "--port", "0", "--no-schedule"});
  const auto refused = second.wait_exit(30s);
  ASSERT_TRUE(refused.has_value()) << "the second server did not exit";
  EXPECT_TRUE(refused->exited);
  EXPECT_EQ(refused->code, 1);
  const auto err = lines_of(second.stderr_text());
  ASSERT_EQ(err.size(), 1U) << second.stderr_text();
  EXPECT_EQ(err[0], "error: registry '" + models().string() + "' is in use by another mpredict serve (pid " +
                        std::to_string(server_->pid()) + ", port " + std::to_string(server_->port()) + ", since " +
                        nlohmann::json::parse(slurp(models() / "server.lock"))["started"].get<std::string>() +
                        "); stop it or use another [registry].root");
  EXPECT_EQ(get("/health").status, 200);  // the first one is untouched

  const auto holder = server_->pid();
  server_->kill9();
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "server.lock"))["pid"], holder);
  ASSERT_TRUE(server_->start()) << "a stale server.lock must not block";
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "server.lock"))["port"], server_->port());
  EXPECT_EQ(get("/health").status, 200);
}

}  // namespace
}  // namespace mp::e2e
