#include "tracking/model_registry.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ml/xgboost_model.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace mp::tracking {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// 24 rows x 2 features, hand-made: y = 1 exactly when f0 > 0.
ml::Dataset tiny_dataset() {
  ml::Dataset data;
  data.feature_names = {"ret_5d", "rsi_14"};
  data.symbols = {"AAA"};
  const Date start{std::chrono::days{19000}};
  for (int r = 0; r < 24; ++r) {
    const double f0 = (r % 2 == 0 ? 1.0 : -1.0) * (0.1 + 0.05 * r);
    const double f1 = 30.0 + 2.0 * r;
    data.x.insert(data.x.end(), {f0, f1});
    data.y.push_back(f0 > 0 ? 1.0 : 0.0);
    data.weight.push_back(1.0);
    data.date.push_back(start + std::chrono::days{r});
    data.label_end.push_back(start + std::chrono::days{r + 5});
    data.symbol_index.push_back(0);
  }
  return data;
}

std::vector<std::size_t> all_rows(const ml::Dataset& data) {
  std::vector<std::size_t> rows(data.rows());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return rows;
}

// A small real bundle; `tag` makes its metrics (and fingerprint) distinguishable.
ml::ModelBundle make_bundle(int tag) {
  ml::XGBoostParams params;
  params.n_estimators = 5;
  params.max_depth = 2;
  params.threads = 1;
  params.seed = tag;
  auto model = std::make_unique<ml::XGBoostClassifier>(params);
  const auto data = tiny_dataset();
  model->fit(data, all_rows(data));
  ml::ModelBundle bundle;
  bundle.model = std::move(model);
  bundle.feature_set = "ret_5d,rsi_14";
  bundle.feature_names = data.feature_names;
  bundle.label = {"forward_return", 5, 0.02};
  bundle.training = {data.date.front(), data.date.back(), 24, 1, 0.5, fmt::format("fp{:04d}", tag), "hash"};
  bundle.metrics = {{"pooled", {{"model", {{"roc_auc", 0.5 + tag / 100.0}}}}}, {"tag", tag}};
  bundle.created = "2024-05-06T07:08:09Z";
  return bundle;
}

std::vector<std::string> actions(const std::vector<HistoryEvent>& history) {
  std::vector<std::string> out;
  for (const auto& e : history) out.push_back(e.action);
  return out;
}

class ModelRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / fmt::format("mp_registry_test_{}_{:x}",
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                                    (static_cast<std::uint64_t>(rd()) << 32) | rd());
  }
  void TearDown() override { fs::remove_all(root_); }

  json training_metrics() const { return json::parse(read_file(root_ / "training_report.json")); }
  json flat_metrics() const { return json::parse(read_file(root_ / "training_metrics.json")); }
  json registry_json() const { return json::parse(read_file(root_ / "registry.json")); }

  fs::path root_;
};

TEST_F(ModelRegistryTest, AddVersionWritesASelfContainedDirectory) {
  ModelRegistry registry(root_);
  EXPECT_TRUE(fs::is_directory(root_ / "versions"));
  const auto id = registry.add_version(make_bundle(7), "schedule");
  EXPECT_TRUE(std::regex_match(id, std::regex(R"(\d{8}T\d{6}Z-[0-9a-f]{6})"))) << id;
  for (const char* file : {"model.json", "spec.json", "metrics.json"}) {
    EXPECT_TRUE(fs::is_regular_file(root_ / "versions" / id / file)) << file;
  }
  EXPECT_FALSE(registry.champion().has_value());
  EXPECT_FALSE(registry.rollback_target().has_value());

  const auto info = registry.version_info(id);
  EXPECT_EQ(info.version, id);
  EXPECT_EQ(info.created, "2024-05-06T07:08:09Z");
  EXPECT_EQ(info.dir, root_ / "versions" / id);
  EXPECT_EQ(info.metrics.at("tag"), 7);
  EXPECT_EQ(info.spec.at("training").at("data_fingerprint"), "fp0007");
  EXPECT_EQ(info.spec.at("features").at("names"), json({"ret_5d", "rsi_14"}));
  EXPECT_EQ(info.spec.at("model").at("params").at("n_estimators"), 5);

  const auto history = registry.history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "register");
  EXPECT_EQ(history[0].version, id);
  EXPECT_EQ(history[0].previous, "");
  EXPECT_EQ(history[0].trigger, "schedule");
  EXPECT_EQ(history[0].details.at("data_fingerprint"), "fp0007");
  EXPECT_EQ(history[0].time.size(), 20u);  // 2026-11-24T03:15:00Z
  EXPECT_EQ(registry_json().at("format"), "mpredict-registry/1");
  EXPECT_TRUE(registry_json().at("champion").is_null());
  EXPECT_THROW(registry.version_info("20000101T000000Z-000000"), NotFoundError);
  EXPECT_THROW(registry.load("nope"), NotFoundError);
}

