#include "data/news_json.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>

namespace mp::data::news_json {

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string parse_error_detail(const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ", what.find("parse error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::optional<UtcTime> unix_seconds(const nlohmann::json& value) {
  if (!value.is_number()) return std::nullopt;
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) >= 1e11) return std::nullopt;
  return UtcTime{std::chrono::seconds{static_cast<std::int64_t>(std::floor(seconds))}};
}

}  // namespace mp::data::news_json
