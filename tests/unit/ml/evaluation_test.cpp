#include "ml/evaluation.hpp"

#include "dow_sample.hpp"
#include "synthetic_dataset.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

namespace mp::ml {
namespace {

double mean_y(const Dataset& data, const std::vector<std::size_t>& rows) {
  double sum = 0;
  for (auto r : rows) sum += data.y[r];
  return sum / static_cast<double>(rows.size());
}

// Walk-forward evaluation of the small setup on five Dow symbols, computed once.
class SampleEvaluation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setup_ = std::make_unique<TrainingSetup>(sample::small_setup());
    build_ = std::make_unique<DatasetBuild>(prepare_dataset(sample::dow5(), *setup_));
    report_ = std::make_unique<EvaluationReport>(evaluate_setup(build_->labelled, *setup_));
    folds_ = make_splits(setup_->split, build_->labelled.date, build_->labelled.label_end);
  }
  static void TearDownTestSuite() {
    report_.reset();
    build_.reset();
    setup_.reset();
  }
  static const Dataset& data() { return build_->labelled; }

  static std::unique_ptr<TrainingSetup> setup_;
  static std::unique_ptr<DatasetBuild> build_;
  static std::unique_ptr<EvaluationReport> report_;
  static std::vector<Fold> folds_;  // recomputed independently of the report
};
std::unique_ptr<TrainingSetup> SampleEvaluation::setup_;
std::unique_ptr<DatasetBuild> SampleEvaluation::build_;
std::unique_ptr<EvaluationReport> SampleEvaluation::report_;
std::vector<Fold> SampleEvaluation::folds_;

TEST_F(SampleEvaluation, OneResultPerFoldMatchingTheSplits) {
  const auto& report = *report_;
  EXPECT_EQ(report.rows, data().rows());
  EXPECT_EQ(report.rows, sample::kSymbols * (sample::kBars - sample::kWarmup - sample::kHorizon));  // 11550
  EXPECT_EQ(report.split.method, "walk-forward");
  EXPECT_EQ(report.split.folds, 3);
  EXPECT_EQ(report.split.embargo, 5);
  ASSERT_EQ(report.folds.size(), 3u);
  ASSERT_EQ(folds_.size(), 3u);
  std::size_t pooled_count = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& result = report.folds[k];
    const auto& fold = folds_[k];
    EXPECT_EQ(result.index, static_cast<int>(k + 1));
    EXPECT_EQ(result.train_rows, fold.train.size());
    EXPECT_EQ(result.test_rows, fold.test.size());
    EXPECT_EQ(result.test_rows % sample::kSymbols, 0u);  // whole dates: all five symbols
    EXPECT_EQ(result.purged, fold.purged);
    EXPECT_EQ(result.embargoed, fold.embargoed);
    // h = 20 dates purged, then the 5-date embargo before them: 20 x 5 purged, 5 x 5 embargoed.
    EXPECT_EQ(result.purged, 100u);
    EXPECT_EQ(result.embargoed, 25u);
    EXPECT_EQ(result.test_start, fold.test_start);
    EXPECT_EQ(result.test_end, fold.test_end);
    EXPECT_EQ(result.train_start, data().date.front());
    EXPECT_LT(result.train_end, result.test_start);
    EXPECT_EQ(result.train_end, data().date[fold.train.back()]);
    EXPECT_NEAR(result.train_positive_rate, mean_y(data(), fold.train), 1e-12);
    EXPECT_EQ(result.scores.model.count, fold.test.size());
    pooled_count += fold.test.size();
  }
  EXPECT_EQ(report.pooled.model.count, pooled_count);
  EXPECT_EQ(report.folds.back().test_end, data().date.back());
}

