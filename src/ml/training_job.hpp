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
// Evaluates, then fits the final model on all labelled rows.
TrainingResult train_model(const Panel& panel, const TrainingSetup& setup, const JobProgress& progress = {});

}  // namespace mp::ml
