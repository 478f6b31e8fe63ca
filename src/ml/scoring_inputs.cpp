#include "ml/scoring_inputs.hpp"

#include "ml/aux_data_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mp::ml {

namespace {

bool reads_universe(const features::FeatureDef& feature) {
  return std::any_of(feature.aux_inputs.begin(), feature.aux_inputs.end(),
                     [](const std::string& input) { return input.rfind("market.", 0) == 0; });
}

}  // namespace

std::vector<std::string> symbols_for_scoring(const Predictor& predictor, const std::vector<std::string>& scored) {
  std::vector<std::string> out = scored;
  for (const auto& symbol : predictor.universe()) {
    if (std::find(out.begin(), out.end(), symbol) == out.end()) out.push_back(symbol);
  }
  return out;
}

ScoringInputs scoring_inputs(const Predictor& predictor, Panel panel, const SourcesConfig& sources) {
  ScoringInputs inputs;
  for (const auto& symbol : predictor.universe()) {
    if (panel.find(symbol) == nullptr) inputs.absent_universe.push_back(symbol);
  }
  if (needs_aux_data(predictor.features())) {
    inputs.aux = build_aux_data(panel, with_column_settings(sources, predictor.bundle().column_settings),
                                predictor.features(), predictor.universe());
  }
  inputs.panel = std::move(panel);
  return inputs;
}

Prediction score_latest(const Predictor& predictor, const ScoringInputs& inputs, const std::string& symbol) {
  auto prediction = predictor.predict_latest(inputs.panel.at(symbol), features::aux_for(&inputs.aux, symbol));
  if (inputs.absent_universe.empty()) return prediction;
  std::string absent;
  for (const auto& s : inputs.absent_universe) absent += (absent.empty() ? "" : ", ") + s;
  for (const auto* feature : predictor.features()) {
    const bool listed = std::any_of(prediction.missing.begin(), prediction.missing.end(),
                                    [&](const MissingFeature& m) { return m.feature == feature->name; });
    if (reads_universe(*feature) && !listed) {
      prediction.missing.push_back(
          {feature->name, fmt::format("market breadth over the model's universe (no bars for {})", absent)});
    }
  }
  return prediction;
}

}  // namespace mp::ml
