#include "ml/feature_scaling.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace mp::ml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// a: 1, 2, NaN, 3, 4 (finite: mean 2.5, population std sqrt(1.25), median 2.5,
//    q25 = 1.75, q75 = 3.25 by linear interpolation, IQR 1.5)
// b: constant 5 (and one NaN): scale 1.  c: all NaN: center 0, scale 1.
Dataset hand_table() {
  Dataset data;
  data.feature_names = {"a", "b", "c"};
  data.x = {1, 5, kNaN, 2, 5, kNaN, kNaN, 5, kNaN, 3, 5, kNaN, 4, kNaN, kNaN};
  for (int r = 0; r < 5; ++r) {
    data.y.push_back(r % 2);
    data.weight.push_back(1);
    data.date.push_back(Date{std::chrono::days{18262 + r}});
    data.label_end.push_back(data.date.back());
    data.symbol_index.push_back(0);
  }
  return data;
}

const std::vector<std::size_t> kAll = {0, 1, 2, 3, 4};

TEST(StandardScaler, MeanAndPopulationStdIgnoringNaN) {
  const auto data = hand_table();
  StandardScaler scaler;
  scaler.fit(data, kAll);
  EXPECT_EQ(scaler.center(), (std::vector<double>{2.5, 5.0, 0.0}));
  EXPECT_NEAR(scaler.scale()[0], std::sqrt(1.25), 1e-15);
  EXPECT_EQ(scaler.scale()[1], 1.0);
  EXPECT_EQ(scaler.scale()[2], 1.0);
  std::vector<double> x = {1, 5, kNaN, 4, kNaN, 7};
  scaler.transform(x);
  EXPECT_NEAR(x[0], -1.5 / std::sqrt(1.25), 1e-15);  // -1.3416...
  EXPECT_EQ(x[1], 0.0);
  EXPECT_TRUE(std::isnan(x[2]));
  EXPECT_NEAR(x[3], 1.5 / std::sqrt(1.25), 1e-15);
  EXPECT_TRUE(std::isnan(x[4]));
  EXPECT_EQ(x[5], 7.0);
  std::vector<double> ragged = {1, 2};
  EXPECT_THROW(scaler.transform(ragged), DataError);
}

TEST(StandardScaler, FitsOnTheGivenRowsOnly) {
  auto data = hand_table();
  StandardScaler scaler;
  scaler.fit(data, std::vector<std::size_t>{0, 1});  // a: 1, 2 -> mean 1.5, std 0.5
  EXPECT_EQ(scaler.center()[0], 1.5);
  EXPECT_EQ(scaler.scale()[0], 0.5);
  data.x[3 * 3] = 1e300;  // a row outside the fit
  StandardScaler again;
  again.fit(data, std::vector<std::size_t>{0, 1});
  EXPECT_EQ(again.center(), scaler.center());
  EXPECT_EQ(again.scale(), scaler.scale());
}

TEST(RobustScaler, MedianAndInterquartileRange) {
  auto data = hand_table();
  RobustScaler scaler;
  scaler.fit(data, kAll);
  EXPECT_EQ(scaler.center(), (std::vector<double>{2.5, 5.0, 0.0}));
  EXPECT_EQ(scaler.scale(), (std::vector<double>{1.5, 1.0, 1.0}));
  scaler.transform(data);
  EXPECT_EQ(data.x[0], -1.0);  // (1 - 2.5) / 1.5
  EXPECT_EQ(data.x[12], 1.0);  // (4 - 2.5) / 1.5
  EXPECT_TRUE(std::isnan(data.x[6]));
  EXPECT_EQ(data.x[1], 0.0);
}

TEST(Scalers, JsonRoundTripThroughTheirNames) {
  const auto data = hand_table();
  RobustScaler robust;
  robust.fit(data, kAll);
  const auto json = robust.to_json();
  EXPECT_EQ(json["type"], "robust");
  const auto back = scaler_from_json(json);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->type(), "robust");
  EXPECT_EQ(back->center(), robust.center());
  EXPECT_EQ(back->scale(), robust.scale());
  StandardScaler standard;
  standard.fit(data, kAll);
  const auto copy = StandardScaler::from_json(standard.to_json());
  EXPECT_EQ(copy.scale(), standard.scale());
  EXPECT_THROW(StandardScaler::from_json(json), ConfigError);  // a robust scaler's JSON
  EXPECT_THROW(scaler_from_json({{"type", "minmax"}}), ConfigError);
  EXPECT_THROW(scaler_from_json({{"type", "robust"}, {"center", {1.0}}, {"scale", {0.0}}}), ConfigError);
  EXPECT_EQ(make_scaler("none"), nullptr);
  EXPECT_EQ(make_scaler("standard")->type(), "standard");
  EXPECT_THROW(make_scaler("minmax"), ConfigError);
  StandardScaler unfitted;
  std::vector<double> x = {1.0};
  EXPECT_THROW(unfitted.transform(x), Error);
}

}  // namespace
}  // namespace mp::ml
