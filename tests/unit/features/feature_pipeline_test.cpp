#include "features/feature_pipeline.hpp"
#include "features/indicators.hpp"

#include "core/error.hpp"
#include "data/csv_import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace {

using mp::features::FeatureRegistry;

mp::SymbolSeries sample_series(const std::string& file, const std::string& symbol) {
  auto result = mp::data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/" + file);
  return result.panel.at(symbol);
}

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

// A value computed at date t must not change when the input is cut off after t.
void expect_no_look_ahead(const mp::SymbolSeries& series, const std::string& set) {
  const auto features = FeatureRegistry::builtin().resolve(set);
  const auto full = mp::features::compute_features(series, features);
  for (std::size_t cut : {1UL, 15UL, 34UL, 60UL, 201UL, 250UL, series.size() / 2, series.size() - 1}) {
    const auto partial = mp::features::compute_features(series.truncated(cut), features);
    ASSERT_EQ(partial.rows(), cut);
    for (std::size_t f = 0; f < features.size(); ++f) {
      for (std::size_t t = 0; t < cut; ++t) {
        ASSERT_TRUE(same_value(partial.columns[f][t], full.columns[f][t]))
            << set << " feature " << features[f]->name << " at row " << t << " changes when cut at " << cut << ": "
            << partial.columns[f][t] << " vs " << full.columns[f][t];
      }
    }
  }
}

TEST(NoLookAhead, ModelFeaturesOnOhlcvSample) {
  expect_no_look_ahead(sample_series("aapl_ohlcv_2013_2018.csv", "AAPL"), "technical9");
}
TEST(NoLookAhead, RawIndicatorsOnOhlcvSample) {
  expect_no_look_ahead(sample_series("aapl_ohlcv_2013_2018.csv", "AAPL"), "technical9_raw");
}
TEST(NoLookAhead, ModelFeaturesOnDowSample) {
  expect_no_look_ahead(sample_series("dowjones30_close_1990_2001.csv", "IBM"), "technical9");
}
// Every technical indicator (technical_raw) and every technical model feature (technical: the
// extended family and the weekly multi-timeframe features included).
TEST(NoLookAhead, AllTechnicalIndicatorsOnOhlcvSample) {
  expect_no_look_ahead(sample_series("aapl_ohlcv_2013_2018.csv", "AAPL"), "technical_raw");
}
TEST(NoLookAhead, AllTechnicalModelFeaturesOnOhlcvSample) {
  expect_no_look_ahead(sample_series("aapl_ohlcv_2013_2018.csv", "AAPL"), "technical");
}
TEST(NoLookAhead, AllTechnicalModelFeaturesOnDowSample) {
  expect_no_look_ahead(sample_series("dowjones30_close_1990_2001.csv", "IBM"), "technical");
}

TEST(ReturnVolatility, MatchesHandComputedSampleStd) {
  // Returns: 0.1, -0.1, 0.2 then 0.0; window 3 -> sample std of {0.1,-0.1,0.2} then {-0.1,0.2,0.0}.
  const std::vector<double> close = {100, 110, 99, 118.8, 118.8};
  std::vector<double> out(close.size());
  mp::features::return_volatility(close, 3, out);
  EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[1]) && std::isnan(out[2]));
  // mean 0.0666.., deviations 0.0333.., -0.1666.., 0.1333.. -> var = (0.00111+0.02777+0.01777)/2
  EXPECT_NEAR(out[3], std::sqrt((1.0 / 900 + 25.0 / 900 + 16.0 / 900) / 2.0), 1e-12);
  // {-0.1, 0.2, 0}: mean 1/30; deviations -4/30, 5/30, -1/30 -> var = (16+25+1)/900/2
  EXPECT_NEAR(out[4], std::sqrt(42.0 / 900 / 2.0), 1e-12);
}