TEST_F(SampleEvaluation, BaselinesAreTheTestPositiveRateOrItsComplement) {
  double pooled_positives = 0;
  std::size_t pooled_rows = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& scores = report_->folds[k].scores;
    const auto& fold = folds_[k];
    const double test_rate = mean_y(data(), fold.test);
    const double prior = mean_y(data(), fold.train);
    pooled_positives += test_rate * static_cast<double>(fold.test.size());
    pooled_rows += fold.test.size();
    ASSERT_GT(test_rate, 0.0);
    ASSERT_LT(test_rate, 1.0);

    // always_up: predicts 1 everywhere.
    EXPECT_NEAR(scores.always_up.accuracy, test_rate, 1e-12) << "fold " << k;
    EXPECT_NEAR(scores.always_up.precision, test_rate, 1e-12);
    EXPECT_NEAR(scores.always_up.recall, 1.0, 1e-12);
    // majority: the training fold's majority class.
    const double majority_accuracy = prior >= 0.5 ? test_rate : 1.0 - test_rate;
    EXPECT_NEAR(scores.majority.accuracy, majority_accuracy, 1e-12) << "fold " << k << " prior " << prior;
    EXPECT_NEAR(scores.majority.recall, prior >= 0.5 ? 1.0 : 0.0, 1e-12);
    // Both give the prior as probability: AUC 0.5, the prior's log loss and Brier score.
    const double log_loss = -(test_rate * std::log(prior) + (1 - test_rate) * std::log(1 - prior));
    const double brier = test_rate * (1 - prior) * (1 - prior) + (1 - test_rate) * prior * prior;
    for (const auto* baseline : {&scores.majority, &scores.always_up}) {
      EXPECT_NEAR(baseline->roc_auc, 0.5, 1e-12);
      EXPECT_NEAR(baseline->log_loss, log_loss, 1e-9);
      EXPECT_NEAR(baseline->brier, brier, 1e-9);
      EXPECT_EQ(baseline->count, fold.test.size());
    }
    // The model is scored on the same rows and labels.
    EXPECT_EQ(scores.model.positives, static_cast<std::size_t>(std::lround(test_rate * fold.test.size())));
    EXPECT_GT(scores.model.roc_auc, 0.0);
    EXPECT_LT(scores.model.roc_auc, 1.0);
    EXPECT_GT(scores.model.log_loss, 0.0);
  }
  EXPECT_NEAR(report_->pooled.always_up.accuracy, pooled_positives / static_cast<double>(pooled_rows), 1e-12);
  EXPECT_EQ(report_->pooled.always_up.count, pooled_rows);
}

TEST_F(SampleEvaluation, JsonAndTextReports) {
  const auto j = to_json(*report_);
  EXPECT_EQ(j.at("split").at("method"), "walk-forward");
  EXPECT_EQ(j.at("split").at("folds"), 3);
  EXPECT_EQ(j.at("rows"), data().rows());
  ASSERT_EQ(j.at("folds").size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& fold = j.at("folds")[k];
    const auto& result = report_->folds[k];
    EXPECT_EQ(fold.at("fold"), k + 1);
    EXPECT_EQ(fold.at("test").at("rows"), result.test_rows);
    EXPECT_EQ(fold.at("test").at("start"), format_date(result.test_start));
    EXPECT_EQ(fold.at("train").at("purged"), result.purged);
    EXPECT_EQ(metrics_from_json(fold.at("baselines").at("always_up")).accuracy, result.scores.always_up.accuracy);
    EXPECT_EQ(metrics_from_json(fold.at("baselines").at("majority")).accuracy, result.scores.majority.accuracy);
    EXPECT_EQ(metrics_from_json(fold.at("model")).roc_auc, result.scores.model.roc_auc);
  }
  EXPECT_EQ(j.at("pooled").at("model").at("count"), report_->pooled.model.count);

  const auto text = format_report(*report_);
  EXPECT_NE(text.find("Split: walk-forward (3 folds, embargo 5 dates), 11550 labelled rows"), std::string::npos)
      << text;
  EXPECT_NE(text.find(fmt::format("fold 1: train {}..", format_date(data().date.front()))), std::string::npos) << text;
  EXPECT_NE(text.find("fold 3:"), std::string::npos);
  EXPECT_NE(text.find("baseline: majority"), std::string::npos);
  EXPECT_NE(text.find("baseline: always up"), std::string::npos);
  EXPECT_NE(text.find("pooled out-of-fold"), std::string::npos);
  EXPECT_EQ(text.find("WARNING"), std::string::npos);
  auto random = *report_;
  random.split.method = "random";
  EXPECT_NE(format_report(random).find("WARNING: a shuffled split leaks"), std::string::npos);
}

