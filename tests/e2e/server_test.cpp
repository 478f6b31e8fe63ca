// End-to-end: `mpredict serve` started as a real process on 127.0.0.1 (a free port), driven over
// HTTP: bootstrap, the schedule, trigger/promote/reject/force, rollback under load, conflicts,
// authentication, JSON errors, OpenAPI and Swagger UI.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

namespace mp::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::regex kVersionId(R"([0-9]{8}T[0-9]{6}Z-[0-9a-f]{6})");
const std::regex kJobId(R"(job-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z-[0-9]+)");

std::string signal_band(double p) {
  return p >= 0.65 ? "STRONG BUY" : p >= 0.55 ? "BUY" : p >= 0.45 ? "HOLD" : p >= 0.35 ? "CONSIDER SELLING" : "SELL";
}

// "2026-11-24T02:00:00-05:00" split into its parts.
struct ZonedTime {
  std::chrono::year_month_day date;
  int hour = 0, minute = 0, second = 0;
  std::string offset;  // "-05:00"
  std::chrono::sys_seconds instant;
};

std::optional<ZonedTime> parse_zoned(const std::string& text) {
  static const std::regex iso(
      R"(([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(([+-])([0-9]{2}):([0-9]{2})))");
  std::smatch m;
  if (!std::regex_match(text, m, iso)) return std::nullopt;
  using namespace std::chrono;
  ZonedTime t;
  t.date = year{std::stoi(m[1])} / month{static_cast<unsigned>(std::stoi(m[2]))} /
           day{static_cast<unsigned>(std::stoi(m[3]))};
  t.hour = std::stoi(m[4]);
  t.minute = std::stoi(m[5]);
  t.second = std::stoi(m[6]);
  t.offset = m[7];
  const auto offset = (hours{std::stoi(m[9])} + minutes{std::stoi(m[10])}) * (m[8] == "-" ? -1 : 1);
  t.instant = sys_days{t.date} + hours{t.hour} + minutes{t.minute} + seconds{t.second} - offset;
  return t;
}

// New York's UTC offset at a local wall time: DST (-04:00) from 02:00 on the second Sunday of
// March (02:00 jumps to 03:00) to 02:00 EDT on the first Sunday of November (back to 01:00 EST).
std::string new_york_offset(std::chrono::year_month_day date, int hour) {
  using namespace std::chrono;
  const sys_days day{date};
  const sys_days dst_start{date.year() / March / Sunday[2]};
  const sys_days dst_end{date.year() / November / Sunday[1]};
  const bool dst =
      (day > dst_start && day < dst_end) || (day == dst_start && hour >= 3) || (day == dst_end && hour < 1);
  return dst ? "-04:00" : "-05:00";
}

const nlohmann::json* find_by(const nlohmann::json& array, const std::string& key, const std::string& value) {
  for (const auto& item : array) {
    if (item.value(key, "") == value) return &item;
  }
  return nullptr;
}

class ServerTest : public ServerFixture {};

