#pragma once
// CSV price files -> Panel. Two real layouts (see data/sample/prices):
//  - Yahoo per-symbol: Date, Open, High, Low, Close, Adj Close, Volume (any order and spelling
//    variant; only Date and Close are required).
//  - Wide panel: date, SYM1, SYM2, ... one adjusted close per symbol; an empty cell = no bar.
// Every malformed value is an mp::InputError "file:line:column: column 'X': ...", so a user can
// jump straight to it. Either the whole file imports or nothing does (unless skip_bad_rows).
#include "core/panel.hpp"

#include <cstddef>
#include <filesystem>
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
};

// Reads and parses a file; the path as given is the file label of error messages.
// Throws mp::IoError when the file cannot be read, mp::InputError on malformed content.
ImportResult import_csv(const std::filesystem::path& file, const ImportOptions& options = {});
// Parses CSV text already in memory (tests, HTTP bodies); file_label names it in errors and, when
// options.symbol is empty, gives the symbol of a per-symbol file.
ImportResult import_csv_text(std::string_view text, const std::string& file_label, const ImportOptions& options = {});
// "aapl_ohlcv_2013_2018.csv" -> "AAPL": the file name up to the first '_' or '.', upper-cased.
std::string symbol_from_file_name(const std::filesystem::path& file);

std::string_view layout_name(CsvLayout layout);  // "auto", "yahoo", "wide"

}  // namespace mp::data
