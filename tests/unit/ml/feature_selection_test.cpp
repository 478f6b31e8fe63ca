#include "ml/feature_selection.hpp"

#include "core/error.hpp"
#include "ml/xgboost_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>

namespace mp::ml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A table from rows of values: one row per date (one symbol), label end 5 days later.
Dataset make_table(std::vector<std::string> names, const std::vector<std::vector<double>>& values,
                   const std::vector<double>& y) {
  Dataset data;
  data.feature_names = std::move(names);
  data.symbols = {"AAA"};
  const Date start{std::chrono::days{18262}};  // 2020-01-01
  for (std::size_t r = 0; r < values.size(); ++r) {
    data.x.insert(data.x.end(), values[r].begin(), values[r].end());
    data.y.push_back(y[r]);
    data.weight.push_back(1.0);
    data.date.push_back(start + std::chrono::days{static_cast<int>(r)});
    data.label_end.push_back(data.date.back() + std::chrono::days{5});
    data.symbol_index.push_back(0);
  }
  return data;
}

std::vector<std::size_t> range(std::size_t first, std::size_t last) {
  std::vector<std::size_t> rows;
  for (auto r = first; r < last; ++r) rows.push_back(r);
  return rows;
}

double uniform(std::mt19937& rng) { return static_cast<double>(rng()) / 4294967296.0 * 2.0 - 1.0; }

ModelFactory small_xgboost() {
  XGBoostParams params;
  params.n_estimators = 15;
  params.max_depth = 2;
  params.learning_rate = 0.3;
  params.threads = 1;
  return [params] { return std::make_unique<XGBoostClassifier>(params); };
}

TEST(AnovaF, MatchesTheHandComputedStatistic) {
  // sklearn f_classif, two classes: F = [sum_g n_g (m_g - m)^2 / 1] / [sum_g sum (x - m_g)^2 / (n - 2)].
  // a: class 0 {1,2,3}, class 1 {5,6,7}: m0 = 2, m1 = 6, m = 4; between = 3*4 + 3*4 = 24;
  //    within = (1+0+1) + (1+0+1) = 4; F = 24 / (4 / 4) = 24.
  // b (NaN in row 2 skipped): class 0 {0,2}, class 1 {1,3,5}: m0 = 1, m1 = 3, m = 11/5 = 2.2;
  //    between = 2*1.44 + 3*0.64 = 4.8; within = 2 + 8 = 10; F = 4.8 / (10 / 3) = 1.44.
  // c constant and d all-NaN: 0. Row 6 has no label and is skipped.
  const auto data = make_table({"a", "b", "c", "d"},
                               {{1, 0, 4, kNaN},
                                {2, 2, 4, kNaN},
                                {3, kNaN, 4, kNaN},
                                {5, 1, 4, kNaN},
                                {6, 3, 4, kNaN},
                                {7, 5, 4, kNaN},
                                {100, 100, 4, kNaN}},
                               {0, 0, 0, 1, 1, 1, kNaN});
  const auto f = anova_f_scores(data, range(0, 7));
  ASSERT_EQ(f.size(), 4u);
  EXPECT_NEAR(f[0], 24.0, 1e-12);
  EXPECT_NEAR(f[1], 1.44, 1e-12);
  EXPECT_EQ(f[2], 0.0);
  EXPECT_EQ(f[3], 0.0);
}

TEST(AnovaF, PerfectSeparationWithoutSpreadIsInfinite) {
  const auto data = make_table({"a"}, {{0}, {0}, {1}, {1}}, {0, 0, 1, 1});
  EXPECT_EQ(anova_f_scores(data, range(0, 4))[0], kInf);
}

