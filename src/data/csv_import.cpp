#include "data/csv_import.hpp"

#include "data/csv_text.hpp"
#include "data/symbol_name.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::fail_field;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinPrice = 1e-6;
constexpr double kMaxPrice = 1e9;
constexpr double kMaxVolume = 1e15;
// Open and close may exceed [low, high] by this much (relative): the source's rounding.
constexpr double kRoundingTolerance = 1e-9;

// The header as read: the reader's views do not outlive the next record.
using Header = std::vector<std::string>;

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

// "Date, Open, High" for messages: printable, the first dozen names at most.
std::string header_list(const Header& header) {
  constexpr std::size_t kMax = 12;
  std::string out;
  for (std::size_t i = 0; i < std::min(header.size(), kMax); ++i) {
    out += (i == 0 ? "" : ", ") + printable_utf8(header[i]);
  }
  return header.size() > kMax ? out + ", ..." : out;
}

double parse_price(std::string_view text, const Column& column, const CsvReader& at) {
  const auto value = csv_text::finite_number(text);
  if (!value) fail_field(at, column, "not a number: " + quoted_excerpt(text));
  if (*value <= 0.0) fail_field(at, column, "price must be positive: " + quoted_excerpt(text));
  if (*value < kMinPrice || *value > kMaxPrice) {
    fail_field(at, column,
               fmt::format("price out of range [{:g}, {:g}]: {}", kMinPrice, kMaxPrice, quoted_excerpt(text)));
  }
  return *value;
}

double parse_volume(std::string_view text, const Column& column, const CsvReader& at) {
  const auto value = csv_text::finite_number(text);
  if (!value) fail_field(at, column, "not a number: " + quoted_excerpt(text));
  // Zero volume is real (index files, halted days); only a negative count is impossible.
  if (*value < 0.0) fail_field(at, column, "volume must not be negative: " + quoted_excerpt(text));
  if (*value > kMaxVolume) {
    fail_field(at, column, fmt::format("volume out of range [0, {:g}]: {}", kMaxVolume, quoted_excerpt(text)));
  }
  return *value;
}

// Dates must strictly increase per symbol; judged against the last bar actually accepted.
void check_date_order(Date date, std::optional<Date> previous, std::string_view text, const Column& column,
                      const CsvReader& at) {
  if (!previous || date > *previous) return;
  if (date == *previous) fail_field(at, column, "duplicate date " + quoted_excerpt(text));
  fail_field(at, column,
             fmt::format("date {} is before the previous row's {}", quoted_excerpt(text), format_date(*previous)));
}

// A symbol the file names (header cell, file name, option): canonical, or an error at `column`.
std::string checked_symbol(std::string_view text, const CsvReader& at, std::size_t column) {
  if (auto problem = symbol_problem(text)) at.fail(column, *problem);
  return canonical_symbol(text);
}

// One symbol's bars as they are read, with the line of each.
struct SeriesBuilder {
  SymbolSeries series;
  std::vector<std::uint32_t> lines;

  [[nodiscard]] std::optional<Date> last_date() const {
    return series.empty() ? std::nullopt : std::optional<Date>(series.dates().back());
  }

  void push_back(const Bar& bar, const CsvReader& at) {
    series.push_back(bar);
    lines.push_back(static_cast<std::uint32_t>(at.line()));
  }
};

// Bars that were read into `result` (symbols without a single bar left out).
void finish(std::vector<SeriesBuilder>& all, ImportResult& result) {
  for (auto& builder : all) {
    if (builder.series.empty()) continue;
    result.lines.emplace(builder.series.symbol(), std::move(builder.lines));
    result.panel.add(std::move(builder.series));
  }
}

// ---------------------------------------------------------------- Yahoo layout

enum Field : std::size_t { kDate, kOpen, kHigh, kLow, kClose, kAdjClose, kVolume, kSymbol, kFieldCount };

