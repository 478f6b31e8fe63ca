// End-to-end: kill -9 of `mpredict serve` while a forced retraining registers and promotes a
// model, at random instants, then a restart on the same directory. The registry must stay
// readable, the champion intact and served, and interrupted writes cleaned up.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

namespace mp::e2e {
namespace {

class ServerCrashTest : public ServerFixture {
 protected:
  // The registry as the restarted server must see it; returns its champion. Call it while no job
  // runs (a live job writes temp files on purpose).
  std::string check_registry_on_disk(bool /*after_kill*/) {
    nlohmann::json registry;
    EXPECT_NO_THROW(registry = nlohmann::json::parse(slurp(models() / "registry.json")));
    EXPECT_EQ(registry["format"], "mpredict-registry/1");
    if (!registry["champion"].is_string()) {
      ADD_FAILURE() << "no champion in registry.json: " << registry.dump();
      return "";
    }
    const std::string champion = registry["champion"];
    const auto versions = models() / "versions";
    for (const auto* file : {"model.json", "spec.json", "metrics.json"}) {
      EXPECT_TRUE(fs::is_regular_file(versions / champion / file)) << champion << "/" << file;
    }
    for (const auto& id : registry["versions"]) {  // every listed version is complete
      EXPECT_TRUE(fs::is_regular_file(versions / id.get<std::string>() / "model.json")) << id;
    }
    for (const auto& entry : fs::directory_iterator(versions)) {  // staging/deleting leftovers removed on open
      EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
    }
    for (const auto& entry : fs::directory_iterator(models())) {  // the registry's temp files removed on open
      const auto name = entry.path().filename().string();
      EXPECT_EQ(name.find(".tmp-"), std::string::npos) << entry.path();
    }
    EXPECT_EQ(nlohmann::json::parse(slurp(models() / "training_report.json")),
              nlohmann::json::parse(slurp(versions / champion / "metrics.json")));
    return champion;
  }
};

TEST_F(ServerCrashTest, KillDashNineDuringPromotionLeavesAServableRegistry) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto boot = champion_version();
  const auto seed = std::random_device{}();
  SCOPED_TRACE("random seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(50, 1500);
  std::set<std::string> champions{boot};

  for (int round = 1; round <= 5; ++round) {
    const int delay = delay_ms(random);
    SCOPED_TRACE("round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay) + " ms");
    auto accepted = post("/api/ml/retraining/trigger?force=true");
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    const auto killed = server_->kill9();
    ASSERT_TRUE(killed);
    EXPECT_EQ(killed->signal, SIGKILL);

    ASSERT_TRUE(server_->start()) << "restart after kill -9";
    const auto champion = check_registry_on_disk(true);
    ASSERT_FALSE(champion.empty());
    champions.insert(champion);

    auto health = get("/health");
    ASSERT_EQ(health.status, 200) << health.body;
    EXPECT_EQ(health.json["status"], "ok");
    EXPECT_EQ(health.json["champion"], champion);
    auto predict = get("/api/predict/MSFT");
    ASSERT_EQ(predict.status, 200) << predict.body;
    EXPECT_EQ(predict.json["model_version"], champion);
    EXPECT_EQ(predict.json["as_of"], "2001-01-02");
    auto status = get("/api/ml/retraining/status");
    EXPECT_EQ(status.json["running"], false);  // the killed job died with its process
    EXPECT_EQ(status.json["champion"], champion);
    // Its record survived: failed as interrupted, and the last run with its times.
    const std::string killed_job = accepted.json["job_id"];
    auto job = get("/api/ml/retraining/jobs/" + killed_job);
    ASSERT_EQ(job.status, 200) << job.body;
    if (job.json["state"] == "completed") {  // it finished before the kill
      EXPECT_EQ(job.json["outcome"], "forced");
    } else {
      EXPECT_EQ(job.json["state"], "failed");
      EXPECT_EQ(job.json["error"], "interrupted: the process stopped while this job ran");
    }
    EXPECT_EQ(status.json["last_run"]["id"], killed_job);
    EXPECT_TRUE(status.json["last_run"]["created"].is_string());
    EXPECT_TRUE(status.json["last_run"]["started"].is_string());
    EXPECT_TRUE(status.json["last_run"]["finished"].is_string());
  }

  // After all that, a forced run completes and deploys normally.
  const auto job = trigger_and_wait("?force=true");
  ASSERT_EQ(job["state"], "completed") << job.dump();
  EXPECT_EQ(job["outcome"], "forced");
  EXPECT_EQ(champion_version(), job["candidate_version"]);
  EXPECT_EQ(get("/api/predict/MSFT").json["model_version"], job["candidate_version"]);
  EXPECT_EQ(champions.count(job["candidate_version"].get<std::string>()), 0U);
  // A clean stop waits for the job's last writes (last_run.json follows the "completed" state).
  const auto stopped = server_->stop();
  ASSERT_TRUE(stopped);
  EXPECT_TRUE(stopped->exited);
  EXPECT_EQ(stopped->code, 0);
  EXPECT_EQ(check_registry_on_disk(false), job["candidate_version"]);
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "last_run.json"))["id"], job["id"]);
}

}  // namespace
}  // namespace mp::e2e
