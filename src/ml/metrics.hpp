#pragma once
// Binary classification metrics, defined as scikit-learn defines them: precision/recall/F1 of
// class 1 at a 0.5 threshold (0 when undefined, sklearn's zero_division=0), ROC AUC with tied
// scores counted half (NaN when only one class is present), log loss with p clipped to
// [1e-15, 1-1e-15], Brier = mean squared error of the probability.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <span>

namespace mp::ml {

struct BinaryMetrics {
  std::size_t count = 0;
  std::size_t positives = 0;
  double accuracy = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double roc_auc = 0;
  double log_loss = 0;
  double brier = 0;
};

BinaryMetrics compute_metrics(std::span<const double> y_true, std::span<const double> probability,
                              double threshold = 0.5);
// Class metrics from explicit predicted classes (0/1), probability metrics from `probability`:
// how the constant baselines are scored.
BinaryMetrics compute_metrics(std::span<const double> y_true, std::span<const double> probability,
                              std::span<const double> predicted_class);
double roc_auc(std::span<const double> y_true, std::span<const double> score);

nlohmann::json to_json(const BinaryMetrics& metrics);
BinaryMetrics metrics_from_json(const nlohmann::json& json);

}  // namespace mp::ml
