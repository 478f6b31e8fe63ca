#include "ml/predictor.hpp"

#include "core/error.hpp"
#include "ml/signal_band.hpp"

#include <fmt/format.h>

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
  return {series.symbol(), frame.dates[last], probability, signal_band(probability)};
}

}  // namespace mp::ml
