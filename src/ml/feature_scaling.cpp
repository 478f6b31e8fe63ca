#include "ml/feature_scaling.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mp::ml {

namespace {

// The finite values of one column at `rows`.
std::vector<double> finite_values(const Dataset& data, std::span<const std::size_t> rows, std::size_t column) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (auto r : rows) {
    const double v = data.row(r)[column];
    if (std::isfinite(v)) values.push_back(v);
  }
  return values;
}

// numpy's default percentile: linear interpolation between order statistics; `sorted` non-empty.
double percentile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// sklearn's _handle_zeros_in_scale: no spread -> 1.
double usable_scale(double scale) { return std::isfinite(scale) && scale > 0 ? scale : 1.0; }

void check_fit_input(const Dataset& data, std::span<const std::size_t> rows) {
  for (auto r : rows) {
    if (r >= data.rows()) throw DataError(fmt::format("scaler: row {} outside a table of {} rows", r, data.rows()));
  }
}

std::vector<double> json_numbers(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || !json.at(key).is_array()) {
    throw ConfigError(fmt::format("scaler JSON: '{}' must be an array of numbers", key));
  }
  std::vector<double> out;
  for (const auto& v : json.at(key)) {
    if (!v.is_number()) throw ConfigError(fmt::format("scaler JSON: '{}' must be an array of numbers", key));
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

void ColumnScaler::set(std::vector<double> center, std::vector<double> scale) {
  if (center.size() != scale.size()) {
    throw ConfigError(fmt::format("scaler: {} centers but {} scales", center.size(), scale.size()));
  }
  for (double s : scale) {
    if (!std::isfinite(s) || s <= 0) throw ConfigError(fmt::format("scaler: scale {} is not positive", s));
  }
  center_ = std::move(center);
  scale_ = std::move(scale);
}

void ColumnScaler::transform(std::span<double> x) const {
  const auto cols = center_.size();
  if (cols == 0) throw Error("scaler used before it was fitted");
  if (x.size() % cols != 0) {
    throw DataError(fmt::format("{} values do not fill rows of {} columns", x.size(), cols));
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto c = i % cols;
    if (!std::isnan(x[i])) x[i] = (x[i] - center_[c]) / scale_[c];  // NaN stays NaN
  }
}

void ColumnScaler::transform(Dataset& data) const {
  if (data.cols() != cols()) {
    throw DataError(fmt::format("scaler fitted on {} columns, table has {}", cols(), data.cols()));
  }
  transform(std::span<double>(data.x));
}

nlohmann::json ColumnScaler::to_json() const { return {{"type", type()}, {"center", center_}, {"scale", scale_}}; }

void StandardScaler::fit(const Dataset& data, std::span<const std::size_t> rows) {
  check_fit_input(data, rows);
  std::vector<double> center(data.cols(), 0.0), scale(data.cols(), 1.0);
  for (std::size_t c = 0; c < data.cols(); ++c) {
    const auto values = finite_values(data, rows, c);
    if (values.empty()) continue;
    double mean = 0;
    for (double v : values) mean += v;
    mean /= static_cast<double>(values.size());
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    center[c] = mean;
    scale[c] = usable_scale(std::sqrt(squares / static_cast<double>(values.size())));
  }
  set(std::move(center), std::move(scale));
}

void RobustScaler::fit(const Dataset& data, std::span<const std::size_t> rows) {
  check_fit_input(data, rows);
  std::vector<double> center(data.cols(), 0.0), scale(data.cols(), 1.0);
  for (std::size_t c = 0; c < data.cols(); ++c) {
    auto values = finite_values(data, rows, c);
    if (values.empty()) continue;
    std::sort(values.begin(), values.end());
    center[c] = percentile(values, 0.5);
    scale[c] = usable_scale(percentile(values, 0.75) - percentile(values, 0.25));
  }
  set(std::move(center), std::move(scale));
}

namespace {

template <typename Scaler>
Scaler read_scaler(const nlohmann::json& json) {
  Scaler scaler;
  const auto type = json.value("type", std::string{});
  if (type != scaler.type()) {
    throw ConfigError(fmt::format("scaler JSON of type '{}' read as '{}'", type, scaler.type()));
  }
  return scaler;
}

}  // namespace

StandardScaler StandardScaler::from_json(const nlohmann::json& json) {
  auto scaler = read_scaler<StandardScaler>(json);
  scaler.set(json_numbers(json, "center"), json_numbers(json, "scale"));
  return scaler;
}

RobustScaler RobustScaler::from_json(const nlohmann::json& json) {
  auto scaler = read_scaler<RobustScaler>(json);
  scaler.set(json_numbers(json, "center"), json_numbers(json, "scale"));
  return scaler;
}

std::unique_ptr<ColumnScaler> make_scaler(const std::string& type) {
  if (type == "none") return nullptr;
  if (type == "standard") return std::make_unique<StandardScaler>();
  if (type == "robust") return std::make_unique<RobustScaler>();
  throw ConfigError(fmt::format("unknown scaler '{}'; known: none, standard, robust", type));
}

std::unique_ptr<ColumnScaler> scaler_from_json(const nlohmann::json& json) {
  const auto type = json.is_object() ? json.value("type", std::string{}) : std::string{};
  if (type == "standard") return std::make_unique<StandardScaler>(StandardScaler::from_json(json));
  if (type == "robust") return std::make_unique<RobustScaler>(RobustScaler::from_json(json));
  throw ConfigError(fmt::format("unknown scaler type '{}' in JSON; known: standard, robust", type));
}

}  // namespace mp::ml