TEST(Registry, WarmupIsTheFirstNonNanRow) {
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  for (const auto& set : {"technical9", "technical9_raw", "technical_raw"}) {
    const auto features = FeatureRegistry::builtin().resolve(set);
    const auto frame = mp::features::compute_features(series, features);
    for (std::size_t f = 0; f < features.size(); ++f) {
      const auto& column = frame.columns[f];
      const auto first = std::find_if(column.begin(), column.end(), [](double v) { return !std::isnan(v); });
      EXPECT_EQ(first - column.begin(), features[f]->warmup) << features[f]->name;
    }
  }
  EXPECT_EQ(mp::features::max_warmup(FeatureRegistry::builtin().resolve("technical9")), 199);
}

TEST(Registry, UnknownFeatureListsTheKnownOnes) {
  try {
    (void)FeatureRegistry::builtin().get("sma_51");
    FAIL() << "expected NotFoundError";
  } catch (const mp::NotFoundError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("unknown feature 'sma_51'"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("sma_50"));
  }
  EXPECT_THROW(FeatureRegistry::builtin().resolve("technical99"), mp::NotFoundError);
}

TEST(Registry, ResolvesSetsAndLists) {
  const auto& registry = FeatureRegistry::builtin();
  const auto raw = mp::features::feature_names(registry.resolve("technical9_raw"));
  EXPECT_EQ(raw, (std::vector<std::string>{"sma_50", "sma_200", "rsi_14", "volatility_30", "momentum_10", "macd",
                                           "macd_signal", "bb_upper", "bb_lower"}));
  EXPECT_EQ(registry.resolve("technical9").size(), 9U);
  const auto list = mp::features::feature_names(registry.resolve("rsi_14,return_10"));
  EXPECT_EQ(list, (std::vector<std::string>{"rsi_14", "return_10"}));
}

TEST(Pipeline, ModelFeaturesAreScaleFreeTransformsOfTheIndicators) {
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  const auto& registry = FeatureRegistry::builtin();
  const auto raw = mp::features::compute_features(series, registry.resolve("technical9_raw"));
  const auto model = mp::features::compute_features(series, registry.resolve("technical9"));
  const auto close = series.adj_close();  // features use the adjusted close
  const std::size_t t = 400;
  EXPECT_DOUBLE_EQ(model.columns[0][t], close[t] / raw.columns[0][t] - 1.0);   // close_to_sma_50
  EXPECT_DOUBLE_EQ(model.columns[1][t], close[t] / raw.columns[1][t] - 1.0);   // close_to_sma_200
  EXPECT_DOUBLE_EQ(model.columns[2][t], raw.columns[2][t]);                    // rsi_14
  EXPECT_DOUBLE_EQ(model.columns[3][t], raw.columns[3][t]);                    // volatility_30
  EXPECT_NEAR(model.columns[4][t], raw.columns[4][t] / close[t - 10], 1e-12);  // return_10
  EXPECT_DOUBLE_EQ(model.columns[5][t], raw.columns[5][t] / close[t]);         // macd_to_close
  EXPECT_DOUBLE_EQ(model.columns[7][t], raw.columns[7][t] / close[t] - 1.0);   // bb_upper_to_close
}

TEST(Pipeline, FeatureNeedingHighLowIsNanOnCloseOnlySeries) {
  FeatureRegistry registry;
  mp::features::FeatureDef range{
      "range",
      mp::features::FeatureKind::Model,
      "technical",
      "",
      "high - low",
      {mp::features::PriceField::HighLow},
      0,
      [](const mp::features::PriceInputs& p, std::span<double> out, mp::features::Workspace&) {
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = p.high[i] - p.low[i];
      }};
  registry.add(range);
  const auto features = registry.resolve("range");
  const auto dow = mp::features::compute_features(sample_series("dowjones30_close_1990_2001.csv", "MSFT"), features);
  EXPECT_TRUE(std::all_of(dow.columns[0].begin(), dow.columns[0].end(), [](double v) { return std::isnan(v); }));
  const auto aapl = mp::features::compute_features(sample_series("aapl_ohlcv_2013_2018.csv", "AAPL"), features);
  // First AAPL bar: (65.414284 - 64.5) scaled by adj/close = 50.961628 / 64.962860.
  EXPECT_NEAR(aapl.columns[0][0], (65.414284 - 64.5) * (50.961628 / 64.962860), 1e-9);
}

}  // namespace
