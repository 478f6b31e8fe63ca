#include "retrain/gates.hpp"

#include <fmt/format.h>

namespace mp::retrain {

namespace {

GateCheck at_least(const std::string& name, const std::string& what, double value, double limit) {
  GateCheck check{name, value >= limit, value, limit, ""};
  check.message = fmt::format("{} {:.4f} {} {:.4f}", what, value, check.passed ? ">=" : "<", limit);
  return check;
}

}  // namespace

GateVerdict evaluate_gates(const GateConfig& gates, const ml::BinaryMetrics& candidate,
                           const std::optional<ml::BinaryMetrics>& champion) {
  GateVerdict verdict;
  verdict.checks.push_back(at_least("min_f1", "F1", candidate.f1, gates.min_f1));
  verdict.checks.push_back(at_least("min_accuracy", "accuracy", candidate.accuracy, gates.min_accuracy));
  if (champion) {
    const double floor = champion->f1 * (1.0 - gates.max_relative_f1_drop);
    auto check = at_least("max_relative_f1_drop", "F1 vs champion's", candidate.f1, floor);
    check.message += fmt::format(" (champion F1 {:.4f} on the same folds, at most {:.0f}% drop)", champion->f1,
                                 gates.max_relative_f1_drop * 100);
    verdict.checks.push_back(check);
    verdict.beats_champion = candidate.f1 > champion->f1;
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
