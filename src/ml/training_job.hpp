#pragma once
// The training job, the one place that wires the parts together: panel -> features + labels
// -> dataset -> time-series evaluation beside baselines -> fit on every labelled row -> a
// self-contained model bundle.
#include "core/config.hpp"
#include "ml/evaluation.hpp"
#include "ml/model_bundle.hpp"
#include "ml/xgboost_model.hpp"

#include <functional>
#include <string>

namespace mp::ml {

struct TrainingSetup {
  std::string feature_set;
  features::FeatureList features;
  labels::LabelSpec label;
  XGBoostParams params;
  SplitSpec split;
  SourcesConfig sources;    // non-price data for features that need it
  SelectionSpec selection;  // fitted inside each training fold, then on all rows for the final model

  static TrainingSetup from_config(const Config& config);
};

// What the job reports as it goes: a stage name and a fraction done of that stage.
using JobProgress = std::function<void(const std::string& stage, double fraction)>;

struct TrainingResult {
  DatasetBuild data;
  EvaluationReport evaluation;
  ModelBundle bundle;
};

DatasetBuild prepare_dataset(const Panel& panel, const TrainingSetup& setup);
EvaluationReport evaluate_setup(const Dataset& data, const TrainingSetup& setup, const JobProgress& progress = {});
// Two specifications on identical folds: only the labelled rows both datasets have (each symbol
// cut after the longer warm-up of the two), split once, so both are tested on the same dates and
// rows. The setups must share label and split specs (ConfigError otherwise). `first_data` /
// `first_report`: the first setup's dataset and, if already computed on all its rows, its report
// (reused when the common rows are all of them).
struct IdenticalFoldsEvaluation {
  EvaluationReport first;
  EvaluationReport second;
  std::size_t rows = 0;
};
IdenticalFoldsEvaluation evaluate_on_identical_folds(const Panel& panel, const TrainingSetup& first,
                                                     const Dataset& first_data, const EvaluationReport* first_report,
                                                     const TrainingSetup& second);

// Evaluates, then fits the final model on all labelled rows.
TrainingResult train_model(const Panel& panel, const TrainingSetup& setup, const JobProgress& progress = {});

}  // namespace mp::ml
