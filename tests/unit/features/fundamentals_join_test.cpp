// The point-in-time fundamentals join on the hand-made Apple-like companyfacts fixture
// (tests/fixtures/edgar, see PROVENANCE.md): quarters, TTM sums and growth computed by hand, and
// the property that a filing changes only the rows after its filing date.
#include "features/fundamentals_join.hpp"

#include "data/edgar_provider.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace mp::features {
namespace {

constexpr double kM = 1e6;
constexpr double kClose = 500.0;
constexpr double kAdjClose = 450.0;

Date d(const char* text) { return *parse_date(text); }

std::vector<FundamentalFact> fixture_facts() {
  std::ifstream in(std::filesystem::path(MP_FIXTURES_DIR) / "edgar" / "companyfacts_aapl.json", std::ios::binary);
  EXPECT_TRUE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return data::parse_companyfacts(text.str(), "AAPL", 320193);
}

std::vector<FundamentalFact> of(const std::vector<FundamentalFact>& facts, const std::string& concept_name) {
  std::vector<FundamentalFact> out;
  for (const auto& f : facts) {
    if (f.concept_name == concept_name) out.push_back(f);
  }
  return out;
}

std::vector<FundamentalFact> without_filing(const std::vector<FundamentalFact>& facts, Date filed) {
  std::vector<FundamentalFact> out;
  for (const auto& f : facts) {
    if (f.filed != filed) out.push_back(f);
  }
  return out;
}

// Monday-to-Friday bars (holidays ignored) with a constant close.
SymbolSeries weekdays(const std::string& symbol, Date first, Date last) {
  SymbolSeries series(symbol);
  for (Date day = first; day <= last; day += std::chrono::days{1}) {
    const std::chrono::weekday wd{day};
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) continue;
    series.push_back({day, kClose, kClose, kClose, kClose, kAdjClose, 1000.0});
  }
  return series;
}

Panel aapl_panel() {
  Panel panel;
  panel.add(weekdays("AAPL", d("2012-10-01"), d("2014-03-31")));
  return panel;
}

AuxColumns join(const Panel& panel, const std::vector<FundamentalFact>& facts,
                const FundamentalJoinOptions& options = {}) {
  AuxData aux;
  add_fundamental_columns(aux, panel, {{"AAPL", facts}}, options);
  return aux.at("AAPL");
}

