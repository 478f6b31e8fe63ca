#pragma once
// Point-in-time fundamentals: turns a company's filed statement facts (core/fundamental_fact.hpp,
// from data/edgar_provider or data/fundamentals_csv) into auxiliary columns aligned to its trading
// dates. A fact filed on day F is used from the first trading day after F (as_of_join with
// available = F + 1 day); what a row sees is computed only from the facts filed before it, so a
// restatement changes the rows after its own filing date and never the past.
//
// For every filing date F of a symbol, the facts filed on or before F give one snapshot:
//  - flows (revenue, net income, ...): per period the value of the latest filing; quarters are the
//    reported ~3-month periods (80..120 days) plus those derived from cumulative periods of one
//    start (H1 - Q1, 9M - H1, FY - 9M: 10-Q cash-flow statements are year-to-date) and, for a
//    fiscal year without them, Q4 = FY - (Q1 + Q2 + Q3). TTM = the sum of the latest four
//    contiguous quarters spanning 350..380 days, or the fiscal year (350..380 days) when it ends
//    as late or later (an annual-only source works too).
//  - stocks (equity, liabilities, shares): the value at the latest period end, from its latest filing.
//  - year-over-year growth: TTM / TTM of the window ending 355..375 days earlier - 1 (NaN unless the
//    earlier one is > 0).
// docs/fundamentals.md describes the columns and their limits.
#include "core/fundamental_fact.hpp"
#include "core/panel.hpp"
#include "features/aux_columns.hpp"

#include <array>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace mp::features {

// The auxiliary columns add_fundamental_columns() produces.
namespace fund {
inline constexpr const char* kRevenueTtm = "fund.revenue_ttm";                   // USD
inline constexpr const char* kNetIncomeTtm = "fund.net_income_ttm";              // USD
inline constexpr const char* kOperatingIncomeTtm = "fund.operating_income_ttm";  // USD
inline constexpr const char* kEpsTtm = "fund.eps_ttm";                           // USD/share, split-scaled
inline constexpr const char* kFcfTtm = "fund.fcf_ttm";                           // operating cash flow - capex, USD
inline constexpr const char* kDividendsTtm = "fund.dividends_ttm";               // cash dividends paid, USD
inline constexpr const char* kEquity = "fund.equity";                            // USD
inline constexpr const char* kLiabilities = "fund.liabilities";                  // USD (total liabilities)
inline constexpr const char* kShares = "fund.shares";                            // shares outstanding, split-scaled
inline constexpr const char* kEpsGrowthYoy = "fund.eps_growth_yoy";              // fraction: 0.25 = +25 %
inline constexpr const char* kRevenueGrowthYoy = "fund.revenue_growth_yoy";      // fraction
inline constexpr const char* kMarketCap = "fund.market_cap";                     // close of the row x fund.shares, USD
}  // namespace fund

using mp::ShareSplit;  // core/fundamental_fact.hpp

struct FundamentalJoinOptions {
  // Per symbol, the splits the panel's close is adjusted for (Yahoo's split-adjusted close: every
  // split up to the download; an as-traded close: none). SEC per-share values and share counts
  // are as filed; a fact filed on F is scaled by the product r of the ratios of the splits dated
  // after F (per share / r, shares x r) so that it matches the price scale. Without an entry, no
  // scaling: right for unadjusted prices, wrong by the split ratio before a split the prices were
  // adjusted for.
  std::map<std::string, std::vector<ShareSplit>> splits;
};

// Adds the fund.* columns of every panel symbol that has facts (symbols without facts get none,
// so the fundamental features are NaN there). fund.market_cap uses the panel's `close` column
// (as traded or split-adjusted; not the dividend-adjusted adj_close, which understates past prices
// by the later dividends).
// Symbols are joined in parallel on `pool` when one is given.
void add_fundamental_columns(AuxData& aux, const Panel& panel,
                             const std::map<std::string, std::vector<FundamentalFact>>& facts_by_symbol,
                             const FundamentalJoinOptions& options = {}, ThreadPool* pool = nullptr);

// ---- the pieces, exposed for tests and tools

constexpr double kFundNaN = std::numeric_limits<double>::quiet_NaN();

// What the facts filed on or before one date say.
struct FundamentalSnapshot {
  double revenue_ttm = kFundNaN;
  double net_income_ttm = kFundNaN;
  double operating_income_ttm = kFundNaN;
  double eps_ttm = kFundNaN;
  double fcf_ttm = kFundNaN;
  double dividends_ttm = kFundNaN;
  double equity = kFundNaN;
  double liabilities = kFundNaN;
  double shares = kFundNaN;
  double eps_growth_yoy = kFundNaN;
  double revenue_growth_yoy = kFundNaN;
};

// The snapshot of the facts with filed <= as_of (facts of every concept, in any order; within
// one filing date a later entry replaces an earlier one).
FundamentalSnapshot fundamental_snapshot(std::span<const FundamentalFact> facts, Date as_of);

struct PeriodValue {
  Date start;
  Date end;
  double value;
  bool derived = false;  // computed from cumulative or annual periods, not reported as a quarter
};

// The quarters of ONE flow concept's facts (all of them treated as known), sorted by end.
std::vector<PeriodValue> quarterly_values(std::span<const FundamentalFact> facts);

// Scales per-share values and share counts of facts filed before each split (see
// FundamentalJoinOptions::splits).
std::vector<FundamentalFact> split_scaled(std::vector<FundamentalFact> facts, std::span<const ShareSplit> splits);

}  // namespace mp::features
