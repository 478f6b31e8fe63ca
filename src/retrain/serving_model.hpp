#pragma once
// What the server answers from: an immutable snapshot of the champion and the latest prediction
// of every stored symbol, swapped atomically. A promotion, a rollback or a change of the stored
// bars builds a new snapshot and publishes it; requests holding the old one finish on it, so a hot swap never blocks or
// fails a request.
#include "core/panel.hpp"
#include "ml/predictor.hpp"
#include "ml/scoring_inputs.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace mp::retrain {

struct ServingState {
  std::shared_ptr<const ml::Predictor> predictor;
  std::string version;
  bool provisional = false;
  std::map<std::string, ml::Prediction> predictions;  // latest bar of every symbol that has enough history
  std::map<std::string, std::string> unavailable;     // symbol -> why it has no prediction
  // Symbols whose prediction is degraded (features without data that had data in training).
  [[nodiscard]] std::vector<std::string> degraded() const;
  std::uint64_t store_generation = 0;  // data::MarketStore::generation() of the bars scored
};

// Scores the latest bar of every symbol of the inputs' panel with the predictor (in parallel).
std::shared_ptr<const ServingState> build_serving_state(std::shared_ptr<const ml::Predictor> predictor,
                                                        std::string version, bool provisional,
                                                        const ml::ScoringInputs& inputs,
                                                        std::uint64_t store_generation = 0);

class ServingModel {
 public:
  [[nodiscard]] std::shared_ptr<const ServingState> current() const { return state_.load(); }
  void publish(std::shared_ptr<const ServingState> state) { state_.store(std::move(state)); }

 private:
  std::atomic<std::shared_ptr<const ServingState>> state_;
};

}  // namespace mp::retrain
