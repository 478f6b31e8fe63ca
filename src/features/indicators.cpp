#include "features/indicators.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// TA-Lib's TA_IS_ZERO and TA_IS_ZERO_OR_NEG tolerances.
bool ta_is_zero(double v) { return -0.00000001 < v && v < 0.00000001; }
bool ta_is_zero_or_neg(double v) { return v < 0.00000001; }

void fill_nan(std::span<double> out, std::size_t count) { std::fill_n(out.begin(), std::min(count, out.size()), kNaN); }

// EMA over in[first..], seeded at `seed_index` with the SMA of the `period` values ending
// there; writes out[seed_index..]. Entries before seed_index are left untouched.
void ema_from_seed(std::span<const double> in, int period, std::size_t seed_index, std::span<double> out) {
  const double k = 2.0 / (period + 1);
  double sum = 0.0;
  for (std::size_t i = seed_index + 1 - static_cast<std::size_t>(period); i <= seed_index; ++i) sum += in[i];
  double prev = sum / period;
  out[seed_index] = prev;
  for (std::size_t i = seed_index + 1; i < in.size(); ++i) {
    prev = ((in[i] - prev) * k) + prev;
    out[i] = prev;
  }
}

}  // namespace

void sma(std::span<const double> in, int period, std::span<double> out) {
  const auto n = in.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 1 || n < p) return;
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < p; ++i) total += in[i];
  for (std::size_t i = p - 1, trailing = 0; i < n; ++i, ++trailing) {
    total += in[i];
    out[i] = total / period;
    total -= in[trailing];
  }
}

void ema(std::span<const double> in, int period, std::span<double> out) {
  const auto n = in.size();
  fill_nan(out, n);
  if (period < 1 || n < static_cast<std::size_t>(period)) return;
  ema_from_seed(in, period, static_cast<std::size_t>(period) - 1, out);
}

void rsi(std::span<const double> in, int period, std::span<double> out) {
  const auto n = in.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 2 || n <= p) return;
  double gain = 0.0;
  double loss = 0.0;
  for (std::size_t i = 1; i <= p; ++i) {
    const double change = in[i] - in[i - 1];
    if (change < 0)
      loss -= change;
    else
      gain += change;
  }
  gain /= period;
  loss /= period;
  auto value = [&] { return ta_is_zero(gain + loss) ? 0.0 : 100.0 * (gain / (gain + loss)); };
  out[p] = value();
  for (std::size_t i = p + 1; i < n; ++i) {
    const double change = in[i] - in[i - 1];
    loss *= (period - 1);
    gain *= (period - 1);
    if (change < 0)
      loss -= change;
    else
      gain += change;
    loss /= period;
    gain /= period;
    out[i] = value();
  }
}

void momentum(std::span<const double> in, int period, std::span<double> out) {
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, in.size());
  for (std::size_t i = p; i < in.size(); ++i) out[i] = in[i] - in[i - p];
}

void rate_of_change(std::span<const double> in, int period, std::span<double> out) {
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, in.size());
  for (std::size_t i = p; i < in.size(); ++i) {
    out[i] = in[i - p] != 0.0 ? ((in[i] / in[i - p]) - 1.0) * 100.0 : 0.0;
  }
}

void rolling_stddev(std::span<const double> in, int period, double nb_dev, std::span<double> out) {
  const auto n = in.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 1 || n < p) return;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (std::size_t i = 0; i + 1 < p; ++i) {
    sum += in[i];
    sum_sq += in[i] * in[i];
  }
  for (std::size_t i = p - 1, trailing = 0; i < n; ++i, ++trailing) {
    sum += in[i];
    sum_sq += in[i] * in[i];
    const double mean = sum / period;
    const double variance = (sum_sq / period) - (mean * mean);
    out[i] = ta_is_zero_or_neg(variance) ? 0.0 : std::sqrt(variance) * nb_dev;
    sum -= in[trailing];
    sum_sq -= in[trailing] * in[trailing];
  }
}

