// The extended technical family: ATR, ADX, stochastic, OBV, VWAP, Williams %R, CCI, parabolic SAR,
// Ichimoku and Keltner on daily bars, and weekly (multi-timeframe) RSI, trend and volatility.
//
// Naming scheme of the Model features (what the model sees, comparable across symbols):
//   X_to_close        indicator in price units / close                     (atr_14_to_close)
//   close_to_X        close / price level - 1                              (close_to_sar)
//   X_level           Model twin of an indicator that is scale-free already: the same values,
//                     registered as a Model feature so the "technical"/"all" sets pick it up
//                     (adx_14_level = adx_14). rsi_14/volatility_30 predate the scheme: the
//                     technical9 set lists those indicators directly.
//   weekly_*          on ISO weekly bars as known at each day (weekly_resample.hpp)
// Every Model feature is NaN on a series lacking its inputs (the close-only Dow 30 sample has no
// high/low or volume): the pipeline checks `inputs`.
#include "features/feature_registry.hpp"
#include "features/indicators.hpp"
#include "features/weekly_resample.hpp"

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace mp::features {

namespace {

using Compute = std::function<void(const PriceInputs&, std::span<double>, Workspace&)>;
using K = FeatureKind;

const std::vector<PriceField> kHighLow = {PriceField::HighLow};
const std::vector<PriceField> kVolume = {PriceField::Volume};
const std::vector<PriceField> kHighLowVolume = {PriceField::HighLow, PriceField::Volume};
const std::vector<PriceField> kClose = {PriceField::Close};

FeatureDef def(std::string name, FeatureKind kind, std::string params, std::string description,
               std::vector<PriceField> inputs, int warmup, Compute compute) {
  return FeatureDef{std::move(name),   kind,   "technical",       std::move(params), std::move(description),
                    std::move(inputs), warmup, std::move(compute)};
}

// ---- the indicators, written into `out` --------------------------------------------------------

void atr_14(const PriceInputs& p, std::span<double> out) { atr(p.high, p.low, p.close, 14, out); }
void adx_14(const PriceInputs& p, std::span<double> out) { adx(p.high, p.low, p.close, 14, out); }

enum class StochLine { K, D };
void stoch(const PriceInputs& p, StochLine line, std::span<double> out, Workspace& ws) {
  auto other = ws.buffer(0, out.size());
  if (line == StochLine::K) {
    stochastic(p.high, p.low, p.close, 14, 3, 3, out, other);
  } else {
    stochastic(p.high, p.low, p.close, 14, 3, 3, other, out);
  }
}

void willr_14(const PriceInputs& p, std::span<double> out) { williams_r(p.high, p.low, p.close, 14, out); }
void cci_20(const PriceInputs& p, std::span<double> out) { cci(p.high, p.low, p.close, 20, out); }
void sar(const PriceInputs& p, std::span<double> out) { parabolic_sar(p.high, p.low, 0.02, 0.2, out); }
void vwap_20(const PriceInputs& p, std::span<double> out) { vwap(p.high, p.low, p.close, p.volume, 20, out); }

// Ichimoku 9/26/52 as known at t (no forward shift, no chikou span: see indicators.hpp).
void tenkan(const PriceInputs& p, std::span<double> out) { midprice(p.high, p.low, 9, out); }
void kijun(const PriceInputs& p, std::span<double> out) { midprice(p.high, p.low, 26, out); }
void senkou_b(const PriceInputs& p, std::span<double> out) { midprice(p.high, p.low, 52, out); }
void senkou_a(const PriceInputs& p, std::span<double> out, Workspace& ws) {
  auto kijun_line = ws.buffer(0, out.size());
  tenkan(p, out);
  kijun(p, kijun_line);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (out[i] + kijun_line[i]) / 2.0;
}

enum class KeltnerBand { Upper, Middle, Lower };
// Keltner 20/10/2: EMA 20 of the close +/- 2 ATR 10. `out` receives the chosen band; `ws` slots
// 1..2 the others.
void keltner_band(const PriceInputs& p, KeltnerBand band, std::span<double> out, Workspace& ws) {
  const auto n = out.size();
  auto a = ws.buffer(1, n);
  auto b = ws.buffer(2, n);
  switch (band) {
    case KeltnerBand::Upper:
      keltner(p.high, p.low, p.close, 20, 10, 2.0, out, a, b);
      break;
    case KeltnerBand::Middle:
      keltner(p.high, p.low, p.close, 20, 10, 2.0, a, out, b);
      break;
    case KeltnerBand::Lower:
      keltner(p.high, p.low, p.close, 20, 10, 2.0, a, b, out);
      break;
  }
}

// ---- scale-free transforms ----------------------------------------------------------------------

// out[t] = close[t] / level[t] - 1, in place over `out` holding the level (NaN stays NaN).
void close_over_in_place(std::span<const double> close, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = close[i] / out[i] - 1.0;
}

void divide_by_close_in_place(std::span<const double> close, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] /= close[i];
}

// Indicator `indicator` written into `out`, then close / it - 1.
Compute close_to(void (*indicator)(const PriceInputs&, std::span<double>)) {
  return [indicator](const PriceInputs& p, std::span<double> out, Workspace&) {
    indicator(p, out);
    close_over_in_place(p.close, out);
  };
}

// OBV flow: (OBV[t] - OBV[t-period]) / sum(volume[t-period+1..t]), i.e. the signed volume of the
// last `period` days (+ on up closes, - on down closes) as a share of the volume traded, -1..1.
// NaN when the window traded nothing. First value at `period`.
void obv_flow(const PriceInputs& p, int period, std::span<double> out, Workspace& ws) {
  const auto n = out.size();
  const auto w = static_cast<std::size_t>(period);
  auto obv = ws.buffer(0, n);
  on_balance_volume(p.close, p.volume, obv);
  double volume_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    volume_sum += p.volume[i];
    if (i >= w) volume_sum -= p.volume[i - w];
    out[i] = i < w || volume_sum == 0.0 ? std::numeric_limits<double>::quiet_NaN() : (obv[i] - obv[i - w]) / volume_sum;
  }
}

