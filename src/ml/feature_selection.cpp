#include "ml/feature_selection.hpp"

#include "core/error.hpp"
#include "ml/feature_importance.hpp"
#include "ml/metrics.hpp"
#include "ml/splits.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace mp::ml {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double at(const Dataset& data, std::size_t row, std::size_t column) { return data.x[row * data.cols() + column]; }

// Class of a label: 1 for y >= 0.5, 0 below; -1 for a missing label (skipped everywhere).
int label_class(double y) { return std::isfinite(y) ? (y >= 0.5 ? 1 : 0) : -1; }

void check_rows(const Dataset& data, std::span<const std::size_t> rows) {
  for (auto r : rows) {
    if (r >= data.rows()) {
      throw DataError(fmt::format("feature selection: row {} outside a table of {} rows", r, data.rows()));
    }
  }
}

std::vector<std::string> split_steps(const std::string& method) {
  std::vector<std::string> steps;
  std::size_t start = 0;
  while (true) {
    const auto end = method.find('+', start);
    auto step = method.substr(start, end == std::string::npos ? std::string::npos : end - start);
    step.erase(0, step.find_first_not_of(' '));
    step.erase(step.find_last_not_of(' ') + 1);
    steps.push_back(step);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return steps;
}

// The k candidates of highest score (NaN counts as 0; ties: lower column index first), ascending.
std::vector<std::size_t> top_k(const std::vector<double>& scores, std::vector<std::size_t> candidates, int k) {
  auto score = [&](std::size_t c) { return std::isnan(scores[c]) ? 0.0 : scores[c]; };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return score(a) > score(b); });
  candidates.resize(std::min(candidates.size(), static_cast<std::size_t>(k)));
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

// Pearson rho of two columns over the rows where both are finite; NaN below 3 such rows or
// without spread in either column.
double pearson(const Dataset& data, std::span<const std::size_t> rows, std::size_t a, std::size_t b) {
  double sum_a = 0, sum_b = 0;
  double lo_a = kInf, hi_a = -kInf, lo_b = kInf, hi_b = -kInf;
  std::size_t n = 0;
  for (auto r : rows) {
    const double va = at(data, r, a), vb = at(data, r, b);
    if (!std::isfinite(va) || !std::isfinite(vb)) continue;
    sum_a += va;
    sum_b += vb;
    lo_a = std::min(lo_a, va), hi_a = std::max(hi_a, va), lo_b = std::min(lo_b, vb), hi_b = std::max(hi_b, vb);
    ++n;
  }
  // No spread, tested exactly: rounding must not turn a constant column into a correlated one.
  if (n < 3 || lo_a == hi_a || lo_b == hi_b) return kNaN;
  const double mean_a = sum_a / static_cast<double>(n), mean_b = sum_b / static_cast<double>(n);
  double cov = 0, var_a = 0, var_b = 0;
  for (auto r : rows) {
    const double va = at(data, r, a), vb = at(data, r, b);
    if (!std::isfinite(va) || !std::isfinite(vb)) continue;
    cov += (va - mean_a) * (vb - mean_b);
    var_a += (va - mean_a) * (va - mean_a);
    var_b += (vb - mean_b) * (vb - mean_b);
  }
  if (var_a <= 0 || var_b <= 0) return kNaN;
  return std::clamp(cov / std::sqrt(var_a * var_b), -1.0, 1.0);
}

std::vector<std::size_t> correlation_filter_over(const Dataset& data, std::span<const std::size_t> rows,
                                                 const std::vector<std::size_t>& candidates, double max_abs) {
  std::vector<std::size_t> kept;
  for (auto c : candidates) {
    const bool redundant = std::any_of(kept.begin(), kept.end(), [&](std::size_t k) {
      const double rho = pearson(data, rows, c, k);
      return std::isfinite(rho) && std::abs(rho) > max_abs;
    });
    if (!redundant) kept.push_back(c);
  }
  return kept;
}

// A copy of `rows` x `columns` of `data` (rows renumbered 0..rows-1).
Dataset take(const Dataset& data, std::span<const std::size_t> rows, const std::vector<std::size_t>& columns) {
  Dataset out;
  out.symbols = data.symbols;
  for (auto c : columns) out.feature_names.push_back(data.feature_names[c]);
  out.x.reserve(rows.size() * columns.size());
  for (auto r : rows) {
    for (auto c : columns) out.x.push_back(at(data, r, c));
    out.y.push_back(data.y[r]);
    out.weight.push_back(r < data.weight.size() ? data.weight[r] : 1.0);
    out.date.push_back(data.date[r]);
    out.label_end.push_back(data.label_end[r]);
    out.symbol_index.push_back(r < data.symbol_index.size() ? data.symbol_index[r] : 0);
  }
  return out;
}

