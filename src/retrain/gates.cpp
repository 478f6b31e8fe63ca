#include "retrain/gates.hpp"

#include <fmt/format.h>

namespace mp::retrain {

namespace {

// NaN never passes: `value >= limit` is false for it.
GateCheck at_least(const std::string& name, const std::string& what, double value, double limit) {
  GateCheck check{name, value >= limit, value, limit, ""};
  check.message = fmt::format("{} {:.4f} {} {:.4f}", what, value, check.passed ? ">=" : "<", limit);
  return check;
}

GateCheck no_worse_than(const GateConfig& gates, const std::string& name, double candidate, double champion,
                        const std::string& where) {
  const double floor = champion * (1.0 - gates.max_relative_f1_drop);
  auto check = at_least(name, "F1 vs champion's", candidate, floor);
  check.message +=
      fmt::format(" (champion F1 {:.4f} {}, at most {:.0f}% drop)", champion, where, gates.max_relative_f1_drop * 100);
  return check;
}

}  // namespace

GateVerdict evaluate_gates(const GateConfig& gates, const ml::BinaryMetrics& candidate,
                           const std::optional<ChampionReference>& champion) {
  GateVerdict verdict;
  verdict.checks.push_back(at_least("min_f1", "F1", candidate.f1, gates.min_f1));
  verdict.checks.push_back(at_least("min_accuracy", "accuracy", candidate.accuracy, gates.min_accuracy));
  if (champion) {
    if (const auto& recorded = champion->recorded_f1) {
      verdict.checks.push_back(no_worse_than(gates, "max_relative_f1_drop_vs_recorded", candidate.f1, *recorded,
                                             "as recorded when it was trained"));
    }
    if (const auto& same = champion->identical_folds) {
      verdict.checks.push_back(no_worse_than(gates, "max_relative_f1_drop", same->candidate, same->champion,
                                             fmt::format("on identical folds of {} rows", same->rows)));
      verdict.beats_champion = same->candidate >= same->champion;
    } else {
      verdict.beats_champion = champion->recorded_f1 && candidate.f1 >= *champion->recorded_f1;
    }
  } else {
    verdict.beats_champion = true;
  }
  verdict.passed = true;
  for (const auto& check : verdict.checks) verdict.passed = verdict.passed && check.passed;
  return verdict;
}

std::string GateVerdict::failed_summary() const {
  std::string out;
  for (const auto& check : checks) {
    if (!check.passed) out += (out.empty() ? "" : "; ") + check.name + ": " + check.message;
  }
  return out;
}

nlohmann::json to_json(const GateVerdict& verdict) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : verdict.checks) {
    checks.push_back(
        {{"gate", c.name}, {"passed", c.passed}, {"value", c.value}, {"limit", c.limit}, {"message", c.message}});
  }
  return {{"passed", verdict.passed}, {"beats_champion", verdict.beats_champion}, {"checks", checks}};
}

nlohmann::json to_json(const GateConfig& gates) {
  return {{"min_f1", gates.min_f1},
          {"min_accuracy", gates.min_accuracy},
          {"max_relative_f1_drop", gates.max_relative_f1_drop}};
}

}  // namespace mp::retrain
