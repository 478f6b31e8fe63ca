#include "retrain/gates.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

mp::ml::BinaryMetrics metrics(double f1, double accuracy) {
  mp::ml::BinaryMetrics m;
  m.f1 = f1;
  m.accuracy = accuracy;
  return m;
}

TEST(Gates, OriginalThresholdsWithoutChampion) {
  const mp::GateConfig gates;  // F1 >= 0.65, accuracy >= 0.70, 10 % relative F1 drop
  auto verdict = mp::retrain::evaluate_gates(gates, metrics(0.66, 0.71), std::nullopt);
  EXPECT_TRUE(verdict.passed);
  EXPECT_TRUE(verdict.beats_champion);
  EXPECT_EQ(verdict.checks.size(), 2U);

  verdict = mp::retrain::evaluate_gates(gates, metrics(0.64, 0.71), std::nullopt);
  EXPECT_FALSE(verdict.passed);
  EXPECT_EQ(verdict.failed_summary(), "min_f1: F1 0.6400 < 0.6500");
}

mp::retrain::ChampionReference recorded(double f1) { return {"v1", f1, std::nullopt}; }

mp::retrain::ChampionReference on_identical_folds(double recorded_f1, double candidate, double champion) {
  return {"v1", recorded_f1, mp::retrain::IdenticalFoldsF1{candidate, champion, 1000}};
}

mp::GateConfig relative_only() {
  mp::GateConfig gates;
  gates.min_f1 = 0;
  gates.min_accuracy = 0;
  return gates;
}

// The defect found in review: with an unchanged spec the champion's figure was the candidate's own,
// so the gate could not fail. Now a same-spec candidate is held to the champion's recorded F1.
TEST(Gates, SameSpecCandidateIsComparedWithTheChampionsRecordedFigures) {
  const auto gates = relative_only();
  // Recorded F1 0.80: the floor is 0.72.
  auto verdict = mp::retrain::evaluate_gates(gates, metrics(0.7201, 0.5), recorded(0.80));
  EXPECT_TRUE(verdict.passed);
  EXPECT_FALSE(verdict.beats_champion);
  ASSERT_EQ(verdict.checks.size(), 3U);
  EXPECT_EQ(verdict.checks[2].name, "max_relative_f1_drop_vs_recorded");
  EXPECT_NEAR(verdict.checks[2].limit, 0.72, 1e-12);

  verdict = mp::retrain::evaluate_gates(gates, metrics(0.7199, 0.5), recorded(0.80));
  EXPECT_FALSE(verdict.passed);
  EXPECT_FALSE(verdict.checks[2].passed);
  EXPECT_EQ(verdict.failed_summary(),
            "max_relative_f1_drop_vs_recorded: F1 vs champion's 0.7199 < 0.7200 (champion F1 0.8000 as recorded when "
            "it was trained, at most 10% drop)");
}

TEST(Gates, DifferentSpecIsAlsoComparedOnIdenticalFolds) {
  const auto gates = relative_only();
  // Fine against the recorded 0.60, but 0.70 < 0.9 x 0.80 on identical folds: rejected.
  auto verdict = mp::retrain::evaluate_gates(gates, metrics(0.70, 0.5), on_identical_folds(0.60, 0.70, 0.80));
  ASSERT_EQ(verdict.checks.size(), 4U);
  EXPECT_TRUE(verdict.checks[2].passed);
  EXPECT_EQ(verdict.checks[3].name, "max_relative_f1_drop");
  EXPECT_FALSE(verdict.checks[3].passed);
  EXPECT_NEAR(verdict.checks[3].limit, 0.72, 1e-12);
  EXPECT_FALSE(verdict.passed);
  EXPECT_FALSE(verdict.beats_champion);
  EXPECT_NE(verdict.failed_summary().find("on identical folds of 1000 rows"), std::string::npos);

  verdict = mp::retrain::evaluate_gates(gates, metrics(0.81, 0.5), on_identical_folds(0.60, 0.81, 0.80));
  EXPECT_TRUE(verdict.passed);
  EXPECT_TRUE(verdict.beats_champion);
}

// beats_champion was a strict '>' that an identical score never passed.
TEST(Gates, AnEqualScoreBeatsTheChampion) {
  const auto gates = relative_only();
  EXPECT_TRUE(mp::retrain::evaluate_gates(gates, metrics(0.5, 0.5), recorded(0.5)).beats_champion);
  EXPECT_TRUE(mp::retrain::evaluate_gates(gates, metrics(0.4, 0.5), on_identical_folds(0.9, 0.5, 0.5)).beats_champion);
  EXPECT_FALSE(mp::retrain::evaluate_gates(gates, metrics(0.4999, 0.5), recorded(0.5)).beats_champion);
}

TEST(Gates, AChampionTrainedForAnotherLabelHasNoRecordedFigure) {
  const auto gates = relative_only();
  const mp::retrain::ChampionReference other_label{"v1", std::nullopt, std::nullopt};
  const auto verdict = mp::retrain::evaluate_gates(gates, metrics(0.1, 0.5), other_label);
  EXPECT_EQ(verdict.checks.size(), 2U);
  EXPECT_FALSE(verdict.beats_champion);
}

TEST(Gates, UndefinedMetricFails) {
  const mp::GateConfig gates;
  auto verdict = mp::retrain::evaluate_gates(gates, metrics(std::nan(""), 0.9), std::nullopt);
  EXPECT_FALSE(verdict.passed);
  const auto json = mp::retrain::to_json(verdict);
  EXPECT_FALSE(json["passed"].get<bool>());
  EXPECT_EQ(json["checks"][0]["gate"], "min_f1");
}

}  // namespace
