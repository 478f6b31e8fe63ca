#include "ml/training_job.hpp"

#include "core/error.hpp"
#include "dow_sample.hpp"
#include "ml/aux_data_builder.hpp"
#include "ml/predictor.hpp"
#include "ml/signal_band.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <set>

namespace mp::ml {
namespace {

namespace fs = std::filesystem;

Date d(const char* text) { return *parse_date(text); }

// The small setup trained once on five Dow symbols; its bundle saved and loaded back.
class SampleTraining : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setup_ = std::make_unique<TrainingSetup>(sample::small_setup());
    progress_ = std::make_unique<std::vector<std::pair<std::string, double>>>();
    result_ = std::make_unique<TrainingResult>(
        train_model(sample::dow5(), *setup_,
                    [](const std::string& stage, double fraction) { progress_->emplace_back(stage, fraction); }));
    std::random_device rd;
    dir_ = fs::temp_directory_path() / fmt::format("mp_training_job_test_{:x}{:x}", rd(), rd());
    save_model_bundle(result_->bundle, dir_ / "model");
    loaded_ = std::make_unique<ModelBundle>(load_model_bundle(dir_ / "model"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(dir_);
    loaded_.reset();
    result_.reset();
    progress_.reset();
    setup_.reset();
  }
  static const Dataset& labelled() { return result_->data.labelled; }
  static const Dataset& unlabelled() { return result_->data.unlabelled; }

  static std::unique_ptr<TrainingSetup> setup_;
  static std::unique_ptr<TrainingResult> result_;
  static std::unique_ptr<ModelBundle> loaded_;
  static std::unique_ptr<std::vector<std::pair<std::string, double>>> progress_;
  static fs::path dir_;
};
std::unique_ptr<TrainingSetup> SampleTraining::setup_;
std::unique_ptr<TrainingResult> SampleTraining::result_;
std::unique_ptr<ModelBundle> SampleTraining::loaded_;
std::unique_ptr<std::vector<std::pair<std::string, double>>> SampleTraining::progress_;
fs::path SampleTraining::dir_;

// ---------------------------------------------------------------- the dataset

TEST_F(SampleTraining, DatasetRowsAreSortedByDateThenSymbol) {
  for (const auto* data : {&labelled(), &unlabelled()}) {
    ASSERT_EQ(data->symbols, (std::vector<std::string>{"AA", "IBM", "KO", "MSFT", "WMT"}));
    ASSERT_EQ(data->cols(), 9u);
    ASSERT_EQ(data->x.size(), data->rows() * 9);
    ASSERT_EQ(data->y.size(), data->rows());
    ASSERT_EQ(data->label_end.size(), data->rows());
    ASSERT_EQ(data->symbol_index.size(), data->rows());
    for (std::size_t r = 1; r < data->rows(); ++r) {
      const bool increasing = data->date[r - 1] < data->date[r] ||
                              (data->date[r - 1] == data->date[r] && data->symbol_index[r - 1] < data->symbol_index[r]);
      ASSERT_TRUE(increasing) << "row " << r;
    }
  }
  // All five series share the calendar, so rows cycle through the symbols date by date.
  for (std::size_t r = 0; r < 10; ++r) EXPECT_EQ(labelled().symbol_index[r], r % 5);
}

TEST_F(SampleTraining, DatasetCountsAndWarmup) {
  const auto& panel = sample::dow5();
  EXPECT_EQ(result_->data.warmup_rows_excluded, sample::kSymbols * sample::kWarmup);                      // 995
  EXPECT_EQ(labelled().rows(), sample::kSymbols * (sample::kBars - sample::kWarmup - sample::kHorizon));  // 11550
  EXPECT_EQ(unlabelled().rows(), sample::kSymbols * sample::kHorizon);                                    // 100
  EXPECT_EQ(labelled().date.front(), panel.at("AA").dates()[sample::kWarmup]);
  EXPECT_EQ(labelled().date.back(), panel.at("AA").dates()[sample::kBars - 1 - sample::kHorizon]);
  EXPECT_EQ(result_->data.data_fingerprint, panel_fingerprint(panel));
  EXPECT_EQ(
      labelled().feature_names,
      (std::vector<std::string>{"close_to_sma_50", "close_to_sma_200", "rsi_14", "volatility_30", "return_10",
                                "macd_to_close", "macd_signal_to_close", "bb_upper_to_close", "bb_lower_to_close"}));
  // After the warm-up every technical9 feature is defined on the close-only sample.
  for (double v : labelled().x) ASSERT_TRUE(std::isfinite(v));
}

TEST_F(SampleTraining, UnlabelledRowsAreExactlyTheLastHorizonBarsOfEachSymbol) {
  const auto& panel = sample::dow5();
  std::map<std::uint32_t, std::vector<Date>> dates_by_symbol;
  for (std::size_t r = 0; r < unlabelled().rows(); ++r) {
    EXPECT_TRUE(std::isnan(unlabelled().y[r]));
    EXPECT_EQ(unlabelled().label_end[r], unlabelled().date[r]);  // incomplete horizon: its own date
    dates_by_symbol[unlabelled().symbol_index[r]].push_back(unlabelled().date[r]);
  }
  ASSERT_EQ(dates_by_symbol.size(), 5u);
  for (const auto& [s, dates] : dates_by_symbol) {
    const auto all = panel.series()[s].dates();
    const std::vector<Date> last_h(all.end() - sample::kHorizon, all.end());
    EXPECT_EQ(dates, last_h) << panel.series()[s].symbol();
  }
}

TEST_F(SampleTraining, LabelsAreForwardReturnsOnAdjustedCloses) {
  const auto& panel = sample::dow5();
  std::size_t checked = 0, positives = 0;
  for (std::size_t r = 0; r < labelled().rows(); ++r) {
    const auto& series = panel.series()[labelled().symbol_index[r]];
    const auto dates = series.dates();
    const auto t =
        static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), labelled().date[r]) - dates.begin());
    ASSERT_LT(t + sample::kHorizon, series.size());
    const double fwd = series.adj_close()[t + sample::kHorizon] / series.adj_close()[t] - 1.0;
    ASSERT_EQ(labelled().y[r], fwd > 0.02 ? 1.0 : 0.0) << "row " << r;
    ASSERT_EQ(labelled().label_end[r], dates[t + sample::kHorizon]) << "row " << r;
    positives += fwd > 0.02 ? 1 : 0;
    ++checked;
  }
  EXPECT_EQ(checked, 11550u);
  EXPECT_NEAR(labelled().positive_rate(), static_cast<double>(positives) / 11550.0, 1e-12);
}

