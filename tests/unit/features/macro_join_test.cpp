// The point-in-time macro join and the macro features, on the real Dow 30 sample panel and the
// shipped FRED long file (data/sample/macro/fred_monthly_selected.csv).
#include "features/macro_join.hpp"

#include "core/error.hpp"
#include "data/csv_import.hpp"
#include "data/fred_csv.hpp"
#include "features/feature_pipeline.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace mp::features {
namespace {

Date d(const char* text) { return *parse_date(text); }

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

const Panel& dow_panel() {
  static const Panel panel =
      data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv").panel;
  return panel;
}

const std::vector<data::FredSeries>& shipped_fred() {
  static const auto all =
      data::read_fred_long_csv(std::string(MP_SOURCE_DIR) + "/data/sample/macro/fred_monthly_selected.csv");
  return all;
}

// What the training job does: data::FredSeries -> the plain struct of the features module.
MacroSeriesInput to_input(const data::FredSeries& series) {
  MacroSeriesInput input{series.id, series.frequency, {}};
  for (const auto& o : series.observations) input.observations.emplace_back(o.date, o.value);
  return input;
}

MacroSeriesInput shipped(const char* id) { return to_input(*data::find_fred_series(shipped_fred(), id)); }

std::size_t row_of(const SymbolSeries& series, const char* date) {
  const auto dates = series.dates();
  const auto it = std::lower_bound(dates.begin(), dates.end(), d(date));
  EXPECT_TRUE(it != dates.end() && *it == d(date)) << date << " is not a trading date";
  return static_cast<std::size_t>(it - dates.begin());
}

const std::vector<double>& column(const AuxData& aux, const std::string& symbol, const std::string& name) {
  const auto* values = aux.at(symbol).find(name);
  EXPECT_NE(values, nullptr) << name;
  return *values;
}

double value_at(const AuxData& aux, const char* symbol, const std::string& name, const char* date) {
  return column(aux, symbol, name)[row_of(dow_panel().at(symbol), date)];
}

TEST(MacroAvailability, FirstDayAfterThePeriodEnds) {
  EXPECT_EQ(macro_available_from(d("1995-03-01"), "M"), d("1995-04-01"));
  EXPECT_EQ(macro_available_from(d("1995-03-17"), "M"), d("1995-04-01"));  // any day of the month
  EXPECT_EQ(macro_available_from(d("1996-02-01"), "M"), d("1996-03-01"));  // leap February
  EXPECT_EQ(macro_available_from(d("2000-07-03"), "D"), d("2000-07-04"));
  EXPECT_EQ(macro_available_from(d("2000-07-08"), "W"), d("2000-07-09"));
  EXPECT_EQ(macro_available_from(d("1995-02-01"), "Q"), d("1995-04-01"));
  EXPECT_EQ(macro_available_from(d("1995-01-01"), "A"), d("1996-01-01"));
  EXPECT_EQ(macro_available_from(d("1995-03-01"), "M", 14), d("1995-04-15"));
  EXPECT_THROW(macro_available_from(d("1995-03-01"), "X"), DataError);
  EXPECT_EQ(macro_column_name("DGS10"), "macro.dgs10");
  EXPECT_EQ(macro_column_name("GS10", "lag_3m"), "macro.gs10.lag_3m");
}

TEST(MacroJoin, MonthlyValueJoinsFromTheFirstTradingDayAfterItsMonth) {
  AuxData aux;
  add_macro_columns(aux, dow_panel(), {shipped("gs10")});
  ASSERT_EQ(aux.size(), 30U);
  const std::string gs10 = "macro.gs10";
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1990-12-31"), 8.39);  // November 1990 (December not over)
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1991-01-02"), 8.08);  // December 1990
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1995-03-01"), 7.47);  // February, not March
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1995-03-31"), 7.47);  // March's last day: still February
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1995-04-03"), 7.2);   // first trading day after March
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1995-04-28"), 7.2);
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", gs10, "1995-05-01"), 7.06);  // April
  // The value known 3 calendar months before: at 1995-04-03 -> as of 1995-01-03 -> December 1994.
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10.lag_3m", "1995-04-03"), 7.81);
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10.lag_3m", "1995-03-31"), 7.96);  // as of 1994-12-31: November
  // Every symbol gets the same value on the same date.
  EXPECT_DOUBLE_EQ(value_at(aux, "AA", gs10, "1995-04-03"), 7.2);
}

// THE point-in-time property: changing the value for March 1995 changes no row up to 1995-03-31.
TEST(MacroJoin, ChangingMarchChangesOnlyRowsFromTheFirstTradingDayAfterMarch) {
  MacroSeriesInput changed = shipped("gs10");
  const auto march = std::find_if(changed.observations.begin(), changed.observations.end(),
                                  [](const auto& o) { return o.first == d("1995-03-01"); });
  ASSERT_NE(march, changed.observations.end());
  ASSERT_DOUBLE_EQ(march->second, 7.2);
  march->second = 99.0;
  AuxData original, modified;
  add_macro_columns(original, dow_panel(), {shipped("gs10")});
  add_macro_columns(modified, dow_panel(), {changed});
  for (const auto& series : dow_panel().series()) {
    const auto& before = column(original, series.symbol(), "macro.gs10");
    const auto& after = column(modified, series.symbol(), "macro.gs10");
    const auto& lag_before = column(original, series.symbol(), "macro.gs10.lag_3m");
    const auto& lag_after = column(modified, series.symbol(), "macro.gs10.lag_3m");
    for (std::size_t t = 0; t < series.size(); ++t) {
      const Date date = series.dates()[t];
      const bool march_known = date >= d("1995-04-03") && date <= d("1995-04-28");  // until April's value
      if (march_known) {
        EXPECT_EQ(after[t], 99.0) << format_date(date);
      } else {
        ASSERT_TRUE(same_value(before[t], after[t])) << series.symbol() << " " << format_date(date);
      }
      const bool march_known_3m_before = date >= d("1995-07-03") && date <= d("1995-07-31");
      if (march_known_3m_before) {
        EXPECT_EQ(lag_after[t], 99.0) << format_date(date);
      } else {
        ASSERT_TRUE(same_value(lag_before[t], lag_after[t])) << series.symbol() << " " << format_date(date);
      }
    }
  }
}

// A daily series whose value on each weekday of March 1995 is its day of the month.
MacroSeriesInput daily_march(const char* id) {
  MacroSeriesInput input{id, "D", {}};
  for (Date date = d("1995-03-01"); date <= d("1995-03-31"); date += std::chrono::days{1}) {
    const std::chrono::weekday wd{date};
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) continue;
    input.observations.emplace_back(date, static_cast<double>(unsigned(std::chrono::year_month_day{date}.day())));
  }
  return input;
}

