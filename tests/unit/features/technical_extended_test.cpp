// The extended technical family: hand-computed values for the indicators TA-Lib lacks (VWAP,
// Ichimoku, Keltner), the registry entries and sets, and the scale-free model transforms.
// TA-Lib's own indicators are checked against TA-Lib in talib_golden_test.cpp.
#include "features/feature_pipeline.hpp"
#include "features/indicators.hpp"

#include "data/csv_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace {

using mp::features::FeatureKind;
using mp::features::FeatureRegistry;
using mp::features::PriceField;

mp::SymbolSeries sample_series(const std::string& file, const std::string& symbol) {
  auto result = mp::data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/" + file);
  return result.panel.at(symbol);
}

const std::vector<std::string> kNewIndicators = {"atr_14",
                                                 "adx_14",
                                                 "stoch_k",
                                                 "stoch_d",
                                                 "obv",
                                                 "vwap_20",
                                                 "willr_14",
                                                 "cci_20",
                                                 "sar",
                                                 "ichimoku_tenkan",
                                                 "ichimoku_kijun",
                                                 "ichimoku_senkou_a",
                                                 "ichimoku_senkou_b",
                                                 "keltner_upper",
                                                 "keltner_middle",
                                                 "keltner_lower"};

const std::vector<std::string> kNewModelFeatures = {"atr_14_to_close",
                                                    "adx_14_level",
                                                    "stoch_k_level",
                                                    "stoch_d_level",
                                                    "obv_flow_20",
                                                    "close_to_vwap_20",
                                                    "willr_14_level",
                                                    "cci_20_level",
                                                    "close_to_sar",
                                                    "close_to_ichimoku_tenkan",
                                                    "close_to_ichimoku_kijun",
                                                    "ichimoku_cloud_gap",
                                                    "close_to_keltner_upper",
                                                    "close_to_keltner_lower",
                                                    "keltner_width"};

const std::vector<std::string> kWeeklyFeatures = {"weekly_rsi_14", "weekly_close_to_sma_10", "weekly_volatility_13"};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

std::size_t first_value(const std::vector<double>& column) {
  return static_cast<std::size_t>(std::find_if(column.begin(), column.end(), [](double v) { return !std::isnan(v); }) -
                                  column.begin());
}

TEST(Vwap, MatchesHandComputedRollingWindow) {
  // Typical prices (H+L+C)/3 = 9, 11, 10, 12.
  const std::vector<double> high = {10, 12, 11, 13}, low = {8, 10, 9, 11}, close = {9, 11, 10, 12};
  const std::vector<double> volume = {100, 200, 100, 300};
  std::vector<double> out(4);
  mp::features::vwap(high, low, close, volume, 3, out);
  EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[1]));
  EXPECT_DOUBLE_EQ(out[2], (9 * 100 + 11 * 200 + 10 * 100) / 400.0);   // 10.25
  EXPECT_DOUBLE_EQ(out[3], (11 * 200 + 10 * 100 + 12 * 300) / 600.0);  // 11.333..
}

TEST(Vwap, WindowWithoutVolumeIsNan) {
  const std::vector<double> price = {10, 10, 10, 10}, volume = {5, 0, 0, 0};
  std::vector<double> out(4);
  mp::features::vwap(price, price, price, volume, 2, out);
  EXPECT_DOUBLE_EQ(out[1], 10.0);
  EXPECT_TRUE(std::isnan(out[2]));
  EXPECT_TRUE(std::isnan(out[3]));
}

