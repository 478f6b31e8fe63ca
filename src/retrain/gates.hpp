#pragma once
// Validation gates between a freshly trained candidate and the serving champion.
//  - Absolute gates (F1, accuracy) read the candidate's pooled walk-forward metrics.
//  - Anti-degradation against the champion's RECORDED walk-forward metrics (the figures it was
//    promoted with, as the original system kept them): a bad data refresh or a regime break that
//    makes the same recipe score worse shows here, even when the specification is unchanged.
//  - When the candidate's specification differs from the champion's, anti-degradation on
//    IDENTICAL folds as well: both specs evaluated on the same test dates and rows (cut from one
//    calendar after the longer warm-up of the two, ml::evaluate_on_identical_folds), so neither side
//    is scored in-sample and neither gets easier rows. With an unchanged spec this comparison would
//    be the candidate against itself, so it is left out rather than passed trivially.
#include "core/config.hpp"
#include "ml/metrics.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mp::retrain {

struct GateCheck {
  std::string name;  // "min_f1" | "min_accuracy" | "max_relative_f1_drop_vs_recorded" | "max_relative_f1_drop"
  bool passed = false;
  double value = 0;     // what was measured
  double limit = 0;     // what it had to reach
  std::string message;  // one line, for alerts and logs
};

// Both specifications' pooled F1 on identical folds.
struct IdenticalFoldsF1 {
  double candidate = 0;
  double champion = 0;
  std::size_t rows = 0;  // labelled rows both were evaluated on
};

// What the candidate is compared with; no champion -> no comparison.
struct ChampionReference {
  std::string version;
  // The champion's own pooled walk-forward F1, as recorded; none when it was trained for another
  // label (its figure would measure something else).
  std::optional<double> recorded_f1;
  std::optional<IdenticalFoldsF1> identical_folds;  // only when the specifications differ
};

struct GateVerdict {
  std::vector<GateCheck> checks;
  bool passed = false;  // every check passed
  // The candidate is at least as good as the champion: on identical folds when the specifications
  // differ, else against the champion's recorded F1; false when neither exists. (>=: a fresher
  // model of equal merit may replace a provisional champion.)
  bool beats_champion = false;
  [[nodiscard]] std::string failed_summary() const;  // "min_f1: 0.41 < 0.65; ..."
};

GateVerdict evaluate_gates(const GateConfig& gates, const ml::BinaryMetrics& candidate,
                           const std::optional<ChampionReference>& champion);

nlohmann::json to_json(const GateVerdict& verdict);
nlohmann::json to_json(const GateConfig& gates);

}  // namespace mp::retrain