TEST(PrepareDataset, TooShortHistoryIsDataError) {
  // 210 bars: 199 warm-up rows, 11 left, all within the 20-bar horizon -> nothing labelled.
  Panel panel;
  for (const auto& s : sample::dow5().series()) panel.add(s.truncated(210));
  EXPECT_THROW(prepare_dataset(panel, sample::small_setup()), DataError);
  EXPECT_THROW(prepare_dataset(Panel{}, sample::small_setup()), DataError);
}

// ---------------------------------------------------------------- the job and its bundle

TEST_F(SampleTraining, BundleDescribesTheLabelledRows) {
  const auto& bundle = result_->bundle;
  EXPECT_EQ(bundle.training.rows, labelled().rows());
  EXPECT_EQ(bundle.training.rows, 11550u);
  EXPECT_EQ(bundle.training.symbols, 5u);
  EXPECT_EQ(bundle.training.first, labelled().date.front());
  EXPECT_EQ(bundle.training.last, labelled().date.back());
  EXPECT_LT(bundle.training.last, unlabelled().date.front());
  EXPECT_EQ(bundle.training.positive_rate, labelled().positive_rate());
  EXPECT_EQ(bundle.training.dataset_hash, labelled().content_hash());
  EXPECT_EQ(bundle.training.data_fingerprint, panel_fingerprint(sample::dow5()));
  EXPECT_EQ(bundle.feature_set, "technical9");
  EXPECT_EQ(bundle.feature_names, labelled().feature_names);
  EXPECT_EQ(bundle.label.type, "forward_return");
  EXPECT_EQ(bundle.label.horizon, 20);
  EXPECT_EQ(bundle.label.threshold, 0.02);
  EXPECT_EQ(bundle.metrics, to_json(result_->evaluation));
  EXPECT_EQ(bundle.metrics.at("folds").size(), 3u);
  EXPECT_EQ(bundle.model->params().at("n_estimators"), 20);
  EXPECT_EQ(result_->evaluation.folds.size(), 3u);
  EXPECT_EQ(result_->evaluation.rows, 11550u);
}