TEST_F(ModelRegistryTest, PromoteRejectForceSequence) {
  ModelRegistry registry(root_);
  const auto a = registry.add_version(make_bundle(1));
  const auto b = registry.add_version(make_bundle(2));
  const auto c = registry.add_version(make_bundle(3));
  registry.promote(a, "promote", "passed gates", "schedule", false);
  EXPECT_EQ(registry.champion(), a);
  EXPECT_FALSE(registry.champion_provisional());
  EXPECT_EQ(training_metrics().at("tag"), 1);
  EXPECT_EQ(flat_metrics(), json::parse(R"({"f1_score": null, "accuracy": null, "precision": null, "recall": null,
                                           "roc_auc": 0.51, "cv_mean": null, "cv_std": null})"));

  registry.reject(b, "roc_auc 0.52 below gate 0.55", "schedule", {{"roc_auc", 0.52}});
  EXPECT_EQ(registry.champion(), a);
  EXPECT_EQ(training_metrics().at("tag"), 1);

  registry.promote(c, "force", "operator override", "api", true, {{"user", "ops"}});
  EXPECT_EQ(registry.champion(), c);
  EXPECT_TRUE(registry.champion_provisional());
  EXPECT_EQ(training_metrics(), registry.version_info(c).metrics);
  EXPECT_EQ(registry.rollback_target(), a);

  const auto history = registry.history();
  EXPECT_EQ(actions(history),
            (std::vector<std::string>{"register", "register", "register", "promote", "reject", "force"}));
  EXPECT_EQ(history[3].version, a);
  EXPECT_EQ(history[3].previous, "");
  EXPECT_EQ(history[3].trigger, "schedule");
  EXPECT_EQ(history[4].version, b);
  EXPECT_EQ(history[4].previous, a);
  EXPECT_EQ(history[4].reason, "roc_auc 0.52 below gate 0.55");
  EXPECT_EQ(history[4].details.at("roc_auc"), 0.52);
  EXPECT_EQ(history[5].version, c);
  EXPECT_EQ(history[5].previous, a);
  EXPECT_EQ(history[5].trigger, "api");
  EXPECT_EQ(history[5].details.at("user"), "ops");
  EXPECT_EQ(history[5].details.at("provisional"), true);
  EXPECT_EQ(registry.history(2).size(), 2u);
  EXPECT_EQ(registry.history(2)[1].action, "force");

  // A provisional champion that later passes is confirmed by a plain promote.
  registry.promote(c, "promote", "passed gates on re-evaluation", "cli", false);
  EXPECT_FALSE(registry.champion_provisional());
  EXPECT_EQ(registry_json().at("provisional"), false);

  // "provisional" always sets the flag.
  registry.promote(b, "provisional", "no champion passes; serving best effort", "startup", false);
  EXPECT_TRUE(registry.champion_provisional());
  EXPECT_EQ(registry.history().back().previous, c);
  EXPECT_EQ(registry.history().back().trigger, "startup");

  // Newest first.
  const auto versions = registry.versions();
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].version, c);
  EXPECT_EQ(versions[1].version, b);
  EXPECT_EQ(versions[2].version, a);
  EXPECT_EQ(versions[2].metrics.at("tag"), 1);
}