double on(const AuxColumns& aux, const Panel& panel, const char* column, const char* day) {
  const auto dates = panel.at("AAPL").dates();
  const auto it = std::find(dates.begin(), dates.end(), d(day));
  EXPECT_NE(it, dates.end()) << day << " is not a row";
  return (*aux.find(column))[static_cast<std::size_t>(it - dates.begin())];
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

// ---------------------------------------------------------------- quarters and TTM

TEST(FundamentalQuarters, DerivesQuartersFromYearToDatePeriods) {
  // Revenue: Q1..Q3 reported as 3-month periods, Q4 only as FY - 9M (same start).
  const auto quarters = quarterly_values(of(fixture_facts(), "revenue"));
  ASSERT_EQ(quarters.size(), 9u);
  EXPECT_EQ(quarters[3].start, d("2012-07-01"));
  EXPECT_EQ(quarters[3].end, d("2012-09-29"));
  EXPECT_DOUBLE_EQ(quarters[3].value, (156508 - 120542) * kM);  // FY2012 - 9M FY2012 = 35966
  EXPECT_TRUE(quarters[3].derived);
  EXPECT_EQ(quarters[7].start, d("2013-06-30"));
  EXPECT_EQ(quarters[7].end, d("2013-09-28"));
  EXPECT_DOUBLE_EQ(quarters[7].value, (170910 - 133438) * kM);  // 37472
  EXPECT_DOUBLE_EQ(quarters[4].value, 54512 * kM);
  EXPECT_FALSE(quarters[4].derived);
  EXPECT_EQ(quarters[8].end, d("2013-12-28"));
}

TEST(FundamentalQuarters, FourthQuarterIsTheYearMinusThreeQuarters) {
  // Operating income: only 3-month quarters in the 10-Qs, no cumulative periods.
  const auto quarters = quarterly_values(of(fixture_facts(), "operating_income"));
  ASSERT_EQ(quarters.size(), 9u);
  EXPECT_EQ(quarters[3].start, d("2012-07-01"));
  EXPECT_DOUBLE_EQ(quarters[3].value, (55241 - (17340 + 15384 + 11573)) * kM);  // 10944
  EXPECT_TRUE(quarters[3].derived);
  EXPECT_EQ(quarters[7].start, d("2013-06-30"));
  EXPECT_DOUBLE_EQ(quarters[7].value, (48999 - (17210 + 12558 + 9201)) * kM);  // 10030
}

TEST(FundamentalSnapshot, NothingBeforeTheFirstFiling) {
  const auto s = fundamental_snapshot(fixture_facts(), d("2012-10-30"));
  EXPECT_TRUE(std::isnan(s.revenue_ttm));
  EXPECT_TRUE(std::isnan(s.equity));
  EXPECT_TRUE(std::isnan(s.shares));
}

TEST(FundamentalSnapshot, AnnualReportAlone) {
  const auto s = fundamental_snapshot(fixture_facts(), d("2012-10-31"));
  EXPECT_DOUBLE_EQ(s.revenue_ttm, 156508 * kM);
  EXPECT_DOUBLE_EQ(s.revenue_growth_yoy, 156508.0 / 108249.0 - 1.0);
  EXPECT_DOUBLE_EQ(s.net_income_ttm, 41733 * kM);
  EXPECT_DOUBLE_EQ(s.eps_ttm, 44.15);
  EXPECT_DOUBLE_EQ(s.eps_growth_yoy, 44.15 / 27.68 - 1.0);
  EXPECT_DOUBLE_EQ(s.fcf_ttm, (50856 - 8295) * kM);
  EXPECT_DOUBLE_EQ(s.dividends_ttm, 2488 * kM);
  EXPECT_DOUBLE_EQ(s.equity, 118210 * kM);
  EXPECT_DOUBLE_EQ(s.liabilities, 57854 * kM);
  EXPECT_DOUBLE_EQ(s.shares, 940692000);
}

TEST(FundamentalSnapshot, TrailingFourQuartersByHand) {
  const auto facts = fixture_facts();
  // After the Q3 FY2013 10-Q: Q4 FY2012 (derived) + Q1..Q3 FY2013.
  auto s = fundamental_snapshot(facts, d("2013-07-24"));
  EXPECT_DOUBLE_EQ(s.revenue_ttm, (35966 + 54512 + 43603 + 35323) * kM);  // 169404
  EXPECT_TRUE(std::isnan(s.revenue_growth_yoy));  // the year-ago window needs Q4 FY2011: unknown
  EXPECT_DOUBLE_EQ(s.net_income_ttm, ((41733 - 33510) + 13078 + 9547 + 6900) * kM);  // 37748
  EXPECT_NEAR(s.eps_ttm, (44.15 - 35.49) + 13.81 + 10.09 + 7.47, 1e-12);
  // Cash flows are year-to-date in the 10-Qs and FY2012's 9 months are unknown: the latest
  // complete window is still FY2012.
  EXPECT_DOUBLE_EQ(s.fcf_ttm, (50856 - 8295) * kM);
  EXPECT_DOUBLE_EQ(s.equity, 123417 * kM);
  EXPECT_DOUBLE_EQ(s.liabilities, 57854 * kM);
  EXPECT_DOUBLE_EQ(s.shares, 908497000);

  // After the 10-K: the fiscal year itself.
  s = fundamental_snapshot(facts, d("2013-10-30"));
  EXPECT_DOUBLE_EQ(s.revenue_ttm, 170910 * kM);
  EXPECT_DOUBLE_EQ(s.revenue_growth_yoy, 170910.0 / 156508.0 - 1.0);
  EXPECT_DOUBLE_EQ(s.net_income_ttm, 36837 * kM);
  EXPECT_DOUBLE_EQ(s.eps_growth_yoy, 39.41 / 44.15 - 1.0);
  EXPECT_DOUBLE_EQ(s.operating_income_ttm, 48999 * kM);
  EXPECT_DOUBLE_EQ(s.fcf_ttm, (53666 - 8165) * kM);
  EXPECT_DOUBLE_EQ(s.dividends_ttm, 10564 * kM);

  // After Q1 FY2014: Q2, Q3, Q4 (derived) FY2013 + Q1 FY2014.
  s = fundamental_snapshot(facts, d("2014-01-28"));
  EXPECT_DOUBLE_EQ(s.revenue_ttm, (43603 + 35323 + 37472 + 57594) * kM);                     // 173992
  EXPECT_DOUBLE_EQ(s.revenue_growth_yoy, 173992.0 / (39186 + 35023 + 35966 + 54512) - 1.0);  // / 164687
  EXPECT_DOUBLE_EQ(s.net_income_ttm, (9547 + 6700 + (36837 - 29325) + 13072) * kM);          // restated Q3: 36831
  EXPECT_DOUBLE_EQ(s.operating_income_ttm, (12558 + 9201 + 10030 + 17463) * kM);             // 49252
  EXPECT_NEAR(s.eps_ttm, 10.09 + 7.25 + (39.41 - 31.15) + 14.50, 1e-12);                     // 40.10
  EXPECT_NEAR(s.eps_growth_yoy, 40.10 / (12.30 + 9.32 + (44.15 - 35.49) + 13.81) - 1.0, 1e-12);
  const double cash = (35543 - 23426) + (43321 - 35543) + (53666 - 43321) + 22670;  // 52910
  const double capex = (3570 - 2050) + (5110 - 3570) + (8165 - 5110) + 1980;        // 8095
  EXPECT_DOUBLE_EQ(s.fcf_ttm, (cash - capex) * kM);
  EXPECT_DOUBLE_EQ(s.dividends_ttm, ((4978 - 2488) + (7765 - 4978) + (10564 - 7765) + 2739) * kM);  // 10815
  EXPECT_DOUBLE_EQ(s.equity, 129684 * kM);
  EXPECT_DOUBLE_EQ(s.liabilities, 96000 * kM);
  EXPECT_DOUBLE_EQ(s.shares, 892447000);
}

TEST(FundamentalSnapshot, QuarterlyOnlyAndAnnualOnlySources) {
  const auto flow = [](const char* start, const char* end, const char* filed, double value) {
    return FundamentalFact{"revenue", d(start), d(end), d(filed), value, "", "", 0};
  };
  // Calendar quarters of a CSV, one of them restated by a later row of the same filing date.
  const std::vector<FundamentalFact> quarters = {
      flow("2020-01-01", "2020-03-31", "2020-04-30", 10), flow("2020-04-01", "2020-06-30", "2020-07-30", 11),
      flow("2020-07-01", "2020-09-30", "2020-10-30", 12), flow("2020-10-01", "2020-12-31", "2021-02-15", 13),
      flow("2020-10-01", "2020-12-31", "2021-02-15", 14)};
  EXPECT_TRUE(std::isnan(fundamental_snapshot(quarters, d("2021-02-14")).revenue_ttm));  // three quarters only
  EXPECT_DOUBLE_EQ(fundamental_snapshot(quarters, d("2021-02-15")).revenue_ttm, 10 + 11 + 12 + 14);
  // A gap (no Q2) leaves no complete window.
  const std::vector<FundamentalFact> gap = {quarters[0], quarters[2], quarters[3]};
  EXPECT_TRUE(std::isnan(fundamental_snapshot(gap, d("2022-01-01")).revenue_ttm));
  // Fiscal years only.
  const std::vector<FundamentalFact> years = {flow("2019-01-01", "2019-12-31", "2020-02-20", 100),
                                              flow("2020-01-01", "2020-12-31", "2021-02-20", 120)};
  const auto s = fundamental_snapshot(years, d("2021-02-20"));
  EXPECT_DOUBLE_EQ(s.revenue_ttm, 120);
  EXPECT_DOUBLE_EQ(s.revenue_growth_yoy, 0.2);
}

// ---------------------------------------------------------------- point in time

TEST(FundamentalJoin, ValuesStartOnTheTradingDayAfterTheFiling) {
  const Panel panel = aapl_panel();
  const AuxColumns aux = join(panel, fixture_facts());
  // First filing: Wednesday 2012-10-31 -> usable Thursday 2012-11-01.
  EXPECT_TRUE(std::isnan(on(aux, panel, fund::kRevenueTtm, "2012-10-31")));
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kRevenueTtm, "2012-11-01"), 156508 * kM);
  // The Q1 FY2014 10-Q (Tuesday 2014-01-28) is not known on its own filing day.
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kRevenueTtm, "2014-01-28"), 170910 * kM);
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kRevenueTtm, "2014-01-29"), 173992 * kM);
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kRevenueTtm, "2014-03-31"), 173992 * kM);
  // Market cap: the row's close (not the dividend-adjusted close) x the latest share count.
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kMarketCap, "2014-01-29"), kClose * 892447000);
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kMarketCap, "2014-01-28"), kClose * 899213000);
  EXPECT_EQ(aux.names().size(), 12u);
}

