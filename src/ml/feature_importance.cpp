#include "ml/feature_importance.hpp"

#include "core/error.hpp"
#include "ml/metrics.hpp"
#include "ml/xgboost_model.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <random>

namespace mp::ml {

namespace {

void check_metric(const std::string& metric, int repeats) {
  if (metric != "roc_auc" && metric != "log_loss") {
    throw ConfigError(fmt::format("unknown importance metric '{}'; known: roc_auc, log_loss", metric));
  }
  if (repeats < 1) throw ConfigError(fmt::format("permutation repeats must be >= 1, got {}", repeats));
}

// SplitMix64 finaliser: decorrelates the seeds of neighbouring folds and columns.
std::uint64_t mix(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (salt + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Fisher-Yates with an explicit draw, so the order is the same with every standard library.
void shuffle_values(std::vector<double>& values, std::mt19937_64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng() % i);
    std::swap(values[i - 1], values[j]);
  }
}

// Higher is better for "roc_auc"; for "log_loss" the loss is returned negated, so that in
// both cases drop = score(baseline) - score(permuted).
double score(const std::string& metric, std::span<const double> y, std::span<const double> p) {
  return metric == "roc_auc" ? roc_auc(y, p) : -compute_metrics(y, p).log_loss;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double std_of(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size()));
}

}  // namespace

std::vector<double> gain_importance(const Model& model) {
  if (const auto* xgb = dynamic_cast<const XGBoostClassifier*>(&model)) return xgb->gain_importance();
  throw ConfigError(fmt::format("model type '{}' has no gain importance", model.type()));
}

PermutationImportance permutation_importance(const Model& model, const Dataset& data, std::span<const std::size_t> rows,
                                             int repeats, std::uint64_t seed, const std::string& metric) {
  check_metric(metric, repeats);
  const auto cols = data.cols();
  std::vector<double> x, y;
  x.reserve(rows.size() * cols);
  for (auto r : rows) {
    if (r >= data.rows()) throw DataError(fmt::format("row {} outside a table of {} rows", r, data.rows()));
    x.insert(x.end(), data.row(r), data.row(r) + cols);
    y.push_back(data.y[r]);
  }
  PermutationImportance out;
  out.mean.assign(cols, std::numeric_limits<double>::quiet_NaN());
  out.std.assign(cols, std::numeric_limits<double>::quiet_NaN());
  out.drops.assign(cols, {});
  if (rows.empty()) return out;
  const double baseline = score(metric, y, model.predict_proba(x, cols));
  out.baseline = metric == "log_loss" ? -baseline : baseline;
  if (!std::isfinite(baseline)) return out;  // one class only: no AUC to drop from
  std::vector<double> original(rows.size());
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t i = 0; i < rows.size(); ++i) original[i] = x[i * cols + c];
    std::mt19937_64 rng(mix(seed, c));
    for (int rep = 0; rep < repeats; ++rep) {
      auto shuffled = original;
      shuffle_values(shuffled, rng);
      for (std::size_t i = 0; i < rows.size(); ++i) x[i * cols + c] = shuffled[i];
      out.drops[c].push_back(baseline - score(metric, y, model.predict_proba(x, cols)));
    }
    for (std::size_t i = 0; i < rows.size(); ++i) x[i * cols + c] = original[i];
    out.mean[c] = mean_of(out.drops[c]);
    out.std[c] = std_of(out.drops[c]);
  }
  return out;
}

std::vector<FeatureImportance> importance_over_folds(const Dataset& data, const std::vector<Fold>& folds,
                                                     const ModelFactory& factory, int repeats, std::uint64_t seed,
                                                     const std::string& metric, const ImportanceProgress& progress) {
  check_metric(metric, repeats);
  if (!factory) throw ConfigError("importance needs a model factory");
  const auto cols = data.cols();
  std::vector<double> gain(cols, 0.0);
  std::vector<std::vector<double>> drops(cols);
  int fitted = 0;
  const int total = static_cast<int>(folds.size());
  for (int k = 0; k < total; ++k) {
    const auto& fold = folds[static_cast<std::size_t>(k)];
    if (fold.train.empty() || fold.test.empty()) continue;
    auto model = factory();
    model->fit(data, fold.train);
    const auto fold_gain = gain_importance(*model);
    double gain_sum = 0;
    for (double g : fold_gain) gain_sum += g;
    for (std::size_t c = 0; c < cols && gain_sum > 0; ++c) gain[c] += fold_gain[c] / gain_sum;
    ++fitted;
    const auto perm =
        permutation_importance(*model, data, fold.test, repeats, mix(seed, static_cast<std::uint64_t>(k)), metric);
    for (std::size_t c = 0; c < cols; ++c) drops[c].insert(drops[c].end(), perm.drops[c].begin(), perm.drops[c].end());
    if (progress) progress(k + 1, total);
  }
  if (fitted == 0) throw DataError("importance: no fold has both training and test rows");
  std::vector<FeatureImportance> out;
  for (std::size_t c = 0; c < cols; ++c) {
    out.push_back({data.feature_names[c], gain[c] / fitted, mean_of(drops[c]), std_of(drops[c])});
  }
  auto key = [](double v) { return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v; };
  std::stable_sort(out.begin(), out.end(), [&](const FeatureImportance& a, const FeatureImportance& b) {
    if (key(a.permutation_mean) != key(b.permutation_mean)) return key(a.permutation_mean) > key(b.permutation_mean);
    if (a.gain != b.gain) return a.gain > b.gain;
    return a.feature < b.feature;
  });
  return out;
}

nlohmann::json to_json(const std::vector<FeatureImportance>& importance) {
  nlohmann::json out = nlohmann::json::array();
  int rank = 0;
  for (const auto& f : importance) {
    out.push_back({{"rank", ++rank},
                   {"feature", f.feature},
                   {"gain", f.gain},
                   {"permutation_mean", f.permutation_mean},
                   {"permutation_std", f.permutation_std}});
  }
  return out;
}

std::string format_importance(const std::vector<FeatureImportance>& importance, const std::string& metric) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "Importance measured on validation folds: each fold's model is fitted on its training rows;\n"
                 "permutation = {} when one feature is shuffled among the fold's test rows.\n"
                 "gain = share of the trees' total split gain (sums to 1), averaged over folds.\n",
                 metric == "log_loss" ? "rise in log loss" : "drop in ROC AUC");
  std::size_t width = 7;
  for (const auto& f : importance) width = std::max(width, f.feature.size());
  fmt::format_to(std::back_inserter(out), "{:>4}  {:<{}}  {:>6}  {}\n", "rank", "feature", width, "gain",
                 "permutation (mean ± std)");
  int rank = 0;
  for (const auto& f : importance) {
    const auto perm = std::isfinite(f.permutation_mean)
                          ? fmt::format("{:+.4f} ± {:.4f}", f.permutation_mean, f.permutation_std)
                          : std::string("n/a");
    fmt::format_to(std::back_inserter(out), "{:>4}  {:<{}}  {:>6.3f}  {}\n", ++rank, f.feature, width, f.gain, perm);
  }
  return fmt::to_string(out);
}

}  // namespace mp::ml
