#include "ml/predictor.hpp"

#include "core/error.hpp"
#include "ml/aux_data_builder.hpp"
#include "ml/signal_band.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mp::ml {

namespace {
features::FeatureList resolve_names(const std::vector<std::string>& names) {
  features::FeatureList list;
  for (const auto& name : names) list.push_back(&features::FeatureRegistry::builtin().get(name));
  return list;
}
}  // namespace

Predictor::Predictor(ModelBundle bundle)
    : bundle_(std::move(bundle)), features_(resolve_names(bundle_.feature_names)) {}

Prediction Predictor::predict_latest(const SymbolSeries& series, const features::AuxColumns* aux) const {
  const auto warmup = static_cast<std::size_t>(features::max_warmup(features_));
  if (series.size() <= warmup) {
    throw DataError(fmt::format("{} has {} bars; the model's features need at least {}", series.symbol(), series.size(),
                                warmup + 1));
  }
  const auto frame = features::compute_features(series, features_, aux);
  const std::size_t last = frame.rows() - 1;
  std::vector<double> row(features_.size());
  for (std::size_t f = 0; f < features_.size(); ++f) row[f] = frame.columns[f][last];
  const double probability = bundle_.model->predict_proba(row, row.size()).at(0);
  Prediction prediction{series.symbol(), frame.dates[last], probability, signal_band(probability), {}};
  for (std::size_t f = 0; f < features_.size(); ++f) {
    if (std::isnan(row[f]) && had_data_in_training(features_[f]->name, series.symbol())) {
      prediction.missing.push_back({features_[f]->name, feature_source(*features_[f])});
    }
  }
  return prediction;
}

bool Predictor::had_data_in_training(const std::string& feature, const std::string& symbol) const {
  const auto it = bundle_.symbols_with_data.find(feature);
  if (it == bundle_.symbols_with_data.end() || it->second.empty()) return false;
  const auto& universe = bundle_.universe;
  const bool trained_on_symbol = std::find(universe.begin(), universe.end(), symbol) != universe.end();
  if (!trained_on_symbol) return true;  // a new symbol: the feature had data for some symbol
  return std::find(it->second.begin(), it->second.end(), symbol) != it->second.end();
}

std::string describe_missing(const Prediction& prediction) {
  // Grouped by source, in the order the features come.
  std::vector<std::pair<std::string, std::string>> groups;  // source -> "f1, f2"
  for (const auto& m : prediction.missing) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == m.source; });
    if (it == groups.end()) {
      groups.emplace_back(m.source, m.feature);
    } else {
      it->second += ", " + m.feature;
    }
  }
  std::string parts;
  for (const auto& [source, names] : groups)
    parts += fmt::format("{}{} from {}", parts.empty() ? "" : "; ", names, source);
  return fmt::format("{} {}: no data for {} (the model had data for them in training)", prediction.symbol,
                     format_date(prediction.as_of), parts);
}

}  // namespace mp::ml