TEST(MacroJoin, DailyValueAffectsOnlyRowsAfterItsDate) {
  AuxData original, modified;
  add_macro_columns(original, dow_panel(), {daily_march("DGS10")});
  MacroSeriesInput changed = daily_march("DGS10");
  for (auto& [date, value] : changed.observations) {
    if (date == d("1995-03-15")) value = 99.0;
  }
  add_macro_columns(modified, dow_panel(), {changed});
  EXPECT_TRUE(std::isnan(value_at(original, "IBM", "macro.dgs10", "1995-03-01")));  // nothing known yet
  EXPECT_EQ(value_at(original, "IBM", "macro.dgs10", "1995-03-02"), 1.0);
  EXPECT_EQ(value_at(original, "IBM", "macro.dgs10", "1995-03-15"), 14.0);  // the previous day's
  EXPECT_EQ(value_at(original, "IBM", "macro.dgs10", "1995-03-20"), 17.0);  // Monday: Friday's
  const SymbolSeries& ibm = dow_panel().at("IBM");
  const auto& before = column(original, "IBM", "macro.dgs10");
  const auto& after = column(modified, "IBM", "macro.dgs10");
  for (std::size_t t = 0; t < ibm.size(); ++t) {
    if (ibm.dates()[t] == d("1995-03-16")) {
      EXPECT_EQ(after[t], 99.0);
    } else {
      ASSERT_TRUE(same_value(before[t], after[t])) << format_date(ibm.dates()[t]);
    }
  }
}

TEST(MacroJoin, MissingObservationKeepsTheLastValueAndStaleValuesExpire) {
  MacroSeriesInput vix = daily_march("VIXCLS");
  for (auto& [date, value] : vix.observations) {
    if (date == d("1995-03-15")) value = std::nan("");
  }
  AuxData aux;
  add_macro_columns(aux, dow_panel(), {vix});
  EXPECT_EQ(value_at(aux, "IBM", "macro.vixcls", "1995-03-16"), 14.0);  // the 15th is missing: the 14th's
  // The last value (31 March) is usable from 1 April and expires 14 days later (the daily default).
  EXPECT_EQ(value_at(aux, "IBM", "macro.vixcls", "1995-04-13"), 31.0);
  EXPECT_TRUE(std::isnan(value_at(aux, "IBM", "macro.vixcls", "1995-04-17")));
  // A monthly series ending in June 1995: June is usable from 1 July, NaN from 1 October (92 days).
  MacroSeriesInput gs10 = shipped("gs10");
  std::erase_if(gs10.observations, [](const auto& o) { return o.first > d("1995-06-01"); });
  add_macro_columns(aux, dow_panel(), {gs10});
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10", "1995-09-29"), 6.17);
  EXPECT_TRUE(std::isnan(value_at(aux, "IBM", "macro.gs10", "1995-10-02")));
  gs10.max_age_days = -1;  // never expires
  add_macro_columns(aux, dow_panel(), {gs10});
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10", "2000-12-29"), 6.17);
}