std::optional<Field> field_of(const std::string& normalized) {
  static constexpr std::array<std::pair<std::string_view, Field>, 10> kNames{{
      {"date", kDate},
      {"timestamp", kDate},
      {"open", kOpen},
      {"high", kHigh},
      {"low", kLow},
      {"close", kClose},
      {"adjclose", kAdjClose},
      {"volume", kVolume},
      {"symbol", kSymbol},
      {"ticker", kSymbol},
  }};
  for (const auto& [name, field] : kNames) {
    if (normalized == name) return field;
  }
  return std::nullopt;
}

// One symbol's bars, or several told apart by a Symbol column. Unknown columns (e.g.
// "Dividends") are ignored.
class YahooImporter {
 public:
  YahooImporter(const Header& header, const std::string& file_symbol, const CsvReader& at) : width_(header.size()) {
    for (std::size_t i = 0; i < header.size(); ++i) map_column(header[i], i, at);
    if (!columns_[kDate])
      at.fail(1, fmt::format("missing required column 'Date' (the header has {})", header_list(header)));
    if (!columns_[kClose]) {
      at.fail(1, fmt::format("missing required column 'Close' (the header has {})", header_list(header)));
    }
    if (!columns_[kSymbol]) add_series(file_symbol, at, 1);
    // Parse values in column order so the first bad cell of a line is the one reported.
    for (std::size_t f = kOpen; f <= kVolume; ++f) {
      if (columns_[f]) value_fields_.push_back(static_cast<Field>(f));
    }
    std::sort(value_fields_.begin(), value_fields_.end(),
              [this](Field a, Field b) { return columns_[a]->number < columns_[b]->number; });
  }

  [[nodiscard]] std::size_t width() const noexcept { return width_; }
  [[nodiscard]] std::size_t date_column() const { return columns_[kDate]->number; }

  // Validates a whole line; the bar is stored only once all of it is valid.
  void read_row(const CsvReader& row) {
    SeriesBuilder& builder = target(row);
    const Column& column = *columns_[kDate];
    const std::string_view date_text = row[column.number - 1];
    const Date date = csv_text::date_cell(date_text, row, column, csv_text::DateSpelling::DashesOrSlashes);
    check_date_order(date, builder.last_date(), date_text, column, row);
    builder.push_back(parse_bar(row, date), row);
  }

  void finish(ImportResult& result) { data::finish(series_, result); }

 private:
  void map_column(std::string_view name, std::size_t index, const CsvReader& at) {
    const auto field = field_of(normalize_header(name));
    if (!field) return;
    if (columns_[*field]) {
      at.fail(index + 1, fmt::format("duplicate column '{}' (same as '{}')", printable_utf8(name),
                                     printable_utf8(columns_[*field]->name)));
    }
    columns_[*field] = Column{std::string(name), index + 1};
  }

  std::size_t add_series(const std::string& text, const CsvReader& at, std::size_t column) {
    if (text.empty()) at.fail(column, "no symbol: the file name gives none, pass one explicitly");
    const std::string symbol = checked_symbol(text, at, column);
    const auto [it, inserted] = index_.try_emplace(symbol, series_.size());
    if (inserted) series_.push_back(SeriesBuilder{SymbolSeries(symbol), {}});
    return it->second;
  }

  // The series of the row's symbol: the file's one, or the Symbol cell's (rows of one symbol
  // usually come together, so the previous row's answer is tried first).
  SeriesBuilder& target(const CsvReader& row) {
    if (!columns_[kSymbol]) return series_.front();
    const Column& column = *columns_[kSymbol];
    const std::string_view text = row[column.number - 1];
    if (text.empty()) fail_field(row, column, "empty symbol");
    if (series_.empty() || text != last_text_) {
      last_ = add_series(std::string(text), row, column.number);
      last_text_ = text;
    }
    return series_[last_];
  }

