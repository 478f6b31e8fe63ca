// End-to-end: the original system's API contract (the fields a client written for it reads, beside
// ours), case-insensitive symbols, and the OpenAPI document checked by a real validator against
// the answers of the real server.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace mp::e2e {
namespace {

using ::testing::HasSubstr;

class ServerContractTest : public ServerFixture {
 protected:
  std::string version_dir(const std::string& version) const {
    return fs::absolute(models() / "versions" / version).lexically_normal().string();
  }
};

std::set<std::string> keys_of(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

TEST_F(ServerContractTest, StatusTriggerRollbackModelInfoAndMetricsFileHaveTheOriginalFields) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates, "", {}));  // with the scheduler
  const auto boot = champion_version();
  auto status = get("/api/ml/retraining/status").json;
  auto info = get("/api/ml/model/info").json;
  EXPECT_EQ(keys_of(status["current_metrics"]), (std::set<std::string>{"f1_score", "accuracy", "precision", "recall"}));
  EXPECT_EQ(status["current_metrics"]["f1_score"], info["metrics"]["f1"]);
  EXPECT_EQ(status["current_metrics"]["accuracy"], info["metrics"]["accuracy"]);
  EXPECT_EQ(status["current_metrics"]["precision"], info["metrics"]["precision"]);
  EXPECT_EQ(status["current_metrics"]["recall"], info["metrics"]["recall"]);
  const auto* first = &status["scheduled_jobs"][0];  // sorted by next run
  for (const auto& job : status["scheduled_jobs"]) EXPECT_LE((*first)["next_run"], job["next_run"]);
  EXPECT_EQ(status["next_retraining"], (*first)["next_run"]);
  EXPECT_EQ(status["model_path"], version_dir(boot));
  EXPECT_TRUE(fs::is_regular_file(status["model_path"].get<std::string>() + "/model.json"));
  EXPECT_TRUE(status["backup_path"].is_null());  // nothing to roll back to after the bootstrap
  EXPECT_EQ(info["model_path"], version_dir(boot));
  EXPECT_TRUE(info["backup_path"].is_null());
  EXPECT_EQ(info["feature_count"], 9);
  EXPECT_EQ(info["feature_count"], info["features"].size());

  auto accepted = post("/api/ml/retraining/trigger");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string id = accepted.json["job_id"];
  EXPECT_EQ(accepted.json["status"], "started");
  EXPECT_EQ(accepted.json["message"], "daily retraining started in the background (job " + id + ")");
  const auto job = wait_job(id);
  ASSERT_EQ(job["outcome"], "promoted") << job.dump();
  const std::string candidate = job["candidate_version"];

  status = get("/api/ml/retraining/status").json;
  info = get("/api/ml/model/info").json;
  EXPECT_EQ(status["model_path"], version_dir(candidate));
  EXPECT_EQ(status["backup_path"], version_dir(boot));
  EXPECT_EQ(info["model_path"], version_dir(candidate));
  EXPECT_EQ(info["backup_path"], version_dir(boot));
  EXPECT_EQ(status["current_metrics"]["f1_score"], info["metrics"]["f1"]);

  // training_metrics.json: the original's flat fields; the whole report beside it.
  const auto flat = nlohmann::json::parse(slurp(models() / "training_metrics.json"));
  EXPECT_EQ(keys_of(flat),
            (std::set<std::string>{"f1_score", "accuracy", "precision", "recall", "roc_auc", "cv_mean", "cv_std"}));
  const auto report = nlohmann::json::parse(slurp(models() / "versions" / candidate / "metrics.json"));
  EXPECT_EQ(nlohmann::json::parse(slurp(models() / "training_report.json")), report);
  EXPECT_EQ(flat["f1_score"], report["pooled"]["model"]["f1"]);
  EXPECT_EQ(flat["accuracy"], report["pooled"]["model"]["accuracy"]);
  EXPECT_EQ(flat["roc_auc"], report["pooled"]["model"]["roc_auc"]);
  double sum = 0, squares = 0;
  const double folds = static_cast<double>(report["folds"].size());
  ASSERT_GE(folds, 2);
  for (const auto& fold : report["folds"]) sum += fold["model"]["f1"].get<double>();
  for (const auto& fold : report["folds"]) squares += std::pow(fold["model"]["f1"].get<double>() - sum / folds, 2);
  EXPECT_NEAR(flat["cv_mean"].get<double>(), sum / folds, 1e-12);
  EXPECT_NEAR(flat["cv_std"].get<double>(), std::sqrt(squares / folds), 1e-12);

  auto rollback = post("/api/ml/retraining/rollback");
  ASSERT_EQ(rollback.status, 200) << rollback.body;
  EXPECT_EQ(rollback.json["success"], true);
  EXPECT_EQ(rollback.json["message"], "rolled back from " + candidate + " to " + boot);
  EXPECT_EQ(rollback.json["champion"], boot);
  EXPECT_EQ(get("/api/ml/retraining/status").json["model_path"], version_dir(boot));
  const auto restored = nlohmann::json::parse(slurp(models() / "training_metrics.json"));
  EXPECT_EQ(restored["f1_score"], get("/api/ml/model/info").json["metrics"]["f1"]);
}