TEST(Ichimoku, MatchesHandComputedLinesAsKnownAtT) {
  const std::vector<double> high = {5, 7, 6, 9, 8}, low = {3, 4, 2, 6, 7};
  std::vector<double> tenkan(5), kijun(5), span_a(5), span_b(5);
  mp::features::ichimoku(high, low, 2, 3, 4, tenkan, kijun, span_a, span_b);
  // tenkan(2): (7+3)/2, (7+2)/2, (9+2)/2, (9+6)/2
  EXPECT_TRUE(std::isnan(tenkan[0]));
  EXPECT_EQ(tenkan[1], 5.0);
  EXPECT_EQ(tenkan[2], 4.5);
  EXPECT_EQ(tenkan[3], 5.5);
  EXPECT_EQ(tenkan[4], 7.5);
  // kijun(3): (7+2)/2, (9+2)/2, (9+2)/2
  EXPECT_TRUE(std::isnan(kijun[1]));
  EXPECT_EQ(kijun[2], 4.5);
  EXPECT_EQ(kijun[3], 5.5);
  EXPECT_EQ(kijun[4], 5.5);
  // senkou A = (tenkan + kijun)/2 at the same date, not shifted forward.
  EXPECT_TRUE(std::isnan(span_a[1]));
  EXPECT_EQ(span_a[2], 4.5);
  EXPECT_EQ(span_a[3], 5.5);
  EXPECT_EQ(span_a[4], 6.5);
  // senkou B(4): (9+2)/2 twice.
  EXPECT_TRUE(std::isnan(span_b[2]));
  EXPECT_EQ(span_b[3], 5.5);
  EXPECT_EQ(span_b[4], 5.5);
}

TEST(Ichimoku, SenkouSpansAreNotShiftedForwardOnTheSample) {
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  const auto frame =
      mp::features::compute_features(series, FeatureRegistry::builtin().resolve("ichimoku_senkou_a,ichimoku_senkou_b"));
  const auto high = series.high(), low = series.low(), close = series.close(), adj = series.adj_close();
  auto midpoint = [&](std::size_t t, std::size_t period) {  // over the adjusted bars t-period+1..t
    double hh = -1e300, ll = 1e300;
    for (std::size_t i = t + 1 - period; i <= t; ++i) {
      hh = std::max(hh, high[i] * (adj[i] / close[i]));
      ll = std::min(ll, low[i] * (adj[i] / close[i]));
    }
    return (hh + ll) / 2.0;
  };
  for (std::size_t t : {51UL, 300UL, 1259UL}) {
    EXPECT_NEAR(frame.columns[0][t], (midpoint(t, 9) + midpoint(t, 26)) / 2.0, 1e-12) << t;
    EXPECT_NEAR(frame.columns[1][t], midpoint(t, 52), 1e-12) << t;
  }
}

TEST(Keltner, MatchesHandComputedChannel) {
  const std::vector<double> high = {10, 11, 12, 11}, low = {9, 10, 10, 9}, close = {9.5, 10.5, 11, 10};
  std::vector<double> upper(4), middle(4), lower(4);
  mp::features::keltner(high, low, close, 2, 2, 2.0, upper, middle, lower);
  // EMA2 (k = 2/3) seeded with (9.5+10.5)/2 = 10: 10 + (11-10)*2/3, then (10 - 32/3)*2/3 + 32/3.
  // TR: bar1 max(1, 1.5, 0.5) = 1.5, bar2 max(2, 1.5, 0.5) = 2, bar3 max(2, 0, 2) = 2.
  // ATR2: (1.5+2)/2 = 1.75 at bar 2, then (1.75 + 2)/2 = 1.875. First bands at max(2-1, 2) = 2.
  EXPECT_TRUE(std::isnan(middle[0]) && std::isnan(upper[1]) && std::isnan(lower[1]));
  EXPECT_EQ(middle[1], 10.0);  // the EMA exists before the ATR does
  EXPECT_NEAR(middle[2], 32.0 / 3.0, 1e-12);
  EXPECT_NEAR(upper[2], 32.0 / 3.0 + 3.5, 1e-12);
  EXPECT_NEAR(lower[2], 32.0 / 3.0 - 3.5, 1e-12);
  EXPECT_NEAR(middle[3], 92.0 / 9.0, 1e-12);
  EXPECT_NEAR(upper[3], 92.0 / 9.0 + 3.75, 1e-12);
  EXPECT_NEAR(lower[3], 92.0 / 9.0 - 3.75, 1e-12);
}

