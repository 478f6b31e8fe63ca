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
    if (std::isnan(row[f]) && nan_is_missing_data(features_[f]->name, series.symbol())) {
      prediction.missing.push_back({features_[f]->name, feature_source(*features_[f])});
    }
  }
  return prediction;
}

// A NaN counts as missing data where, in training, the feature had values for the symbol and never
// a NaN after its first one (so NaN is not part of its definition there). A symbol outside the
// universe: the feature had data and no gaps for any training symbol.
bool Predictor::nan_is_missing_data(const std::string& feature, const std::string& symbol) const {
  const auto it = bundle_.coverage.find(feature);
  if (it == bundle_.coverage.end() || it->second.with_data.empty()) return false;
  const auto& [with_data, with_gaps] = it->second;
  const auto contains = [](const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  };
  if (!contains(bundle_.universe, symbol)) return with_gaps.empty();
  return contains(with_data, symbol) && !contains(with_gaps, symbol);
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
