#pragma once
// Feature selection, always fitted on the training rows of one fold and nothing else: every
// function here reads X and y only at the row indices it is given, so selection inside the
// time-series CV never sees a test row. Missing values (NaN, and +-inf, treated alike) are
// skipped pairwise, never filled.
//
// Methods, by name (SelectionSpec::method; steps joined by '+' run left to right, each on the
// columns the previous step kept, e.g. "correlation+kbest_anova"):
//   none               keep every column
//   kbest_anova        the k columns with the largest ANOVA F (sklearn f_classif)
//   kbest_mutual_info  the k columns with the largest mutual information with y (quantile bins)
//   correlation        greedy filter: drop a column whose |Pearson rho| with a kept one > max_correlation
//   rfecv              recursive feature elimination by XGBoost gain, size chosen by walk-forward CV AUC
// A column without variation in the training rows (all missing, or one finite value and no
// missing one) scores 0 and is dropped by every method except "none". See docs/feature_selection.md.
#include "ml/dataset.hpp"
#include "ml/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mp::ml {

// The same alias as in evaluation.hpp (a redeclaration to the same type is allowed), so that
// evaluation.hpp may include this header without a cycle.
using ModelFactory = std::function<std::unique_ptr<Model>()>;

struct SelectionSpec {
  std::string method = "none";   // see the list above; steps joined by '+'
  int k = 20;                    // kbest_*: columns kept (fewer when fewer are usable)
  double max_correlation = 0.9;  // correlation: |rho| above this drops the later column
  int rfecv_step = 1;            // rfecv: columns removed per elimination round
  int rfecv_folds = 3;           // rfecv: inner walk-forward folds over the training rows
  int rfecv_embargo = 10;        // rfecv: inner embargo in trading dates (use the outer split's)
};

struct SelectionMethodInfo {
  std::string name;
  std::string description;
};
const std::vector<SelectionMethodInfo>& selection_method_catalog();
// Checks the method names and parameters; unknown step -> ConfigError listing the known ones.
void validate(const SelectionSpec& spec);
nlohmann::json to_json(const SelectionSpec& spec);
SelectionSpec selection_spec_from_json(const nlohmann::json& json);

// Fits on the given rows only (the training rows of one fold) and returns the chosen column
// indices, sorted ascending. `factory` is used by rfecv only (it needs XGBoost gain importance).
// Throws DataError when no usable column is left.
std::vector<std::size_t> select_features(const Dataset& data, std::span<const std::size_t> train_rows,
                                         const SelectionSpec& spec, const ModelFactory& factory = {});

// ANOVA F statistic of each column against the binary label, as sklearn's f_classif, over the
// rows where both the value and the label are finite:
//   F = [sum_g n_g (mean_g - mean)^2 / (G - 1)] / [sum_g sum_i (x_gi - mean_g)^2 / (n - G)], G = 2.
// 0 for a column whose finite values are all equal, with fewer than 3 complete rows or only
// one class; +inf when the within-class spread is 0 but the class means differ (a perfect
// separation).
std::vector<double> anova_f_scores(const Dataset& data, std::span<const std::size_t> rows);

// Mutual information I(X; Y) in nats with the plug-in (maximum-likelihood) estimator over a
// discretised X: up to `bins` quantile bins of the column's finite values in `rows` (edges at
// the order statistics n*j/bins, values equal to an edge go to the upper bin, so ties never
// split), plus one bin for missing values. sklearn's mutual_info_classif uses a kNN estimator
// instead; the two agree on the ranking for strong signals, not in value. Upward biased by
// about (bins-1)/(2n) nats for an independent column.
std::vector<double> mutual_information_scores(const Dataset& data, std::span<const std::size_t> rows, int bins = 10);

// Pearson correlation of every pair of columns over the rows where both are finite
// (pairwise complete), row-major cols x cols; NaN for a pair with fewer than 3 complete rows
// or no spread. The diagonal is 1 for a column with spread.
std::vector<double> correlation_matrix(const Dataset& data, std::span<const std::size_t> rows);

// Greedy filter: walks the columns in order, keeps one unless its |rho| with an already kept
// column exceeds max_abs_correlation (a NaN rho never exceeds). Constant / all-missing columns
// are dropped first. Returns kept column indices, ascending.
std::vector<std::size_t> correlation_filter(const Dataset& data, std::span<const std::size_t> rows,
                                            double max_abs_correlation);

// Columns that vary in `rows`: two distinct finite values, or a finite value and a missing
// one (missingness can carry the label). Ascending.
std::vector<std::size_t> usable_columns(const Dataset& data, std::span<const std::size_t> rows);

// RFECV over `candidates` (column indices): as sklearn's RFECV, but with time-series folds.
// Inner folds = make_splits(SplitSpec{"walk-forward", rfecv_folds, rfecv_embargo}) over the
// dates and label ends of `train_rows` only. In each inner fold a model is fitted on the fold's
// training rows with the current columns, scored (ROC AUC) on the fold's validation rows, and
// the rfecv_step columns of least total gain are removed, down to one column. The number of
// columns with the best mean AUC (the fewest on a tie) is then reached by the same
// elimination on all of `train_rows`.
std::vector<std::size_t> rfecv_select(const Dataset& data, std::span<const std::size_t> train_rows,
                                      const std::vector<std::size_t>& candidates, const SelectionSpec& spec,
                                      const ModelFactory& factory);

// A copy of `data` with only `columns` (in the given order): the table to train on the
// selected subset. Rows, labels and dates are unchanged.
Dataset select_columns(const Dataset& data, const std::vector<std::size_t>& columns);

}  // namespace mp::ml