TEST(TalibEdgeCases, ShortSeriesAreAllWarmUp) {
  const std::vector<double> high = {10, 11, 12}, low = {9, 10, 10}, close = {9.5, 10.5, 11};
  std::vector<double> a(3, 0.0), b(3, 0.0), c(3, 0.0), d(3, 0.0);
  auto all_nan = [](const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
  };
  mp::features::atr(high, low, close, 14, a);
  EXPECT_TRUE(all_nan(a));
  mp::features::adx(high, low, close, 14, a);
  EXPECT_TRUE(all_nan(a));
  mp::features::stochastic(high, low, close, 14, 3, 3, a, b);
  EXPECT_TRUE(all_nan(a) && all_nan(b));
  mp::features::cci(high, low, close, 20, a);
  EXPECT_TRUE(all_nan(a));
  mp::features::ichimoku(high, low, 9, 26, 52, a, b, c, d);
  EXPECT_TRUE(all_nan(a) && all_nan(b) && all_nan(c) && all_nan(d));
  std::vector<double> one(1, 0.0);
  mp::features::parabolic_sar(std::span(high).first(1), std::span(low).first(1), 0.02, 0.2, one);
  EXPECT_TRUE(std::isnan(one[0]));
}

TEST(ParabolicSar, InitialDirectionFollowsTheFirstDirectionalMovement) {
  // Bar 1's low falls 2 while its high falls 0.5: -DM > +DM -> short; the first SAR is bar 0's high.
  std::vector<double> out(2);
  mp::features::parabolic_sar(std::vector<double>{10, 9.5}, std::vector<double>{9, 7}, 0.02, 0.2, out);
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_EQ(out[1], 10.0);
  // No -DM (the low rises): long; the first SAR is bar 0's low.
  mp::features::parabolic_sar(std::vector<double>{10, 11}, std::vector<double>{9, 9.5}, 0.02, 0.2, out);
  EXPECT_EQ(out[1], 9.0);
  // Short, but bar 1's high reaches bar 0's high: the trade reverses on bar 1 already and the SAR
  // is the short's extreme point, bar 1's low.
  mp::features::parabolic_sar(std::vector<double>{10, 10.5}, std::vector<double>{9, 7}, 0.02, 0.2, out);
  EXPECT_EQ(out[1], 7.0);
}

TEST(Cci, LongPeriodsRecomputeTheCircularBufferOrder) {
  // Above the 256-bar stack ring the kernel recomputes each slot: same values as the ring path
  // would give, checked against a direct definition.
  std::vector<double> high(700), low(700), close(700), out(700);
  for (std::size_t i = 0; i < high.size(); ++i) {
    close[i] = 100 + 10 * std::sin(0.05 * static_cast<double>(i));
    high[i] = close[i] + 1 + 0.1 * static_cast<double>(i % 7);
    low[i] = close[i] - 1 - 0.1 * static_cast<double>(i % 5);
  }
  mp::features::cci(high, low, close, 300, out);
  EXPECT_TRUE(std::isnan(out[298]));
  for (std::size_t t : {299UL, 500UL, 699UL}) {
    double mean = 0, mad = 0;
    for (std::size_t i = t - 299; i <= t; ++i) mean += (high[i] + low[i] + close[i]) / 3;
    mean /= 300;
    for (std::size_t i = t - 299; i <= t; ++i) mad += std::abs((high[i] + low[i] + close[i]) / 3 - mean);
    const double expected = ((high[t] + low[t] + close[t]) / 3 - mean) / (0.015 * (mad / 300));
    EXPECT_NEAR(out[t], expected, 1e-9 * std::abs(expected)) << t;
  }
}

TEST(TechnicalExtended, RawIndicatorsAreRegisteredAsIndicatorsWithTheirInputs) {
  const auto& registry = FeatureRegistry::builtin();
  for (const auto& name : kNewIndicators) {
    const auto& def = registry.get(name);
    EXPECT_EQ(def.kind, FeatureKind::Indicator) << name;
    EXPECT_EQ(def.category, "technical") << name;
    EXPECT_FALSE(def.description.empty()) << name;
  }
  auto inputs = [&](const std::string& name) { return registry.get(name).inputs; };
  EXPECT_EQ(inputs("atr_14"), std::vector<PriceField>{PriceField::HighLow});
  EXPECT_EQ(inputs("obv"), std::vector<PriceField>{PriceField::Volume});
  EXPECT_EQ(inputs("vwap_20"), (std::vector<PriceField>{PriceField::HighLow, PriceField::Volume}));
  EXPECT_EQ(inputs("keltner_middle"), std::vector<PriceField>{PriceField::Close});  // EMA20 of the close
}