TEST_F(ModelRegistryTest, RejectsUnknownVersionsActionsAndTriggers) {
  ModelRegistry registry(root_);
  const auto a = registry.add_version(make_bundle(1));
  EXPECT_THROW(registry.promote("20990101T000000Z-abcdef", "promote", "", "api", false), NotFoundError);
  EXPECT_THROW(registry.reject("20990101T000000Z-abcdef", "", "api"), NotFoundError);
  EXPECT_THROW(registry.promote(a, "crown", "", "api", false), ConfigError);
  EXPECT_THROW(registry.promote(a, "promote", "", "cron", false), ConfigError);
  EXPECT_THROW(registry.promote(a, "promote", "", "", false), ConfigError);
  EXPECT_FALSE(registry.champion().has_value());
  EXPECT_EQ(registry.history().size(), 1u);
}

TEST_F(ModelRegistryTest, RollbackWithoutPreviousChampionIsNotFound) {
  ModelRegistry registry(root_);
  EXPECT_THROW(registry.rollback("", "no champion yet", "cli"), NotFoundError);
  const auto a = registry.add_version(make_bundle(1));
  registry.promote(a, "promote", "first", "schedule", false);
  EXPECT_FALSE(registry.rollback_target().has_value());
  EXPECT_THROW(registry.rollback("", "nothing before", "cli"), NotFoundError);
  EXPECT_EQ(registry.champion(), a);
}

TEST_F(ModelRegistryTest, RollbackToPreviousAndToExplicitVersion) {
  ModelRegistry registry(root_);
  const auto a = registry.add_version(make_bundle(1));
  const auto b = registry.add_version(make_bundle(2));
  const auto c = registry.add_version(make_bundle(3));
  registry.promote(a, "provisional", "gates failed, nothing else to serve", "startup", true);
  registry.promote(b, "promote", "passed", "schedule", false);
  EXPECT_EQ(registry.rollback_target(), a);

  EXPECT_EQ(registry.rollback("", "live accuracy collapsed", "cli"), a);
  EXPECT_EQ(registry.champion(), a);
  EXPECT_TRUE(registry.champion_provisional());  // it was provisional when it served before
  EXPECT_EQ(training_metrics().at("tag"), 1);
  auto last = registry.history().back();
  EXPECT_EQ(last.action, "rollback");
  EXPECT_EQ(last.version, a);
  EXPECT_EQ(last.previous, b);
  EXPECT_EQ(last.reason, "live accuracy collapsed");
  EXPECT_EQ(last.trigger, "cli");
  EXPECT_FALSE(registry.rollback_target().has_value());  // a was the first champion: nothing before it

  EXPECT_EQ(registry.rollback(c, "operator choice", "api"), c);  // never evaluated by the gates
  EXPECT_EQ(registry.champion(), c);
  EXPECT_TRUE(registry.champion_provisional());  // it never passed its gates
  EXPECT_EQ(training_metrics(), registry.version_info(c).metrics);
  last = registry.history().back();
  EXPECT_EQ(last.previous, a);
  EXPECT_EQ(last.trigger, "api");
  EXPECT_EQ(registry.rollback_target(), a);

  EXPECT_THROW(registry.rollback("20990101T000000Z-abcdef", "typo", "api"), NotFoundError);
  EXPECT_THROW(registry.rollback(c, "already", "api"), ConflictError);
  EXPECT_EQ(registry.champion(), c);
}

// Plain rollbacks walk back through the champions, newest first (v3 -> v2 -> v1), instead of
// swapping between the last two; a promotion after a walk back starts from where it stood.
TEST_F(ModelRegistryTest, RepeatedPlainRollbacksWalkBackThroughTheChampionHistory) {
  ModelRegistry registry(root_);
  const auto v1 = registry.add_version(make_bundle(1));
  const auto v2 = registry.add_version(make_bundle(2));
  const auto v3 = registry.add_version(make_bundle(3));
  const auto v4 = registry.add_version(make_bundle(4));
  registry.promote(v1, "promote", "passed", "schedule", false);
  registry.promote(v2, "promote", "passed", "schedule", false);
  registry.reject(v4, "failed", "schedule");  // a rejection is no champion: not walked through
  registry.promote(v3, "promote", "passed", "schedule", false);

  EXPECT_EQ(registry.rollback("", "back", "cli"), v2);
  EXPECT_EQ(registry.rollback_target(), v1);
  EXPECT_EQ(registry.rollback("", "further back", "cli"), v1);
  EXPECT_FALSE(registry.rollback_target().has_value());
  EXPECT_THROW(registry.rollback("", "nothing before v1", "cli"), NotFoundError);
  EXPECT_EQ(registry.champion(), v1);

  // v1 -> v4 (explicit) -> v1 (plain); then promote v2: back from v2 goes to v1.
  EXPECT_EQ(registry.rollback(v4, "operator choice", "api"), v4);
  EXPECT_EQ(registry.rollback_target(), v1);
  EXPECT_EQ(registry.rollback("", "undo", "api"), v1);
  registry.promote(v2, "promote", "again", "schedule", false);
  EXPECT_EQ(registry.rollback_target(), v1);

  // The walk survives a reopen: it is replayed from the history in registry.json.
  registry.promote(v3, "promote", "again", "schedule", false);
  EXPECT_EQ(registry.rollback("", "back", "cli"), v2);
  ModelRegistry reopened(root_);
  EXPECT_EQ(reopened.rollback("", "back", "cli"), v1);
  EXPECT_FALSE(reopened.rollback_target().has_value());
}