std::vector<std::size_t> iota_vector(std::size_t n) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// Fits on `fit_rows` of `table` restricted to `current` columns; returns the fitted model and its table.
struct FittedSubset {
  Dataset table;
  std::unique_ptr<Model> model;
};

FittedSubset fit_subset(const Dataset& local, const std::vector<std::size_t>& current,
                        std::span<const std::size_t> fit_rows, const ModelFactory& factory) {
  FittedSubset out{select_columns(local, current), factory()};
  out.model->fit(out.table, fit_rows);
  return out;
}

// `current` minus the `remove` columns of least gain (ties: the later column goes first).
std::vector<std::size_t> eliminate(const std::vector<std::size_t>& current, const std::vector<double>& gain,
                                   std::size_t remove) {
  std::vector<std::size_t> order = iota_vector(current.size());  // positions into current
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return gain[a] != gain[b] ? gain[a] > gain[b] : a < b; });
  order.resize(current.size() - std::min(remove, current.size()));
  std::sort(order.begin(), order.end());
  std::vector<std::size_t> kept;
  for (auto p : order) kept.push_back(current[p]);
  return kept;
}

}  // namespace

const std::vector<SelectionMethodInfo>& selection_method_catalog() {
  static const std::vector<SelectionMethodInfo> kCatalog = {
      {"none", "keep every column"},
      {"kbest_anova", "the k columns of largest ANOVA F against the label (sklearn f_classif)"},
      {"kbest_mutual_info", "the k columns of largest mutual information with the label (quantile bins, nats)"},
      {"correlation", "greedy: drop a column whose |Pearson rho| with an earlier kept column exceeds max_correlation"},
      {"rfecv", "recursive elimination by XGBoost gain, size chosen by walk-forward CV ROC AUC on the training rows"},
  };
  return kCatalog;
}

void validate(const SelectionSpec& spec) {
  for (const auto& step : split_steps(spec.method)) {
    const auto& catalog = selection_method_catalog();
    if (std::none_of(catalog.begin(), catalog.end(), [&](const auto& m) { return m.name == step; })) {
      std::string known;
      for (const auto& m : catalog) known += (known.empty() ? "" : ", ") + m.name;
      throw ConfigError(fmt::format("unknown feature selection method '{}' in '{}'; known: {} (join steps with '+')",
                                    step, spec.method, known));
    }
    if (step.starts_with("kbest") && spec.k < 1) {
      throw ConfigError(fmt::format("feature selection k must be >= 1, got {}", spec.k));
    }
    if (step == "correlation" && !(spec.max_correlation > 0 && spec.max_correlation <= 1)) {
      throw ConfigError(fmt::format("max_correlation must be in (0, 1], got {}", spec.max_correlation));
    }
    if (step == "rfecv" && (spec.rfecv_step < 1 || spec.rfecv_folds < 2 || spec.rfecv_embargo < 0)) {
      throw ConfigError(fmt::format("rfecv needs step >= 1, folds >= 2, embargo >= 0; got {}, {}, {}", spec.rfecv_step,
                                    spec.rfecv_folds, spec.rfecv_embargo));
    }
  }
}

nlohmann::json to_json(const SelectionSpec& spec) {
  return {{"method", spec.method},
          {"k", spec.k},
          {"max_correlation", spec.max_correlation},
          {"rfecv_step", spec.rfecv_step},
          {"rfecv_folds", spec.rfecv_folds},
          {"rfecv_embargo", spec.rfecv_embargo}};
}

SelectionSpec selection_spec_from_json(const nlohmann::json& j) {
  SelectionSpec spec;
  spec.method = j.value("method", spec.method);
  spec.k = j.value("k", spec.k);
  spec.max_correlation = j.value("max_correlation", spec.max_correlation);
  spec.rfecv_step = j.value("rfecv_step", spec.rfecv_step);
  spec.rfecv_folds = j.value("rfecv_folds", spec.rfecv_folds);
  spec.rfecv_embargo = j.value("rfecv_embargo", spec.rfecv_embargo);
  validate(spec);
  return spec;
}

std::vector<std::size_t> usable_columns(const Dataset& data, std::span<const std::size_t> rows) {
  check_rows(data, rows);
  const auto cols = data.cols();
  // Two distinct finite values, or a finite value and a missing one: missingness can carry
  // the label too (XGBoost learns a default direction for it; mutual information bins it).
  std::vector<double> first(cols, kNaN);
  std::vector<char> varies(cols, 0), missing(cols, 0);
  for (auto r : rows) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = at(data, r, c);
      if (!std::isfinite(v)) {
        missing[c] = 1;
      } else if (std::isnan(first[c])) {
        first[c] = v;
      } else if (v != first[c]) {
        varies[c] = 1;
      }
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < cols; ++c) {
    if (varies[c] || (missing[c] && !std::isnan(first[c]))) out.push_back(c);
  }
  return out;
}