  Bar parse_bar(const CsvReader& row, Date date) const {
    Bar bar{date, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
    for (Field f : value_fields_) {
      const Column& column = *columns_[f];
      const std::string_view text = row[column.number - 1];
      if (text.empty()) {
        // Only Close is required; a missing open/high/low/volume stays NaN (never 0).
        if (f == kClose) fail_field(row, column, "empty value");
        continue;
      }
      bar.*member(f) = f == kVolume ? parse_volume(text, column, row) : parse_price(text, column, row);
    }
    check_high_low(bar, row);
    if (std::isnan(bar.adj_close)) bar.adj_close = bar.close;  // no adjustment known
    return bar;
  }

  // high >= low, and open and close within them (when the row has both).
  void check_high_low(const Bar& bar, const CsvReader& row) const {
    if (std::isnan(bar.high) || std::isnan(bar.low)) return;
    if (bar.high < bar.low) {
      fail_field(row, *columns_[kHigh], fmt::format("high {} is below low {}", cell(row, kHigh), cell(row, kLow)));
    }
    for (Field f : {kOpen, kClose}) {
      const double v = bar.*member(f);
      if (v > bar.high * (1 + kRoundingTolerance) || v < bar.low * (1 - kRoundingTolerance)) {
        fail_field(row, *columns_[f],
                   fmt::format("{} {} is outside [low {}, high {}]", f == kOpen ? "open" : "close", cell(row, f),
                               cell(row, kLow), cell(row, kHigh)));
      }
    }
  }

  std::string cell(const CsvReader& row, Field f) const { return quoted_excerpt(row[columns_[f]->number - 1]); }

  static double Bar::*member(Field f) {
    static constexpr std::array<double Bar::*, kSymbol> kMembers{nullptr,     &Bar::open,      &Bar::high,  &Bar::low,
                                                                 &Bar::close, &Bar::adj_close, &Bar::volume};
    return kMembers[f];
  }

  std::size_t width_;
  std::array<std::optional<Column>, kFieldCount> columns_;
  std::vector<Field> value_fields_;
  std::vector<SeriesBuilder> series_;
  std::map<std::string, std::size_t> index_;  // canonical symbol -> series_
  std::string last_text_;                     // the previous row's Symbol cell, and its series
  std::size_t last_ = 0;
};

// ---------------------------------------------------------------- wide layout

// date, SYM1, SYM2, ...: one adjusted close per symbol; an empty cell means no bar that day.
class WideImporter {
 public:
  WideImporter(const Header& header, const std::string& fallback_symbol, const CsvReader& at)
      : width_(header.size()), date_column_{header[0], 1} {
    if (header.size() < 2) at.fail(2, "wide panel: no symbol columns after the date column");
    // A single generic "value" column (e.g. djia_close_1980_2012.csv) is the file's own symbol.
    if (header.size() == 2 && normalize_header(header[1]) == "value" && !fallback_symbol.empty()) {
      add_symbol(header[1], fallback_symbol, 1, at);
    } else {
      for (std::size_t i = 1; i < header.size(); ++i) add_symbol(header[i], header[i], i, at);
    }
    staged_.resize(columns_.size());
  }

  [[nodiscard]] std::size_t width() const noexcept { return width_; }
  [[nodiscard]] std::size_t date_column() const noexcept { return 1; }

  void read_row(const CsvReader& row) {
    const Date date = csv_text::date_cell(row[0], row, date_column_, csv_text::DateSpelling::DashesOrSlashes);
    check_date_order(date, last_date_, row[0], date_column_, row);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const std::string_view text = row[i + 1];
      staged_[i] = text.empty() ? kNaN : parse_price(text, columns_[i], row);
    }
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (!std::isnan(staged_[i])) series_[i].push_back(Bar{date, kNaN, kNaN, kNaN, staged_[i], staged_[i], kNaN}, row);
    }
    last_date_ = date;
  }

  // A column without a single value has nothing to say about its symbol: it is left out, as the
  // store would have no bars for it either.
  void finish(ImportResult& result) { data::finish(series_, result); }

 private:
  void add_symbol(const std::string& name, const std::string& symbol_text, std::size_t index, const CsvReader& at) {
    if (name.empty()) at.fail(index + 1, "wide panel: empty symbol name");
    const std::string symbol = checked_symbol(symbol_text, at, index + 1);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (series_[i].series.symbol() != symbol) continue;
      const std::string same = columns_[i].name == name ? "" : fmt::format(" (same as '{}')", columns_[i].name);
      at.fail(index + 1, fmt::format("duplicate symbol '{}'{}", name, same));
    }
    columns_.push_back(Column{name, index + 1});
    series_.push_back(SeriesBuilder{SymbolSeries(symbol), {}});
  }

  std::size_t width_;
  Column date_column_;
  std::vector<Column> columns_;
  std::vector<SeriesBuilder> series_;
  std::vector<double> staged_;
  std::optional<Date> last_date_;  // of the last row accepted
};

