// The original system's nine technical features, as raw indicators (--raw, price units) and
// as the scale-free transforms the model sees, so that one model serves every symbol.
#include "features/feature_registry.hpp"
#include "features/indicators.hpp"

#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// out[t] = value[t] / close[t] - 1 (NaN stays NaN): a price level expressed relative to the close.
void relative_to_close(std::span<const double> value, std::span<const double> close, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = value[i] / close[i] - 1.0;
}

// close[t] / level[t] - 1: how far the close stands above a moving average.
void close_over(std::span<const double> level, std::span<const double> close, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = close[i] / level[i] - 1.0;
}

void divide_by_close(std::span<const double> value, std::span<const double> close, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = value[i] / close[i];
}

enum class MacdPart { Line, Signal };
void macd_part(const PriceInputs& p, MacdPart part, std::span<double> out, Workspace& ws) {
  const auto n = p.close.size();
  auto line = ws.buffer(0, n);
  auto signal = ws.buffer(1, n);
  auto hist = ws.buffer(2, n);
  macd(p.close, 12, 26, 9, line, signal, hist);
  const auto& chosen = part == MacdPart::Line ? line : signal;
  std::copy(chosen.begin(), chosen.end(), out.begin());
}

enum class Band { Upper, Lower };
void bollinger_band(const PriceInputs& p, Band band, std::span<double> out, Workspace& ws) {
  const auto n = p.close.size();
  auto upper = ws.buffer(0, n);
  auto middle = ws.buffer(1, n);
  auto lower = ws.buffer(2, n);
  bollinger(p.close, 20, 2.0, upper, middle, lower);
  const auto& chosen = band == Band::Upper ? upper : lower;
  std::copy(chosen.begin(), chosen.end(), out.begin());
}

FeatureDef def(std::string name, FeatureKind kind, std::string params, std::string description, int warmup,
               std::function<void(const PriceInputs&, std::span<double>, Workspace&)> compute) {
  return FeatureDef{std::move(name),     kind,   "technical",       std::move(params), std::move(description),
                    {PriceField::Close}, warmup, std::move(compute)};
}

void register_raw(FeatureRegistry& r) {
  using K = FeatureKind;
  r.add(def("sma_50", K::Indicator, "period=50", "simple moving average of the close (TA-Lib SMA)", 49,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { sma(p.close, 50, out); }));
  r.add(def("sma_200", K::Indicator, "period=200", "simple moving average of the close (TA-Lib SMA)", 199,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { sma(p.close, 200, out); }));
  r.add(def("rsi_14", K::Indicator, "period=14", "relative strength index, Wilder smoothing (TA-Lib RSI), 0..100", 14,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { rsi(p.close, 14, out); }));
  r.add(def("volatility_30", K::Indicator, "period=30",
            "sample standard deviation of the last 30 daily returns (not annualised)", 30,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { return_volatility(p.close, 30, out); }));
  r.add(def("momentum_10", K::Indicator, "period=10", "close minus the close 10 days earlier (TA-Lib MOM)", 10,
            [](const PriceInputs& p, std::span<double> out, Workspace&) { momentum(p.close, 10, out); }));
  r.add(def("macd", K::Indicator, "fast=12 slow=26 signal=9", "MACD line: EMA12 - EMA26 (TA-Lib MACD)", 33,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) { macd_part(p, MacdPart::Line, out, ws); }));
  r.add(
      def("macd_signal", K::Indicator, "fast=12 slow=26 signal=9", "9-day EMA of the MACD line (TA-Lib MACD)", 33,
          [](const PriceInputs& p, std::span<double> out, Workspace& ws) { macd_part(p, MacdPart::Signal, out, ws); }));
  r.add(def(
      "bb_upper", K::Indicator, "period=20 nbdev=2", "upper Bollinger band: SMA20 + 2 population std (TA-Lib BBANDS)",
      19, [](const PriceInputs& p, std::span<double> out, Workspace& ws) { bollinger_band(p, Band::Upper, out, ws); }));
  r.add(def(
      "bb_lower", K::Indicator, "period=20 nbdev=2", "lower Bollinger band: SMA20 - 2 population std (TA-Lib BBANDS)",
      19, [](const PriceInputs& p, std::span<double> out, Workspace& ws) { bollinger_band(p, Band::Lower, out, ws); }));
}

void register_model_transforms(FeatureRegistry& r) {
  using K = FeatureKind;
  r.add(def("close_to_sma_50", K::Model, "period=50", "close / SMA50 - 1", 49,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto level = ws.buffer(3, out.size());
              sma(p.close, 50, level);
              close_over(level, p.close, out);
            }));
  r.add(def("close_to_sma_200", K::Model, "period=200", "close / SMA200 - 1", 199,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto level = ws.buffer(3, out.size());
              sma(p.close, 200, level);
              close_over(level, p.close, out);
            }));
  r.add(def("return_10", K::Model, "period=10", "10-day momentum as a return: close / close[t-10] - 1", 10,
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              rate_of_change(p.close, 10, out);
              for (auto& v : out) v /= 100.0;
            }));
  r.add(def("macd_to_close", K::Model, "fast=12 slow=26 signal=9", "MACD line / close", 33,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto value = ws.buffer(3, out.size());
              macd_part(p, MacdPart::Line, value, ws);
              divide_by_close(value, p.close, out);
            }));
  r.add(def("macd_signal_to_close", K::Model, "fast=12 slow=26 signal=9", "MACD signal line / close", 33,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto value = ws.buffer(3, out.size());
              macd_part(p, MacdPart::Signal, value, ws);
              divide_by_close(value, p.close, out);
            }));
  r.add(def("bb_upper_to_close", K::Model, "period=20 nbdev=2", "upper Bollinger band / close - 1", 19,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto value = ws.buffer(3, out.size());
              bollinger_band(p, Band::Upper, value, ws);
              relative_to_close(value, p.close, out);
            }));
  r.add(def("bb_lower_to_close", K::Model, "period=20 nbdev=2", "lower Bollinger band / close - 1", 19,
            [](const PriceInputs& p, std::span<double> out, Workspace& ws) {
              auto value = ws.buffer(3, out.size());
              bollinger_band(p, Band::Lower, value, ws);
              relative_to_close(value, p.close, out);
            }));
}

}  // namespace

void register_technical9(FeatureRegistry& registry) {
  register_raw(registry);
  register_model_transforms(registry);
  // rsi_14 and volatility_30 are scale-free already: the model sees them as they are.
  registry.add_set("technical9_raw", {"sma_50", "sma_200", "rsi_14", "volatility_30", "momentum_10", "macd",
                                      "macd_signal", "bb_upper", "bb_lower"});
  registry.add_set("technical9", {"close_to_sma_50", "close_to_sma_200", "rsi_14", "volatility_30", "return_10",
                                  "macd_to_close", "macd_signal_to_close", "bb_upper_to_close", "bb_lower_to_close"});
}

}  // namespace mp::features
