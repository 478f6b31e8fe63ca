#include "features/weekly_resample.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool ta_is_zero(double v) { return -0.00000001 < v && v < 0.00000001; }

// Feeds the weekly bars as known at each day to `state`: on the first day of a new week the
// previous week is committed with its last close; every day is evaluated with the partial
// week closing at close[t].
template <class State>
void run_weekly(std::span<const Date> dates, std::span<const double> close, State& state, std::span<double> out) {
  int week = 0;
  for (std::size_t t = 0; t < close.size(); ++t) {
    const int this_week = iso_week_index(dates[t]);
    if (t > 0 && this_week != week) state.commit(close[t - 1]);
    week = this_week;
    out[t] = state.value_with(close[t]);
  }
}

// sma()'s running total over the weekly closes; `weeks` = committed weeks = index of the
// partial bar.
class SmaState {
 public:
  SmaState(WeeklyCloseCursor trailing, int period) : trailing_(trailing), period_(period) {}
  [[nodiscard]] double value_with(double partial) const {
    if (weeks_ + 1 < static_cast<std::size_t>(period_)) return kNaN;
    return (total_ + partial) / period_;
  }
  void commit(double week_close) {
    total_ += week_close;
    if (weeks_ + 1 >= static_cast<std::size_t>(period_)) total_ -= trailing_.next();
    ++weeks_;
  }

 private:
  WeeklyCloseCursor trailing_;
  int period_;
  std::size_t weeks_ = 0;
  double total_ = 0.0;
};

// rsi()'s Wilder averages: sums of the gains and losses while seeding (weeks <= period), the
// smoothed averages after.
class RsiState {
 public:
  explicit RsiState(int period) : period_(period) {}
  [[nodiscard]] double value_with(double partial) const {
    const auto p = static_cast<std::size_t>(period_);
    if (period_ < 2 || weeks_ < p) return kNaN;
    double gain = gain_;
    double loss = loss_;
    if (weeks_ > p) {
      loss *= (period_ - 1);
      gain *= (period_ - 1);
    }
    add(partial - previous_, gain, loss);
    loss /= period_;
    gain /= period_;
    return ta_is_zero(gain + loss) ? 0.0 : 100.0 * (gain / (gain + loss));
  }
  void commit(double week_close) {
    const auto p = static_cast<std::size_t>(period_);
    if (weeks_ > 0) {
      if (weeks_ > p) {
        loss_ *= (period_ - 1);
        gain_ *= (period_ - 1);
      }
      add(week_close - previous_, gain_, loss_);
      if (weeks_ >= p) {
        loss_ /= period_;
        gain_ /= period_;
      }
    }
    previous_ = week_close;
    ++weeks_;
  }

 private:
  static void add(double change, double& gain, double& loss) {
    if (change < 0)
      loss -= change;
    else
      gain += change;
  }
  int period_;
  std::size_t weeks_ = 0;
  double previous_ = 0.0;
  double gain_ = 0.0;
  double loss_ = 0.0;
};

// return_volatility()'s running sums of the returns and squared returns.
class VolatilityState {
 public:
  VolatilityState(WeeklyCloseCursor trailing, int period) : trailing_(trailing), period_(period) {}
  [[nodiscard]] double value_with(double partial) const {
    if (period_ < 2 || weeks_ < static_cast<std::size_t>(period_)) return kNaN;
    const double r = partial / previous_ - 1.0;
    const double sum = sum_ + r;
    const double sum_sq = sum_sq_ + r * r;
    const double variance = (sum_sq - sum * sum / period_) / (period_ - 1);
    return variance > 0.0 ? std::sqrt(variance) : 0.0;
  }
  void commit(double week_close) {
    if (weeks_ == 0) {
      trailing_previous_ = trailing_.next();
    } else {
      const double r = week_close / previous_ - 1.0;
      sum_ += r;
      sum_sq_ += r * r;
      if (weeks_ >= static_cast<std::size_t>(period_)) {
        const double trailing = trailing_.next();
        const double leaving = trailing / trailing_previous_ - 1.0;
        trailing_previous_ = trailing;
        sum_ -= leaving;
        sum_sq_ -= leaving * leaving;
      }
    }
    previous_ = week_close;
    ++weeks_;
  }

 private:
  WeeklyCloseCursor trailing_;
  int period_;
  std::size_t weeks_ = 0;
  double previous_ = 0.0;
  double trailing_previous_ = 0.0;
  double sum_ = 0.0;
  double sum_sq_ = 0.0;
};

}  // namespace

int iso_week_index(Date date) {
  const int days = date_to_days(date) + 3;  // days since Monday 1969-12-29
  return days >= 0 ? days / 7 : -((-days + 6) / 7);
}

double WeeklyCloseCursor::next() {
  while (day_ + 1 < close_.size() && iso_week_index(dates_[day_ + 1]) == iso_week_index(dates_[day_])) ++day_;
  return close_[day_++];
}

void weekly_sma(std::span<const Date> dates, std::span<const double> close, int period, std::span<double> out) {
  std::fill(out.begin(), out.end(), kNaN);
  if (period < 1) return;
  SmaState state(WeeklyCloseCursor(dates, close), period);
  run_weekly(dates, close, state, out);
}

void weekly_rsi(std::span<const Date> dates, std::span<const double> close, int period, std::span<double> out) {
  RsiState state(period);
  run_weekly(dates, close, state, out);
}

void weekly_return_volatility(std::span<const Date> dates, std::span<const double> close, int period,
                              std::span<double> out) {
  VolatilityState state(WeeklyCloseCursor(dates, close), period);
  run_weekly(dates, close, state, out);
}

}  // namespace mp::features
