#include "ml/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

namespace mp::ml {

namespace {

struct FoldPredictions {
  std::vector<double> y, model, prior, majority_class, up_class;
};

void append_predictions(FoldPredictions& out, const Dataset& data, const std::vector<std::size_t>& test,
                        const std::vector<double>& probability, double prior) {
  for (std::size_t i = 0; i < test.size(); ++i) {
    out.y.push_back(data.y[test[i]]);
    out.model.push_back(probability[i]);
    out.prior.push_back(prior);
    out.majority_class.push_back(prior >= 0.5 ? 1.0 : 0.0);
    out.up_class.push_back(1.0);
  }
}

ScoredPredictor score(const FoldPredictions& p) {
  return {compute_metrics(p.y, p.model), compute_metrics(p.y, p.prior, p.majority_class),
          compute_metrics(p.y, p.prior, p.up_class)};
}

double mean_label(const Dataset& data, const std::vector<std::size_t>& rows) {
  double sum = 0;
  for (auto r : rows) sum += data.y[r];
  return rows.empty() ? 0.5 : sum / static_cast<double>(rows.size());
}

}  // namespace

EvaluationReport evaluate_folds(const Dataset& data, const SplitSpec& split, const std::vector<Fold>& folds,
                                const ModelFactory& factory, const EvaluationProgress& progress,
                                const SelectionSpec& selection) {
  EvaluationReport report;
  report.split = split;
  report.rows = data.rows();
  FoldPredictions pooled;
  const int total = static_cast<int>(folds.size());
  for (int k = 0; k < total; ++k) {
    const auto& fold = folds[static_cast<std::size_t>(k)];
    if (fold.train.empty() || fold.test.empty()) {
      report.skipped_folds.push_back(k + 1);  // reported, never dropped silently
      continue;
    }
    const auto columns = select_features(data, fold.train, selection, factory);
    std::optional<Dataset> subset;
    if (columns.size() != data.cols()) subset = select_columns(data, columns);
    const Dataset& table = subset ? *subset : data;
    auto model = factory();
    model->fit(table, fold.train, [&](int round, int rounds) {
      if (progress) progress(k + 1, total, round, rounds);
    });
    const auto probability = model->predict_proba(table, fold.test);
    const double prior = mean_label(data, fold.train);
    FoldPredictions predictions;
    append_predictions(predictions, data, fold.test, probability, prior);
    append_predictions(pooled, data, fold.test, probability, prior);
    FoldResult result;
    result.index = k + 1;
    auto [first, last] = std::minmax_element(fold.train.begin(), fold.train.end(),
                                             [&](auto a, auto b) { return data.date[a] < data.date[b]; });
    result.train_start = data.date[*first];
    result.train_end = data.date[*last];
    result.test_start = fold.test_start;
    result.test_end = fold.test_end;
    result.train_rows = fold.train.size();
    result.test_rows = fold.test.size();
    result.purged = fold.purged;
    result.embargoed = fold.embargoed;
    result.train_positive_rate = prior;
    for (auto c : columns) result.selected_features.push_back(data.feature_names[c]);
    result.scores = score(predictions);
    report.folds.push_back(result);
  }
  report.pooled = score(pooled);
  return report;
}

nlohmann::json to_json(const EvaluationReport& report) {
  auto scored = [](const ScoredPredictor& s) {
    return nlohmann::json{{"model", to_json(s.model)},
                          {"baselines", {{"majority", to_json(s.majority)}, {"always_up", to_json(s.always_up)}}}};
  };
  nlohmann::json folds = nlohmann::json::array();
  for (const auto& f : report.folds) {
    auto j = scored(f.scores);
    j["fold"] = f.index;
    j["selected_features"] = f.selected_features;
    j["train"] = {{"start", format_date(f.train_start)},
                  {"end", format_date(f.train_end)},
                  {"rows", f.train_rows},
                  {"positive_rate", f.train_positive_rate},
                  {"purged", f.purged},
                  {"embargoed", f.embargoed}};
    j["test"] = {{"start", format_date(f.test_start)}, {"end", format_date(f.test_end)}, {"rows", f.test_rows}};
    folds.push_back(j);
  }
  return {
      {"split", {{"method", report.split.method}, {"folds", report.split.folds}, {"embargo", report.split.embargo}}},
      {"rows", report.rows},
      {"skipped_folds", report.skipped_folds},
      {"folds", folds},
      {"pooled", scored(report.pooled)}};
}

namespace {

std::string cell(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : "  n/a"; }

void metrics_line(fmt::memory_buffer& out, const std::string& label, const BinaryMetrics& m) {
  fmt::format_to(std::back_inserter(out), "  {:<22} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6}\n", label, m.count,
                 cell(m.accuracy), cell(m.precision), cell(m.recall), cell(m.f1), cell(m.roc_auc), cell(m.log_loss),
                 cell(m.brier));
}

void scored_block(fmt::memory_buffer& out, const std::string& title, const ScoredPredictor& s) {
  fmt::format_to(std::back_inserter(out), "{}\n", title);
  metrics_line(out, "model", s.model);
  metrics_line(out, "baseline: majority", s.majority);
  metrics_line(out, "baseline: always up", s.always_up);
}

}  // namespace

std::string format_report(const EvaluationReport& report) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "Split: {} ({} folds, embargo {} dates), {} labelled rows\n",
                 report.split.method, report.split.folds, report.split.embargo, report.rows);
  if (report.split.method == "random") {
    fmt::format_to(std::back_inserter(out),
                   "WARNING: a shuffled split leaks future information through overlapping labels;\n"
                   "         these numbers are inflated and shown only for comparison.\n");
  }
  fmt::format_to(std::back_inserter(out), "  {:<22} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6}\n", "", "rows",
                 "acc", "prec", "recall", "f1", "auc", "logloss", "brier");
  for (const auto& f : report.folds) {
    scored_block(out,
                 fmt::format("fold {}: train {}..{} ({} rows, {} purged, {} embargoed), test {}..{}", f.index,
                             format_date(f.train_start), format_date(f.train_end), f.train_rows, f.purged, f.embargoed,
                             format_date(f.test_start), format_date(f.test_end)),
                 f.scores);
  }
  for (int k : report.skipped_folds) {
    fmt::format_to(std::back_inserter(out), "fold {}: skipped, no training rows left after purge and embargo\n", k);
  }
  scored_block(out, "pooled out-of-fold", report.pooled);
  return fmt::to_string(out);
}

}  // namespace mp::ml
