#pragma once
// Indicator kernels: pure functions on spans, O(n), no allocation, NaN through the warm-up.
// Where TA-Lib defines the indicator, the definition, seeding and even the order of the
// floating-point operations follow TA-Lib's C source (0.6.0-dev, bundled in npm talib 1.1.6),
// so results match its output to ~1e-12 (tests/golden holds values computed by TA-Lib
// itself). Inputs must be finite; `out` has the input's length. A value at index t reads only
// inputs at indices <= t.
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
void bollinger(std::span<const double> in, int period, double nb_dev, std::span<double> upper, std::span<double> middle,
               std::span<double> lower);

// Not in TA-Lib: volatility of daily simple returns r[t] = in[t]/in[t-1] - 1, as the sample
// standard deviation (n-1 denominator, as pandas' rolling std) of the last `period` returns,
// not annualised. First value at index `period`.
void return_volatility(std::span<const double> in, int period, std::span<double> out);

// ---- High/low/volume indicators -------------------------------------------------------------
// All spans of one call have the same length. Rolling highest high / lowest low as TA-Lib does
// it: remember the extreme's index and rescan the window only when it leaves (a few comparisons
// per row on market data, O(period) for a row that rescans).

// TA-Lib TRANGE: max(high-low, |high-close[t-1]|, |low-close[t-1]|); bar 0 has none.
// TA-Lib ATR(period): the first value, at index `period`, is the mean of TR[1..period] (bar 0
// is consumed); then Wilder smoothing atr = (atr*(period-1) + tr)/period.
void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out);

// TA-Lib ADX(period), Wilder's directional movement, without Wilder's rounding. +DM/-DM/TR are
// summed over bars 1..period-1, then smoothed from bar `period` on (x = x - x/period + today);
// DX = 100*|-DI - +DI|/(-DI + +DI) with DI = 100*DM/TR; the first ADX is the mean of the
// `period` DX of bars period..2*period-1 (first value at 2*period-1), then
// adx = (adx*(period-1) + dx)/period. A bar whose TR (or DI sum) is ~0 leaves ADX unchanged.
void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out);

// TA-Lib STOCH(fastk, slowk, SMA, slowd, SMA), the "slow" stochastic:
// fast %K = (close - LL)/((HH - LL)/100) over `fastk_period` bars (0 when HH == LL),
// slow %K = SMA(fast %K, slowk_period), slow %D = SMA(slow %K, slowd_period). As TA-Lib, both
// outputs start at (fastk-1)+(slowk-1)+(slowd-1) (slow %K is left NaN two rows longer than
// it needs to be).
void stochastic(std::span<const double> high, std::span<const double> low, std::span<const double> close,
                int fastk_period, int slowk_period, int slowd_period, std::span<double> slow_k,
                std::span<double> slow_d);

// TA-Lib OBV: starts at volume[0] (not 0), then +volume on an up close, -volume on a down
// close, unchanged on an equal close. First value at 0.
void on_balance_volume(std::span<const double> close, std::span<const double> volume, std::span<double> out);

// TA-Lib WILLR(period): (HH - close)/((HH - LL)/-100) over `period` bars, -100..0 (0 when
// HH == LL). First value at period-1.
void williams_r(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
                std::span<double> out);

// TA-Lib CCI(period): typical price tp = (high+low+close)/3; (tp - mean)/(0.015 * mean
// absolute deviation) over `period` bars (0 when either is 0). Sums run over TA-Lib's
// circular-buffer order. O(n*period): a mean absolute deviation has no running form.
// First value at period-1.
void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close, int period,
         std::span<double> out);

// TA-Lib SAR(acceleration, maximum), Wilder's parabolic stop-and-reverse. TA-Lib's bootstrap:
// the direction of bar 1 is short when bar 1's -DM (low[0]-low[1], if larger than the
// high's rise and positive) is > 0, else long; the first SAR is bar 0's low (long) or high
// (short) and the extreme point bar 1's high (long) or low (short). First value at 1.
void parabolic_sar(std::span<const double> high, std::span<const double> low, double acceleration, double maximum,
                   std::span<double> out);

// TA-Lib MIDPRICE(period): (highest high + lowest low)/2 over `period` bars. First value at
// period-1.
void midprice(std::span<const double> high, std::span<const double> low, int period, std::span<double> out);

// Not in TA-Lib. Rolling VWAP over `period` bars: sum(tp*volume)/sum(volume) with the typical
// price tp = (high+low+close)/3, running sums. NaN where the window's volume is 0.
// First value at period-1.
void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, int period, std::span<double> out);

// Not in TA-Lib. Ichimoku Kinko Hyo lines AS KNOWN AT DATE t (Hosoda's definitions, each a
// TA-Lib MIDPRICE): tenkan = (HH+LL)/2 over tenkan_period (9), kijun = same over
// kijun_period (26), senkou A = (tenkan + kijun)/2, senkou B = (HH+LL)/2 over
// senkou_b_period (52). The senkou spans are NOT shifted kijun_period bars forward (that plot
// shift is display only) and the chikou span (the close plotted backwards) is not computed:
// it looks ahead. First values at tenkan-1, kijun-1, max(tenkan,kijun)-1, senkou_b-1.
void ichimoku(std::span<const double> high, std::span<const double> low, int tenkan_period, int kijun_period,
              int senkou_b_period, std::span<double> tenkan, std::span<double> kijun, std::span<double> senkou_a,
              std::span<double> senkou_b);

// Not in TA-Lib. Keltner channel (Chester Keltner as modernised by Linda Raschke): middle =
// TA-Lib EMA(ema_period) of the close, upper/lower = middle +/- multiplier * TA-Lib
// ATR(atr_period). The middle line starts at ema_period-1, the bands at
// max(ema_period-1, atr_period).
void keltner(std::span<const double> high, std::span<const double> low, std::span<const double> close, int ema_period,
             int atr_period, double multiplier, std::span<double> upper, std::span<double> middle,
             std::span<double> lower);

}  // namespace mp::features
