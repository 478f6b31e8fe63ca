#pragma once
// Market breadth and sector performance computed from the universe's own prices (no breadth
// series exists in the bundled data). Cross-sectional by date: the value at date d uses each
// symbol's adjusted closes up to d only (its own rows, its own previous trading row), so cutting
// the panel after d never changes it. Only symbols with a bar on d take part on d.
//
//  market.advance_decline          advancers / decliners on d (a symbol advances when its adjusted
//                                  close rose from its previous row, declines when it fell; unchanged
//                                  symbols count in neither). No decliner: advancers / 1 (a finite
//                                  bound, = advancers); no advancer and no decliner but at least one
//                                  unchanged: 1 (neutral); no symbol with two closes: NaN.
//  market.share_above_sma_50       share of the symbols with a 50-row SMA on d (50 finite closes)
//                                  whose close is strictly above it; NaN when none has one.
//  market.sector_relative_return_20  the mean 20-row return (close / close 20 rows back - 1) of the
//                                  symbol's sector minus the mean over the whole universe, both over
//                                  the symbols with a 20-row return on d; NaN for a symbol whose
//                                  sector is unknown or has no return on d.
// Universe caveat: the Dow 30 sample is the index of 2000, chosen with hindsight (survivors).
#include "core/panel.hpp"
#include "features/aux_columns.hpp"

#include <map>
#include <string>
#include <vector>

namespace mp::features {

inline constexpr const char* kAdvanceDeclineColumn = "market.advance_decline";
inline constexpr const char* kShareAboveSma50Column = "market.share_above_sma_50";
inline constexpr const char* kSectorRelativeReturn20Column = "market.sector_relative_return_20";

// The three columns for every symbol of the panel, aligned to its dates. `sectors`: symbol ->
// sector name (a symbol not in it has an unknown sector; extra entries are ignored).
AuxData build_market_columns(const Panel& panel, const std::map<std::string, std::string>& sectors);

// Sets the three columns into `aux` (other columns kept): for joining with add_macro_columns.
// Symbols are processed in parallel on `pool` when one is given. `universe` (null: every symbol of
// the panel) names the symbols the statistics are over; every symbol of the panel gets the columns,
// so a symbol outside the universe is scored against the universe a model was trained on.
void add_market_columns(AuxData& aux, const Panel& panel, const std::map<std::string, std::string>& sectors,
                        ThreadPool* pool = nullptr, const std::vector<std::string>* universe = nullptr);

// GICS-like sectors of the 30 Dow Jones stocks of 2000 (the data/sample Dow 30 panel), as
// classified in 2000 (Telecommunication Services still a sector; Disney in Consumer Discretionary).
std::map<std::string, std::string> dow30_sectors();

}  // namespace mp::features
