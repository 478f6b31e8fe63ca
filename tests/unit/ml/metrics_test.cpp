#include "ml/metrics.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace mp::ml {
namespace {

// y = 1 0 1 1 0 0 1 0, p = .9 .6 .6 .4 .2 .5 .8 .1
// Predicted (p >= 0.5):  1 1 1 0 0 1 1 0
//   TP = rows 0,2,6 = 3; FP = rows 1,5 = 2; FN = row 3 = 1; TN = rows 4,7 = 2
//   accuracy = 5/8 = 0.625; precision = 3/5 = 0.6; recall = 3/4 = 0.75
//   F1 = 2 * 0.6 * 0.75 / 1.35 = 2/3
// AUC over the 4 x 4 (positive, negative) pairs; positives .9 .6 .4 .8, negatives .6 .2 .5 .1:
//   .9 beats 4; .6 beats .2 .5 .1 and ties .6 (half) = 3.5; .4 beats .2 .1 = 2; .8 beats 4
//   AUC = 13.5 / 16 = 0.84375
// Log loss = -(1/8) [ln .9 + ln(1-.6) + ln .6 + ln .4 + ln(1-.2) + ln(1-.5) + ln .8 + ln(1-.1)]
//          = -(2 ln .9 + 2 ln .4 + ln .6 + 2 ln .8 + ln .5) / 8 = 0.46169530...
// Brier = (.01 + .36 + .16 + .36 + .04 + .25 + .04 + .01) / 8 = 1.23 / 8 = 0.15375
const std::vector<double> kY = {1, 0, 1, 1, 0, 0, 1, 0};
const std::vector<double> kP = {0.9, 0.6, 0.6, 0.4, 0.2, 0.5, 0.8, 0.1};

TEST(Metrics, HandComputedExample) {
  const auto m = compute_metrics(kY, kP);
  EXPECT_EQ(m.count, 8u);
  EXPECT_EQ(m.positives, 4u);
  EXPECT_NEAR(m.accuracy, 0.625, 1e-12);
  EXPECT_NEAR(m.precision, 0.6, 1e-12);
  EXPECT_NEAR(m.recall, 0.75, 1e-12);
  EXPECT_NEAR(m.f1, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.roc_auc, 0.84375, 1e-12);
  const double expected_log_loss =
      -(2 * std::log(0.9) + 2 * std::log(0.4) + std::log(0.6) + 2 * std::log(0.8) + std::log(0.5)) / 8.0;
  EXPECT_NEAR(m.log_loss, expected_log_loss, 1e-12);
  EXPECT_NEAR(m.log_loss, 0.4616953003, 1e-9);
  EXPECT_NEAR(m.brier, 0.15375, 1e-12);
  EXPECT_NEAR(roc_auc(kY, kP), 0.84375, 1e-12);
}

TEST(Metrics, ThresholdMovesTheClassMetricsOnly) {
  // At 0.7 only rows 0 and 6 are predicted 1: TP 2, FP 0, FN 2, TN 4.
  const auto m = compute_metrics(kY, kP, 0.7);
  EXPECT_NEAR(m.accuracy, 0.75, 1e-12);
  EXPECT_NEAR(m.precision, 1.0, 1e-12);
  EXPECT_NEAR(m.recall, 0.5, 1e-12);
  EXPECT_NEAR(m.f1, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.roc_auc, 0.84375, 1e-12);
  EXPECT_NEAR(m.brier, 0.15375, 1e-12);
}

TEST(Metrics, ProbabilityEqualToThresholdIsPredictedPositive) {
  // p = 0.5 >= 0.5 -> class 1: one TP.
  const std::vector<double> y = {1, 0};
  const std::vector<double> p = {0.5, 0.4};
  const auto m = compute_metrics(y, p);
  EXPECT_NEAR(m.accuracy, 1.0, 1e-12);
  EXPECT_NEAR(m.precision, 1.0, 1e-12);
  EXPECT_NEAR(m.recall, 1.0, 1e-12);
}

TEST(Metrics, NoPredictedPositivesGivesZeroPrecisionAndF1) {
  const std::vector<double> y = {1, 0, 1, 0};
  const std::vector<double> p = {0.4, 0.1, 0.3, 0.2};
  const auto m = compute_metrics(y, p);
  EXPECT_EQ(m.precision, 0.0);  // 0/0 -> 0 (sklearn zero_division=0)
  EXPECT_EQ(m.recall, 0.0);
  EXPECT_EQ(m.f1, 0.0);
  EXPECT_NEAR(m.accuracy, 0.5, 1e-12);
  EXPECT_NEAR(m.roc_auc, 1.0, 1e-12);  // the ranking is still perfect: .4,.3 above .2,.1
}

TEST(Metrics, SingleClassHasUndefinedAuc) {
  const std::vector<double> ones = {1, 1, 1};
  const std::vector<double> p = {0.2, 0.7, 0.9};
  const auto m = compute_metrics(ones, p);
  EXPECT_TRUE(std::isnan(m.roc_auc));
  EXPECT_EQ(m.positives, 3u);
  EXPECT_NEAR(m.recall, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.precision, 1.0, 1e-12);
  const std::vector<double> zeros = {0, 0, 0};
  EXPECT_TRUE(std::isnan(roc_auc(zeros, p)));
  EXPECT_TRUE(std::isnan(compute_metrics(zeros, p).roc_auc));
}

TEST(Metrics, RocAucRankingCases) {
  const std::vector<double> y = {0, 0, 1, 1};
  EXPECT_NEAR(roc_auc(y, std::vector<double>{0.1, 0.2, 0.3, 0.4}), 1.0, 1e-12);
  EXPECT_NEAR(roc_auc(y, std::vector<double>{0.4, 0.3, 0.2, 0.1}), 0.0, 1e-12);
  EXPECT_NEAR(roc_auc(y, std::vector<double>{0.5, 0.5, 0.5, 0.5}), 0.5, 1e-12);  // all tied: every pair half
  // One tie across classes (0.3 vs 0.3) among 4 pairs: (1 + 1 + 0.5 + 1) / 4.
  EXPECT_NEAR(roc_auc(y, std::vector<double>{0.1, 0.3, 0.3, 0.4}), 0.875, 1e-12);
}

TEST(Metrics, LogLossClipsProbabilities) {
  // p = 0 for a positive would be infinite; clipped to 1e-15.
  const std::vector<double> y1 = {1};
  const std::vector<double> p0 = {0.0};
  const auto m = compute_metrics(y1, p0);
  EXPECT_NEAR(m.log_loss, -std::log(1e-15), 1e-12);
  EXPECT_NEAR(m.log_loss, 34.538776394910684, 1e-9);
  EXPECT_NEAR(m.brier, 1.0, 1e-12);  // Brier uses the unclipped probability
  EXPECT_EQ(m.accuracy, 0.0);
  // p = 1 for a negative: clipped to 1 - 1e-15.
  const std::vector<double> y0 = {0};
  const std::vector<double> p1 = {1.0};
  const auto n = compute_metrics(y0, p1);
  EXPECT_NEAR(n.log_loss, -std::log(1.0 - (1.0 - 1e-15)), 1e-12);
  EXPECT_TRUE(std::isfinite(n.log_loss));
  EXPECT_GT(n.log_loss, 34.0);
  // A perfect, confident prediction has (almost) zero log loss, not log(0) trouble.
  const auto perfect = compute_metrics(y1, p1);
  EXPECT_NEAR(perfect.log_loss, -std::log(1.0 - 1e-15), 1e-12);
  EXPECT_EQ(perfect.brier, 0.0);
}

TEST(Metrics, ExplicitPredictedClassOverload) {
  // How the constant baselines are scored: probability = the prior, classes given explicitly.
  const std::vector<double> y = {1, 0, 1, 0};
  const std::vector<double> prior = {0.5, 0.5, 0.5, 0.5};
  const std::vector<double> up = {1, 1, 1, 1};
  const auto m = compute_metrics(y, prior, up);
  EXPECT_NEAR(m.accuracy, 0.5, 1e-12);
  EXPECT_NEAR(m.precision, 0.5, 1e-12);
  EXPECT_NEAR(m.recall, 1.0, 1e-12);
  EXPECT_NEAR(m.f1, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.roc_auc, 0.5, 1e-12);
  EXPECT_NEAR(m.log_loss, std::log(2.0), 1e-12);
  EXPECT_NEAR(m.brier, 0.25, 1e-12);

  // Classes that disagree with the probabilities: classes drive accuracy, probabilities AUC.
  const std::vector<double> classes = {0, 1, 0, 1};    // all wrong
  const std::vector<double> p = {0.9, 0.1, 0.8, 0.2};  // perfectly ranked
  const auto w = compute_metrics(y, p, classes);
  EXPECT_EQ(w.accuracy, 0.0);
  EXPECT_EQ(w.precision, 0.0);
  EXPECT_EQ(w.recall, 0.0);
  EXPECT_EQ(w.f1, 0.0);
  EXPECT_NEAR(w.roc_auc, 1.0, 1e-12);
  EXPECT_NEAR(w.brier, (0.01 + 0.01 + 0.04 + 0.04) / 4, 1e-12);
}

TEST(Metrics, LengthMismatchThrowsAndEmptyIsZero) {
  const std::vector<double> y = {1, 0};
  const std::vector<double> p = {0.5};
  EXPECT_THROW(compute_metrics(y, p), Error);
  EXPECT_THROW(compute_metrics(y, std::vector<double>{0.5, 0.5}, std::vector<double>{1}), Error);
  const std::vector<double> empty;
  const auto m = compute_metrics(empty, empty);
  EXPECT_EQ(m.count, 0u);
  EXPECT_EQ(m.positives, 0u);
  EXPECT_EQ(m.accuracy, 0.0);
}

TEST(Metrics, JsonRoundTripWithNanAsNull) {
  const std::vector<double> ones = {1, 1, 1};
  const std::vector<double> p = {0.2, 0.7, 0.9};
  const auto m = compute_metrics(ones, p);
  ASSERT_TRUE(std::isnan(m.roc_auc));
  const auto j = to_json(m);
  EXPECT_TRUE(j.at("roc_auc").is_null());
  EXPECT_EQ(j.at("count").get<std::size_t>(), 3u);
  EXPECT_EQ(j.at("positives").get<std::size_t>(), 3u);
  // Through text, as metrics.json is read back.
  const auto text = j.dump();
  EXPECT_NE(text.find("\"roc_auc\":null"), std::string::npos) << text;
  const auto back = metrics_from_json(nlohmann::json::parse(text));
  EXPECT_EQ(back.count, m.count);
  EXPECT_EQ(back.positives, m.positives);
  EXPECT_EQ(back.accuracy, m.accuracy);
  EXPECT_EQ(back.precision, m.precision);
  EXPECT_EQ(back.recall, m.recall);
  EXPECT_EQ(back.f1, m.f1);
  EXPECT_TRUE(std::isnan(back.roc_auc));
  EXPECT_EQ(back.log_loss, m.log_loss);
  EXPECT_EQ(back.brier, m.brier);

  const auto full = compute_metrics(kY, kP);
  const auto full_back = metrics_from_json(nlohmann::json::parse(to_json(full).dump()));
  EXPECT_EQ(full_back.count, 8u);
  EXPECT_EQ(full_back.positives, 4u);
  EXPECT_EQ(full_back.accuracy, full.accuracy);
  EXPECT_EQ(full_back.f1, full.f1);
  EXPECT_EQ(full_back.roc_auc, 0.84375);
  EXPECT_EQ(full_back.log_loss, full.log_loss);  // nlohmann round-trips doubles exactly
  EXPECT_EQ(full_back.brier, full.brier);
}

TEST(Metrics, FromJsonMissingMetricThrows) {
  nlohmann::json j = to_json(compute_metrics(kY, kP));
  j.erase("brier");
  EXPECT_THROW(metrics_from_json(j), nlohmann::json::exception);
}

}  // namespace
}  // namespace mp::ml
