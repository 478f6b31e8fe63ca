#pragma once
// A self-contained model directory: everything needed to predict, nothing read from the
// training configuration.
//   model.json    the model in its own format (XGBoost JSON)
//   spec.json     model type + parameters, feature spec (the candidate features, the selection
//                 that was fitted on the training rows and the registry names it kept, in model
//                 column order), label spec, training window, data lineage (fingerprints),
//                 creation time
//   metrics.json  the walk-forward evaluation report with its baselines
// The directory is written under a temporary name and renamed into place, so a crash never
// leaves a half-written model where a reader would find it.
#include "labels/labeler.hpp"
#include "ml/feature_selection.hpp"
#include "ml/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mp::ml {

struct TrainingWindow {
  Date first{};
  Date last{};
  std::size_t rows = 0;
  std::size_t symbols = 0;
  double positive_rate = 0;
  std::string data_fingerprint;
  std::string dataset_hash;
};

// Where one feature had data on the labelled training rows.
struct FeatureCoverage {
  std::vector<std::string> with_data;  // symbols with a value on at least one row
  // Symbols on which it was NaN on some row after its first value: NaN is part of its definition
  // there (a PEG while earnings shrink, an EPS growth after a loss), not a sign of missing data.
  std::vector<std::string> with_gaps;
};

struct ModelBundle {
  std::unique_ptr<Model> model;
  std::string feature_set;                 // the set name or list it was built from
  std::vector<std::string> feature_names;  // registry names, in model column order
  // What the selection chose from: a retraining run starts again from these candidates with the
  // same selection spec (not from the names a previous fit happened to keep). Bundles written
  // before selection existed load with candidates = feature_names and method "none".
  std::vector<std::string> candidate_features;
  SelectionSpec selection;
  // The [sources] settings the auxiliary columns were built with (ml/aux_data_builder:
  // column_settings); null for bundles written before they were recorded.
  nlohmann::json column_settings;
  labels::LabelSpec label;
  // The symbols of the training panel: universe-level columns (market breadth, sector returns) and
  // the relative label are computed over them, at training and at scoring time alike. Empty for
  // bundles written before it was recorded (scoring then uses every stored symbol, as they did).
  std::vector<std::string> universe;
  // Per model column, where it had data in training (ml::Predictor judges missing data by it).
  // Empty for bundles written before it was recorded (no check).
  std::map<std::string, FeatureCoverage> coverage;
  TrainingWindow training;
  nlohmann::json metrics = nlohmann::json::object();
  std::string created;  // UTC ISO-8601
};

void save_model_bundle(const ModelBundle& bundle, const std::filesystem::path& dir);
// Throws NotFoundError if the directory or a file is missing, InputError if a file is malformed.
ModelBundle load_model_bundle(const std::filesystem::path& dir);

nlohmann::json spec_to_json(const ModelBundle& bundle);

}  // namespace mp::ml
