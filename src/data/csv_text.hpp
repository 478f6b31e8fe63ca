#pragma once
// Text helpers shared by the CSV readers of the data module (prices, FRED, fundamentals,
// alternative data): line iteration, field splitting, and InputError messages that point at
// file:line:column.
#include "core/error.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data::csv_text {

inline std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The offending text as it appears in messages: quoted, cut short so one line stays one line.
inline std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() > kMax) return fmt::format("\"{}...\"", text.substr(0, kMax));
  return fmt::format("\"{}\"", text);
}

// Fields split on ',', trimmed, one surrounding pair of double quotes dropped (no quoted commas).
inline std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string_view field = trim(line.substr(start, comma - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
    out.push_back(field);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

// Yields the lines of a text with 1-based numbers; drops the '\r' of CRLF line ends.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}

  bool next(std::string_view& line) {
    if (done_) return false;
    const std::size_t newline = rest_.find('\n');
    line = rest_.substr(0, newline);
    if (newline == std::string_view::npos) {
      done_ = true;
      if (line.empty()) return false;  // the text ended with a newline
    } else {
      rest_.remove_prefix(newline + 1);
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number_;
    return true;
  }
  [[nodiscard]] std::size_t number() const noexcept { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
  bool done_ = false;
};

// Where a message points: the file label and the current line.
struct Cursor {
  const std::string& file;
  std::size_t line = 0;
};

[[noreturn]] inline void fail(const Cursor& at, std::size_t column, const std::string& message) {
  throw InputError(at.file, at.line, column, message);
}

// A header column: its name as the file spells it and its 1-based position.
struct Column {
  std::string name;
  std::size_t number = 0;
};

[[noreturn]] inline void fail_field(const Cursor& at, const Column& column, const std::string& what) {
  fail(at, column.number, fmt::format("column '{}': {}", column.name, what));
}

}  // namespace mp::data::csv_text
