#include "features/feature_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Owns the adjusted price columns a PriceInputs views.
struct AdjustedPrices {
  std::vector<double> open, high, low;
  PriceInputs inputs;
};

void adjust(std::span<const double> raw, std::span<const double> close, std::span<const double> adj,
            std::vector<double>& out) {
  out.resize(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) out[i] = raw[i] * (adj[i] / close[i]);
}

bool needs_high_low(const FeatureList& features) {
  return std::any_of(features.begin(), features.end(), [](const FeatureDef* def) {
    return std::find(def->inputs.begin(), def->inputs.end(), PriceField::HighLow) != def->inputs.end();
  });
}

// Open/high/low are adjusted only when a feature reads them: close-only feature sets skip
// three columns of work and memory per symbol.
void adjusted_prices(const SymbolSeries& s, bool with_high_low, AdjustedPrices& prices) {
  if (with_high_low) {
    adjust(s.open(), s.close(), s.adj_close(), prices.open);
    adjust(s.high(), s.close(), s.adj_close(), prices.high);
    adjust(s.low(), s.close(), s.adj_close(), prices.low);
  }
  prices.inputs = PriceInputs{prices.open, prices.high, prices.low, s.adj_close(), s.volume(), s.dates(), nullptr};
}

bool inputs_available(const FeatureDef& def, const SymbolSeries& s, const AuxColumns* aux) {
  for (auto field : def.inputs) {
    if (field == PriceField::HighLow && !s.has_high_low()) return false;
    if (field == PriceField::Volume && !s.has_volume()) return false;
  }
  for (const auto& name : def.aux_inputs) {
    if (aux == nullptr || aux->find(name) == nullptr) return false;
  }
  return true;
}

}  // namespace

FeatureFrame compute_features(const SymbolSeries& series, const FeatureList& features, Workspace& workspace,
                              const AuxColumns* aux) {
  FeatureFrame frame;
  frame.symbol = series.symbol();
  frame.dates.assign(series.dates().begin(), series.dates().end());
  frame.names = feature_names(features);
  AdjustedPrices prices;
  adjusted_prices(series, needs_high_low(features), prices);
  prices.inputs.dates = series.dates();
  prices.inputs.aux = aux;
  frame.columns.resize(features.size());
  for (std::size_t f = 0; f < features.size(); ++f) {
    auto& column = frame.columns[f];
    column.assign(series.size(), kNaN);
    if (inputs_available(*features[f], series, aux)) features[f]->compute(prices.inputs, column, workspace);
  }
  return frame;
}

FeatureFrame compute_features(const SymbolSeries& series, const FeatureList& features, const AuxColumns* aux) {
  Workspace workspace;
  return compute_features(series, features, workspace, aux);
}

const AuxColumns* aux_for(const AuxData* aux, const std::string& symbol) {
  if (aux == nullptr) return nullptr;
  auto it = aux->find(symbol);
  return it == aux->end() ? nullptr : &it->second;
}

std::vector<FeatureFrame> compute_panel_features(const Panel& panel, const FeatureList& features, ThreadPool& pool,
                                                 const AuxData* aux) {
  std::vector<FeatureFrame> frames(panel.size());
  pool.parallel_for(panel.size(), [&](std::size_t i) {
    thread_local Workspace workspace;
    const auto& series = panel.series()[i];
    frames[i] = compute_features(series, features, workspace, aux_for(aux, series.symbol()));
  });
  return frames;
}

int max_warmup(const FeatureList& features) {
  int warmup = 0;
  for (const auto* def : features) warmup = std::max(warmup, def->warmup);
  return warmup;
}

std::vector<std::string> feature_names(const FeatureList& features) {
  std::vector<std::string> names;
  names.reserve(features.size());
  for (const auto* def : features) names.push_back(def->name);
  return names;
}

}  // namespace mp::features
