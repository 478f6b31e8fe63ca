#pragma once
// The bundled real Dow 30 sample (adjusted closes, 1990-12-31..2001-01-02, 2529 bars per symbol),
// cut to five symbols, and a small, fast training setup on it.
#include "data/csv_import.hpp"
#include "features/feature_registry.hpp"
#include "ml/training_job.hpp"

#include <filesystem>

namespace mp::ml::sample {

inline constexpr std::size_t kBars = 2529;  // per symbol
inline constexpr std::size_t kSymbols = 5;
inline constexpr std::size_t kWarmup = 199;  // technical9: SMA200 / close_to_sma_200
inline constexpr int kHorizon = 20;

inline const Panel& dow5() {
  static const Panel panel = [] {
    const auto file = std::filesystem::path(MP_SOURCE_DIR) / "data/sample/prices/dowjones30_close_1990_2001.csv";
    return data::import_csv(file).panel.select({"AA", "IBM", "KO", "MSFT", "WMT"});
  }();
  return panel;
}

inline TrainingSetup small_setup() {
  TrainingSetup setup;
  setup.feature_set = "technical9";
  setup.features = features::FeatureRegistry::builtin().resolve("technical9");
  setup.label = {"forward_return", kHorizon, 0.02};
  setup.params.n_estimators = 20;
  setup.params.max_depth = 3;
  setup.params.learning_rate = 0.1;
  setup.params.seed = 42;
  setup.params.threads = 1;  // ctest runs test processes side by side on 2 cores
  setup.split = {"walk-forward", 3, 5, 42};
  return setup;
}

}  // namespace mp::ml::sample
