#include "ml/feature_importance.hpp"

#include "core/error.hpp"
#include "ml/xgboost_model.hpp"
#include "synthetic_dataset.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>

namespace mp::ml {
namespace {

XGBoostParams small_params() {
  XGBoostParams params;
  params.n_estimators = 20;
  params.max_depth = 3;
  params.learning_rate = 0.3;
  params.threads = 1;
  return params;
}

ModelFactory small_xgboost() {
  return [] { return std::make_unique<XGBoostClassifier>(small_params()); };
}

// 400 rows, two symbols per date: "informative" decides y (every 20th label flipped),
// "noise" is unrelated.
Dataset informative_and_noise() {
  Dataset data;
  data.feature_names = {"noise", "informative"};
  data.symbols = {"AAA", "BBB"};
  std::mt19937 rng(31337);
  auto uniform = [&rng] { return static_cast<double>(rng()) / 4294967296.0 * 2.0 - 1.0; };
  const Date start{std::chrono::days{18262}};
  for (std::size_t r = 0; r < 400; ++r) {
    const double noise = uniform(), informative = uniform();
    data.x.insert(data.x.end(), {noise, informative});
    double label = informative > 0 ? 1.0 : 0.0;
    if (r % 20 == 19) label = 1 - label;
    data.y.push_back(label);
    data.weight.push_back(1.0);
    data.date.push_back(start + std::chrono::days{static_cast<int>(r / 2)});
    data.label_end.push_back(data.date.back() + std::chrono::days{3});
    data.symbol_index.push_back(static_cast<std::uint32_t>(r % 2));
  }
  return data;
}

class ConstantModel final : public Model {
 public:
  std::string type() const override { return "constant"; }
  nlohmann::json params() const override { return nlohmann::json::object(); }
  void fit(const Dataset&, std::span<const std::size_t>, const FitProgress&) override {}
  std::vector<double> predict_proba(std::span<const double> x, std::size_t cols) const override {
    return std::vector<double>(x.size() / cols, 0.5);
  }
  std::string serialize() const override { return {}; }
  void deserialize(const std::string&) override {}
};

TEST(GainImportance, OneValuePerColumnLargestForTheDecidingColumn) {
  const auto data = synthetic::synthetic_dataset();  // y from f0 + 0.5 f1; f2 noise
  XGBoostClassifier model(small_params());
  model.fit(data, synthetic::all_rows(data));
  const auto gain = gain_importance(model);
  ASSERT_EQ(gain.size(), 3u);
  EXPECT_GT(gain[0], gain[1]);
  EXPECT_GT(gain[1], gain[2]);
  EXPECT_GE(gain[2], 0.0);
  EXPECT_THROW(gain_importance(ConstantModel{}), ConfigError);
  XGBoostClassifier untrained(small_params());
  EXPECT_THROW(untrained.gain_importance(), Error);
}

TEST(GainImportance, ZeroForAColumnNoTreeUses) {
  auto data = synthetic::synthetic_dataset();
  for (std::size_t r = 0; r < data.rows(); ++r) data.x[r * 3 + 2] = 1.0;  // constant: never split on
  XGBoostClassifier model(small_params());
  model.fit(data, synthetic::all_rows(data));
  EXPECT_EQ(model.gain_importance()[2], 0.0);
}

TEST(PermutationImportance, InformativeColumnFarAboveNoise) {
  const auto data = informative_and_noise();
  const auto folds = walk_forward_splits(data.date, data.label_end, 2, 0);
  const auto result = importance_over_folds(data, folds, small_xgboost(), 5, 42, "roc_auc");
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].feature, "informative");
  EXPECT_GT(result[0].permutation_mean, 0.3);  // AUC ~0.95 falls to ~0.5
  EXPECT_GT(result[0].permutation_std, 0.0);
  EXPECT_EQ(result[1].feature, "noise");
  EXPECT_LT(std::abs(result[1].permutation_mean), 0.03);
  EXPECT_GT(result[0].gain, 0.8);
  EXPECT_NEAR(result[0].gain + result[1].gain, 1.0, 1e-9);

  const auto loss = importance_over_folds(data, folds, small_xgboost(), 3, 42, "log_loss");
  EXPECT_EQ(loss[0].feature, "informative");
  EXPECT_GT(loss[0].permutation_mean, 0.3);  // log loss rises
}

TEST(PermutationImportance, DeterministicForASeed) {
  const auto data = informative_and_noise();
  const auto folds = walk_forward_splits(data.date, data.label_end, 2, 0);
  const auto a = importance_over_folds(data, folds, small_xgboost(), 3, 7, "roc_auc");
  const auto b = importance_over_folds(data, folds, small_xgboost(), 3, 7, "roc_auc");
  const auto c = importance_over_folds(data, folds, small_xgboost(), 3, 8, "roc_auc");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].feature, b[i].feature);
    EXPECT_EQ(a[i].gain, b[i].gain);
    EXPECT_EQ(a[i].permutation_mean, b[i].permutation_mean);
    EXPECT_EQ(a[i].permutation_std, b[i].permutation_std);
  }
  EXPECT_NE(a[0].permutation_mean, c[0].permutation_mean);  // another seed, other shuffles
  EXPECT_EQ(a[0].gain, c[0].gain);                          // the fits do not depend on it
}

TEST(PermutationImportance, MeasuredOnTheGivenRowsOnly) {
  const auto data = informative_and_noise();
  XGBoostClassifier model(small_params());
  const auto all = synthetic::all_rows(data);
  model.fit(data, std::span(all).first(200));
  std::vector<std::size_t> test(all.begin() + 200, all.end());
  const auto perm = permutation_importance(model, data, test, 4, 1, "roc_auc");
  ASSERT_EQ(perm.drops.size(), 2u);
  EXPECT_EQ(perm.drops[1].size(), 4u);
  EXPECT_GT(perm.baseline, 0.85);
  EXPECT_GT(perm.mean[1], 0.3);
  // One class only in the rows: no AUC, no drops.
  std::vector<std::size_t> positives;
  for (auto r : test) {
    if (data.y[r] == 1.0) positives.push_back(r);
  }
  const auto none = permutation_importance(model, data, positives, 2, 1, "roc_auc");
  EXPECT_TRUE(std::isnan(none.baseline));
  EXPECT_TRUE(std::isnan(none.mean[1]));
  EXPECT_THROW(permutation_importance(model, data, test, 2, 1, "accuracy"), ConfigError);
  EXPECT_THROW(permutation_importance(model, data, test, 0, 1, "roc_auc"), ConfigError);
}

TEST(PermutationImportance, TableAndJsonRankByPermutation) {
  const std::vector<FeatureImportance> rows = {{"ret_20", 0.6, 0.05, 0.01}, {"rsi_14", 0.4, 0.01, 0.002}};
  const auto json = to_json(rows);
  EXPECT_EQ(json[0]["rank"], 1);
  EXPECT_EQ(json[1]["feature"], "rsi_14");
  const auto table = format_importance(rows, "roc_auc");
  EXPECT_NE(table.find("validation folds"), std::string::npos);
  EXPECT_NE(table.find("   1  ret_20    0.600  +0.0500 ± 0.0100\n"), std::string::npos) << table;
  EXPECT_NE(table.find("   2  rsi_14    0.400  +0.0100 ± 0.0020\n"), std::string::npos) << table;
}

}  // namespace
}  // namespace mp::ml