TEST_F(ServerTest, BootstrapServesAProvisionalChampionAndSchedulesInNewYorkTime) {
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates, "", {}));  // with the scheduler

  auto health = get("/health");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json["status"], "ok");
  ASSERT_TRUE(health.json["champion"].is_string()) << health.body;
  const std::string version = health.json["champion"];
  EXPECT_TRUE(std::regex_match(version, kVersionId)) << version;
  EXPECT_EQ(health.json["provisional"], true);

  auto status = get("/api/ml/retraining/status");
  ASSERT_EQ(status.status, 200);
  const auto& s = status.json;
  EXPECT_EQ(s["champion"], version);
  EXPECT_EQ(s["provisional"], true);
  EXPECT_EQ(s["running"], false);
  EXPECT_TRUE(s["current_job"].is_null());
  EXPECT_EQ(s["scheduler"], nlohmann::json({{"enabled", true}, {"running", true}}));
  EXPECT_EQ(s["gates"], nlohmann::json({{"min_f1", 0.65}, {"min_accuracy", 0.7}, {"max_relative_f1_drop", 0.1}}));
  EXPECT_EQ(s["last_run"]["kind"], "bootstrap");
  EXPECT_EQ(s["last_run"]["trigger"], "startup");
  EXPECT_EQ(s["last_run"]["state"], "completed");
  EXPECT_EQ(s["last_run"]["outcome"], "provisional");
  EXPECT_EQ(s["last_run"]["candidate_version"], version);
  EXPECT_EQ(s["last_run"]["gates"]["passed"], false);

  // The two cron jobs, in New York wall time with the offset New York has on that date.
  ASSERT_EQ(s["scheduled_jobs"].size(), 2U) << s["scheduled_jobs"].dump();
  const auto now = std::chrono::system_clock::now();
  const auto* daily = find_by(s["scheduled_jobs"], "name", "daily_retrain");
  const auto* weekly = find_by(s["scheduled_jobs"], "name", "weekly_full_retrain");
  ASSERT_NE(daily, nullptr);
  ASSERT_NE(weekly, nullptr);
  EXPECT_EQ((*daily)["cron"], "0 2 * * *");
  EXPECT_EQ((*weekly)["cron"], "0 3 * * 0");
  EXPECT_EQ((*daily)["timezone"], "America/New_York");
  EXPECT_EQ((*weekly)["timezone"], "America/New_York");

  const auto daily_run = parse_zoned((*daily)["next_run"].get<std::string>());
  ASSERT_TRUE(daily_run) << (*daily)["next_run"];
  {
    using namespace std::chrono;
    // 02:00 does not exist on the spring-forward Sunday: cron fires at the first instant after the gap.
    const bool spring_forward = sys_days{daily_run->date} == sys_days{daily_run->date.year() / March / Sunday[2]};
    EXPECT_EQ(daily_run->hour, spring_forward ? 3 : 2) << (*daily)["next_run"];
    EXPECT_EQ(daily_run->minute, 0);
    EXPECT_EQ(daily_run->second, 0);
    EXPECT_EQ(daily_run->offset, new_york_offset(daily_run->date, daily_run->hour)) << (*daily)["next_run"];
    EXPECT_GT(daily_run->instant, before);
    EXPECT_LE(daily_run->instant, now + hours{25});
  }
  const auto weekly_run = parse_zoned((*weekly)["next_run"].get<std::string>());
  ASSERT_TRUE(weekly_run) << (*weekly)["next_run"];
  {
    using namespace std::chrono;
    EXPECT_EQ(weekday{sys_days{weekly_run->date}}, Sunday) << (*weekly)["next_run"];
    EXPECT_EQ(weekly_run->hour, 3);
    EXPECT_EQ(weekly_run->minute, 0);
    EXPECT_EQ(weekly_run->second, 0);
    EXPECT_EQ(weekly_run->offset, new_york_offset(weekly_run->date, 3)) << (*weekly)["next_run"];
    EXPECT_GT(weekly_run->instant, before);
    EXPECT_LE(weekly_run->instant, now + days{7} + hours{1});
  }

  auto info = get("/api/ml/model/info");
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.json["version"], version);
  EXPECT_EQ(info.json["provisional"], true);
  EXPECT_EQ(info.json["features"].size(), 9U);
  EXPECT_EQ(info.json["parameters"]["params"]["n_estimators"], 20);
  EXPECT_EQ(info.json["training_window"]["symbols"], 30);
  EXPECT_EQ(info.json["training_window"]["first_date"], "1991-10-14");
  EXPECT_LT(info.json["metrics"]["f1"].get<double>(), 0.65);  // why it is provisional
  EXPECT_TRUE(info.json["baselines"].contains("always_up"));
  EXPECT_TRUE(info.json["baselines"].contains("majority"));
  EXPECT_TRUE(has_event(info.json["history"], "register", version, ""));
  EXPECT_TRUE(has_event(info.json["history"], "provisional", version, "startup")) << info.json["history"].dump();

  auto predict = get("/api/predict/MSFT");
  ASSERT_EQ(predict.status, 200) << predict.body;
  EXPECT_EQ(predict.json["symbol"], "MSFT");
  EXPECT_EQ(predict.json["as_of"], "2001-01-02");
  EXPECT_EQ(predict.json["model_version"], version);
  EXPECT_EQ(predict.json["provisional"], true);
  const double p = predict.json["probability"];
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 1.0);
  EXPECT_EQ(predict.json["signal"], signal_band(p));

  auto ranking = get("/api/ranking");
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  EXPECT_EQ(ranking.json["provisional"], true);
  EXPECT_EQ(ranking.json["model_version"], version);
  EXPECT_EQ(ranking.json["count"], 30);
  ASSERT_EQ(ranking.json["ranking"].size(), 30U);
  EXPECT_EQ(ranking.json["unavailable"], nlohmann::json::object());
  for (std::size_t i = 0; i < 30; ++i) {
    EXPECT_EQ(ranking.json["ranking"][i]["rank"], i + 1);
    if (i > 0) {
      EXPECT_GE(ranking.json["ranking"][i - 1]["probability"].get<double>(),
                ranking.json["ranking"][i]["probability"].get<double>());
    }
  }

  // On disk: the alert, the registry, the champion's metrics, the last run.
  const auto alert_lines = alerts();
  ASSERT_EQ(alert_lines.size(), 1U);
  EXPECT_EQ(alert_lines[0]["level"], "warning");
  EXPECT_EQ(alert_lines[0]["subject"], "provisional champion");
  EXPECT_EQ(alert_lines[0]["details"]["version"], version);
  EXPECT_TRUE(alert_lines[0]["time"].is_string());
  const auto registry = nlohmann::json::parse(slurp(models() / "registry.json"));
  EXPECT_EQ(registry["format"], "mpredict-registry/1");
  EXPECT_EQ(registry["champion"], version);
  EXPECT_EQ(registry["provisional"], true);
  ASSERT_TRUE(fs::exists(models() / "training_report.json"));
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "training_report.json")),
            nlohmann::json::parse(slurp(models() / "versions" / version / "metrics.json")));
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "last_run.json"))["id"], s["last_run"]["id"]);
}