void register_indicators(FeatureRegistry& r) {
  auto plain = [](void (*f)(const PriceInputs&, std::span<double>)) -> Compute {
    return [f](const PriceInputs& p, std::span<double> out, Workspace&) { f(p, out); };
  };
  r.add(def("atr_14", K::Indicator, "period=14", "average true range, Wilder smoothing (TA-Lib ATR)", kHighLow, 14,
            plain(atr_14)));
  r.add(def("adx_14", K::Indicator, "period=14", "average directional index, 0..100 (TA-Lib ADX)", kHighLow, 27,
            plain(adx_14)));
  r.add(def("stoch_k", K::Indicator, "fastk=14 slowk=3 slowd=3 SMA",
            "slow stochastic %K: SMA3 of 100*(close-LL14)/(HH14-LL14), 0..100 (TA-Lib STOCH)", kHighLow, 17,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) { stoch(p, StochLine::K, out, ws); }));
  r.add(def("stoch_d", K::Indicator, "fastk=14 slowk=3 slowd=3 SMA",
            "slow stochastic %D: SMA3 of slow %K (TA-Lib STOCH)", kHighLow, 17,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) { stoch(p, StochLine::D, out, ws); }));
  r.add(
      def("obv", K::Indicator, "", "on-balance volume, starting at volume[0] (TA-Lib OBV)", kVolume, 0,
          [](const PriceInputs& p, std::span<double> out, Workspace&) { on_balance_volume(p.close, p.volume, out); }));
  r.add(def("vwap_20", K::Indicator, "period=20",
            "rolling 20-day VWAP: sum(typical*volume)/sum(volume), typical=(H+L+C)/3 (not in TA-Lib)", kHighLowVolume,
            19, plain(vwap_20)));
  r.add(
      def("willr_14", K::Indicator, "period=14", "Williams %R, -100..0 (TA-Lib WILLR)", kHighLow, 13, plain(willr_14)));
  r.add(def("cci_20", K::Indicator, "period=20", "commodity channel index, constant 0.015 (TA-Lib CCI)", kHighLow, 19,
            plain(cci_20)));
  r.add(def("sar", K::Indicator, "step=0.02 max=0.2", "parabolic SAR (TA-Lib SAR, its initial direction rule)",
            kHighLow, 1, plain(sar)));
  r.add(def("ichimoku_tenkan", K::Indicator, "period=9", "Ichimoku tenkan-sen: (HH9+LL9)/2 (TA-Lib MIDPRICE 9)",
            kHighLow, 8, plain(tenkan)));
  r.add(def("ichimoku_kijun", K::Indicator, "period=26", "Ichimoku kijun-sen: (HH26+LL26)/2 (TA-Lib MIDPRICE 26)",
            kHighLow, 25, plain(kijun)));
  r.add(def("ichimoku_senkou_a", K::Indicator, "tenkan=9 kijun=26",
            "Ichimoku senkou span A as known at t, not shifted forward: (tenkan+kijun)/2", kHighLow, 25,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) { senkou_a(p, out, ws); }));
  r.add(def("ichimoku_senkou_b", K::Indicator, "period=52",
            "Ichimoku senkou span B as known at t, not shifted forward: (HH52+LL52)/2", kHighLow, 51, plain(senkou_b)));
  r.add(def("keltner_upper", K::Indicator, "ema=20 atr=10 mult=2", "Keltner upper band: EMA20(close) + 2*ATR10",
            kHighLow, 19, [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              keltner_band(p, KeltnerBand::Upper, out, ws);
            }));
  r.add(def("keltner_middle", K::Indicator, "ema=20", "Keltner middle line: EMA20 of the close (TA-Lib EMA)", kClose,
            19, [](const PriceInputs& p, std::span<double> out, Workspace&) { ema(p.close, 20, out); }));
  r.add(def("keltner_lower", K::Indicator, "ema=20 atr=10 mult=2", "Keltner lower band: EMA20(close) - 2*ATR10",
            kHighLow, 19, [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              keltner_band(p, KeltnerBand::Lower, out, ws);
            }));
}

