#include "data/alt_data_csv.hpp"

#include "data/csv_text.hpp"
#include "data/symbol_name.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::fail_field;
using csv_text::lower;

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
  explicit AltDataReader(std::optional<AltDataKind> expected) : expected_(expected) {}

  AltDataTable read(CsvReader& reader) {
    AltDataTable table;
    if (!reader.next()) reader.fail(1, "empty file: expected a header symbol,published,<value>");
    read_header(reader, table);
    while (reader.next()) table.rows.push_back(read_row(reader));
    return table;
  }

 private:
  void read_header(const CsvReader& header, AltDataTable& table) {
    static constexpr std::string_view kExpected =
        "expected symbol,published,rating | ownership_pct | net_shares | net_value";
    if (header.size() != 3) header.fail(1, fmt::format("header has {} columns; {}", header.size(), kExpected));
    if (lower(header[0]) != "symbol")
      header.fail(1, fmt::format("header {}: {}", quoted_excerpt(header[0]), kExpected));
    if (lower(header[1]) != "published") {
      header.fail(2, fmt::format("header {}: {}", quoted_excerpt(header[1]), kExpected));
    }
    const std::string value = lower(header[2]);
    const auto it = std::find_if(kLayouts.begin(), kLayouts.end(),
                                 [&](const Layout& layout) { return layout.value_column == value; });
    if (it == kLayouts.end()) {
      header.fail(3, fmt::format("unknown value column {}: {}", quoted_excerpt(header[2]), kExpected));
    }
    if (expected_ && *expected_ != it->kind) {
      header.fail(3, fmt::format("expected {} data, the header {} is {}", alt_data_kind_name(*expected_),
                                 quoted_excerpt(header[2]), alt_data_kind_name(it->kind)));
    }
    layout_ = &*it;
    table.kind = it->kind;
    table.value_column = std::string(it->value_column);
    columns_ = {Column{"symbol", 1}, Column{"published", 2}, Column{std::string(it->value_column), 3}};
  }

  AltDataPoint read_row(const CsvReader& row) const {
    row.expect_width(3);
    AltDataPoint point;
    if (row[0].find_first_of(" \t;") != std::string_view::npos) {
      fail_field(row, columns_[0], "not a ticker: " + quoted_excerpt(row[0]));
    }
    if (auto problem = symbol_problem(row[0])) fail_field(row, columns_[0], *problem);
    point.symbol = canonical_symbol(row[0]);
    point.published = csv_text::date_cell(row[1], row, columns_[1]);
    const std::string_view text = row[2];
    if (text.empty()) fail_field(row, columns_[2], "empty value");
    const auto value = csv_text::finite_number(text);
    if (!value) fail_field(row, columns_[2], "not a number: " + quoted_excerpt(text));
    if (*value < layout_->min || *value > layout_->max) {
      fail_field(row, columns_[2],
                 fmt::format("{} is outside {}..{}", quoted_excerpt(text), layout_->min, layout_->max));
    }
    point.value = *value;
    return point;
  }

  std::optional<AltDataKind> expected_;
  const Layout* layout_ = nullptr;
  std::array<Column, 3> columns_;
};

}  // namespace

AltDataTable parse_alt_data_csv(std::string_view text, const std::string& file_label,
                                std::optional<AltDataKind> expected) {
  CsvReader reader(text, file_label);
  return AltDataReader(expected).read(reader);
}

AltDataTable import_alt_data_csv(const std::filesystem::path& file, std::optional<AltDataKind> expected) {
  CsvReader reader(file);
  return AltDataReader(expected).read(reader);
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