TEST_F(ServerTest, TriggerWithPassingGatesPromotesAndHotSwapsWithoutRestart) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto boot = champion_version();
  ASSERT_TRUE(std::regex_match(boot, kVersionId)) << boot;
  const auto pid = server_->pid();

  auto accepted = post("/api/ml/retraining/trigger");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string id = accepted.json["job_id"];
  EXPECT_TRUE(std::regex_match(id, kJobId)) << id;
  EXPECT_EQ(accepted.header("Location"), "/api/ml/retraining/jobs/" + id);
  EXPECT_EQ(accepted.json["job"]["id"], id);
  EXPECT_EQ(accepted.json["job"]["kind"], "daily");
  EXPECT_EQ(accepted.json["job"]["trigger"], "api");
  EXPECT_EQ(accepted.json["job"]["force"], false);

  const auto job = wait_job(id);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  EXPECT_EQ(job["outcome"], "promoted");
  EXPECT_EQ(job["gates"]["passed"], true);
  EXPECT_TRUE(job["metrics"]["pooled"]["model"]["f1"].is_number());
  ASSERT_TRUE(job["candidate_version"].is_string());
  const std::string candidate = job["candidate_version"];
  EXPECT_NE(candidate, boot);
  ASSERT_FALSE(job["log"].empty());
  EXPECT_THAT(job["log"].back().get<std::string>(), HasSubstr("candidate " + candidate + ": promoted"));

  auto info = get("/api/ml/model/info");
  EXPECT_EQ(info.json["version"], candidate);
  EXPECT_EQ(info.json["provisional"], false);
  EXPECT_TRUE(has_event(info.json["history"], "promote", boot, "startup")) << info.json["history"].dump();
  EXPECT_TRUE(has_event(info.json["history"], "promote", candidate, "api")) << info.json["history"].dump();

  auto predict = get("/api/predict/MSFT");  // hot swap: the same process serves the new champion
  EXPECT_EQ(predict.json["model_version"], candidate);
  EXPECT_EQ(predict.json["provisional"], false);
  EXPECT_EQ(get("/health").json["champion"], candidate);
  EXPECT_EQ(server_->pid(), pid);
  EXPECT_FALSE(server_->wait_exit(std::chrono::milliseconds(0)));

  const auto last_run = wait_last_run(id);
  EXPECT_EQ(last_run["outcome"], "promoted");
  EXPECT_EQ(last_run["candidate_version"], candidate);
  const auto alert_lines = alerts();
  ASSERT_FALSE(alert_lines.empty());
  EXPECT_EQ(alert_lines.back()["level"], "info");
  EXPECT_EQ(alert_lines.back()["subject"], "model promoted");
  EXPECT_EQ(alert_lines.back()["details"]["version"], candidate);
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "registry.json"))["champion"], candidate);
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "training_report.json")),
            nlohmann::json::parse(slurp(models() / "versions" / candidate / "metrics.json")));
}