TEST(TrainWithSelection, BundleKeepsTheCandidatesTheSpecAndTheChosenColumns) {
  auto setup = sample::small_setup();
  setup.selection.method = "kbest_anova";
  setup.selection.k = 4;
  const auto result = train_model(sample::dow5(), setup);
  const auto& bundle = result.bundle;
  EXPECT_EQ(bundle.candidate_features, features::feature_names(setup.features));
  EXPECT_EQ(bundle.candidate_features.size(), 9u);
  EXPECT_EQ(bundle.selection.method, "kbest_anova");
  ASSERT_EQ(bundle.feature_names.size(), 4u);
  for (const auto& name : bundle.feature_names) {
    EXPECT_NE(std::find(bundle.candidate_features.begin(), bundle.candidate_features.end(), name),
              bundle.candidate_features.end())
        << name;
  }
  EXPECT_EQ(bundle.column_settings, column_settings(setup.sources));
  // Every fold selected on its own training rows, 4 columns each.
  for (const auto& fold : result.evaluation.folds) EXPECT_EQ(fold.selected_features.size(), 4u);
}

TEST_F(SampleTraining, FinalFitIsExactlyTheLabelledRows) {
  // A model fitted by hand on every labelled row, same parameters: bit-identical predictions.
  XGBoostClassifier by_hand(setup_->params);
  std::vector<std::size_t> all(labelled().rows());
  std::iota(all.begin(), all.end(), 0);
  by_hand.fit(labelled(), all);
  std::vector<std::size_t> some_unlabelled(unlabelled().rows());
  std::iota(some_unlabelled.begin(), some_unlabelled.end(), 0);
  EXPECT_EQ(result_->bundle.model->predict_proba(unlabelled(), some_unlabelled),
            by_hand.predict_proba(unlabelled(), some_unlabelled));
  EXPECT_EQ(result_->bundle.model->predict_proba(labelled(), all), by_hand.predict_proba(labelled(), all));
  // Without the last labelled date the model is a different one: the fit used every labelled row.
  std::vector<std::size_t> fewer(all.begin(), all.end() - 5);
  XGBoostClassifier fewer_rows(setup_->params);
  fewer_rows.fit(labelled(), fewer);
  EXPECT_NE(result_->bundle.model->predict_proba(labelled(), all), fewer_rows.predict_proba(labelled(), all));
}

TEST_F(SampleTraining, ReportsProgressThroughTheStages) {
  const auto& p = *progress_;
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p.front(), (std::pair<std::string, double>{"features", 0.0}));
  std::size_t evaluate = 0, final_fit = 0;
  for (const auto& [stage, fraction] : p) {
    EXPECT_GE(fraction, 0.0);
    EXPECT_LE(fraction, 1.0);
    evaluate += stage == "evaluate" ? 1 : 0;
    final_fit += stage == "final fit" ? 1 : 0;
  }
  EXPECT_EQ(evaluate, 60u);   // 3 folds x 20 rounds
  EXPECT_EQ(final_fit, 20u);  // 20 rounds
  EXPECT_EQ(p.back(), (std::pair<std::string, double>{"final fit", 1.0}));
  // The last evaluate report is the end of fold 3: fraction 1.
  const auto last_evaluate = std::find_if(p.rbegin(), p.rend(), [](const auto& e) { return e.first == "evaluate"; });
  EXPECT_NEAR(last_evaluate->second, 1.0, 1e-12);
}

