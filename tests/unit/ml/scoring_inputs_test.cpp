// Scoring sees the universe training saw, and never scores a missing feature silently (issue 8:
// MSFT 0.669 -> 0.756 after 60 unrelated imports; 0.921 with the macro file removed, exit 0).
#include "ml/scoring_inputs.hpp"

#include "dow_sample.hpp"
#include "features/feature_pipeline.hpp"
#include "ml/aux_data_builder.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <random>

namespace mp::ml {
namespace {

namespace fs = std::filesystem;

SourcesConfig sample_sources() {
  SourcesConfig sources;
  sources.macro_files = {(fs::path(MP_SOURCE_DIR) / "data/sample/macro/fred_monthly_selected.csv").string()};
  return sources;
}

// The sample's five symbols with the macro and breadth features, trained once.
class ScoringInputsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto setup = sample::small_setup();
    setup.feature_set =
        "close_to_sma_50,rsi_14,macro_treasury_10y,macro_yield_curve_slope,market_advance_decline,"
        "market_share_above_sma_50";
    setup.features = features::FeatureRegistry::builtin().resolve(setup.feature_set);
    setup.sources = sample_sources();
    auto result = train_model(sample::dow5(), setup);
    std::random_device rd;
    dir_ = fs::temp_directory_path() / fmt::format("mp_scoring_inputs_test_{:x}{:x}", rd(), rd());
    save_model_bundle(result.bundle, dir_);  // through the file format, as serving loads it
    predictor_ = std::make_unique<Predictor>(load_model_bundle(dir_));
  }
  static void TearDownTestSuite() {
    predictor_.reset();
    fs::remove_all(dir_);
  }

  // A symbol on the sample's calendar that rises every day: it changes the breadth of any
  // universe it joins.
  static SymbolSeries rising(const std::string& symbol) {
    const auto& msft = sample::dow5().at("MSFT");
    SymbolSeries s(symbol);
    for (std::size_t i = 0; i < msft.size(); ++i) {
      const double price = 10.0 * (1.0 + 0.001 * static_cast<double>(i));
      s.push_back(Bar{msft.dates()[i], price, price, price, price, price, 1000});
    }
    return s;
  }

  static std::unique_ptr<Predictor> predictor_;
  static fs::path dir_;
};
std::unique_ptr<Predictor> ScoringInputsTest::predictor_;
fs::path ScoringInputsTest::dir_;

TEST_F(ScoringInputsTest, BundleRecordsItsUniverseAndWhereEachFeatureHadData) {
  EXPECT_EQ(predictor_->universe(), (std::vector<std::string>{"AA", "IBM", "KO", "MSFT", "WMT"}));
  const auto& coverage = predictor_->bundle().coverage;
  ASSERT_EQ(coverage.size(), 6u);
  EXPECT_EQ(coverage.at("macro_treasury_10y").with_data.size(), 5u);
  EXPECT_TRUE(coverage.at("macro_treasury_10y").with_gaps.empty());
  EXPECT_EQ(coverage.at("market_advance_decline").with_data.size(), 5u);
}

TEST_F(ScoringInputsTest, UnrelatedSymbolsInTheStoreDoNotChangeAPrediction) {
  const auto alone = scoring_inputs(*predictor_, sample::dow5(), sample_sources());
  Panel crowded = sample::dow5();
  for (int i = 0; i < 60; ++i) crowded.add(rising(fmt::format("NEW{}", i)));
  const auto with_others = scoring_inputs(*predictor_, crowded, sample_sources());
  const auto a = score_latest(*predictor_, alone, "MSFT");
  const auto b = score_latest(*predictor_, with_others, "MSFT");
  EXPECT_FALSE(a.degraded()) << describe_missing(a);
  EXPECT_EQ(a.probability, b.probability);
  // The breadth MSFT sees is over the five symbols, not the 65 (all 60 new ones rose that day).
  const auto* columns = features::aux_for(&with_others.aux, "MSFT");
  const auto* reference = features::aux_for(&alone.aux, "MSFT");
  ASSERT_NE(columns, nullptr);
  EXPECT_EQ(columns->find("market.advance_decline")->back(), reference->find("market.advance_decline")->back());
  // A symbol outside the universe is scored against the universe's breadth too.
  const auto outsider = score_latest(*predictor_, with_others, "NEW3");
  EXPECT_FALSE(outsider.degraded());
  EXPECT_EQ(features::aux_for(&with_others.aux, "NEW3")->find("market.advance_decline")->back(),
            reference->find("market.advance_decline")->back());
}

TEST_F(ScoringInputsTest, AMissingMacroFileMakesThePredictionDegradedNamingFeatureAndSource) {
  SourcesConfig none;
  none.macro_files.clear();  // the macro file removed
  const auto inputs = scoring_inputs(*predictor_, sample::dow5(), none);
  const auto p = score_latest(*predictor_, inputs, "MSFT");
  ASSERT_TRUE(p.degraded());
  ASSERT_EQ(p.missing.size(), 2u);
  EXPECT_EQ(p.missing[0].feature, "macro_treasury_10y");
  EXPECT_EQ(p.missing[1].feature, "macro_yield_curve_slope");
  EXPECT_EQ(describe_missing(p),
            "MSFT 2001-01-02: no data for macro_treasury_10y, macro_yield_curve_slope from macro data ([sources] "
            "macro_files) (the model had data for them in training)");
}

// A feature that was NaN on some training rows after its first value (a PEG while earnings shrink)
// is NaN by its definition there: a NaN at the scored date is not missing data for that symbol.
TEST_F(ScoringInputsTest, ANaNThatTheFeatureHadInTrainingIsNotMissingData) {
  auto bundle = load_model_bundle(dir_);
  bundle.coverage.at("macro_treasury_10y").with_gaps = {"MSFT"};
  const Predictor with_gaps(std::move(bundle));
  SourcesConfig none;
  none.macro_files.clear();
  const auto inputs = scoring_inputs(with_gaps, sample::dow5(), none);
  const auto msft = score_latest(with_gaps, inputs, "MSFT");
  ASSERT_EQ(msft.missing.size(), 1u);  // only the slope: treasury_10y had gaps for MSFT
  EXPECT_EQ(msft.missing[0].feature, "macro_yield_curve_slope");
  EXPECT_EQ(score_latest(with_gaps, inputs, "IBM").missing.size(), 2u);  // no gaps for IBM
}

TEST_F(ScoringInputsTest, AUniverseSymbolMissingFromTheBarsMakesBreadthFeaturesMissing) {
  const auto four = sample::dow5().select({"AA", "IBM", "MSFT", "WMT"});
  const auto inputs = scoring_inputs(*predictor_, four, sample_sources());
  EXPECT_EQ(inputs.absent_universe, (std::vector<std::string>{"KO"}));
  const auto p = score_latest(*predictor_, inputs, "MSFT");
  ASSERT_EQ(p.missing.size(), 2u);
  EXPECT_EQ(p.missing[0].feature, "market_advance_decline");
  EXPECT_NE(p.missing[0].source.find("no bars for KO"), std::string::npos) << p.missing[0].source;
}

TEST_F(ScoringInputsTest, SymbolsForScoringAreTheScoredOnesThenTheUniverse) {
  EXPECT_EQ(symbols_for_scoring(*predictor_, {"XYZ", "KO"}),
            (std::vector<std::string>{"XYZ", "KO", "AA", "IBM", "MSFT", "WMT"}));
}

}  // namespace
}  // namespace mp::ml