TEST(MutualInformation, ZeroForAnIndependentColumnLog2ForTheBalancedLabel) {
  // y = r % 2; "copy" equals y; "independent" = (r / 2) % 2 meets every label equally often;
  // "missing" is NaN exactly where y = 0, so its missing bin carries the label.
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 8; ++r) {
    y.push_back(r % 2);
    values.push_back({static_cast<double>(r % 2), static_cast<double>((r / 2) % 2), r % 2 == 1 ? 7.0 : kNaN});
  }
  const auto data = make_table({"copy", "independent", "missing"}, values, y);
  for (int bins : {2, 10}) {
    const auto mi = mutual_information_scores(data, range(0, 8), bins);
    EXPECT_NEAR(mi[0], std::log(2.0), 1e-12) << bins;
    EXPECT_NEAR(mi[1], 0.0, 1e-12) << bins;
    EXPECT_NEAR(mi[2], std::log(2.0), 1e-12) << bins;
  }
  EXPECT_THROW(mutual_information_scores(data, range(0, 8), 1), ConfigError);
}

TEST(Correlation, FilterDropsANearCopyOfAnEarlierColumn) {
  std::mt19937 rng(7);
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 60; ++r) {
    const double a = uniform(rng), b = uniform(rng);
    values.push_back({a, b, 2 * a + 1e-6 * uniform(rng)});
    y.push_back(r % 2);
  }
  const auto data = make_table({"a", "b", "a2"}, values, y);
  EXPECT_EQ(correlation_filter(data, range(0, 60), 0.9), (std::vector<std::size_t>{0, 1}));
  const auto rho = correlation_matrix(data, range(0, 60));
  EXPECT_GT(rho[0 * 3 + 2], 0.999999);
  EXPECT_EQ(rho[0 * 3 + 0], 1.0);
  EXPECT_LT(std::abs(rho[0 * 3 + 1]), 0.5);
  // Limit 1: |rho| never exceeds it, nothing is dropped.
  EXPECT_EQ(correlation_filter(data, range(0, 60), 1.0), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Correlation, SkipsIncompletePairs) {
  // Complete pairs of (a, b): (1,2), (2,4), (3,6) -> rho = 1 exactly; (NaN,100) and (5,NaN)
  // would pull it far from 1 were they read. (a, c) has 2 complete pairs only -> NaN.
  const auto data =
      make_table({"a", "b", "c"}, {{1, 2, kNaN}, {2, 4, kNaN}, {3, 6, 1}, {kNaN, 100, 2}, {5, kNaN, 3}, {kInf, 1, 4}},
                 {0, 1, 0, 1, 0, 1});
  const auto rho = correlation_matrix(data, range(0, 6));
  EXPECT_NEAR(rho[0 * 3 + 1], 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(rho[0 * 3 + 2]));
  EXPECT_EQ(correlation_filter(data, range(0, 6), 0.9), (std::vector<std::size_t>{0, 2}));
}

// 400 rows, one per date: rows 0..199 train, 200..399 test. "leak" equals y in the test rows
// only (random in training), "signal" follows y in the training rows only (random in test),
// four noise columns.
Dataset leak_table() {
  std::mt19937 rng(2024);
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 400; ++r) {
    const double label = (rng() >> 31) & 1U;
    const bool train = r < 200;
    const double leak = train ? uniform(rng) : label;
    const double signal = train ? label + 0.5 * uniform(rng) : uniform(rng);
    values.push_back({uniform(rng), leak, uniform(rng), signal, uniform(rng), uniform(rng)});
    y.push_back(label);
  }
  return make_table({"noise0", "leak", "noise1", "signal", "noise2", "noise3"}, values, y);
}

TEST(SelectionLeak, KBestFittedOnTrainingRowsIgnoresAColumnPredictiveOnlyInTest) {
  const auto data = leak_table();
  const auto train = range(0, 200), test = range(200, 400);
  for (const std::string method : {"kbest_anova", "kbest_mutual_info"}) {
    SelectionSpec spec;
    spec.method = method;
    spec.k = 1;
    EXPECT_EQ(select_features(data, train, spec), (std::vector<std::size_t>{3})) << method;  // signal
    // The same selection fitted on the test rows would take the leak: the test is sensitive.
    EXPECT_EQ(select_features(data, test, spec), (std::vector<std::size_t>{1})) << method;
  }
  const auto f_train = anova_f_scores(data, train);
  const auto f_test = anova_f_scores(data, test);
  EXPECT_LT(f_train[1], 10.0);  // random in training rows
  EXPECT_EQ(f_test[1], kInf);   // perfect in test rows
  EXPECT_GT(f_train[3], 100.0);
}