TEST(FundamentalJoin, AFridayFilingIsUsedFromMonday) {
  Panel panel;
  panel.add(weekdays("AAPL", d("2013-02-25"), d("2013-03-08")));
  AuxData aux;
  add_fundamental_columns(
      aux, panel, {{"AAPL", {{"equity", std::nullopt, d("2012-12-29"), d("2013-03-01"), 7.0, "10-K", "FY", 2012}}}});
  const auto& equity = *aux.at("AAPL").find(fund::kEquity);
  // Rows: Mon 25 .. Fri 1 March, Mon 4 .. Fri 8.
  EXPECT_TRUE(std::isnan(equity[4]));  // Friday 2013-03-01, the filing date
  EXPECT_DOUBLE_EQ(equity[5], 7.0);    // Monday 2013-03-04
}

// THE point-in-time property: for every filing of the fixture, the columns computed without it
// equal those computed with it on every row up to and including its filing date, and differ on
// the first trading day after it.
TEST(FundamentalJoin, AFilingChangesOnlyTheRowsAfterItsFilingDate) {
  const Panel panel = aapl_panel();
  const auto facts = fixture_facts();
  const AuxColumns with = join(panel, facts);
  const auto dates = panel.at("AAPL").dates();
  std::set<Date> filings;
  for (const auto& f : facts) filings.insert(f.filed);
  ASSERT_EQ(filings.size(), 7u);
  for (const Date filed : filings) {
    const AuxColumns without = join(panel, without_filing(facts, filed));
    bool changed_next_day = false;
    for (const auto& name : with.names()) {
      const auto& a = *with.find(name);
      const auto& b = *without.find(name);
      for (std::size_t t = 0; t < dates.size() && dates[t] <= filed; ++t) {
        ASSERT_TRUE(same(a[t], b[t])) << name << " on " << format_date(dates[t]) << " changed by the filing of "
                                      << format_date(filed);
      }
      const auto next = std::upper_bound(dates.begin(), dates.end(), filed) - dates.begin();
      if (!same(a[next], b[next])) changed_next_day = true;
    }
    EXPECT_TRUE(changed_next_day) << "the filing of " << format_date(filed) << " changed nothing";
  }
}