std::vector<double> anova_f_scores(const Dataset& data, std::span<const std::size_t> rows) {
  check_rows(data, rows);
  const auto cols = data.cols();
  // Pass 1: count and sum per class and column; pass 2: within-class squared deviations.
  std::vector<double> n[2] = {std::vector<double>(cols, 0.0), std::vector<double>(cols, 0.0)};
  std::vector<double> sum[2] = {std::vector<double>(cols, 0.0), std::vector<double>(cols, 0.0)};
  std::vector<double> lo(cols, kInf), hi(cols, -kInf);
  for (auto r : rows) {
    const int g = label_class(data.y[r]);
    if (g < 0) continue;
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = at(data, r, c);
      if (!std::isfinite(v)) continue;
      n[g][c] += 1;
      sum[g][c] += v;
      lo[c] = std::min(lo[c], v);
      hi[c] = std::max(hi[c], v);
    }
  }
  std::vector<double> within(cols, 0.0);
  for (auto r : rows) {
    const int g = label_class(data.y[r]);
    if (g < 0) continue;
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = at(data, r, c);
      if (!std::isfinite(v)) continue;
      const double d = v - sum[g][c] / n[g][c];
      within[c] += d * d;
    }
  }
  std::vector<double> f(cols, 0.0);
  for (auto c : usable_columns(data, rows)) {
    const double n0 = n[0][c], n1 = n[1][c], total = n0 + n1;
    if (n0 == 0 || n1 == 0 || total < 3 || lo[c] == hi[c]) continue;  // one class, or no spread
    const double mean = (sum[0][c] + sum[1][c]) / total;
    const double m0 = sum[0][c] / n0, m1 = sum[1][c] / n1;
    const double between = n0 * (m0 - mean) * (m0 - mean) + n1 * (m1 - mean) * (m1 - mean);  // df 1
    if (within[c] <= 0) {
      f[c] = between > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    } else {
      f[c] = between / (within[c] / (total - 2));
    }
  }
  return f;
}

std::vector<double> mutual_information_scores(const Dataset& data, std::span<const std::size_t> rows, int bins) {
  if (bins < 2) throw ConfigError(fmt::format("mutual information needs at least 2 bins, got {}", bins));
  check_rows(data, rows);
  const auto cols = data.cols();
  std::vector<double> mi(cols, 0.0);
  for (auto c : usable_columns(data, rows)) {
    std::vector<double> finite;
    for (auto r : rows) {
      const double v = at(data, r, c);
      if (label_class(data.y[r]) >= 0 && std::isfinite(v)) finite.push_back(v);
    }
    if (finite.empty()) continue;
    std::sort(finite.begin(), finite.end());
    std::vector<double> edges;
    for (int j = 1; j < bins; ++j) {
      edges.push_back(finite[finite.size() * static_cast<std::size_t>(j) / static_cast<std::size_t>(bins)]);
    }
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    const std::size_t missing_bin = edges.size() + 1;
    std::vector<double> joint((missing_bin + 1) * 2, 0.0);
    double total = 0;
    for (auto r : rows) {
      const int g = label_class(data.y[r]);
      if (g < 0) continue;
      const double v = at(data, r, c);
      const std::size_t bin =
          std::isfinite(v) ? static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin())
                           : missing_bin;
      joint[bin * 2 + static_cast<std::size_t>(g)] += 1;
      total += 1;
    }
    if (total == 0) continue;
    const double p1 = [&] {
      double s = 0;
      for (std::size_t b = 0; b <= missing_bin; ++b) s += joint[b * 2 + 1];
      return s / total;
    }();
    const double py[2] = {1 - p1, p1};
    double info = 0;
    for (std::size_t b = 0; b <= missing_bin; ++b) {
      const double pb = (joint[b * 2] + joint[b * 2 + 1]) / total;
      for (int g = 0; g < 2; ++g) {
        const double pbg = joint[b * 2 + static_cast<std::size_t>(g)] / total;
        if (pbg > 0) info += pbg * std::log(pbg / (pb * py[g]));
      }
    }
    mi[c] = std::max(info, 0.0);
  }
  return mi;
}

std::vector<double> correlation_matrix(const Dataset& data, std::span<const std::size_t> rows) {
  check_rows(data, rows);
  const auto cols = data.cols();
  std::vector<double> rho(cols * cols, kNaN);
  for (std::size_t a = 0; a < cols; ++a) {
    for (std::size_t b = a; b < cols; ++b) {
      const double r = pearson(data, rows, a, b);
      rho[a * cols + b] = rho[b * cols + a] = (a == b && std::isfinite(r)) ? 1.0 : r;
    }
  }
  return rho;
}

std::vector<std::size_t> correlation_filter(const Dataset& data, std::span<const std::size_t> rows,
                                            double max_abs_correlation) {
  return correlation_filter_over(data, rows, usable_columns(data, rows), max_abs_correlation);
}

