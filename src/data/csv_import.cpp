#include "data/csv_import.hpp"

#include "data/csv_text.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::Cursor;
using csv_text::fail;
using csv_text::fail_field;
using csv_text::LineReader;
using csv_text::trim;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// ---------------------------------------------------------------- text helpers

// Header spellings differ between sources ("Adj Close", "adj_close", "AdjClose"): compare them
// lower-cased without spaces and underscores.
std::string normalize_header(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The offending text as it appears in messages: quoted, cut short so one line stays one line.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() > kMax) return fmt::format("\"{}...\"", text.substr(0, kMax));
  return fmt::format("\"{}\"", text);
}

// Splits on ',' into views of the line (no allocation once `out` has grown to the header's
// width). Fields are trimmed, and a surrounding pair of double quotes is dropped because R's
// write.csv quotes header names; commas inside quotes are not supported (prices never have them).
void split_fields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string_view field = trim(line.substr(start, comma - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    out.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

Date parse_date_field(std::string_view text, const Column& column, const Cursor& at) {
  if (text.empty()) fail_field(at, column, "empty date");
  const auto date = parse_date(text);
  if (!date) fail_field(at, column, "not a date (expected YYYY-MM-DD): " + quoted(text));
  return *date;
}

// Numbers go through from_chars (locale-free, no allocation). from_chars accepts "nan" and
// "inf", which are never a price: they are rejected as non-numbers like any other word.
double parse_number(std::string_view text, const Column& column, const Cursor& at) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    fail_field(at, column, "not a number: " + quoted(text));
  }
  return value;
}

double parse_price(std::string_view text, const Column& column, const Cursor& at) {
  const double value = parse_number(text, column, at);
  if (value <= 0.0) fail_field(at, column, "price must be positive: " + quoted(text));
  return value;
}

double parse_volume(std::string_view text, const Column& column, const Cursor& at) {
  const double value = parse_number(text, column, at);
  // Zero volume is real (index files, halted days); only a negative count is impossible.
  if (value < 0.0) fail_field(at, column, "volume must not be negative: " + quoted(text));
  return value;
}

// Dates must strictly increase; judged against the last row actually accepted.
void check_date_order(Date date, std::optional<Date> previous, std::string_view text, const Column& column,
                      const Cursor& at) {
  if (!previous || date > *previous) return;
  if (date == *previous) fail_field(at, column, "duplicate date " + quoted(text));
  fail_field(at, column, fmt::format("date {} is before the previous row's {}", quoted(text), format_date(*previous)));
}

// ---------------------------------------------------------------- Yahoo layout

enum Field : std::size_t { kDate, kOpen, kHigh, kLow, kClose, kAdjClose, kVolume, kFieldCount };

std::optional<Field> field_of(const std::string& normalized) {
  static constexpr std::array<std::pair<std::string_view, Field>, 8> kNames{{
      {"date", kDate},
      {"timestamp", kDate},
      {"open", kOpen},
      {"high", kHigh},
      {"low", kLow},
      {"close", kClose},
      {"adjclose", kAdjClose},
      {"volume", kVolume},
  }};
  for (const auto& [name, field] : kNames) {
    if (normalized == name) return field;
  }
  return std::nullopt;
}

// One symbol's bars. Unknown columns (e.g. "Dividends") are ignored.
class YahooImporter {
 public:
  YahooImporter(const std::vector<std::string_view>& header, std::string symbol, std::size_t rows, const Cursor& at)
      : width_(header.size()), series_(std::move(symbol)) {
    for (std::size_t i = 0; i < header.size(); ++i) map_column(header[i], i, at);
    if (!columns_[kDate]) fail(at, 0, "missing required column 'Date'");
    if (!columns_[kClose]) fail(at, 0, "missing required column 'Close'");
    if (series_.symbol().empty()) fail(at, 0, "no symbol: the file name gives none, pass one explicitly");
    // Parse values in column order so the first bad cell of a line is the one reported.
    for (std::size_t f = kOpen; f < kFieldCount; ++f) {
      if (columns_[f]) value_fields_.push_back(static_cast<Field>(f));
    }
    std::sort(value_fields_.begin(), value_fields_.end(),
              [this](Field a, Field b) { return columns_[a]->number < columns_[b]->number; });
    series_.reserve(rows);
  }

  [[nodiscard]] std::size_t width() const noexcept { return width_; }
  [[nodiscard]] const Column& date_column() const { return *columns_[kDate]; }

