#pragma once
// Indicator kernels: pure functions on spans, O(n), no allocation, NaN through the warm-up.
// Where TA-Lib defines the indicator, the definition, seeding and even the order of the
// floating-point operations follow TA-Lib 0.4.0's C source, so results match its output to
// ~1e-12 (tests/golden holds values computed by TA-Lib itself). Inputs must be finite; `out`
// has the input's length. A value at index t reads only inputs at indices <= t.
#include <span>

namespace mp::features {

// TA-Lib SMA: arithmetic mean of the last `period` values; first value at period-1.
void sma(std::span<const double> in, int period, std::span<double> out);

// TA-Lib EMA: k = 2/(period+1), seeded with the SMA of the first `period` values
// (first value at period-1).
void ema(std::span<const double> in, int period, std::span<double> out);

// TA-Lib RSI with Wilder smoothing: average gain/loss seeded with the simple mean of the
// first `period` changes, then avg = (avg*(period-1) + change)/period. First value at `period`.
void rsi(std::span<const double> in, int period, std::span<double> out);

// TA-Lib MOM: in[t] - in[t-period]. First value at `period`.
void momentum(std::span<const double> in, int period, std::span<double> out);

// TA-Lib ROC: (in[t]/in[t-period] - 1) * 100. First value at `period`.
void rate_of_change(std::span<const double> in, int period, std::span<double> out);

// TA-Lib STDDEV: population standard deviation over `period` values, times nb_dev.
void rolling_stddev(std::span<const double> in, int period, double nb_dev, std::span<double> out);

// TA-Lib MACD(fast, slow, signal). TA-Lib's seeding: both EMAs start at index slow-1, the slow
// one seeded by the SMA of in[0..slow-1] and the fast one by the SMA of the `fast` values
// ending at slow-1 (not at fast-1); the signal is an EMA of the MACD line seeded by the SMA of
// its first `signal` values. All three outputs start at (slow-1)+(signal-1).
void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> macd_line,
          std::span<double> signal_line, std::span<double> histogram);

// TA-Lib BBANDS with an SMA middle band and population standard deviation:
// upper/lower = middle +/- nb_dev * stddev. First value at period-1.
void bollinger(std::span<const double> in, int period, double nb_dev, std::span<double> upper,
               std::span<double> middle, std::span<double> lower);

// Not in TA-Lib: volatility of daily simple returns r[t] = in[t]/in[t-1] - 1, as the sample
// standard deviation (n-1 denominator, as pandas' rolling std) of the last `period` returns,
// not annualised. First value at index `period`.
void return_volatility(std::span<const double> in, int period, std::span<double> out);

}  // namespace mp::features
