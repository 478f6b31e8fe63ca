#include "ml/xgboost_model.hpp"

#include "core/error.hpp"
#include "ml/metrics.hpp"
#include "synthetic_dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace mp::ml {
namespace {

using synthetic::all_rows;
using synthetic::synthetic_dataset;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

XGBoostParams small_params(int seed = 42) {
  XGBoostParams p;
  p.n_estimators = 20;
  p.max_depth = 3;
  p.learning_rate = 0.3;
  p.subsample = 0.9;
  p.seed = seed;
  p.threads = 1;
  return p;
}

std::vector<double> train_and_predict(const Dataset& data, const XGBoostParams& params) {
  XGBoostClassifier model(params);
  const auto rows = all_rows(data);
  model.fit(data, rows);
  return model.predict_proba(data, rows);
}

TEST(XGBoostClassifier, SameSeedGivesBitIdenticalPredictions) {
  const auto data = synthetic_dataset();
  const auto a = train_and_predict(data, small_params(42));
  const auto b = train_and_predict(data, small_params(42));
  ASSERT_EQ(a.size(), 400u);
  EXPECT_EQ(a, b);  // exact, not approximately
}

TEST(XGBoostClassifier, DifferentSeedDiffersWithSubsampling) {
  const auto data = synthetic_dataset();
  const auto a = train_and_predict(data, small_params(42));
  const auto b = train_and_predict(data, small_params(7));
  ASSERT_EQ(a.size(), b.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i] ? 1 : 0;
  EXPECT_GT(differing, 0u);
}

TEST(XGBoostClassifier, LearnsTheEasyPattern) {
  const auto data = synthetic_dataset();
  const auto p = train_and_predict(data, small_params());
  for (double v : p) {
    EXPECT_GT(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
  const auto m = compute_metrics(data.y, p);
  EXPECT_GT(m.roc_auc, 0.9);
  EXPECT_GT(m.accuracy, 0.85);
  // An unseen row deep on each side of the boundary.
  XGBoostClassifier model(small_params());
  model.fit(data, all_rows(data));
  const std::vector<double> x = {0.9, 0.8, 0.0, -0.9, -0.8, 0.0};
  const auto q = model.predict_proba(x, 3);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_GT(q[0], 0.8);
  EXPECT_LT(q[1], 0.2);
}

TEST(XGBoostClassifier, SerializeDeserializeGivesIdenticalPredictions) {
  const auto data = synthetic_dataset();
  const auto rows = all_rows(data);
  XGBoostClassifier model(small_params());
  model.fit(data, rows);
  const auto content = model.serialize();
  EXPECT_NE(content.find("\"learner\""), std::string::npos);  // XGBoost's JSON model format

  XGBoostClassifier loaded(small_params(999));  // parameters do not matter for a loaded model
  loaded.deserialize(content);
  EXPECT_EQ(loaded.predict_proba(data, rows), model.predict_proba(data, rows));
  // The loaded model knows its feature count.
  const std::vector<double> two_cols = {0.1, 0.2};
  EXPECT_THROW((void)loaded.predict_proba(two_cols, 2), DataError);
  // And serializes to something that loads into the same predictions again.
  XGBoostClassifier again(small_params());
  again.deserialize(loaded.serialize());
  EXPECT_EQ(again.predict_proba(data, rows), model.predict_proba(data, rows));
}

TEST(XGBoostClassifier, AcceptsNanFeatures) {
  auto data = synthetic_dataset();
  for (std::size_t r = 0; r < data.rows(); r += 3) data.x[r * 3 + 2] = kNaN;  // f2 missing in a third
  for (std::size_t r = 1; r < data.rows(); r += 10) data.x[r * 3 + 1] = kNaN;
  XGBoostClassifier model(small_params());
  ASSERT_NO_THROW(model.fit(data, all_rows(data)));
  const std::vector<double> x = {0.9, kNaN, kNaN, kNaN, kNaN, kNaN};
  const auto p = model.predict_proba(x, 3);
  ASSERT_EQ(p.size(), 2u);
  for (double v : p) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GT(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
  EXPECT_GT(p[0], 0.5);  // f0 alone still points up
}

TEST(XGBoostClassifier, WrongColumnCountIsDataError) {
  const auto data = synthetic_dataset();
  XGBoostClassifier model(small_params());
  model.fit(data, all_rows(data));
  const std::vector<double> x(8, 0.0);
  EXPECT_THROW((void)model.predict_proba(x, 4), DataError);
  EXPECT_THROW((void)model.predict_proba(x, 2), DataError);
  EXPECT_EQ(model.predict_proba(std::vector<double>(6, 0.0), 3).size(), 2u);
}

TEST(XGBoostClassifier, FitsOnlyTheGivenRows) {
  // Rows 0..199 only: the model must equal one trained on a copy holding just those rows.
  const auto data = synthetic_dataset();
  std::vector<std::size_t> first_half(200);
  for (std::size_t i = 0; i < 200; ++i) first_half[i] = i;
  XGBoostClassifier subset(small_params());
  subset.fit(data, first_half);

  auto half = data;
  half.x.resize(200 * 3);
  half.y.resize(200);
  half.weight.resize(200);
  half.date.resize(200);
  half.label_end.resize(200);
  half.symbol_index.resize(200);
  XGBoostClassifier copy(small_params());
  copy.fit(half, all_rows(half));
  const auto rows = all_rows(data);
  EXPECT_EQ(subset.predict_proba(data, rows), copy.predict_proba(data, rows));
}

TEST(XGBoostClassifier, ReportsProgressPerRound) {
  const auto data = synthetic_dataset(100);
  XGBoostClassifier model(small_params());
  std::vector<std::pair<int, int>> calls;
  model.fit(data, all_rows(data), [&](int done, int total) { calls.emplace_back(done, total); });
  ASSERT_EQ(calls.size(), 20u);
  EXPECT_EQ(calls.front(), std::make_pair(1, 20));
  EXPECT_EQ(calls.back(), std::make_pair(20, 20));
}

TEST(XGBoostClassifier, UntrainedOrEmptyIsAnError) {
  XGBoostClassifier model(small_params());
  const std::vector<double> x = {0.0, 0.0, 0.0};
  EXPECT_THROW((void)model.predict_proba(x, 3), Error);
  EXPECT_THROW((void)model.serialize(), Error);
  const auto data = synthetic_dataset(10);
  EXPECT_THROW(model.fit(data, std::vector<std::size_t>{}), DataError);
}

TEST(XGBoostParams, JsonRoundTripAndDefaults) {
  XGBoostParams p = small_params(5);
  p.colsample_bytree = 0.7;
  p.min_child_weight = 2.5;
  const auto j = p.to_json();
  EXPECT_EQ(j.at("objective"), "binary:logistic");
  EXPECT_EQ(j.at("tree_method"), "hist");
  const auto back = XGBoostParams::from_json(j);
  EXPECT_EQ(back.n_estimators, 20);
  EXPECT_EQ(back.max_depth, 3);
  EXPECT_EQ(back.learning_rate, 0.3);
  EXPECT_EQ(back.subsample, 0.9);
  EXPECT_EQ(back.colsample_bytree, 0.7);
  EXPECT_EQ(back.min_child_weight, 2.5);
  EXPECT_EQ(back.seed, 5);
  EXPECT_EQ(back.threads, 1);
  const auto defaults = XGBoostParams::from_json(nlohmann::json::object());
  EXPECT_EQ(defaults.n_estimators, 200);
  EXPECT_EQ(defaults.max_depth, 4);
  EXPECT_EQ(defaults.learning_rate, 0.05);
  EXPECT_EQ(defaults.seed, 42);
  EXPECT_EQ(defaults.threads, 0);
}

TEST(MakeModel, BuildsXGBoostByName) {
  auto model = make_model("xgboost", small_params(3).to_json());
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->type(), "xgboost");
  EXPECT_EQ(model->params().at("seed"), 3);
  EXPECT_EQ(model->params().at("n_estimators"), 20);
  // Same parameters through the factory: same predictions as the concrete class.
  const auto data = synthetic_dataset();
  const auto rows = all_rows(data);
  model->fit(data, rows);
  EXPECT_EQ(model->predict_proba(data, rows), train_and_predict(data, small_params(3)));
}

TEST(MakeModel, UnknownTypeIsNotFoundListingKnownTypes) {
  try {
    (void)make_model("nope", nlohmann::json::object());
    FAIL() << "expected NotFoundError";
  } catch (const NotFoundError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("nope"), std::string::npos) << message;
    EXPECT_NE(message.find("xgboost"), std::string::npos) << message;
    EXPECT_STREQ(e.code(), "not_found");
  }
  ASSERT_EQ(model_catalog().size(), 1u);
  EXPECT_EQ(model_catalog()[0].type, "xgboost");
}

}  // namespace
}  // namespace mp::ml