void register_model_transforms(FeatureRegistry& r) {
  r.add(def("atr_14_to_close", K::Model, "period=14", "ATR14 / close", kHighLow, 14,
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              atr_14(p, out);
              divide_by_close_in_place(p.close, out);
            }));
  r.add(def("adx_14_level", K::Model, "period=14", "ADX14 as it is (0..100, scale-free)", kHighLow, 27,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { adx_14(p, out); }));
  r.add(def("stoch_k_level", K::Model, "fastk=14 slowk=3 slowd=3 SMA", "slow stochastic %K as it is (0..100)", kHighLow,
            17, [](const PriceInputs& p, std::span<double> out, Workspace& ws) { stoch(p, StochLine::K, out, ws); }));
  r.add(def("stoch_d_level", K::Model, "fastk=14 slowk=3 slowd=3 SMA", "slow stochastic %D as it is (0..100)", kHighLow,
            17, [](const PriceInputs& p, std::span<double> out, Workspace& ws) { stoch(p, StochLine::D, out, ws); }));
  r.add(def("obv_flow_20", K::Model, "period=20",
            "(OBV - OBV[t-20]) / sum of the last 20 volumes: signed volume share, -1..1", kVolume, 20,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) { obv_flow(p, 20, out, ws); }));
  r.add(def("close_to_vwap_20", K::Model, "period=20", "close / VWAP20 - 1", kHighLowVolume, 19, close_to(vwap_20)));
  r.add(def("willr_14_level", K::Model, "period=14", "Williams %R as it is (-100..0)", kHighLow, 13,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { willr_14(p, out); }));
  r.add(def("cci_20_level", K::Model, "period=20", "CCI20 as it is (scale-free, mostly -300..300)", kHighLow, 19,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { cci_20(p, out); }));
  r.add(def("close_to_sar", K::Model, "step=0.02 max=0.2", "close / SAR - 1 (> 0 in an up trend)", kHighLow, 1,
            close_to(sar)));
  r.add(def("close_to_ichimoku_tenkan", K::Model, "period=9", "close / tenkan-sen - 1", kHighLow, 8, close_to(tenkan)));
  r.add(def("close_to_ichimoku_kijun", K::Model, "period=26", "close / kijun-sen - 1", kHighLow, 25, close_to(kijun)));
  r.add(def("ichimoku_cloud_gap", K::Model, "9/26/52", "(senkou A - senkou B) / close, both as known at t", kHighLow,
            51, [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto b = ws.buffer(3, out.size());
              senkou_a(p, out, ws);
              senkou_b(p, b);
              for (std::size_t i = 0; i < out.size(); ++i) out[i] = (out[i] - b[i]) / p.close[i];
            }));
  r.add(def("close_to_keltner_upper", K::Model, "ema=20 atr=10 mult=2", "close / Keltner upper band - 1", kHighLow, 19,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              keltner_band(p, KeltnerBand::Upper, out, ws);
              close_over_in_place(p.close, out);
            }));
  r.add(def("close_to_keltner_lower", K::Model, "ema=20 atr=10 mult=2", "close / Keltner lower band - 1", kHighLow, 19,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              keltner_band(p, KeltnerBand::Lower, out, ws);
              close_over_in_place(p.close, out);
            }));
  r.add(def("keltner_width", K::Model, "ema=20 atr=10 mult=2", "(upper - lower) / middle Keltner band = 4*ATR10/EMA20",
            kHighLow, 19, [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              const auto n = out.size();
              auto middle = ws.buffer(3, n);
              auto lower = ws.buffer(4, n);
              keltner(p.high, p.low, p.close, 20, 10, 2.0, out, middle, lower);
              for (std::size_t i = 0; i < n; ++i) out[i] = (out[i] - lower[i]) / middle[i];
            }));
}

