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

TEST(Gates, AntiDegradationIsRelativeToTheChampionOnTheSameFolds) {
  mp::GateConfig gates;
  gates.min_f1 = 0;
  gates.min_accuracy = 0;
  // Champion F1 0.80: the floor is 0.72.
  auto verdict = mp::retrain::evaluate_gates(gates, metrics(0.7201, 0.5), metrics(0.80, 0.6));
  EXPECT_TRUE(verdict.passed);
  EXPECT_FALSE(verdict.beats_champion);
  ASSERT_EQ(verdict.checks.size(), 3U);
  EXPECT_NEAR(verdict.checks[2].limit, 0.72, 1e-12);

  verdict = mp::retrain::evaluate_gates(gates, metrics(0.7199, 0.5), metrics(0.80, 0.6));
  EXPECT_FALSE(verdict.passed);
  EXPECT_EQ(verdict.checks[2].name, "max_relative_f1_drop");
  EXPECT_FALSE(verdict.checks[2].passed);

  verdict = mp::retrain::evaluate_gates(gates, metrics(0.81, 0.5), metrics(0.80, 0.6));
  EXPECT_TRUE(verdict.beats_champion);
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