TEST_F(ServerTest, CandidateFailingTheGatesIsRejectedAndTheChampionStays) {
  // A champion that passed its gates; then restarted with gates no candidate passes. (Against a
  // provisional champion a candidate at least as good replaces it even when it fails the gates.)
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto boot = champion_version();
  ASSERT_EQ(get("/health").json["provisional"], false);
  server_->stop();
  write_config(kRejectingGates);
  ASSERT_TRUE(server_->start());
  ASSERT_EQ(champion_version(), boot);

  const auto job = trigger_and_wait();
  ASSERT_EQ(job["state"], "completed") << job.dump();
  EXPECT_EQ(job["outcome"], "rejected");
  const std::string candidate = job["candidate_version"];
  EXPECT_NE(candidate, boot);
  EXPECT_EQ(job["gates"]["passed"], false);
  const auto* f1_gate = find_by(job["gates"]["checks"], "gate", "min_f1");
  ASSERT_NE(f1_gate, nullptr);
  EXPECT_EQ((*f1_gate)["limit"], 0.99);
  EXPECT_EQ((*f1_gate)["passed"], false);

  auto info = get("/api/ml/model/info");
  EXPECT_EQ(info.json["version"], boot);
  EXPECT_EQ(info.json["provisional"], false);
  EXPECT_TRUE(has_event(info.json["history"], "reject", candidate, "api")) << info.json["history"].dump();
  EXPECT_EQ(get("/api/predict/MSFT").json["model_version"], boot);
  const auto registry = nlohmann::json::parse(slurp(models() / "registry.json"));
  EXPECT_EQ(registry["champion"], boot);
  EXPECT_THAT(registry["versions"].get<std::vector<std::string>>(), ::testing::Contains(candidate));
  const auto alert_lines = alerts();
  ASSERT_FALSE(alert_lines.empty());
  EXPECT_EQ(alert_lines.back()["level"], "warning");
  EXPECT_EQ(alert_lines.back()["subject"], "candidate rejected");
  EXPECT_EQ(alert_lines.back()["details"]["version"], candidate);
}

TEST_F(ServerTest, ForceDeploysACandidateThatFailsTheGates) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  const auto boot = champion_version();

  const auto job = trigger_and_wait("?force=true");
  ASSERT_EQ(job["state"], "completed") << job.dump();
  EXPECT_EQ(job["force"], true);
  EXPECT_EQ(job["outcome"], "forced");
  EXPECT_EQ(job["gates"]["passed"], false);
  const std::string candidate = job["candidate_version"];
  EXPECT_NE(candidate, boot);

  auto info = get("/api/ml/model/info");
  EXPECT_EQ(info.json["version"], candidate);
  EXPECT_EQ(info.json["provisional"], true);  // forced past failing gates: still not a proper champion
  ASSERT_FALSE(info.json["history"].empty());
  const auto& last = info.json["history"].back();
  EXPECT_EQ(last["action"], "force");
  EXPECT_EQ(last["version"], candidate);
  EXPECT_EQ(last["previous"], boot);
  EXPECT_EQ(last["trigger"], "api");
  EXPECT_THAT(last["reason"].get<std::string>(), StartsWith("forced deployment, gates skipped"));
  EXPECT_EQ(get("/api/predict/MSFT").json["model_version"], candidate);
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "registry.json"))["champion"], candidate);
}

