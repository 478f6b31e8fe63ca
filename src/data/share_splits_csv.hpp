#pragma once
// Stock splits as CSV, so fundamentals filed before a split can be put on the scale of
// split-adjusted prices (docs/fundamentals.md):
//
//   symbol,date,ratio
//   AAPL,2014-06-09,7         (or 7:1; a reverse 1:10 split is 1:10 or 0.1)
//   AAPL,2020-08-31,4:1
//
// `date` is the first trading day on the new share count (the ex-date); `ratio` is new shares
// per old share, a number > 0 or "new:old". Header names are matched ignoring case, in any
// order. Every malformed cell is an mp::InputError "file:line:column: column 'X': ...".
#include "core/fundamental_fact.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

using SplitsBySymbol = std::map<std::string, std::vector<ShareSplit>>;

// Each symbol's splits sorted by date; two splits of one symbol on one date are an error.
SplitsBySymbol parse_share_splits_csv(std::string_view text, const std::string& file_label);
// mp::IoError / NotFoundError when the file cannot be read.
SplitsBySymbol read_share_splits_csv(const std::filesystem::path& file);

}  // namespace mp::data
