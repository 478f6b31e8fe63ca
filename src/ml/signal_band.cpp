#include "ml/signal_band.hpp"

namespace mp::ml {

std::string signal_band(double probability) {
  if (probability >= 0.65) return "STRONG BUY";
  if (probability >= 0.55) return "BUY";
  if (probability >= 0.45) return "HOLD";
  if (probability >= 0.35) return "CONSIDER SELLING";
  return "SELL";
}

}  // namespace mp::ml
