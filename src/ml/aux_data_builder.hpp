#pragma once
// Reads the configured non-price sources and joins them point-in-time onto a panel's dates:
// the one place that turns files (data module) into auxiliary feature columns (features module).
// Only the families the feature list needs are read, so technical-only runs touch no file.
#include "core/config.hpp"
#include "features/feature_pipeline.hpp"

#include <nlohmann/json.hpp>

namespace mp::ml {

// True when some feature of the list reads auxiliary columns.
bool needs_aux_data(const features::FeatureList& features);

// `universe`: the symbols universe-level columns (market breadth, sector returns) are computed
// over; empty: every symbol of the panel (training, where the panel is the universe).
features::AuxData build_aux_data(const Panel& panel, const SourcesConfig& sources,
                                 const features::FeatureList& features, const std::vector<std::string>& universe = {});

// Where a feature's values come from, for messages about missing data: the [sources] keys for
// auxiliary columns, the price fields for price features ("price bars (high/low, volume)").
std::string feature_source(const features::FeatureDef& feature);

// The [sources] settings that change column values, as opposed to where the files are: the
// sentiment half-life and scorer and the sector map. A model bundle records them, so that serving
// and retraining rebuild the columns the model was trained on even after the configuration changed.
nlohmann::json column_settings(const SourcesConfig& sources);
// `sources` with the recorded settings in place of its own (a null or empty object: unchanged, for
// bundles written before the settings were recorded). Throws ConfigError on a malformed record.
SourcesConfig with_column_settings(SourcesConfig sources, const nlohmann::json& settings);

}  // namespace mp::ml
