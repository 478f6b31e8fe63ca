#include "data/alt_data_csv.hpp"

#include "data/csv_text.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace mp::data {

namespace {

using csv_text::excerpt;
using csv_text::lower;
using csv_text::split_fields;
using csv_text::trim;

struct Layout {
  AltDataKind kind;
  std::string_view value_column;
  double min, max;  // valid range of the value
};

constexpr std::array<Layout, 4> kLayouts{{
    {AltDataKind::AnalystRating, "rating", 1.0, 5.0},
    // 13F holdings can add up to more than 100 % (lent shares counted twice); 200 catches a
    // fraction-vs-percent or units mistake without rejecting real heavily shorted names.
    {AltDataKind::InstitutionalOwnership, "ownership_pct", 0.0, 200.0},
    {AltDataKind::InsiderNetBuying, "net_shares", -HUGE_VAL, HUGE_VAL},
    {AltDataKind::InsiderNetBuying, "net_value", -HUGE_VAL, HUGE_VAL},
}};

class AltDataReader {
 public:
  AltDataReader(const std::string& label, std::optional<AltDataKind> expected) : label_(label), expected_(expected) {}

  AltDataTable read(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    AltDataTable table;
    bool header_seen = false;
    while (!text.empty()) {
      const std::size_t newline = text.find('\n');
      std::string_view line = text.substr(0, newline);
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (trim(line).empty()) continue;
      const auto fields = split_fields(line);
      if (!header_seen) {
        read_header(fields, table);
        header_seen = true;
        continue;
      }
      table.rows.push_back(read_row(fields));
    }
    if (!header_seen) throw InputError(label_, 0, 0, "empty file: expected a header symbol,published,<value>");
    return table;
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(label_, line_, column, message);
  }
  [[noreturn]] void fail_cell(std::size_t column, const std::string& message) const {
    fail(column, fmt::format("column '{}': {}", names_[column - 1], message));
  }

  void read_header(const std::vector<std::string_view>& fields, AltDataTable& table) {
    static constexpr std::string_view kExpected =
        "expected symbol,published,rating | ownership_pct | net_shares | net_value";
    if (fields.size() != 3) fail(0, fmt::format("header has {} columns; {}", fields.size(), kExpected));
    if (lower(fields[0]) != "symbol") fail(1, fmt::format("header {}: {}", excerpt(fields[0]), kExpected));
    if (lower(fields[1]) != "published") fail(2, fmt::format("header {}: {}", excerpt(fields[1]), kExpected));
    const std::string value = lower(fields[2]);
    const auto it = std::find_if(kLayouts.begin(), kLayouts.end(),
                                 [&](const Layout& layout) { return layout.value_column == value; });
    if (it == kLayouts.end()) fail(3, fmt::format("unknown value column {}: {}", excerpt(fields[2]), kExpected));
    if (expected_ && *expected_ != it->kind) {
      fail(3, fmt::format("expected {} data, the header {} is {}", alt_data_kind_name(*expected_), excerpt(fields[2]),
                          alt_data_kind_name(it->kind)));
    }
    layout_ = &*it;
    table.kind = it->kind;
    table.value_column = std::string(it->value_column);
    names_ = {"symbol", "published", std::string(it->value_column)};
  }

  AltDataPoint read_row(const std::vector<std::string_view>& fields) const {
    if (fields.size() != 3) fail(0, fmt::format("expected 3 fields, found {}", fields.size()));
    AltDataPoint point;
    if (fields[0].empty()) fail_cell(1, "empty symbol");
    if (fields[0].find_first_of(" \t;") != std::string_view::npos) fail_cell(1, "not a ticker: " + excerpt(fields[0]));
    point.symbol = fields[0];
    std::transform(point.symbol.begin(), point.symbol.end(), point.symbol.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto date = parse_date(fields[1]);
    if (!date || fields[1][4] != '-') fail_cell(2, "not a date (expected YYYY-MM-DD): " + excerpt(fields[1]));
    point.published = *date;
    const std::string_view text = fields[2];
    if (text.empty()) fail_cell(3, "empty value");
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, point.value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(point.value)) fail_cell(3, "not a number: " + excerpt(text));
    if (point.value < layout_->min || point.value > layout_->max) {
      fail_cell(3, fmt::format("{} is outside {}..{}", excerpt(text), layout_->min, layout_->max));
    }
    return point;
  }

  const std::string& label_;
  std::optional<AltDataKind> expected_;
  const Layout* layout_ = nullptr;
  std::array<std::string, 3> names_;
  std::size_t line_ = 0;
};

}  // namespace

AltDataTable parse_alt_data_csv(std::string_view text, const std::string& file_label,
                                std::optional<AltDataKind> expected) {
  return AltDataReader(file_label, expected).read(text);
}

AltDataTable import_alt_data_csv(const std::filesystem::path& file, std::optional<AltDataKind> expected) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open for reading", file.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_alt_data_csv(buffer.str(), file.string(), expected);
}

std::string_view alt_data_kind_name(AltDataKind kind) {
  switch (kind) {
    case AltDataKind::AnalystRating:
      return "analyst_rating";
    case AltDataKind::InstitutionalOwnership:
      return "institutional_ownership";
    case AltDataKind::InsiderNetBuying:
      break;
  }
  return "insider_net_buying";
}

}  // namespace mp::data