TEST_F(SampleTraining, SavedBundleLoadsToTheSameModel) {
  ASSERT_NE(loaded_->model, nullptr);
  EXPECT_EQ(loaded_->feature_names, result_->bundle.feature_names);
  EXPECT_EQ(loaded_->training.rows, 11550u);
  EXPECT_EQ(loaded_->training.dataset_hash, result_->bundle.training.dataset_hash);
  EXPECT_EQ(loaded_->metrics, result_->bundle.metrics);
  std::vector<std::size_t> rows(unlabelled().rows());
  std::iota(rows.begin(), rows.end(), 0);
  EXPECT_EQ(loaded_->model->predict_proba(unlabelled(), rows),
            result_->bundle.model->predict_proba(unlabelled(), rows));
}

// ---------------------------------------------------------------- serving

TEST_F(SampleTraining, PredictorScoresTheLastBar) {
  const Predictor predictor(load_model_bundle(dir_ / "model"));
  const auto& msft = sample::dow5().at("MSFT");
  const auto prediction = predictor.predict_latest(msft);
  EXPECT_EQ(prediction.symbol, "MSFT");
  EXPECT_EQ(prediction.as_of, d("2001-01-02"));
  EXPECT_EQ(prediction.as_of, msft.dates().back());
  EXPECT_GT(prediction.probability, 0.0);
  EXPECT_LT(prediction.probability, 1.0);
  EXPECT_EQ(prediction.signal, signal_band(prediction.probability));

  // The serving path computes the same features as training: it equals the model's score of
  // MSFT's row on that date in the unlabelled set.
  const auto msft_index = static_cast<std::uint32_t>(3);
  ASSERT_EQ(unlabelled().symbols[msft_index], "MSFT");
  std::vector<std::size_t> row;
  for (std::size_t r = 0; r < unlabelled().rows(); ++r) {
    if (unlabelled().symbol_index[r] == msft_index && unlabelled().date[r] == msft.dates().back()) row.push_back(r);
  }
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(prediction.probability, result_->bundle.model->predict_proba(unlabelled(), row).at(0));
}

TEST_F(SampleTraining, PredictorOnAPastCutUsesOnlyBarsUpToIt) {
  // Scoring the series cut after bar 1000 equals scoring that labelled row: no feature looks ahead.
  const Predictor predictor(load_model_bundle(dir_ / "model"));
  const auto& ko = sample::dow5().at("KO");
  const auto cut = ko.truncated(1001);
  const auto prediction = predictor.predict_latest(cut);
  EXPECT_EQ(prediction.as_of, ko.dates()[1000]);
  std::vector<std::size_t> row;
  for (std::size_t r = 0; r < labelled().rows(); ++r) {
    if (labelled().symbols[labelled().symbol_index[r]] == "KO" && labelled().date[r] == ko.dates()[1000]) {
      row.push_back(r);
    }
  }
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(prediction.probability, result_->bundle.model->predict_proba(labelled(), row).at(0));
}

TEST_F(SampleTraining, PredictorNeedsTheFeatureWarmup) {
  const Predictor predictor(load_model_bundle(dir_ / "model"));
  const auto& aa = sample::dow5().at("AA");
  EXPECT_THROW((void)predictor.predict_latest(aa.truncated(199)), DataError);  // SMA200 needs 200 bars
  EXPECT_EQ(predictor.predict_latest(aa.truncated(200)).as_of, aa.dates()[199]);
}

TEST(SignalBand, Boundaries) {
  EXPECT_EQ(signal_band(1.0), "STRONG BUY");
  EXPECT_EQ(signal_band(0.65), "STRONG BUY");
  EXPECT_EQ(signal_band(0.6499), "BUY");
  EXPECT_EQ(signal_band(0.55), "BUY");
  EXPECT_EQ(signal_band(0.5499), "HOLD");
  EXPECT_EQ(signal_band(0.45), "HOLD");
  EXPECT_EQ(signal_band(0.4499), "CONSIDER SELLING");
  EXPECT_EQ(signal_band(0.35), "CONSIDER SELLING");
  EXPECT_EQ(signal_band(0.3499), "SELL");
  EXPECT_EQ(signal_band(0.0), "SELL");
}

