#include "ml/metrics.hpp"

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace mp::ml {

double roc_auc(std::span<const double> y_true, std::span<const double> score) {
  const auto n = y_true.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  // Mann-Whitney U: sum of the positives' ranks, ties given their average rank.
  double positive_rank_sum = 0.0;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (y_true[order[k]] > 0.5) {
        positive_rank_sum += average_rank;
        ++positives;
      }
    }
    i = j;
  }
  const auto negatives = n - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  const double p = static_cast<double>(positives);
  return (positive_rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

BinaryMetrics compute_metrics(std::span<const double> y_true, std::span<const double> probability, double threshold) {
  std::vector<double> predicted(probability.size());
  for (std::size_t i = 0; i < predicted.size(); ++i) predicted[i] = probability[i] >= threshold ? 1.0 : 0.0;
  return compute_metrics(y_true, probability, predicted);
}

BinaryMetrics compute_metrics(std::span<const double> y_true, std::span<const double> probability,
                              std::span<const double> predicted_class) {
  if (y_true.size() != probability.size() || y_true.size() != predicted_class.size()) {
    throw Error("metrics: labels, probabilities and classes differ in length");
  }
  BinaryMetrics m;
  m.count = y_true.size();
  if (m.count == 0) return m;
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  double log_loss_sum = 0.0, brier_sum = 0.0;
  constexpr double eps = 1e-15;
  for (std::size_t i = 0; i < m.count; ++i) {
    const bool actual = y_true[i] > 0.5;
    const bool predicted = predicted_class[i] > 0.5;
    (actual ? (predicted ? tp : fn) : (predicted ? fp : tn))++;
    const double p = std::clamp(probability[i], eps, 1.0 - eps);
    log_loss_sum -= actual ? std::log(p) : std::log(1.0 - p);
    const double error = probability[i] - (actual ? 1.0 : 0.0);
    brier_sum += error * error;
  }
  const auto n = static_cast<double>(m.count);
  m.positives = tp + fn;
  m.accuracy = static_cast<double>(tp + tn) / n;
  m.precision = tp + fp > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0.0;
  m.recall = tp + fn > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0.0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
  m.roc_auc = roc_auc(y_true, probability);
  m.log_loss = log_loss_sum / n;
  m.brier = brier_sum / n;
  return m;
}

namespace {
// JSON has no NaN: an undefined metric (AUC of a one-class fold) is written as null.
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
double number_or_nan(const nlohmann::json& j) {
  return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

nlohmann::json to_json(const BinaryMetrics& m) {
  return {{"count", m.count},
          {"positives", m.positives},
          {"accuracy", number_or_null(m.accuracy)},
          {"precision", number_or_null(m.precision)},
          {"recall", number_or_null(m.recall)},
          {"f1", number_or_null(m.f1)},
          {"roc_auc", number_or_null(m.roc_auc)},
          {"log_loss", number_or_null(m.log_loss)},
          {"brier", number_or_null(m.brier)}};
}

BinaryMetrics metrics_from_json(const nlohmann::json& j) {
  BinaryMetrics m;
  m.count = j.value("count", std::size_t{0});
  m.positives = j.value("positives", std::size_t{0});
  m.accuracy = number_or_nan(j.at("accuracy"));
  m.precision = number_or_nan(j.at("precision"));
  m.recall = number_or_nan(j.at("recall"));
  m.f1 = number_or_nan(j.at("f1"));
  m.roc_auc = number_or_nan(j.at("roc_auc"));
  m.log_loss = number_or_nan(j.at("log_loss"));
  m.brier = number_or_nan(j.at("brier"));
  return m;
}

}  // namespace mp::ml
