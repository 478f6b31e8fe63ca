#pragma once
// Alternative-data CSV files -> mp::AltDataTable (core/sentiment_event.hpp). Three documented
// layouts (docs/sentiment.md), one value per symbol and publication date, told apart by the
// header (names case-insensitive, exactly these three columns in this order):
//   analyst rating          symbol,published,rating          consensus, 1 = strong sell .. 5 = strong buy
//   institutional ownership symbol,published,ownership_pct   percent of shares outstanding, 0..200
//   insider net buying      symbol,published,net_shares      net shares bought (negative = sold)
//                        or symbol,published,net_value       the same in currency
// `published` is the date the value became public (YYYY-MM-DD); it is used from the next trading
// day. Rows need not be sorted; a later row for the same symbol and date is a restatement. Every
// malformed cell is an mp::InputError "file:line:column: column 'x': ...", nothing is skipped.
#include "core/sentiment_event.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mp::data {

// The kind is read from the header; `expected` (if given) must match it.
AltDataTable parse_alt_data_csv(std::string_view text, const std::string& file_label,
                                std::optional<AltDataKind> expected = std::nullopt);
AltDataTable import_alt_data_csv(const std::filesystem::path& file,
                                 std::optional<AltDataKind> expected = std::nullopt);  // IoError if unreadable

// "analyst_rating", "institutional_ownership", "insider_net_buying" (config and messages).
std::string_view alt_data_kind_name(AltDataKind kind);

}  // namespace mp::data
