#pragma once
// What scoring a saved model needs besides the model, assembled the way training assembled it:
// the bars of the scored symbols together with the model's universe, and the auxiliary columns
// built with the model's recorded [sources] settings, universe-level columns (market breadth,
// sector returns) computed over the model's universe only. The CLI's predict and the serving
// snapshot both go through here, so they cannot see another universe than training did.
#include "core/config.hpp"
#include "ml/predictor.hpp"

#include <string>
#include <vector>

namespace mp::ml {

struct ScoringInputs {
  Panel panel;                               // the scored symbols plus the model's universe
  features::AuxData aux;                     // empty when the model's features need none
  std::vector<std::string> absent_universe;  // universe symbols the bars lack
};

// `panel`: the bars to score from (for a model with a recorded universe it must hold the universe's
// symbols; those it lacks are listed in `absent_universe`).
ScoringInputs scoring_inputs(const Predictor& predictor, Panel panel, const SourcesConfig& sources);

// The symbols whose bars scoring needs: `scored` plus the model's universe, without repeats.
std::vector<std::string> symbols_for_scoring(const Predictor& predictor, const std::vector<std::string>& scored);

// predict_latest for one symbol of the inputs; when universe symbols are absent, the model's
// universe-level features are listed as missing too (their values would be over another universe).
Prediction score_latest(const Predictor& predictor, const ScoringInputs& inputs, const std::string& symbol);

}  // namespace mp::ml
