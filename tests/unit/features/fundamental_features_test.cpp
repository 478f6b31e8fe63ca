// The ten fundamental features: definitions on hand-made auxiliary columns, NaN where the data is
// missing or the ratio is meaningless, NaN (never 0) on the Dow sample, and end to end on the
// hand-made companyfacts fixture.
#include "features/feature_pipeline.hpp"
#include "features/fundamentals_join.hpp"

#include "data/csv_import.hpp"
#include "data/edgar_provider.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mp::features {
namespace {

using ::testing::ElementsAre;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kNames[] = {"pe",
                              "peg",
                              "roe",
                              "debt_to_equity",
                              "profit_margin",
                              "operating_margin",
                              "eps_growth",
                              "revenue_growth",
                              "fcf_yield",
                              "dividend_yield"};

Date d(const char* text) { return *parse_date(text); }

SymbolSeries flat_series(std::size_t rows, double close = 10.0) {
  SymbolSeries series("X");
  for (std::size_t i = 0; i < rows; ++i) {
    series.push_back(
        {d("2020-01-06") + std::chrono::days{static_cast<int>(i)}, close, close, close, close, close, 1.0});
  }
  return series;
}

// The feature's column for a one-symbol frame.
std::vector<double> feature(const FeatureFrame& frame, const std::string& name) {
  const auto it = std::find(frame.names.begin(), frame.names.end(), name);
  EXPECT_NE(it, frame.names.end()) << name;
  return frame.columns[static_cast<std::size_t>(it - frame.names.begin())];
}

TEST(FundamentalFeatures, RegisteredWithTheirAuxiliaryInputs) {
  const auto& registry = FeatureRegistry::builtin();
  const auto set = registry.resolve("fundamental");
  ASSERT_EQ(set.size(), 10u);
  for (std::size_t i = 0; i < set.size(); ++i) {
    EXPECT_EQ(set[i]->name, kNames[i]);
    EXPECT_EQ(set[i]->category, "fundamental");
    EXPECT_EQ(set[i]->kind, FeatureKind::Model);
    EXPECT_EQ(set[i]->warmup, 0);
    EXPECT_FALSE(set[i]->aux_inputs.empty());
    EXPECT_FALSE(set[i]->description.empty());
  }
  EXPECT_THAT(registry.get("pe").aux_inputs, ElementsAre("fund.market_cap", "fund.net_income_ttm"));
  EXPECT_THAT(registry.get("peg").aux_inputs,
              ElementsAre("fund.market_cap", "fund.net_income_ttm", "fund.eps_growth_yoy"));
  EXPECT_THAT(registry.get("dividend_yield").aux_inputs, ElementsAre("fund.dividends_ttm", "fund.market_cap"));
  // "all" carries them too; "technical" does not.
  const auto& all = registry.sets().at("all");
  EXPECT_NE(std::find(all.begin(), all.end(), "fcf_yield"), all.end());
  const auto& technical = registry.sets().at("technical");
  EXPECT_EQ(std::find(technical.begin(), technical.end(), "pe"), technical.end());
}

TEST(FundamentalFeatures, DefinitionsOnHandMadeColumns) {
  // Row 0: an ordinary company. Row 1: a loss and negative equity. Row 2: shrinking EPS and
  // no dividends known. Row 3: nothing known yet.
  AuxColumns aux;
  aux.set(fund::kMarketCap, {1000, 1000, 500, kNaN});
  aux.set(fund::kNetIncomeTtm, {50, -20, 40, kNaN});
  aux.set(fund::kRevenueTtm, {400, 200, 0, kNaN});
  aux.set(fund::kOperatingIncomeTtm, {80, -10, 60, kNaN});
  aux.set(fund::kEquity, {250, -5, 100, kNaN});
  aux.set(fund::kLiabilities, {500, 300, 150, kNaN});
  aux.set(fund::kEpsGrowthYoy, {0.25, 0.5, -0.1, kNaN});
  aux.set(fund::kRevenueGrowthYoy, {0.1, -0.2, 0.0, kNaN});
  aux.set(fund::kFcfTtm, {30, -40, 20, kNaN});
  aux.set(fund::kDividendsTtm, {12, 0, kNaN, kNaN});
  const auto frame = compute_features(flat_series(4), FeatureRegistry::builtin().resolve("fundamental"), &aux);

  const auto pe = feature(frame, "pe");
  EXPECT_DOUBLE_EQ(pe[0], 20.0);   // 1000 / 50
  EXPECT_TRUE(std::isnan(pe[1]));  // a loss: no P/E
  EXPECT_DOUBLE_EQ(pe[2], 12.5);
  const auto peg = feature(frame, "peg");
  EXPECT_DOUBLE_EQ(peg[0], 20.0 / 25.0);  // P/E 20, EPS growth 25 %
  EXPECT_TRUE(std::isnan(peg[1]));        // no P/E
  EXPECT_TRUE(std::isnan(peg[2]));        // shrinking EPS
  const auto roe = feature(frame, "roe");
  EXPECT_DOUBLE_EQ(roe[0], 0.2);
  EXPECT_TRUE(std::isnan(roe[1]));  // negative equity
  EXPECT_DOUBLE_EQ(roe[2], 0.4);
  const auto de = feature(frame, "debt_to_equity");
  EXPECT_DOUBLE_EQ(de[0], 2.0);
  EXPECT_TRUE(std::isnan(de[1]));
  EXPECT_DOUBLE_EQ(de[2], 1.5);
  const auto margin = feature(frame, "profit_margin");
  EXPECT_DOUBLE_EQ(margin[0], 0.125);
  EXPECT_DOUBLE_EQ(margin[1], -0.1);   // losses give negative margins
  EXPECT_TRUE(std::isnan(margin[2]));  // no revenue
  const auto operating = feature(frame, "operating_margin");
  EXPECT_DOUBLE_EQ(operating[0], 0.2);
  EXPECT_DOUBLE_EQ(operating[1], -0.05);
  EXPECT_THAT(feature(frame, "eps_growth"), ElementsAre(0.25, 0.5, -0.1, ::testing::IsNan()));
  EXPECT_THAT(feature(frame, "revenue_growth"), ElementsAre(0.1, -0.2, 0.0, ::testing::IsNan()));
  const auto fcf = feature(frame, "fcf_yield");
  EXPECT_DOUBLE_EQ(fcf[0], 0.03);
  EXPECT_DOUBLE_EQ(fcf[1], -0.04);
  EXPECT_DOUBLE_EQ(fcf[2], 0.04);
  const auto dividend = feature(frame, "dividend_yield");
  EXPECT_DOUBLE_EQ(dividend[0], 0.012);
  EXPECT_DOUBLE_EQ(dividend[1], 0.0);  // a reported zero stays zero
  EXPECT_TRUE(std::isnan(dividend[2]));
  for (const char* name : kNames) EXPECT_TRUE(std::isnan(feature(frame, name)[3])) << name;
}

TEST(FundamentalFeatures, NaNOnTheDowSampleWhichHasNoFundamentals) {
  const auto imported =
      data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv");
  const auto features = FeatureRegistry::builtin().resolve("fundamental");
  // No auxiliary data at all, and auxiliary data of another symbol only.
  AuxData aux;
  aux["AAPL"].set(fund::kMarketCap, {1.0});
  const auto frames =
      compute_panel_features(imported.panel.select({"IBM", "MSFT"}), features, ThreadPool::shared(), &aux);
  ASSERT_EQ(frames.size(), 2u);
  for (const auto& frame : frames) {
    ASSERT_GT(frame.rows(), 2000u);
    for (std::size_t f = 0; f < features.size(); ++f) {
      EXPECT_TRUE(std::all_of(frame.columns[f].begin(), frame.columns[f].end(), [](double v) { return std::isnan(v); }))
          << frame.symbol << " " << features[f]->name;
    }
  }
}

TEST(FundamentalFeatures, EndToEndOnTheCompanyfactsFixture) {
  std::ifstream in(std::filesystem::path(MP_FIXTURES_DIR) / "edgar" / "companyfacts_aapl.json", std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  const auto facts = data::parse_companyfacts(body.str(), "AAPL", 320193);
  SymbolSeries series("AAPL");
  // 2014-01-28 (the Q1 FY2014 filing day) and the next two trading days; close 500, adj 450.
  for (const char* day : {"2014-01-28", "2014-01-29", "2014-01-30"})
    series.push_back({d(day), 500, 500, 500, 500, 450, 1});
  Panel panel;
  panel.add(series);
  AuxData aux;
  add_fundamental_columns(aux, panel, {{"AAPL", facts}});
  const auto frame =
      compute_features(panel.at("AAPL"), FeatureRegistry::builtin().resolve("fundamental"), &aux.at("AAPL"));
  const double ni_before = 36837e6;                            // FY2013, from the 10-K
  const double ni_after = (9547 + 6700 + 7512 + 13072) * 1e6;  // TTM to Q1 FY2014 = 36831e6
  const auto pe = feature(frame, "pe");
  EXPECT_DOUBLE_EQ(pe[0], 500 * 899213000.0 / ni_before);
  EXPECT_DOUBLE_EQ(pe[1], 500 * 892447000.0 / ni_after);  // 12.115...
  EXPECT_NEAR(pe[1], 12.11543, 1e-5);
  EXPECT_DOUBLE_EQ(feature(frame, "roe")[1], ni_after / 129684e6);
  EXPECT_DOUBLE_EQ(feature(frame, "debt_to_equity")[1], 96000.0 / 129684.0);
  EXPECT_DOUBLE_EQ(feature(frame, "profit_margin")[1], ni_after / 173992e6);
  EXPECT_DOUBLE_EQ(feature(frame, "revenue_growth")[1], 173992.0 / 164687.0 - 1.0);
  EXPECT_TRUE(std::isnan(feature(frame, "peg")[1]));  // EPS fell from 44.09 to 40.10 over the year
  EXPECT_DOUBLE_EQ(feature(frame, "fcf_yield")[1], 44815e6 / (500 * 892447000.0));
  EXPECT_DOUBLE_EQ(feature(frame, "dividend_yield")[1], 10815e6 / (500 * 892447000.0));
}

}  // namespace
}  // namespace mp::features
