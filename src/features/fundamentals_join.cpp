#include "features/fundamentals_join.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace mp::features {

namespace {

using std::chrono::days;

constexpr double kNaN = kFundNaN;
constexpr int kQuarterMinDays = 80;   // 12-week quarters are 84 days
constexpr int kQuarterMaxDays = 120;  // 16/17-week fourth quarters are 112/119 days
constexpr int kYearMinDays = 350;     // 52-week years are 364 days, 53-week 371
constexpr int kYearMaxDays = 380;
constexpr int kAdjacentDays = 7;      // slack between one period's end and the next one's start
constexpr int kYearAgoMinDays = 355;  // how far back the year-ago window may end
constexpr int kYearAgoMaxDays = 375;

int length_days(Date start, Date end) { return static_cast<int>((end - start).count()) + 1; }
bool is_quarter(int length) { return length >= kQuarterMinDays && length <= kQuarterMaxDays; }
bool is_year(int length) { return length >= kYearMinDays && length <= kYearMaxDays; }
bool near(Date a, Date b, int slack) { return std::abs(static_cast<int>((a - b).count())) <= slack; }

// Sorted vectors instead of maps below: a snapshot is rebuilt for every filing date of every
// symbol, and node allocations dominated the join's time.

// Per period (start, end), the value of the latest filing (ties: the later entry), sorted by
// (start, end).
std::vector<PeriodValue> latest_by_period(std::span<const FundamentalFact> facts) {
  std::vector<const FundamentalFact*> ordered;
  ordered.reserve(facts.size());
  for (const auto& fact : facts) {
    if (fact.period_start) ordered.push_back(&fact);
  }
  const auto by_filing = [](const FundamentalFact* a, const FundamentalFact* b) { return a->filed < b->filed; };
  if (!std::is_sorted(ordered.begin(), ordered.end(), by_filing)) {
    std::stable_sort(ordered.begin(), ordered.end(), by_filing);
  }
  // Stable by period keeps filing order within one period: the last of each run is the latest.
  std::stable_sort(ordered.begin(), ordered.end(), [](const FundamentalFact* a, const FundamentalFact* b) {
    return std::tie(*a->period_start, a->period_end) < std::tie(*b->period_start, b->period_end);
  });
  std::vector<PeriodValue> out;
  out.reserve(ordered.size());
  for (const auto* fact : ordered) {
    if (!out.empty() && out.back().start == *fact->period_start && out.back().end == fact->period_end) {
      out.back().value = fact->value;
    } else {
      out.push_back({*fact->period_start, fact->period_end, fact->value});
    }
  }
  return out;
}

// Quarters sorted by end date, at most one ending within kAdjacentDays of another.
using Quarters = std::vector<PeriodValue>;

Quarters::const_iterator first_ending_at_or_after(const Quarters& quarters, Date end) {
  return std::lower_bound(quarters.begin(), quarters.end(), end,
                          [](const PeriodValue& q, Date date) { return q.end < date; });
}

// The quarter ending within kAdjacentDays of `end`, or null.
const PeriodValue* quarter_ending_near(const Quarters& quarters, Date end) {
  const auto it = first_ending_at_or_after(quarters, end - days{kAdjacentDays});
  if (it == quarters.end() || !near(it->end, end, kAdjacentDays)) return nullptr;
  return &*it;
}

void add_if_new(Quarters& quarters, const PeriodValue& quarter) {
  if (quarter_ending_near(quarters, quarter.end) != nullptr) return;
  quarters.insert(first_ending_at_or_after(quarters, quarter.end), quarter);
}

// Quarters from cumulative periods of one start: [s, e2] - [s, e1] = (e1, e2]. `periods` is ordered
// by (start, end), so the periods of one start are neighbours.
void derive_from_cumulative(const std::vector<PeriodValue>& periods, Quarters& quarters) {
  for (auto group = periods.begin(); group != periods.end();) {
    auto group_end = group;
    while (group_end != periods.end() && group_end->start == group->start) ++group_end;
    for (auto shorter = group; shorter != group_end; ++shorter) {
      for (auto longer = std::next(shorter); longer != group_end; ++longer) {
        const Date start = shorter->end + days{1};
        if (!is_quarter(length_days(start, longer->end))) continue;
        add_if_new(quarters, {start, longer->end, longer->value - shorter->value, true});
      }
    }
    group = group_end;
  }
}

// Q4 = FY - (Q1 + Q2 + Q3) for a fiscal year whose fourth quarter is still missing.
void derive_fourth_quarters(const std::vector<PeriodValue>& periods, Quarters& quarters) {
  for (const auto& year : periods) {
    const auto [start, end, total, derived] = year;
    if (!is_year(length_days(start, end)) || quarter_ending_near(quarters, end) != nullptr) continue;
    auto it = first_ending_at_or_after(quarters, start);
    if (it == quarters.end() || !near(it->start, start, kAdjacentDays)) continue;
    double sum = 0.0;
    Date last_end = start - days{1};
    int count = 0;
    for (; it != quarters.end() && count < 3; ++it, ++count) {
      if (!near(it->start, last_end + days{1}, kAdjacentDays)) break;
      sum += it->value;
      last_end = it->end;
    }
    if (count != 3) continue;
    const Date q4_start = last_end + days{1};
    if (!is_quarter(length_days(q4_start, end))) continue;
    add_if_new(quarters, {q4_start, end, total - sum, true});
  }
}

Quarters quarters_of(const std::vector<PeriodValue>& periods) {
  Quarters quarters;
  for (const auto& period : periods) {
    if (is_quarter(length_days(period.start, period.end)))
      add_if_new(quarters, {period.start, period.end, period.value});
  }
  derive_from_cumulative(periods, quarters);
  derive_fourth_quarters(periods, quarters);
  return quarters;
}

// Trailing-twelve-month windows of one flow concept, by end date.
class TtmWindows {
 public:
  explicit TtmWindows(std::span<const FundamentalFact> facts) {
    const auto periods = latest_by_period(facts);
    quarters_ = quarters_of(periods);
    for (const auto& period : periods) {
      if (!is_year(length_days(period.start, period.end))) continue;
      // One value per end date: the one of the latest (start, end) entry, as a map keyed by end.
      const auto it = year_at_or_after(period.end);
      if (it != years_.end() && it->end == period.end) {
        it->value = period.value;
      } else {
        years_.insert(it, period);
      }
    }
  }