void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> macd_line,
          std::span<double> signal_line, std::span<double> histogram) {
  const auto n = in.size();
  fill_nan(macd_line, n);
  fill_nan(signal_line, n);
  fill_nan(histogram, n);
  if (fast > slow) std::swap(fast, slow);  // TA-Lib swaps them too
  const auto slow_start = static_cast<std::size_t>(slow) - 1;
  const auto first = slow_start + static_cast<std::size_t>(signal) - 1;
  if (fast < 1 || signal < 1 || n <= first) return;
  // The fast EMA is written into histogram, the slow one into signal_line, as scratch space.
  ema_from_seed(in, slow, slow_start, signal_line);
  ema_from_seed(in, fast, slow_start, histogram);
  for (std::size_t i = slow_start; i < n; ++i) macd_line[i] = histogram[i] - signal_line[i];
  ema_from_seed(macd_line, signal, first, signal_line);
  for (std::size_t i = 0; i < first; ++i) macd_line[i] = signal_line[i] = kNaN;
  for (std::size_t i = 0; i < n; ++i) histogram[i] = macd_line[i] - signal_line[i];
}

void bollinger(std::span<const double> in, int period, double nb_dev, std::span<double> upper, std::span<double> middle,
               std::span<double> lower) {
  const auto n = in.size();
  const auto p = static_cast<std::size_t>(period);
  sma(in, period, middle);
  fill_nan(upper, n);
  fill_nan(lower, n);
  if (period < 1 || n < p) return;
  // TA-Lib's stddev_using_precalc_ma: E[x^2] from a running sum minus the SMA squared.
  double sum_sq = 0.0;
  for (std::size_t i = 0; i + 1 < p; ++i) sum_sq += in[i] * in[i];
  for (std::size_t i = p - 1, trailing = 0; i < n; ++i, ++trailing) {
    sum_sq += in[i] * in[i];
    double variance = sum_sq / period;
    sum_sq -= in[trailing] * in[trailing];
    variance -= middle[i] * middle[i];
    const double band = (ta_is_zero_or_neg(variance) ? 0.0 : std::sqrt(variance)) * nb_dev;
    upper[i] = middle[i] + band;
    lower[i] = middle[i] - band;
  }
}

void return_volatility(std::span<const double> in, int period, std::span<double> out) {
  const auto n = in.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 2 || n <= p) return;
  auto ret = [&](std::size_t i) { return in[i] / in[i - 1] - 1.0; };
  double sum = 0.0;
  double sum_sq = 0.0;
  for (std::size_t i = 1; i < p; ++i) {
    sum += ret(i);
    sum_sq += ret(i) * ret(i);
  }
  for (std::size_t i = p; i < n; ++i) {
    const double r = ret(i);
    sum += r;
    sum_sq += r * r;
    const double variance = (sum_sq - sum * sum / period) / (period - 1);
    out[i] = variance > 0.0 ? std::sqrt(variance) : 0.0;
    const double leaving = ret(i + 1 - p);
    sum -= leaving;
    sum_sq -= leaving * leaving;
  }
}

// ---- High/low/volume indicators -------------------------------------------------------------

namespace {

// TA-Lib's rolling highest high / lowest low over [today-period+1, today] for consecutive
// `today`s: remembers the extreme's index, rescans the window only when it has left, and takes
// a new bar that ties or beats the extreme. Cheap on market data (a rescan happens when the
// extreme leaves the window), O(period) for a row that rescans; monotone deques measured slower
// at these periods (branch mispredictions).
class WindowExtremes {
 public:
  WindowExtremes(std::span<const double> high, std::span<const double> low, std::size_t period)
      : high_(high), low_(low), period_(period) {}

  void advance(std::size_t today) {
    const auto trailing = static_cast<std::ptrdiff_t>(today + 1 - period_);
    const auto now = static_cast<std::ptrdiff_t>(today);
    if (lowest_index_ < trailing) {
      lowest_index_ = trailing;
      lowest = low_[static_cast<std::size_t>(trailing)];
      for (auto i = trailing + 1; i <= now; ++i) {
        if (low_[static_cast<std::size_t>(i)] < lowest) {
          lowest_index_ = i;
          lowest = low_[static_cast<std::size_t>(i)];
        }
      }
    } else if (low_[today] <= lowest) {
      lowest_index_ = now;
      lowest = low_[today];
    }
    if (highest_index_ < trailing) {
      highest_index_ = trailing;
      highest = high_[static_cast<std::size_t>(trailing)];
      for (auto i = trailing + 1; i <= now; ++i) {
        if (high_[static_cast<std::size_t>(i)] > highest) {
          highest_index_ = i;
          highest = high_[static_cast<std::size_t>(i)];
        }
      }
    } else if (high_[today] >= highest) {
      highest_index_ = now;
      highest = high_[today];
    }
  }