// A version keeps its own verdict: provisional exactly when it never passed its gates, whatever
// the champion it replaces was.
TEST_F(ModelRegistryTest, RolledBackVersionKeepsItsOwnGateVerdict) {
  ModelRegistry registry(root_);
  const auto passed = registry.add_version(make_bundle(1));
  const auto failed = registry.add_version(make_bundle(2));
  const auto rejected = registry.add_version(make_bundle(3));
  const auto forced_passing = registry.add_version(make_bundle(4));
  const auto forced_failing = registry.add_version(make_bundle(5));
  registry.promote(failed, "provisional", "failed the gates, nothing else", "startup", true);
  registry.promote(passed, "promote", "passed", "schedule", false);
  registry.reject(rejected, "failed: f1", "schedule");
  registry.promote(forced_passing, "force", "forced deployment (gates passed)", "api", false);
  registry.promote(forced_failing, "force", "forced deployment, gates skipped", "api", true);

  const std::vector<std::pair<std::string, bool>> expected = {
      {rejected, true}, {passed, false}, {failed, true}, {forced_passing, false}, {forced_failing, true}};
  for (const auto& [version, provisional] : expected) {
    EXPECT_EQ(registry.rollback(version, "operator choice", "cli"), version);
    EXPECT_EQ(registry.champion_provisional(), provisional) << version;
    EXPECT_EQ(registry.history().back().details.at("provisional"), provisional) << version;
    EXPECT_EQ(registry_json().at("provisional"), provisional) << version;
  }
  // Plain rollback from a passing champion to one that failed: the flag comes back.
  registry.promote(passed, "promote", "passed", "schedule", false);
  EXPECT_EQ(registry.rollback_target(), forced_failing);
  registry.rollback("", "back", "cli");
  EXPECT_TRUE(registry.champion_provisional());
}

TEST_F(ModelRegistryTest, PruneKeepsLastNPlusChampionAndRollbackTarget) {
  ModelRegistry registry(root_, 3);
  std::vector<std::string> ids;
  ids.push_back(registry.add_version(make_bundle(1)));
  registry.promote(ids[0], "promote", "first", "schedule", false);
  ids.push_back(registry.add_version(make_bundle(2)));
  registry.promote(ids[1], "promote", "better", "schedule", false);
  for (int tag = 3; tag <= 6; ++tag) ids.push_back(registry.add_version(make_bundle(tag)));

  // v1 = rollback target, v2 = champion, v4..v6 the last three: only v3 goes.
  EXPECT_EQ(registry.version_ids(), (std::vector<std::string>{ids[5], ids[4], ids[3], ids[1], ids[0]}));
  EXPECT_FALSE(fs::exists(root_ / "versions" / ids[2]));
  for (int i : {0, 1, 3, 4, 5}) EXPECT_TRUE(fs::is_directory(root_ / "versions" / ids[i])) << i;
  EXPECT_EQ(registry.champion(), ids[1]);
  EXPECT_EQ(registry.rollback_target(), ids[0]);
  const auto last = registry.history().back();
  EXPECT_EQ(last.action, "prune");
  EXPECT_EQ(last.version, ids[2]);
  EXPECT_EQ(last.previous, ids[1]);
  EXPECT_EQ(last.details.at("keep_last"), 3);
  EXPECT_TRUE(registry.prune("cli").empty());  // nothing more to delete
  EXPECT_THROW(registry.load(ids[2]), NotFoundError);

  // Once v4 is champion, v1 is no longer the rollback target (v2 is) and goes.
  registry.promote(ids[3], "promote", "best", "api", false);
  EXPECT_EQ(registry.prune("api"), (std::vector<std::string>{ids[0]}));
  EXPECT_EQ(registry.version_ids(), (std::vector<std::string>{ids[5], ids[4], ids[3], ids[1]}));
  EXPECT_EQ(registry.history().back().trigger, "api");
  std::size_t dirs = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(root_ / "versions")) ++dirs;
  EXPECT_EQ(dirs, 4u);
}

