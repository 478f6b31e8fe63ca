// Market breadth and sector performance from a universe's own prices: hand-made panels with
// values computed by hand, the no-look-ahead property on the real Dow 30 sample, and the
// registered macro/market features.
#include "features/market_breadth.hpp"

#include "data/csv_import.hpp"
#include "features/feature_pipeline.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace mp::features {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Date day(int n) { return *parse_date("2020-01-01") + std::chrono::days{n}; }

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

// A close-only series; a NaN close means "no bar that day".
SymbolSeries closes(const std::string& symbol, const std::vector<double>& values, int first_day = 0) {
  SymbolSeries series(symbol);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    series.push_back(Bar{day(first_day + static_cast<int>(i)), kNaN, kNaN, kNaN, values[i], values[i], kNaN});
  }
  return series;
}

const std::vector<double>& col(const AuxData& aux, const std::string& symbol, const char* name) {
  return *aux.at(symbol).find(name);
}

TEST(MarketBreadth, AdvanceDeclineOnAThreeSymbolPanel) {
  Panel panel;
  panel.add(closes("A", {10, 11, 11, 12}));
  panel.add(closes("B", {20, 19, 19, 21}));
  panel.add(closes("C", {30, 31, kNaN, 33}));  // no bar on day 2
  const AuxData aux = build_market_columns(panel, {});
  const auto& a = col(aux, "A", kAdvanceDeclineColumn);
  ASSERT_EQ(a.size(), 4U);
  EXPECT_TRUE(std::isnan(a[0]));  // nobody has a previous close
  EXPECT_EQ(a[1], 2.0);           // A and C up, B down: 2 / 1
  EXPECT_EQ(a[2], 1.0);           // A and B unchanged, C absent: neutral
  EXPECT_EQ(a[3], 3.0);           // all three up (C against its previous bar, day 1): 3 / max(0, 1)
  const auto& c = col(aux, "C", kAdvanceDeclineColumn);
  ASSERT_EQ(c.size(), 3U);  // aligned to C's own dates
  EXPECT_EQ(c[1], 2.0);
  EXPECT_EQ(c[2], 3.0);
}

TEST(MarketBreadth, ShareAboveTheFiftyDaySma) {
  std::vector<double> rising(60), falling(60), flat(50, 50.0);
  for (int t = 0; t < 60; ++t) {
    rising[t] = 100.0 + t;
    falling[t] = 100.0 - t;
  }
  Panel panel;
  panel.add(closes("A", rising));    // SMA50 at t=49 is 124.5 < 149: above
  panel.add(closes("B", falling));   // 75.5 > 51: below
  panel.add(closes("C", flat, 10));  // days 10..59, equal to its SMA: not above (strictly)
  const AuxData aux = build_market_columns(panel, {});
  const auto& share = col(aux, "A", kShareAboveSma50Column);
  EXPECT_TRUE(std::isnan(share[48]));                                      // nobody has 50 closes yet
  EXPECT_DOUBLE_EQ(share[49], 0.5);                                        // A above, B below; C has 40 closes
  EXPECT_DOUBLE_EQ(share[58], 0.5);                                        // C has 49
  EXPECT_DOUBLE_EQ(share[59], 1.0 / 3.0);                                  // C has 50, at its SMA
  EXPECT_DOUBLE_EQ(col(aux, "C", kShareAboveSma50Column)[49], 1.0 / 3.0);  // C's row 49 is day 59
}

TEST(MarketBreadth, SectorRelativeReturnByHand) {
  // Flat for 20 rows, then one move: the 20-row return on row 20 is end / start - 1.
  auto move = [](double start, double end) {
    std::vector<double> v(21, start);
    v[20] = end;
    return v;
  };
  Panel panel;
  panel.add(closes("A", move(100, 120)));  // +0.20, Tech
  panel.add(closes("B", move(50, 55)));    // +0.10, Tech
  panel.add(closes("C", move(40, 36)));    // -0.10, Energy
  panel.add(closes("D", move(10, 10.4)));  // +0.04, sector unknown (still in the universe mean)
  const std::map<std::string, std::string> sectors = {{"A", "Tech"}, {"B", "Tech"}, {"C", "Energy"}, {"Z", "Other"}};
  const AuxData aux = build_market_columns(panel, sectors);
  // Universe mean (0.2 + 0.1 - 0.1 + 0.04) / 4 = 0.06; Tech 0.15; Energy -0.10.
  EXPECT_NEAR(col(aux, "A", kSectorRelativeReturn20Column)[20], 0.09, 1e-12);
  EXPECT_NEAR(col(aux, "B", kSectorRelativeReturn20Column)[20], 0.09, 1e-12);
  EXPECT_NEAR(col(aux, "C", kSectorRelativeReturn20Column)[20], -0.16, 1e-12);
  EXPECT_TRUE(std::isnan(col(aux, "D", kSectorRelativeReturn20Column)[20]));  // unknown sector
  EXPECT_TRUE(std::isnan(col(aux, "A", kSectorRelativeReturn20Column)[19]));  // 20 rows not yet there
}