TEST(SelectionLeak, NeverReadsRowsOutsideTheTrainingRows) {
  const auto clean = leak_table();
  auto poisoned = clean;
  const auto train = range(0, 200);
  const double poison[] = {kNaN, kInf, -kInf, 1e300};
  for (std::size_t r = 200; r < poisoned.rows(); ++r) {
    for (std::size_t c = 0; c < poisoned.cols(); ++c) poisoned.x[r * poisoned.cols() + c] = poison[(r + c) % 4];
    poisoned.y[r] = r % 3 == 0 ? kNaN : 1.0 - poisoned.y[r];
  }
  for (const std::string method :
       {"kbest_anova", "kbest_mutual_info", "correlation", "correlation+kbest_anova", "rfecv"}) {
    SelectionSpec spec;
    spec.method = method;
    spec.k = 3;
    spec.rfecv_folds = 2;
    spec.rfecv_step = 2;
    spec.rfecv_embargo = 2;
    const auto expected = select_features(clean, train, spec, small_xgboost());
    EXPECT_EQ(select_features(poisoned, train, spec, small_xgboost()), expected) << method;
    EXPECT_FALSE(expected.empty());
  }
  EXPECT_EQ(anova_f_scores(poisoned, train), anova_f_scores(clean, train));
  EXPECT_EQ(mutual_information_scores(poisoned, train), mutual_information_scores(clean, train));
}

TEST(Selection, NoneKeepsEveryColumnOthersDropConstantAndMissing) {
  const auto data = make_table({"a", "const", "nan", "b"},
                               {{1, 3, kNaN, 0}, {2, 3, kNaN, 1}, {3, 3, kNaN, 0}, {4, 3, kNaN, 1}}, {0, 1, 0, 1});
  const auto rows = range(0, 4);
  EXPECT_EQ(select_features(data, rows, SelectionSpec{}), (std::vector<std::size_t>{0, 1, 2, 3}));
  SelectionSpec kbest{"kbest_anova", 20};
  EXPECT_EQ(select_features(data, rows, kbest), (std::vector<std::size_t>{0, 3}));
  EXPECT_EQ(usable_columns(data, rows), (std::vector<std::size_t>{0, 3}));
  const auto dead = make_table({"const"}, {{1}, {1}, {1}}, {0, 1, 0});
  EXPECT_THROW(select_features(dead, range(0, 3), kbest), DataError);
}

TEST(Selection, OneValueOrMissingStillVaries) {
  // "flag" is 0.1 or missing: no spread for ANOVA F or rho (exactly 0 / NaN, whatever the
  // rounding of 0.1 sums), but its missingness follows y, so it is a candidate and MI sees it.
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 30; ++r) {
    values.push_back({r % 2 == 1 ? 0.1 : kNaN, static_cast<double>(r % 3)});
    y.push_back(r % 2);
  }
  const auto data = make_table({"flag", "other"}, values, y);
  const auto rows = range(0, 30);
  EXPECT_EQ(usable_columns(data, rows), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(anova_f_scores(data, rows)[0], 0.0);
  EXPECT_TRUE(std::isnan(correlation_matrix(data, rows)[0 * 2 + 1]));
  EXPECT_NEAR(mutual_information_scores(data, rows)[0], std::log(2.0), 1e-12);
  SelectionSpec spec{"kbest_mutual_info", 1};
  EXPECT_EQ(select_features(data, rows, spec), (std::vector<std::size_t>{0}));
}