  double highest = 0.0;
  double lowest = 0.0;

 private:
  std::span<const double> high_, low_;
  std::size_t period_;
  std::ptrdiff_t highest_index_ = -1;
  std::ptrdiff_t lowest_index_ = -1;
};

// TA-Lib's TRUE_RANGE of bar `today` (today >= 1).
double true_range(std::span<const double> high, std::span<const double> low, std::span<const double> close,
                  std::size_t today) {
  double greatest = high[today] - low[today];
  const double to_high = std::abs(close[today - 1] - high[today]);
  if (to_high > greatest) greatest = to_high;
  const double to_low = std::abs(close[today - 1] - low[today]);
  if (to_low > greatest) greatest = to_low;
  return greatest;
}

// One bar of TA-Lib's directional movement: adds today's +DM1 or -DM1 (at most one of them).
void add_directional_movement(double high_rise, double low_fall, double& plus_dm, double& minus_dm) {
  if (low_fall > 0 && high_rise < low_fall) {
    minus_dm += low_fall;
  } else if (high_rise > 0 && high_rise > low_fall) {
    plus_dm += high_rise;
  }
}

}  // namespace

void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out) {
  const auto n = close.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 1 || n <= p) return;
  if (period == 1) {  // TA-Lib: no smoothing, the true range itself
    for (std::size_t i = 1; i < n; ++i) out[i] = true_range(high, low, close, i);
    return;
  }
  double total = 0.0;  // TA-Lib INT_SMA of TR[1..period]
  for (std::size_t i = 1; i <= p; ++i) total += true_range(high, low, close, i);
  double value = total / period;
  out[p] = value;
  for (std::size_t i = p + 1; i < n; ++i) {
    value *= period - 1;
    value += true_range(high, low, close, i);
    value /= period;
    out[i] = value;
  }
}

void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out) {
  const auto n = close.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  const std::size_t first = 2 * p - 1;
  if (period < 2 || n <= first) return;
  double plus_dm = 0.0;
  double minus_dm = 0.0;
  double tr = 0.0;
  // Bar `today`: updates the smoothed DM and TR (after the first period-1 plain sums).
  auto step = [&](std::size_t today, bool smooth) {
    const double high_rise = high[today] - high[today - 1];
    const double low_fall = low[today - 1] - low[today];
    if (smooth) {
      minus_dm -= minus_dm / period;
      plus_dm -= plus_dm / period;
    }
    add_directional_movement(high_rise, low_fall, plus_dm, minus_dm);
    const double range = true_range(high, low, close, today);
    tr = smooth ? tr - (tr / period) + range : tr + range;
  };
  // DX of the current smoothed values; false when TR or the DI sum is ~0 (no DX that bar).
  auto dx = [&](double& value) {
    if (ta_is_zero(tr)) return false;
    const double minus_di = 100.0 * (minus_dm / tr);
    const double plus_di = 100.0 * (plus_dm / tr);
    const double di_sum = minus_di + plus_di;
    if (ta_is_zero(di_sum)) return false;
    value = 100.0 * (std::abs(minus_di - plus_di) / di_sum);
    return true;
  };
  std::size_t today = 0;
  for (std::size_t i = 0; i + 1 < p; ++i) step(++today, false);
  double sum_dx = 0.0;
  for (std::size_t i = 0; i < p; ++i) {
    step(++today, true);
    if (double value = 0.0; dx(value)) sum_dx += value;
  }
  double value = sum_dx / period;
  out[today] = value;
  while (++today < n) {
    step(today, true);
    if (double d = 0.0; dx(d)) value = ((value * (period - 1)) + d) / period;
    out[today] = value;
  }
}

