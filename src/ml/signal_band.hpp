#pragma once
// The original system's signal bands for a probability of going up.
#include <string>

namespace mp::ml {

// >= 0.65 STRONG BUY, >= 0.55 BUY, >= 0.45 HOLD, >= 0.35 CONSIDER SELLING, below: SELL.
std::string signal_band(double probability);

}  // namespace mp::ml
