#include "data/share_splits_csv.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "data/csv_text.hpp"
#include "data/symbol_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::fail_field;
using csv_text::lower;

constexpr std::array<std::string_view, 3> kColumns{"symbol", "date", "ratio"};

std::optional<double> positive_number(std::string_view text) {
  const auto value = csv_text::finite_number(text);
  if (!value || *value <= 0) return std::nullopt;
  return value;
}

// "4", "0.1", "4:1", "1:10" -> new shares per old share.
std::optional<double> split_ratio(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return positive_number(text);
  const auto new_shares = positive_number(text.substr(0, colon));
  const auto old_shares = positive_number(text.substr(colon + 1));
  if (!new_shares || !old_shares) return std::nullopt;
  return *new_shares / *old_shares;
}

// symbol, date, ratio as the header places them.
std::array<Column, 3> read_header(const CsvReader& header) {
  std::array<Column, 3> columns;
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    const auto fields = header.fields();
    const auto it =
        std::find_if(fields.begin(), fields.end(), [&](std::string_view f) { return lower(f) == kColumns[c]; });
    if (it == fields.end()) {
      header.fail(1, fmt::format("header lacks the column '{}' (expected symbol,date,ratio)", kColumns[c]));
    }
    columns[c] = Column{std::string(kColumns[c]), static_cast<std::size_t>(it - fields.begin()) + 1};
  }
  return columns;
}

void read_split(const CsvReader& row, const std::array<Column, 3>& columns, SplitsBySymbol& out) {
  auto cell = [&](std::size_t c) { return row[columns[c].number - 1]; };
  if (auto problem = symbol_problem(cell(0))) fail_field(row, columns[0], *problem);
  const std::string symbol = canonical_symbol(cell(0));
  const Date date = csv_text::date_cell(cell(1), row, columns[1]);
  const auto ratio = split_ratio(cell(2));
  if (!ratio) fail_field(row, columns[2], "not a split ratio (a number > 0 or new:old): " + quoted_excerpt(cell(2)));
  auto& splits = out[symbol];
  if (std::any_of(splits.begin(), splits.end(), [&](const ShareSplit& s) { return s.date == date; })) {
    fail_field(row, columns[1], fmt::format("a second split of {} on {}", symbol, format_date(date)));
  }
  splits.push_back({date, *ratio});
}

SplitsBySymbol read_share_splits(CsvReader& reader) {
  if (!reader.next()) reader.fail(1, "empty file: expected a header symbol,date,ratio");
  const auto columns = read_header(reader);
  const std::size_t width = reader.size();
  SplitsBySymbol out;
  while (reader.next()) {
    reader.expect_width(width);
    read_split(reader, columns, out);
  }
  for (auto& [symbol, splits] : out) {
    std::sort(splits.begin(), splits.end(), [](const ShareSplit& a, const ShareSplit& b) { return a.date < b.date; });
  }
  return out;
}

}  // namespace

SplitsBySymbol parse_share_splits_csv(std::string_view text, const std::string& file_label) {
  CsvReader reader(text, file_label);
  return read_share_splits(reader);
}

SplitsBySymbol read_share_splits_csv(const std::filesystem::path& file) {
  return parse_share_splits_csv(read_file(file), file.string());  // NotFoundError as documented
}

}  // namespace mp::data
