#pragma once
// Multi-timeframe kernels: indicators on weekly bars, evaluated at every trading day.
//
// Weeks are ISO weeks (Monday to Sunday); a week without a trading day has no bar. A week's
// bar closes at the close of its last trading day. At day t the weekly series is the one KNOWN
// AT t: the completed weeks before t's week, followed by t's week in progress as a partial bar
// whose close is close[t] (the days of that week after t are not seen). The value at t is the
// daily kernel of indicators.hpp applied to that weekly series, taken at its last bar.
//
// O(n) overall and allocation-free. Re-running a kernel per day would cost O(n^2); instead each
// weekly kernel keeps the daily kernel's recurrence as incremental state over the completed
// weeks, evaluates the partial week as one provisional extra bar without storing it, and commits
// a week when the first day of the next week arrives. The state performs the kernel's
// operations in the kernel's order, so a value equals the kernel's on the resampled series bit
// for bit (weekly_resample_test.cpp checks it on every day of the AAPL sample). The weekly closes
// a rolling window drops are re-read from the daily series by a second, trailing cursor, so no
// weekly history is stored.
#include "core/dates.hpp"

#include <cstddef>
#include <span>

namespace mp::features {

// Consecutive index of the ISO week (not its week-of-year number):
// floor((days since 1970-01-01 + 3) / 7). 1970-01-01 was a Thursday, so weeks run Monday to Sunday.
int iso_week_index(Date date);

// Walks a daily series forward, returning the closes of its successive weeks.
class WeeklyCloseCursor {
 public:
  WeeklyCloseCursor(std::span<const Date> dates, std::span<const double> close) : dates_(dates), close_(close) {}
  // The close of the next week: its last day's close. The caller guarantees that week has
  // completed, i.e. a day of a later week has been seen.
  double next();

 private:
  std::span<const Date> dates_;
  std::span<const double> close_;
  std::size_t day_ = 0;
};

// TA-Lib SMA(period) of the weekly closes as known at each day. First value on the first day
// of the period-th week.
void weekly_sma(std::span<const Date> dates, std::span<const double> close, int period, std::span<double> out);

// TA-Lib RSI(period) (Wilder) of the weekly closes as known at each day. First value on the
// first day of week period+1.
void weekly_rsi(std::span<const Date> dates, std::span<const double> close, int period, std::span<double> out);

// return_volatility(period) of the weekly closes as known at each day: sample standard deviation
// of the last `period` weekly returns, the partial week's return being close[t] / the last
// completed week's close - 1. First value on the first day of week period+1.
void weekly_return_volatility(std::span<const Date> dates, std::span<const double> close, int period,
                              std::span<double> out);

}  // namespace mp::features