// ---------------------------------------------------------------- driver

bool is_date_name(const std::string& header) {
  const std::string name = normalize_header(header);
  return name == "date" || name == "timestamp";
}

// A header with price columns but no Close is a Yahoo file missing its Close, never a wide panel
// whose symbols would be "Open", "High", ...
CsvLayout detect_layout(const Header& header, CsvLayout requested, const CsvReader& at) {
  if (requested != CsvLayout::Auto) return requested;
  bool price_columns = false;
  for (const auto& name : header) {
    const auto field = field_of(normalize_header(name));
    if (field == kClose) return CsvLayout::Yahoo;
    price_columns = price_columns || (field && *field != kDate && *field != kSymbol);
  }
  if (price_columns) {
    at.fail(1, fmt::format("missing required column 'Close' (the header has {})", header_list(header)));
  }
  if (is_date_name(header[0]) && header.size() >= 2) return CsvLayout::Wide;
  at.fail(1, "no 'Close' column, and not a wide panel (a 'date' column followed by symbols)");
}

// Reads every data line through the importer. A bad line throws, or with skip_bad_rows is
// recorded and skipped; since a row is stored only once fully valid, nothing half-parsed stays.
template <class Importer>
void import_with(Importer importer, CsvReader& reader, const ImportOptions& options, ImportResult& result) {
  result.date_column = importer.date_column();
  while (reader.next()) {
    ++result.rows_read;
    try {
      reader.expect_width(importer.width());
      importer.read_row(reader);
    } catch (const InputError& error) {
      if (!options.skip_bad_rows) throw;
      result.skipped.push_back(SkippedRow{reader.line(), error.what()});
    }
  }
  importer.finish(result);
}

ImportResult import_from(CsvReader& reader, const ImportOptions& options) {
  if (!reader.next()) reader.fail(1, "empty file: no header line");
  const Header header(reader.fields().begin(), reader.fields().end());
  const std::size_t header_line = reader.line();
  ImportResult result;
  result.layout = detect_layout(header, options.layout, reader);
  const std::string symbol = options.symbol.empty() ? symbol_from_file_name(reader.label()) : options.symbol;
  if (result.layout == CsvLayout::Yahoo) {
    import_with(YahooImporter(header, symbol, reader), reader, options, result);
  } else {
    if (!is_date_name(header[0])) {
      reader.fail(1, "wide panel: first column must be 'date', found " + quoted_excerpt(header[0]));
    }
    import_with(WideImporter(header, symbol, reader), reader, options, result);
  }
  if (result.rows_read == 0 && !options.allow_no_rows) {
    throw InputError(reader.label(), header_line, 1, "no data rows after the header");
  }
  return result;
}

}  // namespace

ImportResult import_csv_text(std::string_view text, const std::string& file_label, const ImportOptions& options) {
  CsvReader reader(text, file_label);
  return import_from(reader, options);
}

ImportResult import_csv(const std::filesystem::path& file, const ImportOptions& options) {
  CsvReader reader(file);
  return import_from(reader, options);
}

std::string symbol_from_file_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return canonical_symbol(name.substr(0, name.find_first_of("_.")));
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