TEST_F(ModelRegistryTest, ReopeningRestoresState) {
  std::string a, b;
  std::size_t events = 0;
  {
    ModelRegistry registry(root_, 5);
    a = registry.add_version(make_bundle(1));
    b = registry.add_version(make_bundle(2));
    registry.promote(a, "promote", "ok", "schedule", false);
    registry.promote(b, "force", "manual", "cli", true);
    events = registry.history().size();
  }
  ModelRegistry reopened(root_, 5);
  EXPECT_EQ(reopened.champion(), b);
  EXPECT_TRUE(reopened.champion_provisional());
  EXPECT_EQ(reopened.rollback_target(), a);
  EXPECT_EQ(reopened.version_ids(), (std::vector<std::string>{b, a}));
  const auto history = reopened.history();
  ASSERT_EQ(history.size(), events);
  EXPECT_EQ(actions(history), (std::vector<std::string>{"register", "register", "promote", "force"}));
  EXPECT_EQ(history[3].reason, "manual");
  EXPECT_EQ(history[3].trigger, "cli");
  const auto bundle = reopened.load(b);
  EXPECT_EQ(bundle.metrics.at("tag"), 2);
  EXPECT_EQ(bundle.training.data_fingerprint, "fp0002");
  EXPECT_EQ(reopened.rollback("", "back", "cli"), a);
}

TEST_F(ModelRegistryTest, SecondInstanceSeesChangesOfTheFirst) {  // server and CLI on one root
  ModelRegistry server(root_);
  ModelRegistry cli(root_);
  const auto a = server.add_version(make_bundle(1));
  cli.promote(a, "promote", "from the CLI", "cli", false);
  EXPECT_EQ(server.champion(), a);
  const auto b = server.add_version(make_bundle(2));
  EXPECT_EQ(cli.version_ids(), (std::vector<std::string>{b, a}));
  server.promote(b, "promote", "from the server", "api", false);
  EXPECT_EQ(cli.rollback("", "undo", "cli"), a);
  EXPECT_EQ(server.champion(), a);
  EXPECT_EQ(actions(server.history()),
            (std::vector<std::string>{"register", "promote", "register", "promote", "rollback"}));
}

