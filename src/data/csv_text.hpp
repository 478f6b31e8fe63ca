#pragma once
// What the data module's CSV readers share on top of the one tokenizer (core/csv_reader.hpp):
// header columns in messages, and the numbers and dates of cells, each failure an InputError at
// file:line:column.
#include "core/csv_reader.hpp"
#include "core/dates.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mp::data::csv_text {

std::string lower(std::string_view text);

// A header column: its name as the file spells it and its 1-based position.
struct Column {
  std::string name;
  std::size_t number = 0;
};

[[noreturn]] void fail_field(const CsvReader& at, const Column& column, const std::string& what);

// The whole text as a finite double (from_chars: locale-free; "nan", "inf" and overflow are not
// numbers), or nothing.
std::optional<double> finite_number(std::string_view text);

// Dates of every CSV must lie within these years: a 0000 or 9999 is a typo or a placeholder, and
// no market, macro or filing data this program reads is older or further ahead.
inline constexpr int kFirstYear = 1800;
inline constexpr int kLastYear = 2100;

enum class DateSpelling { Dashes, DashesOrSlashes };  // YYYY-MM-DD, or also YYYY/MM/DD

// A cell holding a date: "empty date", "not a date (expected YYYY-MM-DD)" or "date out of range"
// otherwise.
Date date_cell(std::string_view text, const CsvReader& at, const Column& column,
               DateSpelling spelling = DateSpelling::Dashes);
// The range check alone, for dates spelt otherwise (FRED periods "1995-03", "1995-Q1").
void check_date_range(Date date, std::string_view text, const CsvReader& at, const Column& column);

}  // namespace mp::data::csv_text
