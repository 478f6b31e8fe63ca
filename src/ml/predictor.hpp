#pragma once
// Serves a model bundle: computes the bundle's own features for a symbol's bars and scores
// the latest row. The backtester and the server call this same code path.
#include "ml/model_bundle.hpp"

#include <string>
#include <vector>

namespace mp::ml {

struct Prediction {
  std::string symbol;
  Date as_of{};
  double probability = 0;
  std::string signal;
};

class Predictor {
 public:
  explicit Predictor(ModelBundle bundle);
  [[nodiscard]] const ModelBundle& bundle() const noexcept { return bundle_; }
  [[nodiscard]] const features::FeatureList& features() const noexcept { return features_; }
  // The probability for the last bar of the series; DataError if its features are incomplete.
  [[nodiscard]] Prediction predict_latest(const SymbolSeries& series, const features::AuxColumns* aux = nullptr) const;

 private:
  ModelBundle bundle_;
  features::FeatureList features_;
};

}  // namespace mp::ml