  // The latest end of a complete window (a fiscal year or four contiguous quarters), if any.
  [[nodiscard]] std::optional<Date> latest_end() const {
    std::optional<Date> best;
    if (!years_.empty()) best = years_.back().end;
    for (auto it = quarters_.rbegin(); it != quarters_.rend(); ++it) {
      if (best && it->end <= *best) break;
      if (!std::isnan(four_quarters(it->end))) return it->end;
    }
    return best;
  }

  // The window ending within kAdjacentDays of `end`: the fiscal year if reported, else four quarters.
  [[nodiscard]] double at(Date end) const {
    const auto it = year_at_or_after(end - days{kAdjacentDays});
    if (it != years_.end() && near(it->end, end, kAdjacentDays)) return it->value;
    const PeriodValue* last = quarter_ending_near(quarters_, end);
    return last == nullptr ? kNaN : four_quarters(last->end);
  }

  [[nodiscard]] double latest() const {
    const auto end = latest_end();
    return end ? at(*end) : kNaN;
  }

  // latest / the window ending about a year earlier - 1; NaN unless that one is positive.
  [[nodiscard]] double growth_yoy() const {
    const auto end = latest_end();
    if (!end) return kNaN;
    const double now = at(*end);
    double before = kNaN;
    for (int back = kYearAgoMinDays; back <= kYearAgoMaxDays && std::isnan(before); ++back) {
      before = exact(*end - days{back});
    }
    return before > 0.0 ? now / before - 1.0 : kNaN;
  }

 private:
  std::vector<PeriodValue>::iterator year_at_or_after(Date end) {
    return std::lower_bound(years_.begin(), years_.end(), end,
                            [](const PeriodValue& y, Date date) { return y.end < date; });
  }
  [[nodiscard]] std::vector<PeriodValue>::const_iterator year_at_or_after(Date end) const {
    return std::lower_bound(years_.begin(), years_.end(), end,
                            [](const PeriodValue& y, Date date) { return y.end < date; });
  }

