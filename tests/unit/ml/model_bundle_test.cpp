#include "ml/model_bundle.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ml/xgboost_model.hpp"
#include "synthetic_dataset.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>

namespace mp::ml {
namespace {

namespace fs = std::filesystem;
using synthetic::all_rows;
using synthetic::synthetic_dataset;

Date d(const char* text) { return *parse_date(text); }

// A fresh directory per test, removed afterwards.
class ModelBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / fmt::format("mp_model_bundle_test_{}_{:x}",
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                                    (static_cast<std::uint64_t>(rd()) << 32) | rd());
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static ModelBundle make_bundle(int seed, const std::string& label_type = "forward_return") {
    XGBoostParams params;
    params.n_estimators = 10;
    params.max_depth = 3;
    params.seed = seed;
    params.threads = 1;
    auto model = std::make_unique<XGBoostClassifier>(params);
    const auto data = synthetic_dataset();
    model->fit(data, all_rows(data));
    ModelBundle bundle;
    bundle.model = std::move(model);
    bundle.feature_set = "f0,f1,f2";
    bundle.feature_names = {"f0", "f1", "f2"};
    bundle.label = {label_type, 20, 0.03};
    bundle.training = {d("2020-01-01"), d("2020-07-18"), 400, 2, 0.4975, "00ff00ff00ff00ff", "0123456789abcdef"};
    bundle.metrics = {{"split", {{"method", "walk-forward"}, {"folds", 3}}},
                      {"pooled", {{"model", {{"roc_auc", 0.61}, {"brier", nullptr}}}}},
                      {"folds", nlohmann::json::array({1, 2, 3})}};
    bundle.created = "2024-05-06T07:08:09Z";
    return bundle;
  }

  std::set<std::string> entries_of_root() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_)) names.insert(entry.path().filename().string());
    return names;
  }

  fs::path root_;
};

TEST_F(ModelBundleTest, SaveThenLoadRoundTripsEverything) {
  const auto bundle = make_bundle(42);
  const auto dir = root_ / "model";
  save_model_bundle(bundle, dir);
  EXPECT_TRUE(fs::is_regular_file(dir / "model.json"));
  EXPECT_TRUE(fs::is_regular_file(dir / "spec.json"));
  EXPECT_TRUE(fs::is_regular_file(dir / "metrics.json"));

  const auto loaded = load_model_bundle(dir);
  ASSERT_NE(loaded.model, nullptr);
  EXPECT_EQ(loaded.model->type(), "xgboost");
  EXPECT_EQ(loaded.model->params(), bundle.model->params());
  EXPECT_EQ(loaded.feature_set, "f0,f1,f2");
  EXPECT_EQ(loaded.feature_names, (std::vector<std::string>{"f0", "f1", "f2"}));
  EXPECT_EQ(loaded.label.type, "forward_return");
  EXPECT_EQ(loaded.label.horizon, 20);
  EXPECT_EQ(loaded.label.threshold, 0.03);
  EXPECT_EQ(loaded.training.first, d("2020-01-01"));
  EXPECT_EQ(loaded.training.last, d("2020-07-18"));
  EXPECT_EQ(loaded.training.rows, 400u);
  EXPECT_EQ(loaded.training.symbols, 2u);
  EXPECT_EQ(loaded.training.positive_rate, 0.4975);
  EXPECT_EQ(loaded.training.data_fingerprint, "00ff00ff00ff00ff");
  EXPECT_EQ(loaded.training.dataset_hash, "0123456789abcdef");
  EXPECT_EQ(loaded.metrics, bundle.metrics);
  EXPECT_TRUE(loaded.metrics.at("pooled").at("model").at("brier").is_null());
  EXPECT_EQ(loaded.created, "2024-05-06T07:08:09Z");

  const auto data = synthetic_dataset();
  const auto rows = all_rows(data);
  EXPECT_EQ(loaded.model->predict_proba(data, rows), bundle.model->predict_proba(data, rows));
  // Nothing besides the bundle itself is left in the parent directory.
  EXPECT_EQ(entries_of_root(), (std::set<std::string>{"model"}));
}