TEST(TechnicalExtended, TechnicalRawIsTechnical9RawFollowedByTheSixteen) {
  const auto& registry = FeatureRegistry::builtin();
  auto expected = registry.sets().at("technical9_raw");
  expected.insert(expected.end(), kNewIndicators.begin(), kNewIndicators.end());
  EXPECT_EQ(registry.sets().at("technical_raw"), expected);
  EXPECT_EQ(expected.size(), 25U);
}

TEST(TechnicalExtended, ModelFeaturesJoinTheTechnicalAndAllSets) {
  const auto& registry = FeatureRegistry::builtin();
  const auto& technical = registry.sets().at("technical");
  const auto& all = registry.sets().at("all");
  auto models = kNewModelFeatures;
  models.insert(models.end(), kWeeklyFeatures.begin(), kWeeklyFeatures.end());
  for (const auto& name : models) {
    EXPECT_EQ(registry.get(name).kind, FeatureKind::Model) << name;
    EXPECT_EQ(registry.get(name).category, "technical") << name;
    EXPECT_NE(std::find(technical.begin(), technical.end(), name), technical.end()) << name;
    EXPECT_NE(std::find(all.begin(), all.end(), name), all.end()) << name;
  }
  for (const auto& name : kNewIndicators) {  // price-unit indicators stay out of the model's sets
    EXPECT_EQ(std::find(technical.begin(), technical.end(), name), technical.end()) << name;
  }
}

TEST(TechnicalExtended, WarmupIsTheFirstNonNanRow) {
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  auto names = kNewIndicators;
  names.insert(names.end(), kNewModelFeatures.begin(), kNewModelFeatures.end());
  const auto features = FeatureRegistry::builtin().resolve(joined(names));
  const auto frame = mp::features::compute_features(series, features);
  for (std::size_t f = 0; f < features.size(); ++f) {
    EXPECT_EQ(first_value(frame.columns[f]), static_cast<std::size_t>(features[f]->warmup)) << features[f]->name;
    EXPECT_TRUE(std::none_of(frame.columns[f].begin() + features[f]->warmup, frame.columns[f].end(),
                             [](double v) { return std::isnan(v); }))
        << features[f]->name << " has a NaN after its warm-up";
  }
}

TEST(TechnicalExtended, WeeklyWarmupIsALowerBoundAndTheFirstDayOfTheNeededWeek) {
  // AAPL starts on Monday 2013-05-13; holidays (Memorial Day, July 4th, Labor Day) shorten weeks.
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  const auto features = FeatureRegistry::builtin().resolve(joined(kWeeklyFeatures));
  const auto frame = mp::features::compute_features(series, features);
  const std::vector<std::string> first_dates = {"2013-08-19", "2013-07-15", "2013-08-12"};  // weeks 15, 10, 14
  for (std::size_t f = 0; f < features.size(); ++f) {
    const auto first = first_value(frame.columns[f]);
    EXPECT_GE(first, static_cast<std::size_t>(features[f]->warmup)) << features[f]->name;
    EXPECT_EQ(mp::format_date(frame.dates[first]), first_dates[f]) << features[f]->name;
  }
}

