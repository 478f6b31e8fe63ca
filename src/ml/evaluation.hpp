#pragma once
// Out-of-sample evaluation over time-series folds, always beside the naive baselines.
// Baselines are constant predictors fitted on each training fold: "majority" predicts the
// training fold's majority class, "always_up" predicts class 1; the probability both give is
// the training fold's positive rate (so their AUC is 0.5 and their log loss/Brier are those of
// the prior). Pooled = all out-of-fold predictions together.
#include "ml/feature_selection.hpp"
#include "ml/metrics.hpp"
#include "ml/model.hpp"
#include "ml/splits.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mp::ml {

struct ScoredPredictor {
  BinaryMetrics model;
  BinaryMetrics majority;
  BinaryMetrics always_up;
};

struct FoldResult {
  int index = 0;
  Date train_start{}, train_end{}, test_start{}, test_end{};
  std::size_t train_rows = 0, test_rows = 0, purged = 0, embargoed = 0;
  double train_positive_rate = 0;
  std::vector<std::string> selected_features;  // chosen on this fold's training rows only
  ScoredPredictor scores;
};

struct EvaluationReport {
  SplitSpec split;
  std::vector<FoldResult> folds;
  ScoredPredictor pooled;
  std::size_t rows = 0;            // labelled rows available
  std::vector<int> skipped_folds;  // folds left without training or test rows
};

// (fold 1-based, folds, boosting round, rounds)
using EvaluationProgress = std::function<void(int, int, int, int)>;

// Feature selection (if any) is fitted on each fold's training rows only, inside the CV.
EvaluationReport evaluate_folds(const Dataset& data, const SplitSpec& split, const std::vector<Fold>& folds,
                                const ModelFactory& factory, const EvaluationProgress& progress = {},
                                const SelectionSpec& selection = {});

nlohmann::json to_json(const EvaluationReport& report);
// A plain-text table: one line per fold and the pooled line, each beside its baselines.
std::string format_report(const EvaluationReport& report);

}  // namespace mp::ml