TEST_F(ModelBundleTest, SpecJsonNamesEverythingServingNeeds) {
  const auto bundle = make_bundle(42, "relative_outperformance");
  const auto spec = spec_to_json(bundle);
  EXPECT_EQ(spec.at("format"), "mpredict-model/1");
  EXPECT_EQ(spec.at("model").at("type"), "xgboost");
  EXPECT_EQ(spec.at("model").at("params").at("n_estimators"), 10);
  EXPECT_EQ(spec.at("features").at("names"), nlohmann::json({"f0", "f1", "f2"}));
  EXPECT_EQ(spec.at("label").at("description"), "20-day return beats the universe median by > 3%");
  EXPECT_EQ(spec.at("training").at("first_date"), "2020-01-01");
  EXPECT_EQ(spec.at("training").at("last_date"), "2020-07-18");
  EXPECT_EQ(spec.at("training").at("rows"), 400);
}

TEST_F(ModelBundleTest, SelectionSpecAndCandidatesRoundTrip) {
  auto bundle = make_bundle(42);
  bundle.candidate_features = {"f0", "f1", "f2", "f3"};
  bundle.selection.method = "correlation+kbest_anova";
  bundle.selection.k = 3;
  bundle.selection.max_correlation = 0.8;
  const auto spec = spec_to_json(bundle);
  EXPECT_EQ(spec.at("features").at("candidates"), nlohmann::json({"f0", "f1", "f2", "f3"}));
  EXPECT_EQ(spec.at("features").at("selection").at("method"), "correlation+kbest_anova");

  const auto dir = root_ / "model";
  save_model_bundle(bundle, dir);
  const auto loaded = load_model_bundle(dir);
  EXPECT_EQ(loaded.candidate_features, bundle.candidate_features);
  EXPECT_EQ(loaded.selection.method, "correlation+kbest_anova");
  EXPECT_EQ(loaded.selection.k, 3);
  EXPECT_EQ(loaded.selection.max_correlation, 0.8);
  EXPECT_EQ(loaded.feature_names, (std::vector<std::string>{"f0", "f1", "f2"}));
}

TEST_F(ModelBundleTest, SpecWithoutSelectionLoadsAsNoSelectionOverItsOwnNames) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  auto spec = nlohmann::json::parse(read_file(dir / "spec.json"));
  spec["features"].erase("candidates");
  spec["features"].erase("selection");
  write_file_atomic(dir / "spec.json", spec.dump(2));
  const auto loaded = load_model_bundle(dir);
  EXPECT_EQ(loaded.candidate_features, (std::vector<std::string>{"f0", "f1", "f2"}));
  EXPECT_EQ(loaded.selection.method, "none");
}

TEST_F(ModelBundleTest, ColumnSettingsRoundTripAndAreValidatedOnLoad) {
  auto bundle = make_bundle(42);
  bundle.column_settings = {{"sentiment_half_life_days", 5.0},
                            {"sentiment_scorer", "afinn165_fin"},
                            {"sectors", {{"AAPL", "Information Technology"}}}};
  const auto dir = root_ / "model";
  save_model_bundle(bundle, dir);
  EXPECT_EQ(load_model_bundle(dir).column_settings, bundle.column_settings);

  auto spec = nlohmann::json::parse(read_file(dir / "spec.json"));
  spec["features"]["column_settings"]["sentiment_half_life_days"] = "five";
  write_file_atomic(dir / "spec.json", spec.dump(2));
  try {
    (void)load_model_bundle(dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "spec.json").string());
    EXPECT_NE(std::string(e.what()).find("column_settings"), std::string::npos) << e.what();
  }
}

TEST_F(ModelBundleTest, UnknownSelectionMethodInSpecIsInputError) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  auto spec = nlohmann::json::parse(read_file(dir / "spec.json"));
  spec["features"]["selection"]["method"] = "magic";
  write_file_atomic(dir / "spec.json", spec.dump(2));
  EXPECT_THROW(load_model_bundle(dir), InputError);
}

TEST_F(ModelBundleTest, MissingDirectoryIsNotFound) {
  EXPECT_THROW(load_model_bundle(root_ / "no_such_model"), NotFoundError);
}

TEST_F(ModelBundleTest, MissingModelFileIsNotFound) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  fs::remove(dir / "model.json");
  EXPECT_THROW(load_model_bundle(dir), NotFoundError);
}

TEST_F(ModelBundleTest, CorruptedSpecIsInputError) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  {
    std::ofstream out(dir / "spec.json", std::ios::trunc);
    out << "{ \"format\": \"mpredict-model/1\", \"created\": ";  // truncated mid-write
  }
  try {
    (void)load_model_bundle(dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "spec.json").string());
  }
}