  // Validates a whole line into the staged bar; nothing is stored until commit().
  void parse(const std::vector<std::string_view>& fields, Date date, const Cursor& at) {
    staged_ = Bar{date, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
    for (Field f : value_fields_) {
      const Column& column = *columns_[f];
      const std::string_view text = fields[column.number - 1];
      if (text.empty()) {
        // Only Close is required; a missing open/high/low/volume stays NaN (never 0).
        if (f == kClose) fail_field(at, column, "empty value");
        continue;
      }
      value(f) = f == kVolume ? parse_volume(text, column, at) : parse_price(text, column, at);
    }
    // high < close or low > close happens in real data (rounding); only high < low is impossible.
    if (staged_.high < staged_.low) {
      fail_field(at, *columns_[kHigh],
                 fmt::format("high {} is below low {}", quoted(fields[columns_[kHigh]->number - 1]),
                             quoted(fields[columns_[kLow]->number - 1])));
    }
    if (std::isnan(staged_.adj_close)) staged_.adj_close = staged_.close;  // no adjustment known
  }

  void commit() { series_.push_back(staged_); }

  Panel finish() {
    Panel panel;
    if (!series_.empty()) panel.add(std::move(series_));
    return panel;
  }

 private:
  void map_column(std::string_view name, std::size_t index, const Cursor& at) {
    const auto field = field_of(normalize_header(name));
    if (!field) return;
    if (columns_[*field]) {
      fail(at, index + 1, fmt::format("duplicate column '{}' (same as '{}')", name, columns_[*field]->name));
    }
    columns_[*field] = Column{std::string(name), index + 1};
  }

  double& value(Field f) {
    switch (f) {
      case kOpen:
        return staged_.open;
      case kHigh:
        return staged_.high;
      case kLow:
        return staged_.low;
      case kClose:
        return staged_.close;
      case kAdjClose:
        return staged_.adj_close;
      default:
        return staged_.volume;
    }
  }

  std::size_t width_;
  std::array<std::optional<Column>, kFieldCount> columns_;
  std::vector<Field> value_fields_;
  SymbolSeries series_;
  Bar staged_{};
};

// ---------------------------------------------------------------- wide layout

// date, SYM1, SYM2, ...: one adjusted close per symbol; an empty cell means no bar that day.
class WideImporter {
 public:
  WideImporter(const std::vector<std::string_view>& header, const std::string& fallback_symbol, std::size_t rows,
               const Cursor& at)
      : width_(header.size()), date_column_{std::string(header[0]), 1} {
    if (header.size() < 2) fail(at, 0, "wide panel: no symbol columns after the date column");
    for (std::size_t i = 1; i < header.size(); ++i) add_symbol(header[i], i, at);
    // A single generic "value" column (e.g. djia_close_1980_2012.csv) is the file's own symbol.
    if (columns_.size() == 1 && normalize_header(columns_[0].name) == "value" && !fallback_symbol.empty()) {
      series_[0] = SymbolSeries(fallback_symbol);
    }
    for (auto& series : series_) series.reserve(rows);
    staged_.resize(columns_.size());
  }

  [[nodiscard]] std::size_t width() const noexcept { return width_; }
  [[nodiscard]] const Column& date_column() const { return date_column_; }

  void parse(const std::vector<std::string_view>& fields, Date date, const Cursor& at) {
    date_ = date;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const std::string_view text = fields[i + 1];
      staged_[i] = text.empty() ? kNaN : parse_price(text, columns_[i], at);
    }
  }

  void commit() {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const double close = staged_[i];
      if (!std::isnan(close)) series_[i].push_back(Bar{date_, kNaN, kNaN, kNaN, close, close, kNaN});
    }
  }

  // A column without a single value has nothing to say about its symbol: it is left out, as the
  // store would have no bars for it either.
  Panel finish() {
    Panel panel;
    for (auto& series : series_) {
      if (!series.empty()) panel.add(std::move(series));
    }
    return panel;
  }

 private:
  void add_symbol(std::string_view name, std::size_t index, const Cursor& at) {
    if (name.empty()) fail(at, index + 1, "wide panel: empty symbol name");
    for (const auto& column : columns_) {
      if (column.name == name) fail(at, index + 1, fmt::format("duplicate symbol '{}'", name));
    }
    columns_.push_back(Column{std::string(name), index + 1});
    series_.emplace_back(std::string(name));
  }

  std::size_t width_;
  Column date_column_;
  std::vector<Column> columns_;
  std::vector<SymbolSeries> series_;
  std::vector<double> staged_;
  Date date_{};
};

