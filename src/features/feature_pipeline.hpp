#pragma once
// Turns a symbol's bars into feature columns. Prices are adjusted for splits and dividends
// first (close := adjusted close; open/high/low scaled by adj_close/close), so a split never
// looks like a crash. A feature whose inputs the series lacks (high/low or volume on the
// close-only Dow 30 sample) is all NaN, never zero.
#include "core/panel.hpp"
#include "core/thread_pool.hpp"
#include "features/feature_registry.hpp"

#include <string>
#include <vector>

namespace mp::features {

struct FeatureFrame {
  std::string symbol;
  std::vector<Date> dates;
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;  // columns[f][row]
  [[nodiscard]] std::size_t rows() const noexcept { return dates.size(); }
};

using FeatureList = std::vector<const FeatureDef*>;

// `aux`: the symbol's point-in-time auxiliary columns, aligned to its dates (may be null).
FeatureFrame compute_features(const SymbolSeries& series, const FeatureList& features, Workspace& workspace,
                              const AuxColumns* aux = nullptr);
FeatureFrame compute_features(const SymbolSeries& series, const FeatureList& features, const AuxColumns* aux = nullptr);

// All symbols, in the panel's (sorted) order, in parallel on the pool.
std::vector<FeatureFrame> compute_panel_features(const Panel& panel, const FeatureList& features, ThreadPool& pool,
                                                 const AuxData* aux = nullptr);

// The symbol's auxiliary columns in `aux`, or null.
const AuxColumns* aux_for(const AuxData* aux, const std::string& symbol);

// The longest warm-up of the list: rows before it are incomplete by construction.
int max_warmup(const FeatureList& features);
std::vector<std::string> feature_names(const FeatureList& features);

}  // namespace mp::features