TEST(FundamentalJoin, ARestatementDoesNotChangeEarlierRows) {
  const Panel panel = aapl_panel();
  const auto facts = fixture_facts();
  const AuxColumns with = join(panel, facts);
  const AuxColumns original = join(panel, without_filing(facts, d("2013-08-15")));  // without the 10-Q/A
  // Before the amendment is public both see the original Q3 net income of 6900.
  const double first = ((41733 - 33510) + 13078 + 9547 + 6900) * kM;
  EXPECT_DOUBLE_EQ(on(with, panel, fund::kNetIncomeTtm, "2013-07-25"), first);
  EXPECT_DOUBLE_EQ(on(with, panel, fund::kNetIncomeTtm, "2013-08-15"), first);
  // From the trading day after it, the restated 6700.
  EXPECT_DOUBLE_EQ(on(with, panel, fund::kNetIncomeTtm, "2013-08-16"), first - 200 * kM);
  EXPECT_DOUBLE_EQ(on(original, panel, fund::kNetIncomeTtm, "2013-08-16"), first);
  EXPECT_NEAR(on(with, panel, fund::kEpsTtm, "2013-08-16"), on(original, panel, fund::kEpsTtm, "2013-08-16") - 0.22,
              1e-12);
  // Rows before 2013-07-25 used the FY2012 report in both.
  EXPECT_DOUBLE_EQ(on(with, panel, fund::kNetIncomeTtm, "2013-07-24"), 41733 * kM);
}

