#pragma once
// Serves a model bundle: computes the bundle's own features for a symbol's bars and scores
// the latest row. The backtester and the server call this same code path.
#include "ml/model_bundle.hpp"

#include <string>
#include <vector>

namespace mp::ml {

// A model column without a value at the scored date although it had data in training.
struct MissingFeature {
  std::string feature;
  std::string source;  // where its data comes from (ml::feature_source)
};

struct Prediction {
  std::string symbol;
  Date as_of{};
  double probability = 0;
  std::string signal;
  // Non-empty: the probability was computed without these features (XGBoost treats them as
  // missing values), so it is not the number the model would give with its data: degraded.
  std::vector<MissingFeature> missing;
  [[nodiscard]] bool degraded() const noexcept { return !missing.empty(); }
};

// "SYMBOL DATE: no data for f1, f2 from SOURCE; f3 from SOURCE2" — one line.
std::string describe_missing(const Prediction& prediction);

class Predictor {
 public:
  explicit Predictor(ModelBundle bundle);
  [[nodiscard]] const ModelBundle& bundle() const noexcept { return bundle_; }
  [[nodiscard]] const features::FeatureList& features() const noexcept { return features_; }
  // The probability for the last bar of the series; DataError if the series is shorter than the
  // features' warm-up. Features without data that had data in training are listed in `missing`.
  [[nodiscard]] Prediction predict_latest(const SymbolSeries& series, const features::AuxColumns* aux = nullptr) const;
  // The universe the bundle's universe-level columns are computed over (empty: not recorded).
  [[nodiscard]] const std::vector<std::string>& universe() const noexcept { return bundle_.universe; }

 private:
  [[nodiscard]] bool nan_is_missing_data(const std::string& feature, const std::string& symbol) const;

  ModelBundle bundle_;
  features::FeatureList features_;
};

}  // namespace mp::ml