std::vector<std::size_t> rfecv_select(const Dataset& data, std::span<const std::size_t> train_rows,
                                      const std::vector<std::size_t>& candidates, const SelectionSpec& spec,
                                      const ModelFactory& factory) {
  if (!factory) throw ConfigError("rfecv needs a model factory");
  if (candidates.size() <= 1) return candidates;
  check_rows(data, train_rows);
  // Everything below works on a copy of the training rows only: the outer test rows are not in it.
  const Dataset local = take(data, train_rows, candidates);
  const auto all_local = iota_vector(local.rows());
  std::vector<Fold> folds;
  try {
    folds =
        make_splits(SplitSpec{"walk-forward", spec.rfecv_folds, spec.rfecv_embargo, 0}, local.date, local.label_end);
  } catch (const DataError& e) {
    throw DataError(fmt::format("rfecv on {} training rows: {}", train_rows.size(), e.what()));
  }
  const auto step = static_cast<std::size_t>(spec.rfecv_step);
  std::map<std::size_t, std::pair<double, int>> auc_by_size;  // size -> (sum, folds)
  for (const auto& fold : folds) {
    if (fold.train.empty() || fold.test.empty()) continue;
    std::vector<double> y_test;
    for (auto r : fold.test) y_test.push_back(local.y[r]);
    auto current = iota_vector(local.cols());
    while (true) {
      auto fitted = fit_subset(local, current, fold.train, factory);
      const double auc = roc_auc(y_test, fitted.model->predict_proba(fitted.table, fold.test));
      if (std::isfinite(auc)) {
        auto& [sum, count] = auc_by_size[current.size()];
        sum += auc;
        ++count;
      }
      if (current.size() <= 1) break;
      current = eliminate(current, gain_importance(*fitted.model), std::min(step, current.size() - 1));
    }
  }
  if (auc_by_size.empty()) throw DataError("rfecv: no inner fold has both classes in its validation rows");
  std::size_t best_size = 0;
  double best_auc = -1;
  for (const auto& [size, acc] : auc_by_size) {  // ascending size: a tie keeps the fewer columns
    const double mean = acc.first / acc.second;
    spdlog::debug("rfecv: {} columns, mean inner AUC {:.4f} over {} folds", size, mean, acc.second);
    if (mean > best_auc) {
      best_auc = mean;
      best_size = size;
    }
  }
  auto current = iota_vector(local.cols());
  while (current.size() > best_size) {
    auto fitted = fit_subset(local, current, all_local, factory);
    current = eliminate(current, gain_importance(*fitted.model), std::min(step, current.size() - best_size));
  }
  std::vector<std::size_t> chosen;
  for (auto c : current) chosen.push_back(candidates[c]);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<std::size_t> select_features(const Dataset& data, std::span<const std::size_t> train_rows,
                                         const SelectionSpec& spec, const ModelFactory& factory) {
  validate(spec);
  check_rows(data, train_rows);
  const auto steps = split_steps(spec.method);
  if (std::all_of(steps.begin(), steps.end(), [](const auto& s) { return s == "none"; })) {
    return iota_vector(data.cols());
  }
  auto current = usable_columns(data, train_rows);
  for (const auto& step : steps) {
    if (step == "kbest_anova") {
      current = top_k(anova_f_scores(data, train_rows), current, spec.k);
    } else if (step == "kbest_mutual_info") {
      current = top_k(mutual_information_scores(data, train_rows), current, spec.k);
    } else if (step == "correlation") {
      current = correlation_filter_over(data, train_rows, current, spec.max_correlation);
    } else if (step == "rfecv") {
      current = rfecv_select(data, train_rows, current, spec, factory);
    }
  }
  if (current.empty()) {
    throw DataError(
        fmt::format("feature selection '{}' left no column: every column is constant or missing in "
                    "the {} training rows",
                    spec.method, train_rows.size()));
  }
  std::sort(current.begin(), current.end());
  return current;
}

Dataset select_columns(const Dataset& data, const std::vector<std::size_t>& columns) {
  for (auto c : columns) {
    if (c >= data.cols()) throw DataError(fmt::format("column {} outside a table of {} columns", c, data.cols()));
  }
  Dataset out;
  out.symbols = data.symbols;
  out.y = data.y;
  out.weight = data.weight;
  out.date = data.date;
  out.label_end = data.label_end;
  out.symbol_index = data.symbol_index;
  for (auto c : columns) out.feature_names.push_back(data.feature_names[c]);
  out.x.reserve(data.rows() * columns.size());
  for (std::size_t r = 0; r < data.rows(); ++r) {
    for (auto c : columns) out.x.push_back(at(data, r, c));
  }
  return out;
}

}  // namespace mp::ml
