#include "data/fred_csv.hpp"

#include "data/csv_text.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::Cursor;
using csv_text::excerpt;
using csv_text::fail;
using csv_text::fail_field;
using csv_text::LineReader;
using csv_text::trim;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// RFC 4180 fields of one line: ',' separates, a field may be enclosed in double quotes (then it
// may hold commas, and "" is a quote). Unquoted fields are trimmed. A quoted field cannot span
// lines here (no FRED file needs it): an unterminated quote is an error.
std::vector<std::string> split_csv(std::string_view line, const Cursor& at) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    std::string field;
    if (start < line.size() && line[start] == '"') {
      std::size_t j = start + 1;
      while (true) {
        if (j >= line.size()) fail(at, fields.size() + 1, "unterminated quoted field");
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            field += '"';
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        field += line[j++];
      }
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
      if (j < line.size() && line[j] != ',') {
        fail(at, fields.size() + 1, "unexpected text after a quoted field: " + excerpt(line.substr(j)));
      }
      i = j;
    } else {
      const std::size_t comma = line.find(',', start);
      const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
      field = std::string(trim(line.substr(start, end - start)));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
    if (i == line.size()) {
      fields.emplace_back();  // a trailing comma: one more, empty field
      break;
    }
  }
  return fields;
}

// The column points at the first missing field, or at the first extra one.
void check_width(const std::vector<std::string>& fields, std::size_t width, const Cursor& at) {
  if (fields.size() != width) {
    fail(at, std::min(fields.size(), width) + 1,
         fmt::format("expected {} fields as in the header, found {}", width, fields.size()));
  }
}

// "." (FRED), "NA" and an empty cell are a missing observation; anything else must be a finite
// number (from_chars: locale-free; "nan" and "inf" are rejected like any other word).
double parse_value(std::string_view text, const Column& column, const Cursor& at) {
  if (text.empty() || text == "." || text == "NA") return kNaN;
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    fail_field(at, column, "not a number (nor \".\" for missing): " + excerpt(text));
  }
  return value;
}

// Strict YYYY-MM-DD (parse_date also accepts '/', FRED never writes it).
Date parse_day(std::string_view text, const Column& column, const Cursor& at) {
  if (text.empty()) fail_field(at, column, "empty date");
  const auto date = text.size() == 10 && text[4] == '-' && text[7] == '-' ? parse_date(text) : std::nullopt;
  if (!date) fail_field(at, column, "not a date (expected YYYY-MM-DD): " + excerpt(text));
  return *date;
}