  // A window ending exactly on `end` (a fiscal year, else four quarters), or NaN.
  [[nodiscard]] double exact(Date end) const {
    if (const auto it = year_at_or_after(end); it != years_.end() && it->end == end) return it->value;
    const auto q = first_ending_at_or_after(quarters_, end);
    return q != quarters_.end() && q->end == end ? four_quarters(end) : kNaN;
  }

  // The quarter ending on `end` plus the three contiguous ones before it, spanning about a year.
  [[nodiscard]] double four_quarters(Date end) const {
    const auto it = first_ending_at_or_after(quarters_, end);
    if (it == quarters_.end() || it->end != end) return kNaN;
    double sum = it->value;
    Date start = it->start;
    for (int i = 0; i < 3; ++i) {
      const PeriodValue* previous = quarter_ending_near(quarters_, start - days{1});
      if (previous == nullptr) return kNaN;
      sum += previous->value;
      start = previous->start;
    }
    return is_year(length_days(start, end)) ? sum : kNaN;
  }

  Quarters quarters_;
  std::vector<PeriodValue> years_;  // fiscal years sorted by end, one per end date
};

// The value at the latest period end (of the shortest period there), from its latest filing.
double latest_level(std::span<const FundamentalFact> facts) {
  const FundamentalFact* best = nullptr;
  const auto length = [](const FundamentalFact& f) {
    return f.period_start ? length_days(*f.period_start, f.period_end) : 0;
  };
  for (const auto& fact : facts) {
    if (best == nullptr || fact.period_end > best->period_end ||
        (fact.period_end == best->period_end &&
         (length(fact) < length(*best) || (length(fact) == length(*best) && fact.filed >= best->filed)))) {
      best = &fact;
    }
  }
  return best == nullptr ? kNaN : best->value;
}

// Each concept's facts in filing-date order (stable: the facts of one filing date keep their
// input order, so "a later entry replaces an earlier one" still holds). The facts known on a date
// are then a prefix of every list: no copy per snapshot.
using FactsByConcept = std::map<std::string, std::vector<FundamentalFact>, std::less<>>;

FactsByConcept by_concept_in_filing_order(std::span<const FundamentalFact> facts) {
  FactsByConcept out;
  for (const auto& fact : facts) out[fact.concept_name].push_back(fact);
  for (auto& [name, list] : out) {
    std::stable_sort(list.begin(), list.end(),
                     [](const FundamentalFact& a, const FundamentalFact& b) { return a.filed < b.filed; });
  }
  return out;
}

// The facts of one concept filed on or before `as_of`.
std::span<const FundamentalFact> known(const FactsByConcept& all, std::string_view concept_name, Date as_of) {
  const auto it = all.find(concept_name);
  if (it == all.end()) return {};
  const auto& list = it->second;
  const auto end = std::upper_bound(list.begin(), list.end(), as_of,
                                    [](Date date, const FundamentalFact& fact) { return date < fact.filed; });
  return {list.data(), static_cast<std::size_t>(end - list.begin())};
}

FundamentalSnapshot snapshot_of(const FactsByConcept& all, Date as_of) {
  const auto of = [&](std::string_view concept_name) { return known(all, concept_name, as_of); };
  FundamentalSnapshot s;
  const TtmWindows revenue(of("revenue"));
  const TtmWindows eps(of("eps_diluted"));
  s.revenue_ttm = revenue.latest();
  s.revenue_growth_yoy = revenue.growth_yoy();
  s.eps_ttm = eps.latest();
  s.eps_growth_yoy = eps.growth_yoy();
  s.net_income_ttm = TtmWindows(of("net_income")).latest();
  s.operating_income_ttm = TtmWindows(of("operating_income")).latest();
  s.dividends_ttm = TtmWindows(of("dividends_paid")).latest();
  // Free cash flow: both windows ending at the operating cash flow's latest quarter.
  const TtmWindows cash(of("operating_cash_flow"));
  if (const auto end = cash.latest_end()) s.fcf_ttm = cash.at(*end) - TtmWindows(of("capex")).at(*end);
  s.equity = latest_level(of("equity"));
  s.liabilities = latest_level(of("liabilities"));
  s.shares = latest_level(of("shares_outstanding"));
  if (std::isnan(s.shares)) s.shares = latest_level(of("diluted_shares"));
  return s;
}

// The snapshot fields and their column names.
constexpr std::array<std::pair<double FundamentalSnapshot::*, const char*>, 11> kSnapshotColumns{{
    {&FundamentalSnapshot::revenue_ttm, fund::kRevenueTtm},
    {&FundamentalSnapshot::net_income_ttm, fund::kNetIncomeTtm},
    {&FundamentalSnapshot::operating_income_ttm, fund::kOperatingIncomeTtm},
    {&FundamentalSnapshot::eps_ttm, fund::kEpsTtm},
    {&FundamentalSnapshot::fcf_ttm, fund::kFcfTtm},
    {&FundamentalSnapshot::dividends_ttm, fund::kDividendsTtm},
    {&FundamentalSnapshot::equity, fund::kEquity},
    {&FundamentalSnapshot::liabilities, fund::kLiabilities},
    {&FundamentalSnapshot::shares, fund::kShares},
    {&FundamentalSnapshot::eps_growth_yoy, fund::kEpsGrowthYoy},
    {&FundamentalSnapshot::revenue_growth_yoy, fund::kRevenueGrowthYoy},
}};

void add_symbol_columns(AuxColumns& out, const SymbolSeries& series, std::span<const FundamentalFact> facts) {
  std::set<Date> filing_dates;
  for (const auto& fact : facts) filing_dates.insert(fact.filed);
  const FactsByConcept by_concept = by_concept_in_filing_order(facts);
  std::array<std::vector<PublishedValue>, kSnapshotColumns.size()> published;
  for (const Date filed : filing_dates) {
    const FundamentalSnapshot snapshot = snapshot_of(by_concept, filed);
    // Public from the trading day after the filing date.
    for (std::size_t c = 0; c < kSnapshotColumns.size(); ++c) {
      published[c].push_back({filed + days{1}, snapshot.*kSnapshotColumns[c].first});
    }
  }
  for (std::size_t c = 0; c < kSnapshotColumns.size(); ++c) {
    out.set(kSnapshotColumns[c].second, as_of_join(series.dates(), std::move(published[c])));
  }
  const auto& shares = *out.find(fund::kShares);
  std::vector<double> market_cap(series.size());
  const auto close = series.close();
  for (std::size_t t = 0; t < market_cap.size(); ++t) market_cap[t] = close[t] * shares[t];
  out.set(fund::kMarketCap, std::move(market_cap));
}

}  // namespace

