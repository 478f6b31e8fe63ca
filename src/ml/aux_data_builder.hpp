#pragma once
// Reads the configured non-price sources and joins them point-in-time onto a panel's dates:
// the one place that turns files (data module) into auxiliary feature columns (features module).
// Only the families the feature list needs are read, so technical-only runs touch no file.
#include "core/config.hpp"
#include "features/feature_pipeline.hpp"

namespace mp::ml {

// True when some feature of the list reads auxiliary columns.
bool needs_aux_data(const features::FeatureList& features);

features::AuxData build_aux_data(const Panel& panel, const SourcesConfig& sources,
                                  const features::FeatureList& features);

}  // namespace mp::ml