// Rollback swaps the serving model while four clients hammer predictions: nothing fails, and
// every request sent after the rollback answered sees the restored version.
TEST_F(ServerTest, RollbackHotSwapsUnderLoadWithoutAFailedRequest) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto boot = champion_version();
  const auto job = trigger_and_wait();
  ASSERT_EQ(job["outcome"], "promoted") << job.dump();
  const std::string promoted = job["candidate_version"];
  ASSERT_EQ(champion_version(), promoted);

  constexpr int kThreads = 4;
  constexpr int kMaxRequests = 3000;  // per thread: a bound besides the deadline
  std::atomic<bool> stop{false}, rolled_back{false};
  std::atomic<int> total{0}, after_rollback{0}, failures{0}, stale{0};
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::string> failure_notes;
  std::vector<std::thread> threads;
  const int port = server_->port();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_connection_timeout(5, 0);
      client.set_read_timeout(10, 0);
      for (int i = 0; i < kMaxRequests && !stop; ++i) {
        const bool sent_after = rolled_back;
        const std::string path = (i + t) % 2 == 0 ? "/api/predict/MSFT" : "/api/ranking";
        const auto reply = to_reply(client.Get(path.c_str()));
        ++total;
        if (sent_after) ++after_rollback;
        const bool ok = reply.status == 200 && reply.json.is_object() && reply.json["model_version"].is_string();
        if (!ok) {
          ++failures;
          std::lock_guard lock(mutex);
          if (failure_notes.size() < 5)
            failure_notes.push_back(path + ": " + std::to_string(reply.status) + " " + reply.error + " " + reply.body);
          continue;
        }
        const std::string version = reply.json["model_version"];
        if (sent_after && version != boot) ++stale;
        std::lock_guard lock(mutex);
        seen.insert(version);
      }
    });
  }
  const auto deadline = Clock::now() + 20s;
  while (total < 200 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);

  auto rollback = post("/api/ml/retraining/rollback");
  rolled_back = true;
  while (after_rollback < 200 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  stop = true;
  for (auto& thread : threads) thread.join();

  ASSERT_EQ(rollback.status, 200) << rollback.body;
  EXPECT_EQ(rollback.json["champion"], boot);
  EXPECT_EQ(rollback.json["previous"], promoted);
  EXPECT_EQ(rollback.json["provisional"], false);
  EXPECT_EQ(failures, 0) << ::testing::PrintToString(failure_notes);
  EXPECT_EQ(stale, 0) << "requests sent after the rollback answered still saw " << promoted;
  EXPECT_GE(total, 400);
  EXPECT_EQ(seen, (std::set<std::string>{boot, promoted}));

  EXPECT_EQ(get("/api/predict/MSFT").json["model_version"], boot);
  EXPECT_EQ(get("/api/ranking").json["model_version"], boot);
  auto info = get("/api/ml/model/info");
  EXPECT_EQ(info.json["version"], boot);
  const auto& last = info.json["history"].back();
  EXPECT_EQ(last["action"], "rollback");
  EXPECT_EQ(last["version"], boot);
  EXPECT_EQ(last["previous"], promoted);
  EXPECT_EQ(last["trigger"], "api");
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "registry.json"))["champion"], boot);
  EXPECT_EQ(alerts().back()["subject"], "rollback");
}