// ---------------------------------------------------------------- evaluate_folds on hand-made folds

std::unique_ptr<Model> tiny_model() {
  XGBoostParams params;
  params.n_estimators = 5;
  params.max_depth = 2;
  params.threads = 1;
  return std::make_unique<XGBoostClassifier>(params);
}

TEST(EvaluateFolds, SkipsEmptyFoldsAndReportsProgress) {
  const auto data = synthetic::synthetic_dataset(200);
  std::vector<Fold> folds(3);
  for (std::size_t r = 0; r < 100; ++r) folds[0].train.push_back(r);
  for (std::size_t r = 100; r < 200; ++r) folds[0].test.push_back(r);
  folds[0].test_start = data.date[100];
  folds[0].test_end = data.date[199];
  folds[1].test = {150, 151};  // no training rows: skipped
  for (std::size_t r = 0; r < 150; ++r) folds[2].train.push_back(r);
  for (std::size_t r = 150; r < 200; ++r) folds[2].test.push_back(r);
  folds[2].purged = 7;

  std::vector<std::array<int, 4>> calls;
  const auto report =
      evaluate_folds(data, {"walk-forward", 3, 0, 1}, folds, tiny_model, [&](int f, int total, int round, int rounds) {
        calls.push_back({f, total, round, rounds});
      });
  ASSERT_EQ(report.folds.size(), 2u);
  EXPECT_EQ(report.folds[0].index, 1);
  EXPECT_EQ(report.folds[1].index, 3);
  EXPECT_EQ(report.folds[1].purged, 7u);
  EXPECT_EQ(report.folds[0].train_rows, 100u);
  EXPECT_EQ(report.folds[0].test_rows, 100u);
  EXPECT_EQ(report.folds[0].train_start, data.date[0]);
  EXPECT_EQ(report.folds[0].train_end, data.date[99]);
  EXPECT_EQ(report.pooled.model.count, 150u);
  EXPECT_EQ(report.rows, 200u);
  ASSERT_EQ(calls.size(), 10u);  // 5 rounds x 2 trained folds
  EXPECT_EQ(calls.front(), (std::array<int, 4>{1, 3, 1, 5}));
  EXPECT_EQ(calls.back(), (std::array<int, 4>{3, 3, 5, 5}));
  // The model learns the synthetic pattern out of sample.
  EXPECT_GT(report.folds[0].scores.model.roc_auc, 0.85);
}

TEST(EvaluateFolds, MajorityFollowsTheTrainingPrior) {
  // Train on rows whose labels are mostly 0, test on a mixed block.
  auto data = synthetic::synthetic_dataset(40);
  for (std::size_t r = 0; r < 20; ++r) data.y[r] = r < 5 ? 1.0 : 0.0;    // prior 0.25
  for (std::size_t r = 20; r < 40; ++r) data.y[r] = r < 32 ? 1.0 : 0.0;  // 12 of 20 = 0.6
  std::vector<Fold> folds(1);
  for (std::size_t r = 0; r < 20; ++r) folds[0].train.push_back(r);
  for (std::size_t r = 20; r < 40; ++r) folds[0].test.push_back(r);
  const auto report = evaluate_folds(data, {}, folds, tiny_model);
  ASSERT_EQ(report.folds.size(), 1u);
  const auto& s = report.folds[0].scores;
  EXPECT_NEAR(report.folds[0].train_positive_rate, 0.25, 1e-12);
  EXPECT_NEAR(s.majority.accuracy, 0.4, 1e-12);  // predicts 0: right on the 8 negatives
  EXPECT_EQ(s.majority.precision, 0.0);
  EXPECT_NEAR(s.always_up.accuracy, 0.6, 1e-12);
  EXPECT_NEAR(s.always_up.brier, 0.6 * 0.75 * 0.75 + 0.4 * 0.25 * 0.25, 1e-12);
}

}  // namespace
}  // namespace mp::ml