TEST(Selection, RejectsUnknownMethodsAndBadParameters) {
  const auto data = leak_table();
  EXPECT_THROW(select_features(data, range(0, 10), SelectionSpec{"kbest_chi2"}), ConfigError);
  EXPECT_THROW(select_features(data, range(0, 10), SelectionSpec{"correlation+lasso"}), ConfigError);
  EXPECT_THROW(select_features(data, range(0, 10), SelectionSpec{"kbest_anova", 0}), ConfigError);
  EXPECT_THROW(select_features(data, range(0, 10), SelectionSpec{"correlation", 5, 0.0}), ConfigError);
  EXPECT_THROW(select_features(data, range(0, 10), SelectionSpec{"rfecv"}), ConfigError);  // no factory
  const auto spec = selection_spec_from_json(to_json(SelectionSpec{"correlation+kbest_anova", 7, 0.8, 2, 4, 3}));
  EXPECT_EQ(spec.method, "correlation+kbest_anova");
  EXPECT_EQ(spec.k, 7);
  EXPECT_EQ(spec.max_correlation, 0.8);
  EXPECT_EQ(spec.rfecv_step, 2);
  EXPECT_EQ(spec.rfecv_folds, 4);
  EXPECT_EQ(spec.rfecv_embargo, 3);
}

TEST(Selection, StepsRunInOrderOnTheSurvivors) {
  // a2 ~ 2a is dropped by the correlation step, so kbest k=2 then takes a and b; kbest alone
  // takes a and a2 (F is scale-free: a2's F equals a's up to the tiny noise, b's is lower).
  std::mt19937 rng(11);
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 200; ++r) {
    const double label = r % 2;
    const double a = label + 0.8 * uniform(rng);
    values.push_back({a, label + 1.5 * uniform(rng), 2 * a + 1e-3 * uniform(rng), uniform(rng)});
    y.push_back(label);
  }
  const auto data = make_table({"a", "b", "a2", "noise"}, values, y);
  SelectionSpec spec{"correlation+kbest_anova", 2};
  EXPECT_EQ(select_features(data, range(0, 200), spec), (std::vector<std::size_t>{0, 1}));
  spec.method = "kbest_anova";
  EXPECT_EQ(select_features(data, range(0, 200), spec), (std::vector<std::size_t>{0, 2}));
}

TEST(Rfecv, KeepsTheTwoInformativeColumns) {
  // y = [f0 + f1 > 0], every 20th label flipped; four noise columns around them.
  std::mt19937 rng(99);
  std::vector<std::vector<double>> values;
  std::vector<double> y;
  for (int r = 0; r < 600; ++r) {
    std::vector<double> row(6);
    for (auto& v : row) v = uniform(rng);
    double label = row[1] + row[4] > 0 ? 1.0 : 0.0;
    if (r % 20 == 19) label = 1 - label;
    values.push_back(row);
    y.push_back(label);
  }
  const auto data = make_table({"n0", "f0", "n1", "n2", "f1", "n3"}, values, y);
  SelectionSpec spec;
  spec.method = "rfecv";
  spec.rfecv_folds = 3;
  spec.rfecv_step = 1;
  spec.rfecv_embargo = 5;
  const auto chosen = select_features(data, range(0, 600), spec, small_xgboost());
  EXPECT_NE(std::find(chosen.begin(), chosen.end(), 1u), chosen.end());
  EXPECT_NE(std::find(chosen.begin(), chosen.end(), 4u), chosen.end());
  EXPECT_LE(chosen.size(), 4u);
}

TEST(SelectColumns, CopiesTheChosenColumnsInOrder) {
  const auto data = make_table({"a", "b", "c"}, {{1, 2, 3}, {4, 5, 6}}, {0, 1});
  const auto subset = select_columns(data, {2, 0});
  EXPECT_EQ(subset.feature_names, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(subset.x, (std::vector<double>{3, 1, 6, 4}));
  EXPECT_EQ(subset.y, data.y);
  EXPECT_EQ(subset.date, data.date);
  EXPECT_THROW(select_columns(data, {3}), DataError);
}

}  // namespace
}  // namespace mp::ml