TEST(FundamentalJoin, SymbolsWithoutFactsGetNoColumns) {
  Panel panel = aapl_panel();
  panel.add(weekdays("IBM", d("2012-10-01"), d("2014-03-31")));
  AuxData aux;
  add_fundamental_columns(aux, panel, {{"AAPL", fixture_facts()}, {"IBM", {}}, {"MSFT", fixture_facts()}});
  EXPECT_EQ(aux.size(), 1u);  // IBM has none; MSFT is not in the panel
  EXPECT_EQ(aux.count("AAPL"), 1u);
}

// ---------------------------------------------------------------- splits

TEST(FundamentalSplits, PerShareValuesAndShareCountsFollowThePriceScale) {
  const std::vector<ShareSplit> splits = {{d("2014-06-09"), 7.0}};
  const std::vector<FundamentalFact> facts = {
      {"eps_diluted", d("2013-09-29"), d("2013-12-28"), d("2014-01-28"), 14.50, "10-Q", "Q1", 2014},
      {"shares_outstanding", std::nullopt, d("2014-01-17"), d("2014-01-28"), 892447000, "10-Q", "Q1", 2014},
      {"net_income", d("2013-09-29"), d("2013-12-28"), d("2014-01-28"), 13072 * kM, "10-Q", "Q1", 2014},
      {"eps_diluted", d("2014-03-30"), d("2014-06-28"), d("2014-07-23"), 1.28, "10-Q", "Q3", 2014}};
  const auto scaled = split_scaled(facts, splits);
  EXPECT_DOUBLE_EQ(scaled[0].value, 14.50 / 7.0);
  EXPECT_DOUBLE_EQ(scaled[1].value, 892447000.0 * 7.0);
  EXPECT_DOUBLE_EQ(scaled[2].value, 13072 * kM);  // money does not scale
  EXPECT_DOUBLE_EQ(scaled[3].value, 1.28);        // filed after the split: already on the new scale

  // Through the join: EPS and shares of the fixture on the split-adjusted scale of the prices.
  const Panel panel = aapl_panel();
  FundamentalJoinOptions options;
  options.splits["AAPL"] = splits;
  const AuxColumns aux = join(panel, fixture_facts(), options);
  EXPECT_NEAR(on(aux, panel, fund::kEpsTtm, "2014-01-29"), (10.09 + 7.25 + (39.41 - 31.15) + 14.50) / 7.0, 1e-12);
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kShares, "2014-01-29"), 892447000.0 * 7.0);
  EXPECT_DOUBLE_EQ(on(aux, panel, fund::kMarketCap, "2014-01-29"), kClose * 892447000.0 * 7.0);
  // Growth is a ratio of two windows on one scale: unchanged.
  const AuxColumns unscaled = join(panel, fixture_facts());
  EXPECT_NEAR(on(aux, panel, fund::kEpsGrowthYoy, "2014-01-29"), on(unscaled, panel, fund::kEpsGrowthYoy, "2014-01-29"),
              1e-12);
}

}  // namespace
}  // namespace mp::features