TEST(MacroJoin, PublicationLagDelaysTheValue) {
  MacroSeriesInput gs10 = shipped("gs10");
  gs10.publication_lag_days = 14;  // e.g. CPI: usable from the 15th of the next month
  AuxData aux;
  add_macro_columns(aux, dow_panel(), {gs10});
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10", "1995-04-13"), 7.47);  // February still
  EXPECT_DOUBLE_EQ(value_at(aux, "IBM", "macro.gs10", "1995-04-17"), 7.2);   // 15 April was a Saturday
}

TEST(MacroJoin, InvalidInputs) {
  AuxData aux;
  EXPECT_THROW(add_macro_columns(aux, dow_panel(), {shipped("gs10"), MacroSeriesInput{"GS10", "M", {}}}), DataError);
  EXPECT_THROW(add_macro_columns(aux, dow_panel(), {MacroSeriesInput{"x", "monthly", {}}}), DataError);
  EXPECT_THROW(add_macro_columns(aux, dow_panel(), {MacroSeriesInput{"", "M", {}}}), DataError);
  EXPECT_TRUE(aux.empty());  // nothing written when an input is invalid
}

TEST(MacroFeatures, HandComputedValuesThroughThePipeline) {
  AuxData aux;
  add_macro_columns(aux, dow_panel(), {shipped("gs10"), shipped("gs3m"), shipped("twexbmth")});
  const auto features = FeatureRegistry::builtin().resolve(
      "macro_treasury_10y,macro_treasury_10y_change_3m,macro_yield_curve_slope,macro_dollar_index,"
      "macro_dollar_index_change_3m,macro_vix,macro_vix_change_20");
  const SymbolSeries& ibm = dow_panel().at("IBM");
  const FeatureFrame frame = compute_features(ibm, features, aux_for(&aux, "IBM"));
  const std::size_t april3 = row_of(ibm, "1995-04-03");
  EXPECT_DOUBLE_EQ(frame.columns[0][april3], 7.2);
  EXPECT_NEAR(frame.columns[1][april3], 7.2 - 7.81, 1e-12);  // March - December 1994
  EXPECT_NEAR(frame.columns[2][april3], 7.2 - 5.91, 1e-12);  // gs10 - gs3m, March
  EXPECT_DOUBLE_EQ(frame.columns[3][april3], 92.738);
  EXPECT_NEAR(frame.columns[4][april3], 92.738 / 92.0418 - 1, 1e-12);
  const std::size_t march31 = row_of(ibm, "1995-03-31");
  EXPECT_NEAR(frame.columns[1][march31], 7.47 - 7.96, 1e-12);  // February - November 1994
  // No VIX column was joined: NaN, never 0.
  for (std::size_t t = 0; t < frame.rows(); ++t) {
    ASSERT_TRUE(std::isnan(frame.columns[5][t]) && std::isnan(frame.columns[6][t]));
  }
}

TEST(MacroFeatures, VixChangeOverTwentyRows) {
  // A daily VIX on every IBM trading date of 1995, value = 10 + its row number.
  const SymbolSeries& ibm = dow_panel().at("IBM");
  MacroSeriesInput vix{"VIXCLS", "D", {}};
  const std::size_t first = row_of(ibm, "1995-01-03");
  for (std::size_t t = first; t < ibm.size() && ibm.dates()[t] <= d("1995-12-29"); ++t) {
    vix.observations.emplace_back(ibm.dates()[t], 10.0 + static_cast<double>(t));
  }
  AuxData aux;
  add_macro_columns(aux, dow_panel(), {vix});
  const auto frame =
      compute_features(ibm, FeatureRegistry::builtin().resolve("macro_vix,macro_vix_change_20"), aux_for(&aux, "IBM"));
  const std::size_t t = row_of(ibm, "1995-06-01");
  EXPECT_EQ(frame.columns[0][t], 10.0 + static_cast<double>(t - 1));  // the previous trading day's close
  EXPECT_EQ(frame.columns[1][t], 20.0);
  EXPECT_TRUE(std::isnan(frame.columns[0][first]));       // 1995-01-03's own value is not known that day
  EXPECT_TRUE(std::isnan(frame.columns[1][first + 20]));  // 20 rows back nothing was known yet
  EXPECT_EQ(frame.columns[1][first + 21], 20.0);
}

}  // namespace
}  // namespace mp::features
