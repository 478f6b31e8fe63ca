#pragma once
// One reported number of a company's financial statements, as filed: the plain record that the
// fundamentals sources (data/edgar_provider, data/fundamentals_csv) produce and the point-in-time
// join (features/fundamentals_join) consumes. It lives in core so that data and features share it
// without depending on each other.
//
// Concepts use a small canonical vocabulary (below), not the us-gaap tag names: the EDGAR parser
// maps each tag (with its fallback chain) onto it, and a user's CSV names it directly.
// docs/fundamentals.md describes every concept.
#include "core/dates.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mp {

// Flow: an amount over a period (income and cash-flow statements; needs period_start).
// Stock: a level at an instant (balance sheet, share count; period_start is ignored).
enum class ConceptKind { Flow, Stock };

// How the value scales with a stock split of ratio r (r new shares per old share).
enum class ShareScaling {
  None,      // an amount of money: unchanged
  PerShare,  // per-share amount (EPS): divided by r
  Shares,    // a number of shares: multiplied by r
};

struct FundamentalFact {
  std::string concept_name;          // canonical name, e.g. "revenue" (see fundamental_concepts())
  std::optional<Date> period_start;  // first day of a flow's period; nullopt for a stock
  Date period_end{};                 // last day of the period, or the instant of a stock
  Date filed{};                      // the filing's date: public from the next trading day
  double value = 0.0;                // USD, USD per share, or shares (see the concept)
  std::string form;                  // "10-Q", "10-K", "10-K/A", ...; empty if unknown
  std::string fiscal_period;         // the FILING's fiscal period ("Q1".."Q3", "FY"); empty if unknown
  int fiscal_year = 0;               // the filing's fiscal year; 0 if unknown
};

// A stock split: from `date` on, each old share is `ratio` new shares (4.0 for a 4:1 split).
// Needed to put SEC's as-filed per-share values and share counts on the scale of split-adjusted
// prices (features/fundamentals_join.hpp; data/share_splits_csv.hpp reads them).
struct ShareSplit {
  Date date;
  double ratio;
};

struct FundamentalConcept {
  std::string_view name;
  ConceptKind kind;
  ShareScaling scaling;
  std::string_view unit;         // "USD", "USD/shares", "shares"
  std::string_view description;  // one line
};

// The canonical concepts, in a fixed order.
inline const std::array<FundamentalConcept, 11>& fundamental_concepts() {
  static const std::array<FundamentalConcept, 11> concepts{{
      {"revenue", ConceptKind::Flow, ShareScaling::None, "USD", "total revenue (net sales)"},
      {"net_income", ConceptKind::Flow, ShareScaling::None, "USD", "net income attributable to the parent"},
      {"operating_income", ConceptKind::Flow, ShareScaling::None, "USD", "operating income (loss)"},
      {"eps_diluted", ConceptKind::Flow, ShareScaling::PerShare, "USD/shares", "diluted earnings per share"},
      {"operating_cash_flow", ConceptKind::Flow, ShareScaling::None, "USD", "net cash from operating activities"},
      {"capex", ConceptKind::Flow, ShareScaling::None, "USD",
       "payments to acquire property, plant and equipment (positive = cash out)"},
      {"dividends_paid", ConceptKind::Flow, ShareScaling::None, "USD",
       "cash dividends paid to shareholders (positive = cash out)"},
      {"equity", ConceptKind::Stock, ShareScaling::None, "USD", "total stockholders' equity of the parent"},
      {"liabilities", ConceptKind::Stock, ShareScaling::None, "USD", "total liabilities"},
      {"shares_outstanding", ConceptKind::Stock, ShareScaling::Shares, "shares", "common shares outstanding"},
      {"diluted_shares", ConceptKind::Flow, ShareScaling::Shares, "shares",
       "weighted average diluted shares of the period"},
  }};
  return concepts;
}

// The concept of that canonical name, or nullptr.
inline const FundamentalConcept* find_fundamental_concept(std::string_view name) {
  const auto& all = fundamental_concepts();
  const auto it = std::find_if(all.begin(), all.end(), [&](const FundamentalConcept& c) { return c.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace mp
