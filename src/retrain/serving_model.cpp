#include "retrain/serving_model.hpp"

#include "core/error.hpp"
#include "core/thread_pool.hpp"

#include <vector>

namespace mp::retrain {

std::vector<std::string> ServingState::degraded() const {
  std::vector<std::string> out;
  for (const auto& [symbol, prediction] : predictions) {
    if (prediction.degraded()) out.push_back(symbol);
  }
  return out;
}

std::shared_ptr<const ServingState> build_serving_state(std::shared_ptr<const ml::Predictor> predictor,
                                                        std::string version, bool provisional,
                                                        const ml::ScoringInputs& inputs,
                                                        std::uint64_t store_generation) {
  const auto& panel = inputs.panel;
  auto state = std::make_shared<ServingState>();
  state->store_generation = store_generation;
  state->predictor = std::move(predictor);
  state->version = std::move(version);
  state->provisional = provisional;
  std::vector<ml::Prediction> predictions(panel.size());
  std::vector<std::string> errors(panel.size());
  ThreadPool::shared().parallel_for(panel.size(), [&](std::size_t i) {
    try {
      predictions[i] = ml::score_latest(*state->predictor, inputs, panel.series()[i].symbol());
    } catch (const Error& e) {
      errors[i] = e.what();
    }
  });
  for (std::size_t i = 0; i < panel.size(); ++i) {
    const auto& symbol = panel.series()[i].symbol();
    if (errors[i].empty()) {
      state->predictions[symbol] = predictions[i];
    } else {
      state->unavailable[symbol] = errors[i];
    }
  }
  return state;
}

}  // namespace mp::retrain
