#pragma once
// Users' own fundamentals as CSV (docs/fundamentals.md), one reported number per row:
//
//   symbol,period_start,period_end,filed,concept,value,form
//   AAPL,2012-12-30,2013-03-30,2013-04-24,revenue,43603000000,10-Q
//   AAPL,,2013-03-30,2013-04-24,equity,135490000000,10-Q
//
// Required columns: symbol, period_end, filed, concept, value; optional: period_start (required
// on the rows of flow concepts such as revenue), form. Columns may come in any order; header names
// are matched ignoring case. `concept` is a canonical name (core/fundamental_fact.hpp). A value is
// public from the trading day after `filed`; a (symbol, concept, period) listed again with a later
// `filed` is a restatement, used from its own filing date on.
//
// Every malformed cell is an mp::InputError "file:line:column: column 'X': ...".
#include "core/fundamental_fact.hpp"

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

using FactsBySymbol = std::map<std::string, std::vector<FundamentalFact>>;

// Reads and parses a file; the path as given labels error messages. Throws mp::IoError when the
// file cannot be read, mp::InputError on malformed content.
FactsBySymbol read_fundamentals_csv(const std::filesystem::path& file);
// Parses CSV text already in memory; file_label names it in errors. Each symbol's facts are sorted
// by (concept, period_end, period_start, filed), rows of one filing date in file order.
FactsBySymbol parse_fundamentals_csv(std::string_view text, const std::string& file_label);
// Several files merged (e.g. the [sources] fundamentals_csv list), sorted as above; rows of one
// filing date keep the order of the files.
FactsBySymbol read_fundamentals_csv_files(const std::vector<std::string>& files);

// Writes facts in the layout above (symbol,period_start,period_end,filed,concept,value,form; values
// in the shortest form that reads back exactly), e.g. to keep what EdgarProvider fetched as a file
// that training reads offline. fiscal_period and fiscal_year are not written.
void write_fundamentals_csv(std::ostream& out, const FactsBySymbol& facts);

}  // namespace mp::data
