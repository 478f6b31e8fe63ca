#include "features/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// TA-Lib's TA_IS_ZERO and TA_IS_ZERO_OR_NEG tolerances.
bool ta_is_zero(double v) { return -0.00000001 < v && v < 0.00000001; }
bool ta_is_zero_or_neg(double v) { return v < 0.00000001; }

void fill_nan(std::span<double> out, std::size_t count) {
  std::fill_n(out.begin(), std::min(count, out.size()), kNaN);
}

// EMA over in[first..], seeded at `seed_index` with the SMA of the `period` values ending
// there; writes out[seed_index..]. Entries before seed_index are left untouched.
void ema_from_seed(std::span<const double> in, int period, std::size_t seed_index,
                   std::span<double> out) {
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
    if (change < 0) loss -= change; else gain += change;
  }
  gain /= period;
  loss /= period;
  auto value = [&] { return ta_is_zero(gain + loss) ? 0.0 : 100.0 * (gain / (gain + loss)); };
  out[p] = value();
  for (std::size_t i = p + 1; i < n; ++i) {
    const double change = in[i] - in[i - 1];
    loss *= (period - 1);
    gain *= (period - 1);
    if (change < 0) loss -= change; else gain += change;
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

void bollinger(std::span<const double> in, int period, double nb_dev, std::span<double> upper,
               std::span<double> middle, std::span<double> lower) {
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

}  // namespace mp::features