void stochastic(std::span<const double> high, std::span<const double> low, std::span<const double> close,
                int fastk_period, int slowk_period, int slowd_period, std::span<double> slow_k,
                std::span<double> slow_d) {
  const auto n = close.size();
  fill_nan(slow_k, n);
  fill_nan(slow_d, n);
  if (fastk_period < 1 || slowk_period < 1 || slowd_period < 1) return;
  const auto fastk_first = static_cast<std::size_t>(fastk_period) - 1;
  const auto slowk_first = fastk_first + static_cast<std::size_t>(slowk_period) - 1;
  const auto first = slowk_first + static_cast<std::size_t>(slowd_period) - 1;
  if (n <= first) return;
  // Fast %K goes into slow_d as scratch space; slow %K is its SMA, slow %D the SMA of that.
  WindowExtremes window(high, low, static_cast<std::size_t>(fastk_period));
  for (std::size_t today = fastk_first; today < n; ++today) {
    window.advance(today);
    const double diff = (window.highest - window.lowest) / 100.0;
    slow_d[today] = diff != 0.0 ? (close[today] - window.lowest) / diff : 0.0;
  }
  sma(slow_d.subspan(fastk_first), slowk_period, slow_k.subspan(fastk_first));
  sma(slow_k.subspan(slowk_first), slowd_period, slow_d.subspan(slowk_first));
  fill_nan(slow_d, slowk_first);
  fill_nan(slow_k, first);  // TA-Lib outputs both lines from the same row
}

void on_balance_volume(std::span<const double> close, std::span<const double> volume, std::span<double> out) {
  const auto n = close.size();
  if (n == 0) return;
  double value = volume[0];
  double previous = close[0];
  for (std::size_t i = 0; i < n; ++i) {
    if (close[i] > previous) {
      value += volume[i];
    } else if (close[i] < previous) {
      value -= volume[i];
    }
    out[i] = value;
    previous = close[i];
  }
}

void williams_r(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
                std::span<double> out) {
  const auto n = close.size();
  fill_nan(out, n);
  if (period < 1 || n < static_cast<std::size_t>(period)) return;
  WindowExtremes window(high, low, static_cast<std::size_t>(period));
  for (std::size_t today = static_cast<std::size_t>(period) - 1; today < n; ++today) {
    window.advance(today);
    const double diff = (window.highest - window.lowest) / (-100.0);
    out[today] = diff != 0.0 ? (window.highest - close[today]) / diff : 0.0;
  }
}

void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out) {
  const auto n = close.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 1 || n < p) return;
  auto typical = [&](std::size_t i) { return (high[i] + low[i] + close[i]) / 3; };
  // TA-Lib keeps the window in a circular buffer where bar i sits in slot i % period and sums
  // slot 0..period-1. Up to kRing bars live in a stack ring in that layout; longer periods
  // recompute the typical price of the bar in each slot.
  constexpr std::size_t kRing = 256;
  std::array<double, kRing> ring{};
  const bool use_ring = p <= kRing;
  if (use_ring) {
    for (std::size_t i = 0; i + 1 < p; ++i) ring[i % p] = typical(i);
  }
  for (std::size_t today = p - 1; today < n; ++today) {
    const double last = typical(today);
    if (use_ring) ring[today % p] = last;
    const std::size_t base = today + 1 - p;  // the bar in slot j is base + (j - base % p) mod p
    auto slot = [&](std::size_t j) { return use_ring ? ring[j] : typical(base + (j + p - base % p) % p); };
    double average = 0;
    for (std::size_t j = 0; j < p; ++j) average += slot(j);
    average /= period;
    double deviation = 0;
    for (std::size_t j = 0; j < p; ++j) deviation += std::abs(slot(j) - average);
    const double distance = last - average;
    out[today] = (distance != 0.0 && deviation != 0.0) ? distance / (0.015 * (deviation / period)) : 0.0;
  }
}

