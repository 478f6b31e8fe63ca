#pragma once
// CSV price files -> Panel. Two real layouts (see data/sample/prices):
//  - Yahoo: Date, Open, High, Low, Close, Adj Close, Volume (any order and spelling variant;
//    only Date and Close are required), one symbol per file, or several with a Symbol (or
//    Ticker) column, rows of different symbols in any order (the column then wins over
//    ImportOptions::symbol and the file name).
//  - Wide panel: date, SYM1, SYM2, ... one adjusted close per symbol; an empty cell = no bar.
// Every malformed value is an mp::InputError "file:line:column: column 'X': ...", so a user can
// jump straight to it. Either the whole file imports or nothing does (unless skip_bad_rows).
//
// What a row must satisfy: dates YYYY-MM-DD (or YYYY/MM/DD) within 1800..2100, strictly
// increasing per symbol; prices finite within [1e-6, 1e9] (a 1e308 or a 1e-320 is a broken
// export, not a price); volume within [0, 1e15]; high >= low, and open and close within
// [low, high] allowing 1e-9 relative for the rounding of the source. Symbols are upper-cased
// (ASCII letters) and must be printable UTF-8.
#include "core/panel.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

enum class CsvLayout { Auto, Yahoo, Wide };

struct ImportOptions {
  CsvLayout layout = CsvLayout::Auto;
  // Per-symbol (Yahoo-layout) file: its symbol; empty = derived from the file name. Also names
  // the single series of a wide file whose only value column is the generic "value".
  std::string symbol;
  bool skip_bad_rows = false;  // skip and record bad rows instead of failing
  // A header without data rows is an error, except for a provider's answer for a date range
  // without sessions.
  bool allow_no_rows = false;
};

struct SkippedRow {
  std::size_t line;
  std::string reason;  // the full one-line message, as the InputError would have said it
};

struct ImportResult {
  mp::Panel panel;
  CsvLayout layout = CsvLayout::Auto;  // the layout actually used (detected when Auto)
  std::size_t rows_read = 0;           // data lines seen (excluding header and blank lines)
  std::vector<SkippedRow> skipped;
  // Where the bars came from, so later checks can point into the file: per symbol, the line of
  // each bar, and the column holding the dates.
  std::map<std::string, std::vector<std::uint32_t>> lines;
  std::size_t date_column = 1;
};

// Reads and parses a file in chunks; the path as given is the file label of error messages.
// Throws mp::IoError when the file cannot be read, mp::InputError on malformed content.
ImportResult import_csv(const std::filesystem::path& file, const ImportOptions& options = {});
// Parses CSV text already in memory (tests, HTTP bodies); file_label names it in errors and, when
// options.symbol is empty, gives the symbol of a per-symbol file.
ImportResult import_csv_text(std::string_view text, const std::string& file_label, const ImportOptions& options = {});
// "aapl_ohlcv_2013_2018.csv" -> "AAPL": the file name up to the first '_' or '.', upper-cased.
std::string symbol_from_file_name(const std::filesystem::path& file);

std::string_view layout_name(CsvLayout layout);  // "auto", "yahoo", "wide"

}  // namespace mp::data
