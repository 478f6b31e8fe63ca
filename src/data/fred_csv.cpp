#include "data/fred_csv.hpp"

#include "data/csv_text.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace mp::data {

namespace {

using csv_text::Column;
using csv_text::fail_field;
using csv_text::lower;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "." (FRED), "NA" and an empty cell are a missing observation; anything else must be a finite
// number ("nan" and "inf" are rejected like any other word).
double parse_value(std::string_view text, const Column& column, const CsvReader& at) {
  if (text.empty() || text == "." || text == "NA") return kNaN;
  const auto value = csv_text::finite_number(text);
  if (!value) fail_field(at, column, "not a number (nor \".\" for missing): " + quoted_excerpt(text));
  return *value;
}

std::optional<int> digits(std::string_view text) {
  int value = 0;
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// The first day of a period: "1995-03" (M), "1995-Q1" (Q), "1995" (A), "1995-03-31" (D, W).
Date parse_period(std::string_view text, const std::string& frequency, const Column& column, const CsvReader& at) {
  using namespace std::chrono;
  if (frequency == "D" || frequency == "W") return csv_text::date_cell(text, at, column);
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
    fail_field(
        at, column,
        fmt::format("not a period of frequency {} (expected {}): {}", frequency, expected, quoted_excerpt(text)));
  }
  const Date date = sys_days{std::chrono::year{*year} / std::chrono::month{*month} / 1};
  csv_text::check_date_range(date, text, at, column);
  return date;
}

bool is_frequency(std::string_view f) { return f == "D" || f == "W" || f == "M" || f == "Q" || f == "A"; }

// The header of a text: its first record, or an InputError for an empty text.
std::vector<std::string> read_header(CsvReader& reader) {
  if (!reader.next()) reader.fail(1, "empty file: no header line");
  return {reader.fields().begin(), reader.fields().end()};
}

// ---------------------------------------------------------------- FRED graph download

std::vector<FredSeries> read_graph(CsvReader& reader) {
  const std::vector<std::string> header = read_header(reader);
  const std::string first = lower(header[0]);
  if (first != "date" && first != "observation_date") {
    reader.fail(1, fmt::format("expected 'DATE' or 'observation_date' as the first column, found {}",
                               quoted_excerpt(header[0])));
  }
  if (header.size() < 2) reader.fail(2, "no series column after the date column");
  std::vector<FredSeries> series(header.size() - 1);
  std::vector<Column> columns;
  for (std::size_t c = 1; c < header.size(); ++c) {
    if (header[c].empty()) reader.fail(c + 1, "empty series id in the header");
    for (std::size_t k = 1; k < c; ++k) {
      if (lower(header[k]) == lower(header[c])) reader.fail(c + 1, fmt::format("duplicate series '{}'", header[c]));
    }
    series[c - 1].id = header[c];
    columns.push_back(Column{header[c], c + 1});
  }
  const Column date_column{header[0], 1};
  std::optional<Date> previous;
  while (reader.next()) {
    reader.expect_width(header.size());
    const Date date = csv_text::date_cell(reader[0], reader, date_column);
    if (previous && date <= *previous) {
      fail_field(reader, date_column,
                 date == *previous ? "duplicate date " + quoted_excerpt(reader[0])
                                   : fmt::format("date {} is before the previous row's {}", quoted_excerpt(reader[0]),
                                                 format_date(*previous)));
    }
    previous = date;
    for (std::size_t s = 0; s < series.size(); ++s) {
      series[s].observations.push_back({date, parse_value(reader[s + 1], columns[s], reader)});
    }
  }
  for (auto& one : series) one.frequency = infer_fred_frequency(one.observations);
  return series;
}

// ---------------------------------------------------------------- long table

std::vector<Column> long_header(CsvReader& reader) {
  const std::vector<std::string> header = read_header(reader);
  static constexpr std::array<std::string_view, 5> kNames = {"series", "freq", "period", "value", "description"};
  if (header.size() < 4 || header.size() > 5) {
    reader.fail(
        1, fmt::format("expected the header series,freq,period,value[,description], found {} columns", header.size()));
  }
  std::vector<Column> columns;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (lower(header[c]) != kNames[c]) {
      reader.fail(c + 1, fmt::format("expected column '{}', found {}", kNames[c], quoted_excerpt(header[c])));
    }
    columns.push_back(Column{header[c], c + 1});
  }
  return columns;
}

std::vector<FredSeries> read_long(CsvReader& reader) {
  const std::vector<Column> columns = long_header(reader);
  std::vector<FredSeries> out;
  std::map<std::string, std::size_t, std::less<>> index;  // id -> position in out
  while (reader.next()) {
    reader.expect_width(columns.size());
    const std::string_view id = reader[0];
    if (id.empty()) fail_field(reader, columns[0], "empty series id");
    const std::string frequency(reader[1]);
    if (!is_frequency(frequency)) {
      fail_field(reader, columns[1], "unknown frequency (expected D, W, M, Q or A): " + quoted_excerpt(frequency));
    }
    auto it = index.find(id);
    if (it == index.end()) {
      it = index.emplace(std::string(id), out.size()).first;
      out.push_back(FredSeries{std::string(id), frequency, columns.size() > 4 ? std::string(reader[4]) : "", {}});
    }
    FredSeries& series = out[it->second];
    if (series.frequency != frequency) {
      fail_field(reader, columns[1],
                 fmt::format("series '{}' changes frequency from {} to {}", series.id, series.frequency, frequency));
    }
    const Date date = parse_period(reader[2], frequency, columns[2], reader);
    if (!series.observations.empty() && date <= series.observations.back().date) {
      fail_field(reader, columns[2],
                 fmt::format("period {} of series '{}' is not after its previous period", quoted_excerpt(reader[2]),
                             series.id));
    }
    series.observations.push_back({date, parse_value(reader[3], columns[3], reader)});
  }
  return out;
}

}  // namespace

std::vector<FredSeries> parse_fred_graph_csv(std::string_view text, const std::string& file_label) {
  CsvReader reader(text, file_label);
  return read_graph(reader);
}

std::vector<FredSeries> read_fred_graph_csv(const std::filesystem::path& file) {
  CsvReader reader(file);
  return read_graph(reader);
}

void write_fred_graph_csv(std::ostream& out, const FredSeries& series) {
  out << "observation_date," << series.id << '\n';
  for (const auto& o : series.observations) {
    out << format_date(o.date) << ',' << (std::isnan(o.value) ? std::string() : fmt::format("{}", o.value)) << '\n';
  }
}

std::vector<FredSeries> parse_fred_long_csv(std::string_view text, const std::string& file_label) {
  CsvReader reader(text, file_label);
  return read_long(reader);
}

std::vector<FredSeries> read_fred_long_csv(const std::filesystem::path& file) {
  CsvReader reader(file);
  return read_long(reader);
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