TEST_F(ModelRegistryTest, OpenFinishesWhatACrashInterrupted) {
  std::string a, b, c;
  {
    ModelRegistry registry(root_, 2);
    a = registry.add_version(make_bundle(1));
    registry.promote(a, "promote", "ok", "schedule", false);
    b = registry.add_version(make_bundle(2));
    c = registry.add_version(make_bundle(3));
  }
  const auto versions = root_ / "versions";
  // A half-written version, a half-deleted one, temp files of write_file_atomic.
  fs::create_directories(versions / ".20990101T000000Z-aaaaaa.staging");
  write_file_atomic(versions / ".20990101T000000Z-aaaaaa.staging" / "spec.json", "{\"trunc");
  fs::create_directories(versions / ".20990101T000000Z-bbbbbb.deleting");
  write_file_atomic(root_ / ".registry.json.tmp-123-abc", "{");
  // A complete version written but never registered (killed before registry.json).
  const std::string orphan = "20990101T000000Z-cccccc";
  fs::copy(versions / b, versions / orphan);
  // Stale derived files.
  write_file_atomic(root_ / "training_report.json", "{\"tag\": 99}\n");
  write_file_atomic(root_ / "training_metrics.json", "{\"f1_score\": 0.99}\n");

  ModelRegistry registry(root_, 10);
  EXPECT_FALSE(fs::exists(versions / ".20990101T000000Z-aaaaaa.staging"));
  EXPECT_FALSE(fs::exists(versions / ".20990101T000000Z-bbbbbb.deleting"));
  EXPECT_FALSE(fs::exists(root_ / ".registry.json.tmp-123-abc"));
  EXPECT_EQ(registry.version_ids(), (std::vector<std::string>{orphan, c, b, a}));
  const auto last = registry.history().back();
  EXPECT_EQ(last.action, "register");
  EXPECT_EQ(last.version, orphan);
  EXPECT_EQ(last.trigger, "startup");
  EXPECT_EQ(last.details.at("recovered"), true);
  EXPECT_EQ(training_metrics().at("tag"), 1);
  EXPECT_EQ(registry.champion(), a);

  // A version recorded as pruned but whose directory survived is deleted, not adopted.
  registry.promote(c, "promote", "ok", "schedule", false);
  {
    ModelRegistry small(root_, 1);
    EXPECT_EQ(small.prune("cli"), (std::vector<std::string>{b}));  // a: rollback target, c: champion
  }
  fs::copy(versions / c, versions / b);  // as if killed before the directory went
  fs::remove(root_ / "training_report.json");
  fs::remove(root_ / "training_metrics.json");
  ModelRegistry again(root_, 1);
  EXPECT_FALSE(fs::exists(versions / b));
  EXPECT_EQ(again.version_ids(), (std::vector<std::string>{orphan, c, a}));
  EXPECT_EQ(training_metrics().at("tag"), 3);
  EXPECT_EQ(flat_metrics().at("roc_auc"), 0.53);
}

TEST(FlatTrainingMetrics, PooledMetricsAndTheFoldF1MeanAndPopulationStd) {
  const auto report = json::parse(R"({
    "pooled": {"model": {"f1": 0.6, "accuracy": 0.7, "precision": 0.65, "recall": 0.55, "roc_auc": 0.72,
                         "log_loss": 0.6}},
    "folds": [{"model": {"f1": 0.5}}, {"model": {"f1": 0.7}}, {"model": {"f1": null}}, {"model": {"f1": 0.9}}]})");
  const auto flat = flat_training_metrics(report);
  EXPECT_EQ(flat.size(), 7U);
  EXPECT_EQ(flat["f1_score"], 0.6);
  EXPECT_EQ(flat["accuracy"], 0.7);
  EXPECT_EQ(flat["precision"], 0.65);
  EXPECT_EQ(flat["recall"], 0.55);
  EXPECT_EQ(flat["roc_auc"], 0.72);
  EXPECT_NEAR(flat["cv_mean"].get<double>(), 0.7, 1e-12);  // the fold without an F1 is left out
  EXPECT_NEAR(flat["cv_std"].get<double>(), std::sqrt(0.08 / 3.0), 1e-12);
  const auto empty = flat_training_metrics(json::object());
  EXPECT_TRUE(empty["f1_score"].is_null());
  EXPECT_TRUE(empty["cv_mean"].is_null());
  EXPECT_TRUE(empty["cv_std"].is_null());
}

TEST_F(ModelRegistryTest, CorruptRegistryJsonIsAnInputErrorNamingTheFile) {
  {
    ModelRegistry registry(root_);
    registry.promote(registry.add_version(make_bundle(1)), "promote", "ok", "schedule", false);
  }
  const auto file = root_ / "registry.json";
  const auto content = read_file(file);
  {
    std::ofstream torn(file, std::ios::trunc);
    torn << content.substr(0, content.size() / 2);
  }
  try {
    ModelRegistry registry(root_);
    FAIL() << "a torn registry.json must not open";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file.string());
    EXPECT_NE(std::string(e.what()).find("registry.json"), std::string::npos);
  }
  write_file_atomic(file, R"({"format":"something-else/9","champion":null,"history":[]})");
  EXPECT_THROW(ModelRegistry{root_}, InputError);
  write_file_atomic(file, R"({"format":"mpredict-registry/1","champion":3,"history":[]})");
  EXPECT_THROW(ModelRegistry{root_}, InputError);
  write_file_atomic(file, "");
  EXPECT_THROW(ModelRegistry{root_}, InputError);
}