// ---------------------------------------------------------------- configuration

TEST(TrainingSetup, FromDefaultConfig) {
  const Config config;
  const auto setup = TrainingSetup::from_config(config);
  EXPECT_EQ(setup.feature_set, "technical9");
  ASSERT_EQ(setup.features.size(), 9u);
  EXPECT_EQ(setup.features[0]->name, "close_to_sma_50");
  EXPECT_EQ(setup.label.type, "forward_return");
  EXPECT_EQ(setup.label.horizon, 90);
  EXPECT_EQ(setup.label.threshold, 0.05);
  EXPECT_EQ(setup.params.n_estimators, 200);
  EXPECT_EQ(setup.params.max_depth, 4);
  EXPECT_EQ(setup.split.method, "walk-forward");
  EXPECT_EQ(setup.split.folds, 5);
  EXPECT_EQ(setup.split.embargo, 10);
  EXPECT_EQ(setup.split.seed, 42u);
}

TEST(TrainingSetup, BadLabelInConfigIsConfigError) {
  Config config;
  config.label.type = "lunar";
  EXPECT_THROW(TrainingSetup::from_config(config), ConfigError);
  config.label.type = "forward_return";
  config.label.horizon = 0;
  EXPECT_THROW(TrainingSetup::from_config(config), ConfigError);
}

}  // namespace
}  // namespace mp::ml

namespace mp::ml {
namespace {

// The champion's spec re-evaluated beside the candidate's must be tested on the same dates and rows;
// evaluated separately, each spec's warm-up moves its folds (technical9 starts 199 rows later than
// rsi_14 alone).
TEST(IdenticalFolds, TwoSpecsWithDifferentWarmUpsAreTestedOnTheSameRows) {
  const auto long_warmup = sample::small_setup();  // technical9: SMA 200
  auto short_warmup = sample::small_setup();
  short_warmup.feature_set = "rsi_14";
  short_warmup.features = features::FeatureRegistry::builtin().resolve("rsi_14");
  const auto short_data = prepare_dataset(sample::dow5(), short_warmup);
  const auto long_data = prepare_dataset(sample::dow5(), long_warmup);
  const auto separately = evaluate_setup(short_data.labelled, short_warmup);
  const auto separately_long = evaluate_setup(long_data.labelled, long_warmup);
  ASSERT_NE(separately.folds[0].test_start, separately_long.folds[0].test_start);  // what went wrong

  const auto paired =
      evaluate_on_identical_folds(sample::dow5(), short_warmup, short_data.labelled, &separately, long_warmup);
  EXPECT_EQ(paired.rows, long_data.labelled.rows());  // the longer warm-up cuts both
  EXPECT_EQ(paired.first.rows, paired.rows);
  EXPECT_EQ(paired.second.rows, paired.rows);
  ASSERT_EQ(paired.first.folds.size(), paired.second.folds.size());
  for (std::size_t k = 0; k < paired.first.folds.size(); ++k) {
    const auto& a = paired.first.folds[k];
    const auto& b = paired.second.folds[k];
    EXPECT_EQ(a.test_start, b.test_start) << k;
    EXPECT_EQ(a.test_end, b.test_end) << k;
    EXPECT_EQ(a.test_rows, b.test_rows) << k;
    EXPECT_EQ(a.train_rows, b.train_rows) << k;
    EXPECT_EQ(a.scores.majority.log_loss, b.scores.majority.log_loss) << k;  // the same labels
  }
  // The long-warm-up side's rows are all of its own: its figures are those of evaluating it alone.
  EXPECT_EQ(paired.second.pooled.model.f1, separately_long.pooled.model.f1);

  auto other_label = long_warmup;
  other_label.label.horizon = 5;
  EXPECT_THROW(evaluate_on_identical_folds(sample::dow5(), short_warmup, short_data.labelled, nullptr, other_label),
               ConfigError);
}

}  // namespace
}  // namespace mp::ml