TEST_F(ServerTest, SecondTriggerWhileOneRunsIsAConflictNamingTheRunningJob) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  auto first = post("/api/ml/retraining/trigger?full=true");
  auto second = post("/api/ml/retraining/trigger");
  ASSERT_EQ(first.status, 202) << first.body;
  const std::string id = first.json["job_id"];
  EXPECT_EQ(first.json["job"]["kind"], "full");

  ASSERT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.json["error"]["code"], "conflict");
  EXPECT_THAT(second.json["error"]["message"].get<std::string>(), HasSubstr(id));
  EXPECT_EQ(second.json["job"]["id"], id);
  EXPECT_THAT(second.json["job"]["state"].get<std::string>(), ::testing::AnyOf("queued", "running"));

  const auto job = wait_job(id);
  EXPECT_EQ(job["state"], "completed") << job.dump();
  // The lock is released with the job: the next trigger is accepted.
  const auto third = trigger_and_wait();
  EXPECT_EQ(third["state"], "completed") << third.dump();
  EXPECT_NE(third["id"], id);
}

TEST_F(ServerTest, TokenGuardsTriggerAndRollbackAndNonLoopbackNeedsOne) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates, "s3cret"));

  auto missing = post("/api/ml/retraining/trigger");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(missing.json["error"]["code"], "unauthorized");
  EXPECT_THAT(missing.json["error"]["message"].get<std::string>(), HasSubstr("Authorization: Bearer"));
  auto wrong = post("/api/ml/retraining/trigger", {{"Authorization", "Bearer s3creT"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json["error"]["code"], "unauthorized");
  auto not_bearer = post("/api/ml/retraining/trigger", {{"Authorization", "s3cret"}});
  EXPECT_EQ(not_bearer.status, 401);
  auto rollback = post("/api/ml/retraining/rollback");
  EXPECT_EQ(rollback.status, 401);
  EXPECT_EQ(rollback.json["error"]["code"], "unauthorized");

  auto status = get("/api/ml/retraining/status");  // reads need no token
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.json["running"], false);
  EXPECT_EQ(get("/api/predict/MSFT").status, 200);

  auto right = post("/api/ml/retraining/trigger", {{"Authorization", "Bearer s3cret"}});
  ASSERT_EQ(right.status, 202) << right.body;
  EXPECT_EQ(wait_job(right.json["job_id"])["state"], "completed");

  // A non-loopback address without a token: refused before anything is trained or bound.
  const auto refuse_config = write_config(kDefaultGates, "", "refuse");
  ServerProcess refused(refuse_config, dir_ / "refuse");
  const auto started = Clock::now();
  refused.spawn({"-c", refuse_config.string(), "serve", "--port", "0", "--host", "0.0.0.0", "--no-schedule"});
  const auto exit = refused.wait_exit(10s);
  ASSERT_TRUE(exit) << "still running after 10 s; stderr: " << refused.stderr_text();
  EXPECT_LT(Clock::now() - started, 10s);
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 1);
  EXPECT_EQ(refused.stdout_text(), "");
  const auto err_lines = lines_of(refused.stderr_text());
  ASSERT_FALSE(err_lines.empty());
  EXPECT_THAT(err_lines.back(),
              StartsWith("error: refusing to listen on non-loopback address 0.0.0.0 without an API token"));
  const auto versions = dir_ / "refuse" / "models" / "versions";
  EXPECT_TRUE(!fs::exists(versions) || fs::is_empty(versions)) << "a model was trained before refusing";
}