std::vector<PeriodValue> quarterly_values(std::span<const FundamentalFact> facts) {
  return quarters_of(latest_by_period(facts));
}

FundamentalSnapshot fundamental_snapshot(std::span<const FundamentalFact> facts, Date as_of) {
  return snapshot_of(by_concept_in_filing_order(facts), as_of);
}

std::vector<FundamentalFact> split_scaled(std::vector<FundamentalFact> facts, std::span<const ShareSplit> splits) {
  if (splits.empty()) return facts;
  for (auto& fact : facts) {
    const FundamentalConcept* def = find_fundamental_concept(fact.concept_name);
    if (def == nullptr || def->scaling == ShareScaling::None) continue;
    double ratio = 1.0;
    for (const auto& split : splits) {
      if (split.date > fact.filed) ratio *= split.ratio;
    }
    fact.value = def->scaling == ShareScaling::PerShare ? fact.value / ratio : fact.value * ratio;
  }
  return facts;
}

void add_fundamental_columns(AuxData& aux, const Panel& panel,
                             const std::map<std::string, std::vector<FundamentalFact>>& facts_by_symbol,
                             const FundamentalJoinOptions& options, ThreadPool* pool) {
  std::vector<const SymbolSeries*> with_facts;
  for (const auto& series : panel.series()) {
    const auto facts = facts_by_symbol.find(series.symbol());
    if (facts != facts_by_symbol.end() && !facts->second.empty()) with_facts.push_back(&series);
  }
  fill_per_symbol(aux, with_facts, pool, [&](const SymbolSeries& series, AuxColumns& columns) {
    const auto& facts = facts_by_symbol.at(series.symbol());
    const auto splits = options.splits.find(series.symbol());
    if (splits == options.splits.end()) {
      add_symbol_columns(columns, series, facts);
    } else {
      add_symbol_columns(columns, series, split_scaled(facts, splits->second));
    }
  });
}

}  // namespace mp::features
