#pragma once
// FRED (Federal Reserve Economic Data) series files -> plain observations. Two layouts:
//  - the FRED graph download (`fredgraph.csv?id=GS10`): header `DATE,<ID>[,<ID>...]` (older) or
//    `observation_date,<ID>...` (since 2024), then one row per date YYYY-MM-DD. A missing
//    observation is "." (older files) or an empty cell (newer ones): NaN, never 0, and the row is
//    kept. The file does not say the frequency; infer_fred_frequency() guesses it conservatively.
//  - the long table of data/sample/macro: `series,freq,period,value,description`, period
//    YYYY-MM for monthly rows (YYYY-MM-DD daily/weekly, YYYY-Qn quarterly, YYYY annual), the
//    description double-quoted with commas inside ("" escapes a quote).
// A monthly (quarterly, annual) observation is dated on the FIRST day of its period, as FRED
// dates it: the value for March 1995 has date 1995-03-01 and is NOT known on that day. The
// point-in-time join (features/macro_join.hpp) makes it usable only after the period ends.
// Every malformed value is an mp::InputError "file:line:column: column 'X': ..." (column = the
// 1-based field number), as the price importer reports them.
#include "core/dates.hpp"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

struct FredObservation {
  Date date;     // the day (D, W) or the first day of the period (M, Q, A)
  double value;  // NaN = no observation (".", empty cell)
};

struct FredSeries {
  std::string id;                             // as the source spells it: "DGS10" (download), "gs10" (long file)
  std::string frequency;                      // "D", "W", "M", "Q" or "A"
  std::string description;                    // long file only; empty for the download
  std::vector<FredObservation> observations;  // strictly increasing dates
};

// The FRED graph download; one FredSeries per value column, in column order, with the frequency
// inferred from its dates. Throws mp::InputError on malformed content (file_label names the text).
std::vector<FredSeries> parse_fred_graph_csv(std::string_view text, const std::string& file_label);
// Reads a file (the path as given labels errors); mp::IoError when it cannot be read.
std::vector<FredSeries> read_fred_graph_csv(const std::filesystem::path& file);

// Writes one series in the current graph-download layout (`observation_date,<ID>`, a missing
// observation as an empty cell, values in the shortest form that reads back exactly), so a
// fetched series is kept as a file that read_fred_graph_csv reads offline.
void write_fred_graph_csv(std::ostream& out, const FredSeries& series);

// The long table; one FredSeries per distinct `series`, in order of first appearance. A series'
// rows need not be adjacent, but their periods must strictly increase and their freq agree.
// Values "." , "NA" or empty are NaN.
std::vector<FredSeries> parse_fred_long_csv(std::string_view text, const std::string& file_label);
std::vector<FredSeries> read_fred_long_csv(const std::filesystem::path& file);

// The frequency of dated observations, erring late (a coarser frequency only delays when a
// value becomes usable; a finer one would leak it): every date on the 1st of a month -> "A"
// when all months are January and a year apart, "Q" when all are quarter starts, else "M"
// (also for a single date on the 1st); exactly 7 days between all dates -> "W"; else "D".
std::string infer_fred_frequency(const std::vector<FredObservation>& observations);

// The series with this id (compared case-insensitively), or null.
const FredSeries* find_fred_series(const std::vector<FredSeries>& all, std::string_view id);

}  // namespace mp::data