void parabolic_sar(std::span<const double> high, std::span<const double> low, double acceleration, double maximum,
                   std::span<double> out) {
  const auto n = high.size();
  fill_nan(out, n);
  if (n < 2) return;
  if (acceleration > maximum) acceleration = maximum;
  double af = acceleration;
  // TA-Lib's initial direction: MINUS_DM(period 1) of bar 1 > 0 -> short, else long.
  const double high_rise = high[1] - high[0];
  const double low_fall = low[0] - low[1];
  bool is_long = !(low_fall > 0 && high_rise < low_fall);
  double ep = is_long ? high[1] : low[1];
  double sar = is_long ? low[0] : high[0];
  double new_low = low[1];  // TA-Lib's "cheat": bar 1 is its own previous bar at the start
  double new_high = high[1];
  for (std::size_t today = 1; today < n; ++today) {
    const double prev_low = new_low;
    const double prev_high = new_high;
    new_low = low[today];
    new_high = high[today];
    if (is_long) {
      if (new_low <= sar) {  // switch to short; the SAR becomes the extreme point
        is_long = false;
        sar = ep;
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
        out[today] = sar;
        af = acceleration;
        ep = new_low;
        sar = sar + af * (ep - sar);
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
      } else {
        out[today] = sar;
        if (new_high > ep) {
          ep = new_high;
          af += acceleration;
          if (af > maximum) af = maximum;
        }
        sar = sar + af * (ep - sar);
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
      }
    } else {
      if (new_high >= sar) {  // switch to long
        is_long = true;
        sar = ep;
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
        out[today] = sar;
        af = acceleration;
        ep = new_high;
        sar = sar + af * (ep - sar);
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
      } else {
        out[today] = sar;
        if (new_low < ep) {
          ep = new_low;
          af += acceleration;
          if (af > maximum) af = maximum;
        }
        sar = sar + af * (ep - sar);
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
      }
    }
  }
}

void midprice(std::span<const double> high, std::span<const double> low, int period, std::span<double> out) {
  const auto n = high.size();
  fill_nan(out, n);
  if (period < 1 || n < static_cast<std::size_t>(period)) return;
  WindowExtremes window(high, low, static_cast<std::size_t>(period));
  for (std::size_t today = static_cast<std::size_t>(period) - 1; today < n; ++today) {
    window.advance(today);
    out[today] = (window.highest + window.lowest) / 2.0;
  }
}

void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, int period, std::span<double> out) {
  const auto n = close.size();
  const auto p = static_cast<std::size_t>(period);
  fill_nan(out, n);
  if (period < 1 || n < p) return;
  auto traded = [&](std::size_t i) { return ((high[i] + low[i] + close[i]) / 3) * volume[i]; };
  double value_sum = 0.0;
  double volume_sum = 0.0;
  for (std::size_t i = 0; i + 1 < p; ++i) {
    value_sum += traded(i);
    volume_sum += volume[i];
  }
  for (std::size_t i = p - 1, trailing = 0; i < n; ++i, ++trailing) {
    value_sum += traded(i);
    volume_sum += volume[i];
    out[i] = volume_sum != 0.0 ? value_sum / volume_sum : kNaN;
    value_sum -= traded(trailing);
    volume_sum -= volume[trailing];
  }
}

void ichimoku(std::span<const double> high, std::span<const double> low, int tenkan_period, int kijun_period,
              int senkou_b_period, std::span<double> tenkan, std::span<double> kijun, std::span<double> senkou_a,
              std::span<double> senkou_b) {
  midprice(high, low, tenkan_period, tenkan);
  midprice(high, low, kijun_period, kijun);
  midprice(high, low, senkou_b_period, senkou_b);
  for (std::size_t i = 0; i < senkou_a.size(); ++i) senkou_a[i] = (tenkan[i] + kijun[i]) / 2.0;
}

void keltner(std::span<const double> high, std::span<const double> low, std::span<const double> close, int ema_period,
             int atr_period, double multiplier, std::span<double> upper, std::span<double> middle,
             std::span<double> lower) {
  const auto n = close.size();
  ema(close, ema_period, middle);
  atr(high, low, close, atr_period, upper);  // the ATR goes into `upper` as scratch space
  fill_nan(lower, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double band = multiplier * upper[i];
    upper[i] = middle[i] + band;
    lower[i] = middle[i] - band;
  }
}

}  // namespace mp::features
