#include "data/csv_text.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>

namespace mp::data::csv_text {

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void fail_field(const CsvReader& at, const Column& column, const std::string& what) {
  at.fail(column.number, fmt::format("column '{}': {}", column.name, what));
}

std::optional<double> finite_number(std::string_view text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

Date date_cell(std::string_view text, const CsvReader& at, const Column& column, DateSpelling spelling) {
  if (text.empty()) fail_field(at, column, "empty date");
  const bool dashes = text.size() == 10 && text[4] == '-';
  const auto date = dashes || spelling == DateSpelling::DashesOrSlashes ? parse_date(text) : std::nullopt;
  if (!date) fail_field(at, column, "not a date (expected YYYY-MM-DD): " + quoted_excerpt(text));
  check_date_range(*date, text, at, column);
  return *date;
}

void check_date_range(Date date, std::string_view text, const CsvReader& at, const Column& column) {
  static const Date first{std::chrono::year{kFirstYear} / 1 / 1};
  static const Date last{std::chrono::year{kLastYear} / 12 / 31};
  if (date < first || date > last) {
    fail_field(at, column,
               fmt::format("date out of range [{}-01-01, {}-12-31]: {}", kFirstYear, kLastYear, quoted_excerpt(text)));
  }
}

}  // namespace mp::data::csv_text
