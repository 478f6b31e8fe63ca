#include "ml/training_job.hpp"

#include "core/error.hpp"
#include "ml/aux_data_builder.hpp"

#include <cmath>
#include <map>
#include <numeric>

namespace mp::ml {

namespace {

// Per column, where it had data: the symbols with a value on some row, and those on which it was
// NaN on a row after its first value (rows are sorted by date, so "after" is in time).
std::map<std::string, FeatureCoverage> coverage_of(const Dataset& table) {
  enum : char { kNone, kSeen, kGap };
  std::vector<std::vector<char>> state(table.cols(), std::vector<char>(table.symbols.size(), kNone));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const double* row = table.row(r);
    const auto s = table.symbol_index[r];
    for (std::size_t c = 0; c < table.cols(); ++c) {
      char& st = state[c][s];
      if (!std::isnan(row[c])) {
        if (st == kNone) st = kSeen;
      } else if (st == kSeen) {
        st = kGap;
      }
    }
  }
  std::map<std::string, FeatureCoverage> out;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    auto& coverage = out[table.feature_names[c]];
    for (std::size_t s = 0; s < table.symbols.size(); ++s) {
      if (state[c][s] != kNone) coverage.with_data.push_back(table.symbols[s]);
      if (state[c][s] == kGap) coverage.with_gaps.push_back(table.symbols[s]);
    }
  }
  return out;
}

}  // namespace

TrainingSetup TrainingSetup::from_config(const Config& config) {
  TrainingSetup setup;
  setup.feature_set = config.features.set;
  setup.features = features::FeatureRegistry::builtin().resolve(config.features.set);
  setup.label = {config.label.type, config.label.horizon, config.label.threshold, config.label.min_symbols};
  labels::make_labeler(setup.label);  // validates the label spec early
  setup.params = XGBoostParams::from_config(config.model);
  setup.split = {config.validation.split, config.validation.folds, config.validation.embargo,
                 static_cast<std::uint64_t>(config.model.seed)};
  setup.sources = config.sources;
  setup.selection.method = config.features.selection;
  setup.selection.k = config.features.selection_k;
  setup.selection.max_correlation = config.features.max_correlation;
  setup.selection.rfecv_embargo = config.validation.embargo;
  validate(setup.selection);
  return setup;
}

DatasetBuild prepare_dataset(const Panel& panel, const TrainingSetup& setup) {
  const auto aux =
      needs_aux_data(setup.features) ? build_aux_data(panel, setup.sources, setup.features) : features::AuxData{};
  auto build = build_dataset(panel, setup.features, setup.label, ThreadPool::shared(), &aux);
  if (build.labelled.rows() == 0) {
    throw DataError("no labelled rows: the history is shorter than the features' warm-up plus the label horizon");
  }
  return build;
}

EvaluationReport evaluate_setup(const Dataset& data, const TrainingSetup& setup, const JobProgress& progress) {
  const auto folds = make_splits(setup.split, data.date, data.label_end);
  auto factory = [&] { return std::make_unique<XGBoostClassifier>(setup.params); };
  return evaluate_folds(
      data, setup.split, folds, factory,
      [&](int fold, int total, int round, int rounds) {
        if (progress) progress("evaluate", ((fold - 1) + static_cast<double>(round) / rounds) / total);
      },
      setup.selection);
}

namespace {

// Row indices of the (date, symbol) keys both datasets hold; both are sorted by (date, symbol)
// over the same panel's symbols.
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> common_rows(const Dataset& a, const Dataset& b) {
  std::pair<std::vector<std::size_t>, std::vector<std::size_t>> out;
  const auto key_less = [](const Dataset& x, std::size_t i, const Dataset& y, std::size_t j) {
    return x.date[i] != y.date[j] ? x.date[i] < y.date[j] : x.symbol_index[i] < y.symbol_index[j];
  };
  std::size_t i = 0, j = 0;
  while (i < a.rows() && j < b.rows()) {
    if (key_less(a, i, b, j)) {
      ++i;
    } else if (key_less(b, j, a, i)) {
      ++j;
    } else {
      out.first.push_back(i++);
      out.second.push_back(j++);
    }
  }
  return out;
}

}  // namespace

IdenticalFoldsEvaluation evaluate_on_identical_folds(const Panel& panel, const TrainingSetup& first,
                                                     const Dataset& first_data, const EvaluationReport* first_report,
                                                     const TrainingSetup& second) {
  if (!(first.label == second.label) || !(first.split == second.split)) {
    throw ConfigError("identical folds need the same label and split specifications");
  }
  const auto second_build = prepare_dataset(panel, second);
  const auto [first_rows, second_rows] = common_rows(first_data, second_build.labelled);
  if (first_rows.empty()) throw DataError("the two specifications have no labelled rows in common");
  IdenticalFoldsEvaluation out;
  out.rows = first_rows.size();
  out.first = first_report != nullptr && first_rows.size() == first_data.rows()
                  ? *first_report
                  : evaluate_setup(subset_rows(first_data, first_rows), first);
  out.second = evaluate_setup(subset_rows(second_build.labelled, second_rows), second);
  return out;
}

TrainingResult train_model(const Panel& panel, const TrainingSetup& setup, const JobProgress& progress) {
  TrainingResult result;
  if (progress) progress("features", 0.0);
  result.data = prepare_dataset(panel, setup);
  const auto& data = result.data.labelled;
  result.evaluation = evaluate_setup(data, setup, progress);

  std::vector<std::size_t> all(data.rows());
  std::iota(all.begin(), all.end(), 0);
  auto factory = [&] { return std::make_unique<XGBoostClassifier>(setup.params); };
  // The final model's selection is fitted on every labelled row; the bundle keeps the chosen names.
  const Dataset table = select_columns(data, select_features(data, all, setup.selection, factory));
  auto model = factory();
  model->fit(table, all, [&](int round, int rounds) {
    if (progress) progress("final fit", static_cast<double>(round) / rounds);
  });

  auto& bundle = result.bundle;
  bundle.model = std::move(model);
  bundle.feature_set = setup.feature_set;
  bundle.feature_names = table.feature_names;
  bundle.candidate_features = features::feature_names(setup.features);
  bundle.selection = setup.selection;
  bundle.column_settings = column_settings(setup.sources);
  bundle.label = setup.label;
  bundle.universe = panel.symbols();
  bundle.coverage = coverage_of(table);
  bundle.training = {data.date.front(),   data.date.back(),     data.rows(),
                     data.symbols.size(), data.positive_rate(), result.data.data_fingerprint,
                     data.content_hash()};
  bundle.metrics = to_json(result.evaluation);
  bundle.created = utc_timestamp_now();
  return result;
}

}  // namespace mp::ml