std::optional<int> digits(std::string_view text) {
  int value = 0;
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// The first day of a period: "1995-03" (M), "1995-Q1" (Q), "1995" (A), "1995-03-31" (D, W).
Date parse_period(std::string_view text, const std::string& frequency, const Column& column, const Cursor& at) {
  using namespace std::chrono;
  if (frequency == "D" || frequency == "W") return parse_day(text, column, at);
  std::optional<int> year = text.size() >= 4 ? digits(text.substr(0, 4)) : std::nullopt;
  std::optional<unsigned> month;
  if (frequency == "M" && text.size() == 7 && text[4] == '-') {
    if (const auto m = digits(text.substr(5)); m && *m >= 1 && *m <= 12) month = static_cast<unsigned>(*m);
  } else if (frequency == "Q" && text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')) {
    if (const auto q = digits(text.substr(6)); q && *q >= 1 && *q <= 4) month = static_cast<unsigned>(*q * 3 - 2);
  } else if (frequency == "A" && text.size() == 4) {
    month = 1;
  }
  if (!year || !month) {
    const char* expected = frequency == "M" ? "YYYY-MM" : frequency == "Q" ? "YYYY-Qn" : "YYYY";
    fail_field(at, column,
               fmt::format("not a period of frequency {} (expected {}): {}", frequency, expected, excerpt(text)));
  }
  return sys_days{std::chrono::year{*year} / std::chrono::month{*month} / 1};
}

bool is_frequency(std::string_view f) { return f == "D" || f == "W" || f == "M" || f == "Q" || f == "A"; }

std::string read_whole_file(const std::filesystem::path& file) {
  if (std::filesystem::is_directory(file)) {
    throw IoError(fmt::format("{}: cannot read: is a directory", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("{}: read failed: {}", file.string(), std::strerror(errno)));
  return text.str();
}

std::string_view without_bom(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  return text;
}

// The first non-blank line (the header), or an InputError for an empty text.
std::vector<std::string> read_header(LineReader& lines, Cursor& at) {
  std::string_view line;
  while (lines.next(line)) {
    at.line = lines.number();
    if (!trim(line).empty()) return split_csv(line, at);
  }
  at.line = 0;
  fail(at, 0, "empty file: no header line");
}

}  // namespace

// ---------------------------------------------------------------- FRED graph download

std::vector<FredSeries> parse_fred_graph_csv(std::string_view text, const std::string& file_label) {
  LineReader lines(without_bom(text));
  Cursor at{file_label};
  const std::vector<std::string> header = read_header(lines, at);
  const std::string first = lower(header[0]);
  if (first != "date" && first != "observation_date") {
    fail(at, 1, fmt::format("expected 'DATE' or 'observation_date' as the first column, found {}", excerpt(header[0])));
  }
  if (header.size() < 2) fail(at, 0, "no series column after the date column");
  std::vector<FredSeries> series(header.size() - 1);
  std::vector<Column> columns;
  for (std::size_t c = 1; c < header.size(); ++c) {
    if (header[c].empty()) fail(at, c + 1, "empty series id in the header");
    for (std::size_t k = 1; k < c; ++k) {
      if (lower(header[k]) == lower(header[c])) fail(at, c + 1, fmt::format("duplicate series '{}'", header[c]));
    }
    series[c - 1].id = header[c];
    columns.push_back(Column{header[c], c + 1});
  }
  const Column date_column{header[0], 1};
  std::optional<Date> previous;
  std::string_view line;
  while (lines.next(line)) {
    at.line = lines.number();
    if (trim(line).empty()) continue;
    const auto fields = split_csv(line, at);
    check_width(fields, header.size(), at);
    const Date date = parse_day(fields[0], date_column, at);
    if (previous && date <= *previous) {
      fail_field(at, date_column,
                 date == *previous ? "duplicate date " + excerpt(fields[0])
                                   : fmt::format("date {} is before the previous row's {}", excerpt(fields[0]),
                                                 format_date(*previous)));
    }
    previous = date;
    for (std::size_t s = 0; s < series.size(); ++s) {
      series[s].observations.push_back({date, parse_value(fields[s + 1], columns[s], at)});
    }
  }
  for (auto& one : series) one.frequency = infer_fred_frequency(one.observations);
  return series;
}

std::vector<FredSeries> read_fred_graph_csv(const std::filesystem::path& file) {
  return parse_fred_graph_csv(read_whole_file(file), file.string());
}

void write_fred_graph_csv(std::ostream& out, const FredSeries& series) {
  out << "observation_date," << series.id << '\n';
  for (const auto& o : series.observations) {
    out << format_date(o.date) << ',' << (std::isnan(o.value) ? std::string() : fmt::format("{}", o.value)) << '\n';
  }
}

// ---------------------------------------------------------------- long table

std::vector<FredSeries> parse_fred_long_csv(std::string_view text, const std::string& file_label) {
  LineReader lines(without_bom(text));
  Cursor at{file_label};
  const std::vector<std::string> header = read_header(lines, at);
  static constexpr std::array<std::string_view, 5> kNames = {"series", "freq", "period", "value", "description"};
  if (header.size() < 4 || header.size() > 5) {
    fail(at, 0,
         fmt::format("expected the header series,freq,period,value[,description], found {} columns", header.size()));
  }
  std::vector<Column> columns;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (lower(header[c]) != kNames[c]) {
      fail(at, c + 1, fmt::format("expected column '{}', found {}", kNames[c], excerpt(header[c])));
    }
    columns.push_back(Column{header[c], c + 1});
  }
  std::vector<FredSeries> out;
  std::map<std::string, std::size_t> index;  // id -> position in out
  std::string_view line;
  while (lines.next(line)) {
    at.line = lines.number();
    if (trim(line).empty()) continue;
    const auto fields = split_csv(line, at);
    check_width(fields, header.size(), at);
    const std::string& id = fields[0];
    if (id.empty()) fail_field(at, columns[0], "empty series id");
    const std::string& frequency = fields[1];
    if (!is_frequency(frequency)) {
      fail_field(at, columns[1], "unknown frequency (expected D, W, M, Q or A): " + excerpt(frequency));
    }
    auto [it, inserted] = index.try_emplace(id, out.size());
    if (inserted) {
      out.push_back(FredSeries{id, frequency, header.size() > 4 ? fields[4] : std::string{}, {}});
    }
    FredSeries& series = out[it->second];
    if (series.frequency != frequency) {
      fail_field(at, columns[1],
                 fmt::format("series '{}' changes frequency from {} to {}", id, series.frequency, frequency));
    }
    const Date date = parse_period(fields[2], frequency, columns[2], at);
    if (!series.observations.empty() && date <= series.observations.back().date) {
      fail_field(at, columns[2],
                 fmt::format("period {} of series '{}' is not after its previous period", excerpt(fields[2]), id));
    }
    series.observations.push_back({date, parse_value(fields[3], columns[3], at)});
  }
  return out;
}

std::vector<FredSeries> read_fred_long_csv(const std::filesystem::path& file) {
  return parse_fred_long_csv(read_whole_file(file), file.string());
}

// ---------------------------------------------------------------- helpers

std::string infer_fred_frequency(const std::vector<FredObservation>& observations) {
  using namespace std::chrono;
  if (observations.empty()) return "D";
  const bool first_of_month = std::all_of(observations.begin(), observations.end(), [](const FredObservation& o) {
    return year_month_day{o.date}.day() == day{1};
  });
  if (first_of_month) {
    const auto month_of = [](Date date) { return static_cast<unsigned>(year_month_day{date}.month()); };
    const bool january = std::all_of(observations.begin(), observations.end(),
                                     [&](const FredObservation& o) { return month_of(o.date) == 1; });
    const bool quarter_start = std::all_of(observations.begin(), observations.end(),
                                           [&](const FredObservation& o) { return month_of(o.date) % 3 == 1; });
    if (observations.size() > 1 && january) return "A";
    if (observations.size() > 1 && quarter_start) return "Q";
    return "M";
  }
  bool weekly = observations.size() > 1;
  for (std::size_t i = 1; weekly && i < observations.size(); ++i) {
    weekly = observations[i].date - observations[i - 1].date == days{7};
  }
  return weekly ? "W" : "D";
}

const FredSeries* find_fred_series(const std::vector<FredSeries>& all, std::string_view id) {
  const std::string wanted = lower(id);
  for (const auto& series : all) {
    if (lower(series.id) == wanted) return &series;
  }
  return nullptr;
}

}  // namespace mp::data
