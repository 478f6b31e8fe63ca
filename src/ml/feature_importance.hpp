#pragma once
// Feature importance measured out of sample: for each time-series fold a model is fitted on
// the training rows; its gain importance is read from the trees, and its permutation
// importance is measured on the fold's validation (test) rows, which the model never saw.
#include "ml/dataset.hpp"
#include "ml/feature_selection.hpp"
#include "ml/model.hpp"
#include "ml/splits.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace mp::ml {

struct FeatureImportance {
  std::string feature;
  double gain = 0;              // mean over folds of the fold's total gain share (sums to 1)
  double permutation_mean = 0;  // mean over folds and repeats of the metric's drop
  double permutation_std = 0;   // std (ddof 0) of all fold x repeat drops
};

// Raw total gain per column of a trained model (XGBoost "total_gain"); ConfigError for a model
// type without one.
std::vector<double> gain_importance(const Model& model);

struct PermutationImportance {
  std::vector<double> mean;                // per column
  std::vector<double> std;                 // per column, ddof 0 over repeats
  std::vector<std::vector<double>> drops;  // per column, one drop per repeat
  double baseline = 0;                     // metric of the unpermuted rows
};

// Permutation importance of a trained model on `rows`: one column's values are shuffled among
// those rows (Fisher-Yates driven by mt19937_64 seeded from seed and column, so the result is
// the same on every platform), the rows re-predicted and the metric's drop recorded, `repeats`
// times. metric: "roc_auc" (drop = baseline AUC - permuted AUC) or "log_loss" (drop = permuted
// loss - baseline loss); positive = the model relies on the column.
PermutationImportance permutation_importance(const Model& model, const Dataset& data, std::span<const std::size_t> rows,
                                             int repeats, std::uint64_t seed, const std::string& metric);

// (fold done, folds)
using ImportanceProgress = std::function<void(int, int)>;

// For each fold with training and test rows: fit on the training rows, gain from the model
// (normalised to sum 1 within the fold), permutation importance on the fold's TEST rows
// (seed mixed with the fold index). Averaged over folds, sorted by permutation_mean desc (then
// gain desc, then name). A fold whose test rows hold one class only has no AUC: it adds gain
// but no permutation drops. Throws DataError when no fold can be used.
std::vector<FeatureImportance> importance_over_folds(const Dataset& data, const std::vector<Fold>& folds,
                                                     const ModelFactory& factory, int repeats, std::uint64_t seed,
                                                     const std::string& metric,
                                                     const ImportanceProgress& progress = {});

nlohmann::json to_json(const std::vector<FeatureImportance>& importance);
// A plain-text table: rank, feature, gain share, permutation mean +- std.
std::string format_importance(const std::vector<FeatureImportance>& importance, const std::string& metric);

}  // namespace mp::ml
