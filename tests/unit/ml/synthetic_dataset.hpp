#pragma once
// A small hand-filled Dataset for model tests: an easy, nearly separable pattern.
#include "ml/dataset.hpp"

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

namespace mp::ml::synthetic {

// rows x 3 features: f0, f1 uniform in [-1, 1), f2 pure noise. y = 1 when f0 + 0.5 f1 > 0,
// flipped for every 25th row (so the pattern is "separable-ish", not perfectly clean).
// Values come straight from mt19937's raw output, so they are the same on every platform.
inline Dataset synthetic_dataset(std::size_t rows = 400, std::uint32_t seed = 12345) {
  Dataset data;
  data.feature_names = {"f0", "f1", "f2"};
  data.symbols = {"AAA", "BBB"};
  std::mt19937 rng(seed);
  auto uniform = [&rng] { return static_cast<double>(rng()) / 4294967296.0 * 2.0 - 1.0; };
  const Date start{std::chrono::days{18262}};  // 2020-01-01
  for (std::size_t r = 0; r < rows; ++r) {
    const double f0 = uniform(), f1 = uniform(), f2 = uniform();
    data.x.insert(data.x.end(), {f0, f1, f2});
    double label = f0 + 0.5 * f1 > 0 ? 1.0 : 0.0;
    if (r % 25 == 24) label = 1.0 - label;
    data.y.push_back(label);
    data.weight.push_back(1.0);
    const Date day = start + std::chrono::days{static_cast<int>(r / 2)};
    data.date.push_back(day);
    data.label_end.push_back(day + std::chrono::days{5});
    data.symbol_index.push_back(static_cast<std::uint32_t>(r % 2));
  }
  return data;
}

inline std::vector<std::size_t> all_rows(const Dataset& data) {
  std::vector<std::size_t> rows(data.rows());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return rows;
}

}  // namespace mp::ml::synthetic
