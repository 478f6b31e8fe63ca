// Weekly (multi-timeframe) kernels: ISO weeks, the partial week known at each day, and equality
// with the daily kernels run on the weekly series as known at t.
#include "features/weekly_resample.hpp"
#include "features/indicators.hpp"

#include "data/csv_import.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>

namespace {

using mp::features::iso_week_index;

mp::Date date(const char* text) { return *mp::parse_date(text); }

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

TEST(IsoWeek, WeeksRunFromMondayToSunday) {
  EXPECT_EQ(iso_week_index(date("1969-12-29")), 0);  // Monday
  EXPECT_EQ(iso_week_index(date("1970-01-01")), 0);  // Thursday
  EXPECT_EQ(iso_week_index(date("1970-01-04")), 0);  // Sunday
  EXPECT_EQ(iso_week_index(date("1970-01-05")), 1);
  EXPECT_EQ(iso_week_index(date("1969-12-28")), -1);
  EXPECT_EQ(iso_week_index(date("1969-12-22")), -1);
  EXPECT_EQ(iso_week_index(date("1969-12-21")), -2);
  // Across a year end: Thu 2020-12-31 and Sun 2021-01-03 share ISO week 2020-W53.
  EXPECT_EQ(iso_week_index(date("2020-12-31")), iso_week_index(date("2021-01-03")));
  EXPECT_EQ(iso_week_index(date("2021-01-04")), iso_week_index(date("2021-01-03")) + 1);
  EXPECT_EQ(iso_week_index(date("2013-05-13")), iso_week_index(date("2013-05-17")));  // AAPL's first week
}

TEST(WeeklySma, PartialWeekClosesAtTheDayAndMissingWeeksHaveNoBar) {
  // Week 1 Mon..Fri, week 2 Mon..Wed, no trading in week 3, week 4 Mon.
  const std::vector<mp::Date> dates = {date("2024-01-01"), date("2024-01-02"), date("2024-01-03"),
                                       date("2024-01-04"), date("2024-01-05"), date("2024-01-08"),
                                       date("2024-01-09"), date("2024-01-10"), date("2024-01-22")};
  const std::vector<double> close = {10, 11, 12, 13, 14, 15, 13, 16, 20};
  std::vector<double> out(close.size());
  mp::features::weekly_sma(dates, close, 2, out);
  for (std::size_t t = 0; t < 5; ++t) EXPECT_TRUE(std::isnan(out[t])) << t;  // one weekly bar only
  EXPECT_EQ(out[5], (14 + 15) / 2.0);  // week 1 closed Friday at 14; week 2 so far: Monday's 15
  EXPECT_EQ(out[6], (14 + 13) / 2.0);  // Tuesday: the partial week closes at 13
  EXPECT_EQ(out[7], (14 + 16) / 2.0);
  EXPECT_EQ(out[8], (16 + 20) / 2.0);  // week 2 closed Wednesday; week 3 has no bar
}

TEST(WeeklyRsi, MatchesHandComputedSeeding) {
  // One bar a week (Mondays): weekly closes 10, 11, 10.5, 12 -> RSI(2) seeded by the first two
  // changes (+1, -0.5), then Wilder's smoothing with the third (+1.5).
  const std::vector<mp::Date> dates = {date("2024-01-01"), date("2024-01-08"), date("2024-01-15"), date("2024-01-22")};
  const std::vector<double> close = {10, 11, 10.5, 12};
  std::vector<double> out(close.size());
  mp::features::weekly_rsi(dates, close, 2, out);
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_NEAR(out[2], 100.0 * 0.5 / (0.5 + 0.25), 1e-12);
  // gain = (0.5*1 + 1.5)/2 = 1, loss = (0.25*1 + 0)/2 = 0.125
  EXPECT_NEAR(out[3], 100.0 * 1.0 / 1.125, 1e-12);
}

// At every day t the weekly kernel equals the daily kernel run on the weekly series known at t
// (completed weeks' closes + close[t]), bit for bit.
void expect_equals_kernel_on_resampled_series(
    const std::function<void(std::span<const mp::Date>, std::span<const double>, std::span<double>)>& weekly,
    const std::function<void(std::span<const double>, std::span<double>)>& daily, const std::string& what) {
  const auto panel =
      mp::data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/aapl_ohlcv_2013_2018.csv").panel;
  const auto& series = panel.at("AAPL");
  const auto dates = series.dates();
  const auto close = series.adj_close();
  std::vector<double> out(close.size());
  weekly(dates, close, out);
  std::vector<double> completed;
  std::size_t compared = 0;
  for (std::size_t t = 0; t < close.size(); ++t) {
    if (t > 0 && iso_week_index(dates[t]) != iso_week_index(dates[t - 1])) completed.push_back(close[t - 1]);
    std::vector<double> known = completed;
    known.push_back(close[t]);
    std::vector<double> expected(known.size());
    daily(known, expected);
    ASSERT_TRUE(same_value(out[t], expected.back()))
        << what << " at " << mp::format_date(dates[t]) << ": " << out[t] << " vs " << expected.back();
    if (!std::isnan(out[t])) ++compared;
  }
  EXPECT_GT(compared, close.size() / 2) << what;
  EXPECT_GT(completed.size(), 250U);  // five years of weeks
}

TEST(WeeklyKernels, EqualTheDailyKernelsOnTheWeeklySeriesKnownAtEachDay) {
  using Dates = std::span<const mp::Date>;
  using In = std::span<const double>;
  using Out = std::span<double>;
  expect_equals_kernel_on_resampled_series([](Dates d, In c, Out o) { mp::features::weekly_sma(d, c, 10, o); },
                                           [](In c, Out o) { mp::features::sma(c, 10, o); }, "weekly_sma 10");
  expect_equals_kernel_on_resampled_series([](Dates d, In c, Out o) { mp::features::weekly_rsi(d, c, 14, o); },
                                           [](In c, Out o) { mp::features::rsi(c, 14, o); }, "weekly_rsi 14");
  expect_equals_kernel_on_resampled_series(
      [](Dates d, In c, Out o) { mp::features::weekly_return_volatility(d, c, 13, o); },
      [](In c, Out o) { mp::features::return_volatility(c, 13, o); }, "weekly_return_volatility 13");
}

}  // namespace