TEST_F(ServerContractTest, SymbolsAreCaseInsensitive) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  const auto upper = get("/api/predict/MSFT");
  const auto lower = get("/api/predict/msft");
  ASSERT_EQ(lower.status, 200) << lower.body;
  EXPECT_EQ(lower.json["symbol"], "MSFT");
  EXPECT_EQ(lower.json["probability"], upper.json["probability"]);
  EXPECT_EQ(get("/api/predict/Msft").json["symbol"], "MSFT");

  const auto ranking = get("/api/ranking?symbols=msft,ibm,Ko,MSFT");
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  EXPECT_EQ(ranking.json["count"], 3);  // msft and MSFT are one symbol
  std::set<std::string> symbols;
  for (const auto& row : ranking.json["ranking"]) symbols.insert(row["symbol"].get<std::string>());
  EXPECT_EQ(symbols, (std::set<std::string>{"MSFT", "IBM", "KO"}));

  const auto unknown = get("/api/predict/nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json["error"]["message"], "unknown symbol 'nope'");
  // Without the scheduler nothing is due: the original's next_retraining is null.
  EXPECT_TRUE(get("/api/ml/retraining/status").json["next_retraining"].is_null());
}

TEST_F(ServerContractTest, DocsPageWithoutSwaggerUiFilesSaysWhatIsMissing) {
  fs::create_directories(dir_ / "empty-web");
  ASSERT_NO_FATAL_FAILURE(
      start_server(kDefaultGates, "", {"--no-schedule", "--web-root", (dir_ / "empty-web").string()}));
  const auto page = get("/docs");
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(page.json["error"]["code"], "docs_unavailable");
  EXPECT_THAT(page.json["error"]["message"].get<std::string>(), HasSubstr("empty-web/docs.html is missing"));
}

// tests/openapi/check_api.js (swagger-parser + Ajv, installed by `npm ci` in scripts/setup)
// validates the served document and every route's answers against it.
TEST_F(ServerContractTest, OpenApiDocumentIsValidAndEveryRouteAnswersAsDescribed) {
  const fs::path checker_dir = MP_OPENAPI_CHECK_DIR;
  ASSERT_TRUE(fs::is_directory(checker_dir / "node_modules" / "@apidevtools" / "swagger-parser"))
      << "the OpenAPI validator is not installed: run scripts/setup (npm ci in " << checker_dir.string() << ")";
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  const auto out = dir_ / "openapi-check.out", err = dir_ / "openapi-check.err";
  const std::string command = std::string("'") + MP_NODE + "' '" + (checker_dir / "check_api.js").string() + "' " +
                              server_->url() + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(err);
  EXPECT_EQ(slurp(out),
            "openapi 3.0.3: valid; 10 operations answered as described (18 route/status pairs, 405 on every path)\n")
      << slurp(err);
}

}  // namespace
}  // namespace mp::e2e