TEST_F(ModelBundleTest, SpecWithMissingKeyOrBadValuesIsInputError) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  auto spec = nlohmann::json::parse(read_file(dir / "spec.json"));
  auto write_spec = [&](const nlohmann::json& j) {
    std::ofstream out(dir / "spec.json", std::ios::trunc);
    out << j.dump(2);
  };
  auto broken = spec;
  broken["label"].erase("horizon");
  write_spec(broken);
  EXPECT_THROW(load_model_bundle(dir), InputError);

  broken = spec;
  broken["training"]["first_date"] = "2020-13-45";
  write_spec(broken);
  EXPECT_THROW(load_model_bundle(dir), InputError);

  broken = spec;
  broken["format"] = "mpredict-model/999";
  write_spec(broken);
  EXPECT_THROW(load_model_bundle(dir), InputError);

  broken = spec;
  broken["label"]["horizon"] = "twenty";
  write_spec(broken);
  EXPECT_THROW(load_model_bundle(dir), InputError);

  write_spec(spec);  // the original loads again
  EXPECT_EQ(load_model_bundle(dir).label.horizon, 20);
}

TEST_F(ModelBundleTest, CorruptedMetricsIsInputError) {
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  {
    std::ofstream out(dir / "metrics.json", std::ios::trunc);
    out << "[1, 2";
  }
  EXPECT_THROW(load_model_bundle(dir), InputError);
}

TEST_F(ModelBundleTest, OverwritingReplacesTheBundleAndLeavesNoStagingBehind) {
  const auto dir = root_ / "model";
  const auto first = make_bundle(42, "forward_return");
  save_model_bundle(first, dir);
  // A leftover file in the old bundle must not survive the replacement.
  { std::ofstream(dir / "stale.txt") << "old"; }

  auto second = make_bundle(7, "next_day_direction");
  second.training.rows = 123;
  second.metrics = {{"version", 2}};
  save_model_bundle(second, dir);

  const auto loaded = load_model_bundle(dir);
  EXPECT_EQ(loaded.label.type, "next_day_direction");
  EXPECT_EQ(loaded.training.rows, 123u);
  EXPECT_EQ(loaded.metrics, (nlohmann::json{{"version", 2}}));
  EXPECT_EQ(loaded.model->params().at("seed"), 7);
  const auto data = synthetic_dataset();
  const auto rows = all_rows(data);
  EXPECT_EQ(loaded.model->predict_proba(data, rows), second.model->predict_proba(data, rows));
  EXPECT_NE(loaded.model->predict_proba(data, rows), first.model->predict_proba(data, rows));
  EXPECT_FALSE(fs::exists(dir / "stale.txt"));
  EXPECT_EQ(entries_of_root(), (std::set<std::string>{"model"}));
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.insert(entry.path().filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"metrics.json", "model.json", "spec.json"}));
}

// Staging directories are named by the writing process: one of a process that died (kill -9) is
// removed, one of a live process (a concurrent `train`) is left alone.
TEST_F(ModelBundleTest, LeftoverStagingFromACrashIsRemovedAndALiveWritersIsKept) {
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ::waitpid(dead, nullptr, 0);
  const auto stale = root_ / fmt::format(".model.{}.staging", dead);
  const auto live = root_ / fmt::format(".model.{}.staging", ::getppid());
  for (const auto& leftover : {stale, live, root_ / ".model.staging"}) {
    fs::create_directories(leftover);
    std::ofstream(leftover / "junk") << "half-written";
  }
  const auto dir = root_ / "model";
  save_model_bundle(make_bundle(42), dir);
  EXPECT_EQ(entries_of_root(), (std::set<std::string>{"model", live.filename().string()}));
  EXPECT_FALSE(fs::exists(dir / "junk"));
  EXPECT_EQ(load_model_bundle(dir).training.rows, 400u);
}

TEST_F(ModelBundleTest, SaveCreatesMissingParentDirectories) {
  const auto dir = root_ / "a" / "b" / "model";
  save_model_bundle(make_bundle(42), dir);
  EXPECT_EQ(load_model_bundle(dir).feature_names.size(), 3u);
}

}  // namespace
}  // namespace mp::ml