// ---------------------------------------------------------------- driver

CsvLayout detect_layout(const std::vector<std::string_view>& header, CsvLayout requested, const Cursor& at) {
  if (requested != CsvLayout::Auto) return requested;
  const bool has_close =
      std::any_of(header.begin(), header.end(), [](std::string_view h) { return normalize_header(h) == "close"; });
  if (has_close) return CsvLayout::Yahoo;
  const std::string first = normalize_header(header[0]);
  if ((first == "date" || first == "timestamp") && header.size() >= 2) return CsvLayout::Wide;
  fail(at, 0, "no 'Close' column, and not a wide panel (a 'date' column followed by symbols)");
}

void check_wide_header(const std::vector<std::string_view>& header, const Cursor& at) {
  const std::string first = normalize_header(header[0]);
  if (first != "date" && first != "timestamp") {
    fail(at, 1, "wide panel: first column must be 'date', found " + quoted(header[0]));
  }
}

// Reads every data line through the importer. A bad line throws, or with skip_bad_rows is
// recorded and skipped; since rows are only committed once fully valid, nothing half-parsed stays.
template <class Importer>
void read_rows(LineReader& lines, Importer& importer, Cursor& at, const ImportOptions& options, ImportResult& result) {
  std::vector<std::string_view> fields;
  fields.reserve(importer.width() + 1);
  std::optional<Date> last;
  std::string_view line;
  while (lines.next(line)) {
    at.line = lines.number();
    if (trim(line).empty()) continue;
    ++result.rows_read;
    try {
      split_fields(line, fields);
      if (fields.size() != importer.width()) {
        fail(at, 0, fmt::format("expected {} fields, found {}", importer.width(), fields.size()));
      }
      const Column& date_column = importer.date_column();
      const std::string_view date_text = fields[date_column.number - 1];
      const Date date = parse_date_field(date_text, date_column, at);
      check_date_order(date, last, date_text, date_column, at);
      importer.parse(fields, date, at);
      importer.commit();
      last = date;
    } catch (const InputError& error) {
      if (!options.skip_bad_rows) throw;
      result.skipped.push_back(SkippedRow{at.line, error.what()});
    }
  }
}

template <class Importer>
void import_with(Importer importer, LineReader& lines, Cursor& at, const ImportOptions& options, ImportResult& result) {
  read_rows(lines, importer, at, options, result);
  result.panel = importer.finish();
}

}  // namespace

ImportResult import_csv_text(std::string_view text, const std::string& file_label, const ImportOptions& options) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  LineReader lines(text);
  Cursor at{file_label, 1};
  std::string_view header_line;
  while (lines.next(header_line) && trim(header_line).empty()) {
  }
  if (trim(header_line).empty()) fail(at, 0, "empty file: no header line");
  at.line = lines.number();

  std::vector<std::string_view> header;
  split_fields(header_line, header);
  ImportResult result;
  result.layout = detect_layout(header, options.layout, at);
  const std::string symbol = options.symbol.empty() ? symbol_from_file_name(file_label) : options.symbol;
  // Every line is at most one row: reserving that many avoids regrowing the columns.
  const auto rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (result.layout == CsvLayout::Yahoo) {
    import_with(YahooImporter(header, symbol, rows, at), lines, at, options, result);
  } else {
    check_wide_header(header, at);
    import_with(WideImporter(header, symbol, rows, at), lines, at, options, result);
  }
  return result;
}

ImportResult import_csv(const std::filesystem::path& file, const ImportOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw IoError(fmt::format("{}: cannot read: is a directory", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno)));
  // One read of the whole file: the parser then works on views into it.
  in.seekg(0, std::ios::end);
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0, std::ios::beg);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    throw IoError(fmt::format("{}: read failed: {}", file.string(), std::strerror(errno)));
  }
  return import_csv_text(text, file.string(), options);
}

std::string symbol_from_file_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  std::string symbol = name.substr(0, name.find_first_of("_."));
  for (char& c : symbol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return symbol;
}

std::string_view layout_name(CsvLayout layout) {
  switch (layout) {
    case CsvLayout::Yahoo:
      return "yahoo";
    case CsvLayout::Wide:
      return "wide";
    default:
      return "auto";
  }
}

}  // namespace mp::data