// Weekly features: warm-up = the rows NaN on any calendar (one trading day a week at least);
// on a Monday-to-Friday calendar without holidays the first value comes 5x later.
void register_weekly(FeatureRegistry& r) {
  r.add(def("weekly_rsi_14", K::Model, "period=14 weeks",
            "RSI14 (Wilder) of ISO weekly closes; the week in progress closes at today's close", kClose, 14,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { weekly_rsi(p.dates, p.close, 14, out); }));
  r.add(def("weekly_close_to_sma_10", K::Model, "period=10 weeks",
            "close / SMA10 of ISO weekly closes - 1; the week in progress closes at today's close", kClose, 9,
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              weekly_sma(p.dates, p.close, 10, out);
              close_over_in_place(p.close, out);
            }));
  r.add(def("weekly_volatility_13", K::Model, "period=13 weeks",
            "sample std of the last 13 ISO weekly returns, the week in progress's return up to today", kClose, 13,
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              weekly_return_volatility(p.dates, p.close, 13, out);
            }));
}

}  // namespace

void register_technical_extended(FeatureRegistry& registry) {
  register_indicators(registry);
  register_model_transforms(registry);
  register_weekly(registry);
  std::vector<std::string> raw = registry.sets().at("technical9_raw");
  for (const char* name : {"atr_14", "adx_14", "stoch_k", "stoch_d", "obv", "vwap_20", "willr_14", "cci_20", "sar",
                           "ichimoku_tenkan", "ichimoku_kijun", "ichimoku_senkou_a", "ichimoku_senkou_b",
                           "keltner_upper", "keltner_middle", "keltner_lower"}) {
    raw.emplace_back(name);
  }
  registry.add_set("technical_raw", std::move(raw));
}

}  // namespace mp::features
