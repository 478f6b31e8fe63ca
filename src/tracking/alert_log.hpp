#pragma once
// <root>/alerts.log: one JSON object per line {"time","level","subject","details"}, kept for
// continuity with the original system. Each write is one append(2) of a whole line under an
// exclusive flock, then fsync; a line torn by a crash is skipped by readers and fenced off by
// the next writer (which starts on a fresh line).
#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace mp::tracking {

class AlertLog {
 public:
  explicit AlertLog(std::filesystem::path file);

  // level: info | warning | error | critical (anything else -> ConfigError).
  void write(const std::string& level, const std::string& subject, const nlohmann::json& details);
  // The last n entries, oldest first (0 = all), skipping a torn last line and any malformed one.
  [[nodiscard]] std::vector<nlohmann::json> tail(std::size_t n) const;

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  mutable std::mutex mutex_;
};

}  // namespace mp::tracking