TEST_F(ModelRegistryTest, VersionIdsAreUniqueInATightLoop) {
  ModelRegistry registry(root_, 0);  // 0: never prune
  const auto bundle = make_bundle(1);
  std::set<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.insert(registry.add_version(bundle));
  EXPECT_EQ(ids.size(), 40u);
  EXPECT_EQ(registry.version_ids().size(), 40u);
}

TEST_F(ModelRegistryTest, ConcurrentCallsFromSeveralThreads) {
  ModelRegistry registry(root_, 0);
  const auto bundle = make_bundle(1);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 5; ++i) {
          const auto id = registry.add_version(bundle, "api");
          if (i % 2 == 0) {
            registry.promote(id, "promote", fmt::format("thread {}", t), "api", false);
          } else {
            registry.reject(id, "odd", "api");
          }
          (void)registry.versions();
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(registry.version_ids().size(), 20u);
  EXPECT_EQ(registry.history().size(), 40u);
  ModelRegistry reopened(root_, 0);
  EXPECT_EQ(reopened.history().size(), 40u);
  EXPECT_EQ(reopened.champion(), registry.champion());
}

// THE crash test: a child process loops adding and promoting versions; the parent kills it with
// SIGKILL at random moments and checks that the registry still opens and its champion predicts.
TEST_F(ModelRegistryTest, SurvivesKillNineAtRandomMoments) {
  const auto bundle = make_bundle(5);
  const auto data = tiny_dataset();
  {
    ModelRegistry registry(root_, 4);
    registry.promote(registry.add_version(bundle), "promote", "seed", "startup", false);
  }
  int progress[2];
  ASSERT_EQ(::pipe(progress), 0);
  ::fcntl(progress[0], F_SETFL, O_NONBLOCK);
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> delay_ms(1, 50);
  std::size_t operations = 0;

  for (int run = 0; run < 20; ++run) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(progress[0]);
      try {
        ModelRegistry registry(root_, 4);
        for (int i = 0;; ++i) {
          const auto id = registry.add_version(bundle, "schedule");
          switch (i % 4) {
            case 0:
              registry.promote(id, "promote", "loop", "schedule", false);
              break;
            case 1:
              registry.reject(id, "loop", "schedule");
              break;
            case 2:
              registry.promote(id, "force", "loop", "api", true);
              break;
            default:
              registry.rollback("", "loop", "cli");
              break;
          }
          if (::write(progress[1], "x", 1) != 1) ::_exit(4);
        }
      } catch (...) {
        ::_exit(3);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "child ended on its own, exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    char buffer[4096];
    for (ssize_t got; (got = ::read(progress[0], buffer, sizeof buffer)) > 0;)
      operations += static_cast<std::size_t>(got);

    ModelRegistry registry(root_, 4);
    const auto champion = registry.champion();
    ASSERT_TRUE(champion.has_value()) << "run " << run;
    ASSERT_TRUE(fs::is_directory(root_ / "versions" / *champion)) << "run " << run;
    const auto loaded = registry.load(*champion);
    const auto p = loaded.model->predict_proba(data, all_rows(data));
    ASSERT_EQ(p.size(), 24u);
    for (double v : p) ASSERT_TRUE(v > 0.0 && v < 1.0) << v;
    EXPECT_EQ(training_metrics(), registry.version_info(*champion).metrics);
    for (const auto& entry : fs::directory_iterator(root_ / "versions")) {
      EXPECT_NE(entry.path().filename().string().front(), '.') << "leftover " << entry.path();
    }
    for (const auto& id : registry.version_ids()) ASSERT_NO_THROW((void)registry.version_info(id)) << id;
  }
  ::close(progress[0]);
  ::close(progress[1]);
  // Not vacuous: the children changed the registry between the kills (how much depends on the
  // disk's fsync latency, so only "some" is asserted; `operations` is recorded for the report).
  const auto events = ModelRegistry(root_, 4).history().size();
  EXPECT_GT(events, 2u) << "no child ever registered a version";
  EXPECT_GE(events, 2u + 2u * operations);  // each completed cycle left two events, at least
  RecordProperty("operations", static_cast<int>(operations));
  RecordProperty("events", static_cast<int>(events));
}

}  // namespace
}  // namespace mp::tracking