const Panel& dow_panel() {
  static const Panel panel =
      data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv").panel;
  return panel;
}

// Every series cut after `last`: what was known at its close.
Panel cut_after(const Panel& panel, Date last) {
  Panel out;
  for (const auto& series : panel.series()) {
    const auto dates = series.dates();
    const auto n = static_cast<std::size_t>(std::upper_bound(dates.begin(), dates.end(), last) - dates.begin());
    out.add(series.truncated(n));
  }
  return out;
}

TEST(MarketBreadth, NoLookAheadOnTheDowSample) {
  const Panel& panel = dow_panel();
  const auto sectors = dow30_sectors();
  const AuxData full = build_market_columns(panel, sectors);
  const auto dates = panel.at("IBM").dates();
  for (const std::size_t cut : {0UL, 1UL, 20UL, 49UL, 50UL, 700UL, dates.size() / 2, dates.size() - 2}) {
    const Panel partial_panel = cut_after(panel, dates[cut]);
    const AuxData partial = build_market_columns(partial_panel, sectors);
    for (const auto& series : partial_panel.series()) {
      for (const char* name : {kAdvanceDeclineColumn, kShareAboveSma50Column, kSectorRelativeReturn20Column}) {
        const auto& p = col(partial, series.symbol(), name);
        const auto& f = col(full, series.symbol(), name);
        ASSERT_EQ(p.size(), cut + 1);
        for (std::size_t t = 0; t <= cut; ++t) {
          ASSERT_TRUE(same_value(p[t], f[t])) << name << " " << series.symbol() << " row " << t << " cut " << cut;
        }
      }
    }
  }
  // Values on the sample are in range and defined once the windows are full.
  const std::size_t last = dates.size() - 1;
  EXPECT_GT(col(full, "IBM", kAdvanceDeclineColumn)[last], 0.0);
  EXPECT_EQ(col(full, "IBM", kAdvanceDeclineColumn)[1], 1.0);  // the sample's first two rows are equal
  EXPECT_GE(col(full, "IBM", kShareAboveSma50Column)[last], 0.0);
  EXPECT_LE(col(full, "IBM", kShareAboveSma50Column)[last], 1.0);
  EXPECT_FALSE(std::isnan(col(full, "IBM", kSectorRelativeReturn20Column)[last]));
}

TEST(MarketBreadth, DowSectorsCoverTheSample) {
  const auto sectors = dow30_sectors();
  EXPECT_EQ(sectors.size(), 30U);
  for (const auto& symbol : dow_panel().symbols()) EXPECT_TRUE(sectors.count(symbol)) << symbol;
  EXPECT_EQ(sectors.at("MSFT"), "Information Technology");
  EXPECT_EQ(sectors.at("XOM"), "Energy");
  EXPECT_EQ(sectors.at("T"), "Telecommunication Services");
}

TEST(MarketFeatures, RegisteredAndReadTheirColumns) {
  const auto& registry = FeatureRegistry::builtin();
  const std::vector<std::string> macro = {"macro_vix",
                                          "macro_vix_change_20",
                                          "macro_treasury_10y",
                                          "macro_treasury_10y_change_3m",
                                          "macro_yield_curve_slope",
                                          "macro_dollar_index",
                                          "macro_dollar_index_change_3m"};
  const std::vector<std::string> market = {"market_advance_decline", "market_share_above_sma_50",
                                           "market_sector_relative_return_20"};
  const auto& all = registry.sets().at("all");
  for (const auto& name : macro) {
    EXPECT_EQ(registry.get(name).category, "macro");
    EXPECT_EQ(registry.get(name).kind, FeatureKind::Model);
    EXPECT_FALSE(registry.get(name).aux_inputs.empty());
    EXPECT_NE(std::find(all.begin(), all.end(), name), all.end());
  }
  for (const auto& name : market) EXPECT_EQ(registry.get(name).category, "market");
  EXPECT_EQ(registry.get("macro_yield_curve_slope").aux_inputs, (std::vector<std::string>{"macro.gs10", "macro.gs3m"}));
  EXPECT_EQ(registry.get("market_advance_decline").aux_inputs, std::vector<std::string>{kAdvanceDeclineColumn});

  // Through the pipeline: the universe columns reach every symbol; without them the features are NaN.
  Panel panel;
  panel.add(closes("A", {10, 11, 11, 12}));
  panel.add(closes("B", {20, 19, 19, 21}));
  panel.add(closes("C", {30, 31, kNaN, 33}));
  const AuxData aux = build_market_columns(panel, {{"A", "X"}, {"B", "X"}, {"C", "Y"}});
  const auto features = registry.resolve("market_advance_decline,market_share_above_sma_50");
  const auto frame = compute_features(panel.at("B"), features, aux_for(&aux, "B"));
  EXPECT_EQ(frame.columns[0][1], 2.0);
  EXPECT_EQ(frame.columns[0][3], 3.0);
  EXPECT_TRUE(std::isnan(frame.columns[1][3]));
  const auto bare = compute_features(panel.at("B"), features);
  for (double v : bare.columns[0]) EXPECT_TRUE(std::isnan(v));
}

}  // namespace
}  // namespace mp::features
