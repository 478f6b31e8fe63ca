#pragma once
// Validation gates between a freshly trained candidate and the serving champion. Absolute gates
// (F1, accuracy) read the candidate's pooled walk-forward metrics; the anti-degradation gate
// compares candidate and champion on the SAME folds of the same data (the champion's spec
// re-evaluated there), so neither side is scored in-sample.
#include "core/config.hpp"
#include "ml/metrics.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mp::retrain {

struct GateCheck {
  std::string name;  // "min_f1" | "min_accuracy" | "max_relative_f1_drop"
  bool passed = false;
  double value = 0;     // what was measured
  double limit = 0;     // what it had to reach
  std::string message;  // one line, for alerts and logs
};

struct GateVerdict {
  std::vector<GateCheck> checks;
  bool passed = false;                               // every check passed
  bool beats_champion = false;                       // candidate F1 > champion F1 on the same window
  [[nodiscard]] std::string failed_summary() const;  // "min_f1: 0.41 < 0.65; ..."
};

// `champion` is the champion's pooled metrics on the candidate's folds (nullopt: no champion).
GateVerdict evaluate_gates(const GateConfig& gates, const ml::BinaryMetrics& candidate,
                           const std::optional<ml::BinaryMetrics>& champion);

nlohmann::json to_json(const GateVerdict& verdict);
nlohmann::json to_json(const GateConfig& gates);

}  // namespace mp::retrain
