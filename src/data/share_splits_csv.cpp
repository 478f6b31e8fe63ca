#include "data/share_splits_csv.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "data/csv_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::Cursor;
using csv_text::excerpt;
using csv_text::fail;
using csv_text::fail_field;
using csv_text::LineReader;
using csv_text::lower;
using csv_text::split_fields;

constexpr std::array<std::string_view, 3> kColumns{"symbol", "date", "ratio"};

std::optional<double> positive_number(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value) || value <= 0) return std::nullopt;
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

// Positions (0-based) of symbol, date, ratio in the header.
std::array<std::size_t, 3> read_header(const std::vector<std::string_view>& fields, const Cursor& at) {
  std::array<std::size_t, 3> position{};
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    const auto it =
        std::find_if(fields.begin(), fields.end(), [&](std::string_view f) { return lower(f) == kColumns[c]; });
    if (it == fields.end()) {
      fail(at, 0, fmt::format("header lacks the column '{}' (expected symbol,date,ratio)", kColumns[c]));
    }
    position[c] = static_cast<std::size_t>(it - fields.begin());
  }
  return position;
}

}  // namespace

SplitsBySymbol parse_share_splits_csv(std::string_view text, const std::string& file_label) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  LineReader lines(text);
  Cursor at{file_label};
  std::optional<std::array<std::size_t, 3>> position;
  std::vector<std::string_view> header;
  SplitsBySymbol out;
  for (std::string_view line; lines.next(line);) {
    at.line = lines.number();
    if (csv_text::trim(line).empty()) continue;
    const auto fields = split_fields(line);
    if (!position) {
      position = read_header(fields, at);
      header = fields;
      continue;
    }
    if (fields.size() != header.size()) {
      fail(at, 0, fmt::format("expected {} fields, found {}", header.size(), fields.size()));
    }
    auto cell = [&](std::size_t c) { return fields[(*position)[c]]; };
    auto column = [&](std::size_t c) { return Column{std::string(kColumns[c]), (*position)[c] + 1}; };
    std::string symbol(cell(0));
    if (symbol.empty()) fail_field(at, column(0), "empty symbol");
    std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto date = parse_date(cell(1));
    if (!date) fail_field(at, column(1), "not a date (expected YYYY-MM-DD): " + excerpt(cell(1)));
    const auto ratio = split_ratio(cell(2));
    if (!ratio) fail_field(at, column(2), "not a split ratio (a number > 0 or new:old): " + excerpt(cell(2)));
    auto& splits = out[symbol];
    if (std::any_of(splits.begin(), splits.end(), [&](const ShareSplit& s) { return s.date == *date; })) {
      fail_field(at, column(1), fmt::format("a second split of {} on {}", symbol, format_date(*date)));
    }
    splits.push_back({*date, *ratio});
  }
  if (!position) throw InputError(file_label, 0, 0, "empty file: expected a header symbol,date,ratio");
  for (auto& [symbol, splits] : out) {
    std::sort(splits.begin(), splits.end(), [](const ShareSplit& a, const ShareSplit& b) { return a.date < b.date; });
  }
  return out;
}

SplitsBySymbol read_share_splits_csv(const std::filesystem::path& file) {
  return parse_share_splits_csv(read_file(file), file.string());
}

}  // namespace mp::data