TEST(TechnicalExtended, CloseOnlySeriesGivesNanForHighLowAndVolumeFeatures) {
  const auto dow = sample_series("dowjones30_close_1990_2001.csv", "IBM");
  auto names = kNewIndicators;
  names.insert(names.end(), kNewModelFeatures.begin(), kNewModelFeatures.end());
  names.insert(names.end(), kWeeklyFeatures.begin(), kWeeklyFeatures.end());
  const auto features = FeatureRegistry::builtin().resolve(joined(names));
  const auto frame = mp::features::compute_features(dow, features);
  for (std::size_t f = 0; f < features.size(); ++f) {
    const auto& column = frame.columns[f];
    const bool close_only = features[f]->inputs == std::vector<PriceField>{PriceField::Close};
    if (close_only) {  // keltner_middle and the weekly features only read the close
      EXPECT_LT(first_value(column), column.size()) << features[f]->name;
    } else {
      EXPECT_TRUE(std::all_of(column.begin(), column.end(), [](double v) { return std::isnan(v); }))
          << features[f]->name;
    }
  }
}

TEST(TechnicalExtended, ModelFeaturesAreScaleFreeTransformsOfTheIndicators) {
  const auto series = sample_series("aapl_ohlcv_2013_2018.csv", "AAPL");
  const auto& registry = FeatureRegistry::builtin();
  const auto raw = mp::features::compute_features(series, registry.resolve(joined(kNewIndicators)));
  const auto model = mp::features::compute_features(series, registry.resolve(joined(kNewModelFeatures)));
  auto r = [&](const std::string& name, std::size_t t) {
    const auto it = std::find(raw.names.begin(), raw.names.end(), name);
    return raw.columns[static_cast<std::size_t>(it - raw.names.begin())][t];
  };
  auto m = [&](const std::string& name, std::size_t t) {
    const auto it = std::find(model.names.begin(), model.names.end(), name);
    return model.columns[static_cast<std::size_t>(it - model.names.begin())][t];
  };
  const auto close = series.adj_close();
  const auto volume = series.volume();
  for (std::size_t t : {60UL, 400UL, 1259UL}) {
    EXPECT_DOUBLE_EQ(m("atr_14_to_close", t), r("atr_14", t) / close[t]);
    EXPECT_EQ(m("adx_14_level", t), r("adx_14", t));
    EXPECT_EQ(m("stoch_k_level", t), r("stoch_k", t));
    EXPECT_EQ(m("stoch_d_level", t), r("stoch_d", t));
    EXPECT_EQ(m("willr_14_level", t), r("willr_14", t));
    EXPECT_EQ(m("cci_20_level", t), r("cci_20", t));
    double volume_20 = 0;
    for (std::size_t i = t - 19; i <= t; ++i) volume_20 += volume[i];
    EXPECT_NEAR(m("obv_flow_20", t), (r("obv", t) - r("obv", t - 20)) / volume_20, 1e-12);
    EXPECT_GE(m("obv_flow_20", t), -1.0);
    EXPECT_LE(m("obv_flow_20", t), 1.0);
    EXPECT_DOUBLE_EQ(m("close_to_vwap_20", t), close[t] / r("vwap_20", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("close_to_sar", t), close[t] / r("sar", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("close_to_ichimoku_tenkan", t), close[t] / r("ichimoku_tenkan", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("close_to_ichimoku_kijun", t), close[t] / r("ichimoku_kijun", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("ichimoku_cloud_gap", t), (r("ichimoku_senkou_a", t) - r("ichimoku_senkou_b", t)) / close[t]);
    EXPECT_DOUBLE_EQ(m("close_to_keltner_upper", t), close[t] / r("keltner_upper", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("close_to_keltner_lower", t), close[t] / r("keltner_lower", t) - 1.0);
    EXPECT_DOUBLE_EQ(m("keltner_width", t), (r("keltner_upper", t) - r("keltner_lower", t)) / r("keltner_middle", t));
  }
  // Oscillators stay in their ranges over the whole sample.
  for (std::size_t t = 30; t < model.rows(); ++t) {
    EXPECT_TRUE(m("stoch_k_level", t) >= 0 && m("stoch_k_level", t) <= 100) << t;
    EXPECT_TRUE(m("willr_14_level", t) >= -100 && m("willr_14_level", t) <= 0) << t;
    EXPECT_TRUE(m("adx_14_level", t) >= 0 && m("adx_14_level", t) <= 100) << t;
  }
}

}  // namespace