TEST_F(ServerTest, BadRequestsGetJsonErrors) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  const auto expect_error = [](const Reply& r, int status, const std::string& code, const std::string& mention) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_THAT(r.header("Content-Type"), StartsWith("application/json")) << r.body;
    ASSERT_TRUE(r.json.is_object() && r.json.contains("error")) << r.body;
    EXPECT_EQ(r.json["error"]["code"], code) << r.body;
    EXPECT_THAT(r.json["error"]["message"].get<std::string>(), HasSubstr(mention));
  };
  expect_error(get("/api/predict/NOPE"), 404, "not_found", "NOPE");
  expect_error(get("/api/ranking?symbols=MSFT,NOPE"), 404, "not_found", "NOPE");
  expect_error(get("/api/ranking?symbols="), 400, "config_error", "symbols");
  expect_error(post("/api/ml/retraining/trigger?force=maybe"), 400, "config_error", "'force'");
  expect_error(post("/api/ml/retraining/trigger?full=2"), 400, "config_error", "'full'");
  expect_error(post("/api/ml/retraining/trigger?source=cron"), 400, "config_error", "'source'");
  expect_error(get("/api/ml/retraining/jobs/job-unknown"), 404, "not_found", "job-unknown");
  expect_error(get("/nope"), 404, "not_found", "/nope");
  expect_error(post("/api/ml/retraining/rollback?version=nope"), 404, "not_found", "nope");
  expect_error(post("/api/ml/retraining/rollback"), 404, "not_found", "no earlier champion");

  // 2 MiB against max_body_bytes = 1 MiB.
  const std::string big(2U << 20, 'x');
  const auto too_large =
      to_reply(server_->client()->Post("/api/ml/retraining/trigger", big, "application/octet-stream"));
  expect_error(too_large, 413, "payload_too_large", "too large");

  // None of these started a job or changed the champion.
  auto status = get("/api/ml/retraining/status");
  EXPECT_EQ(status.json["running"], false);
  EXPECT_EQ(status.json["last_run"]["kind"], "bootstrap");
  EXPECT_EQ(get("/health").json["status"], "ok");
}

TEST_F(ServerTest, OpenApiDocumentsEveryRouteAndSwaggerUiIsServed) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  auto doc = get("/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_THAT(doc.header("Content-Type"), StartsWith("application/json"));
  EXPECT_EQ(doc.json["openapi"], "3.0.3");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/health", "get"},
      {"/openapi.json", "get"},
      {"/docs", "get"},
      {"/api/ml/retraining/status", "get"},
      {"/api/ml/retraining/trigger", "post"},
      {"/api/ml/retraining/jobs/{id}", "get"},
      {"/api/ml/retraining/rollback", "post"},
      {"/api/ml/model/info", "get"},
      {"/api/predict/{symbol}", "get"},
      {"/api/ranking", "get"},
  };
  std::set<std::string> operation_ids;
  for (const auto& [path, method] : routes) {
    ASSERT_TRUE(doc.json["paths"].contains(path)) << path;
    ASSERT_TRUE(doc.json["paths"][path].contains(method)) << method << " " << path;
    operation_ids.insert(doc.json["paths"][path][method].value("operationId", ""));
  }
  EXPECT_EQ(doc.json["paths"].size(), routes.size());
  EXPECT_EQ(operation_ids, (std::set<std::string>{"getHealth", "getOpenApi", "getDocs", "getRetrainingStatus",
                                                  "triggerRetraining", "getRetrainingJob", "rollbackModel",
                                                  "getModelInfo", "predictSymbol", "getRanking"}));

  auto page = get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.header("Content-Type"), StartsWith("text/html"));
  EXPECT_THAT(page.body, HasSubstr("swagger-ui"));
  EXPECT_THAT(page.body, HasSubstr("/openapi.json"));
  auto slash = get("/docs/");  // the same page with a trailing slash
  EXPECT_EQ(slash.status, 200);
  EXPECT_EQ(slash.body, page.body);
  auto script = get("/docs/swagger-ui-bundle.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_GT(script.body.size(), 500000U);  // npm's swagger-ui-dist, copied into the build's web directory
  auto css = get("/docs/swagger-ui.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_THAT(css.header("Content-Type"), StartsWith("text/css"));
  EXPECT_THAT(css.body, StartsWith(".swagger-ui"));
  auto root = get("/");
  EXPECT_EQ(root.status, 302);
  EXPECT_EQ(root.header("Location"), "/docs");
}

}  // namespace
}  // namespace mp::e2e
