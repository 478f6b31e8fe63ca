#include "features/market_breadth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <vector>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kSmaPeriod = 50;
constexpr std::size_t kReturnPeriod = 20;

// Per-date tallies over the universe.
struct DateStats {
  int advancers = 0, decliners = 0, unchanged = 0;
  int above_sma = 0, with_sma = 0;
  double return_sum = 0;
  int with_return = 0;
};

struct SectorStats {
  std::vector<double> return_sum;
  std::vector<int> with_return;
};

// The union of the panel's dates, sorted: merged series by series (each is sorted already).
std::vector<Date> all_dates(const Panel& panel) {
  std::vector<Date> dates, merged;
  for (const auto& series : panel.series()) {
    merged.clear();
    std::set_union(dates.begin(), dates.end(), series.dates().begin(), series.dates().end(),
                   std::back_inserter(merged));
    dates.swap(merged);
  }
  // set_union keeps repeats inside one range; a series is meant to have strictly increasing dates.
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

// Row i's position in `dates` for each row of the series (both sorted).
std::vector<std::size_t> date_positions(const SymbolSeries& series, const std::vector<Date>& dates) {
  std::vector<std::size_t> out(series.size());
  auto it = dates.begin();
  for (std::size_t i = 0; i < series.size(); ++i) {
    it = std::lower_bound(it, dates.end(), series.dates()[i]);
    out[i] = static_cast<std::size_t>(it - dates.begin());
  }
  return out;
}

// The simple mean of close[t-49..t], summed directly (exact for hand checks); NaN unless all 50
// are finite.
double sma_at(std::span<const double> close, std::size_t t) {
  if (t + 1 < kSmaPeriod) return kNaN;
  double sum = 0;
  for (std::size_t i = t + 1 - kSmaPeriod; i <= t; ++i) sum += close[i];
  return sum / static_cast<double>(kSmaPeriod);  // NaN if any close is NaN
}

double return_at(std::span<const double> close, std::size_t t) {
  if (t < kReturnPeriod) return kNaN;
  const double base = close[t - kReturnPeriod];
  if (!(base > 0) || !std::isfinite(close[t])) return kNaN;
  return close[t] / base - 1.0;
}

// What each row of one symbol adds to its date's tallies: computed per symbol in parallel, then
// added up in one pass.
struct SymbolMarks {
  static constexpr std::int8_t kNone = 2;
  std::vector<std::size_t> position;  // the row's index in the union of dates
  std::vector<std::int8_t> move;      // +1 advance, -1 decline, 0 unchanged, kNone no two closes
  std::vector<std::int8_t> above;     // 1 above its SMA 50, 0 not above, kNone no SMA
  std::vector<double> ret;            // 20-row return, NaN if none
};

SymbolMarks marks_of(const SymbolSeries& series, const std::vector<Date>& dates) {
  const auto close = series.adj_close();
  const std::size_t n = series.size();
  SymbolMarks m{date_positions(series, dates), std::vector<std::int8_t>(n, SymbolMarks::kNone),
                std::vector<std::int8_t>(n, SymbolMarks::kNone), std::vector<double>(n, kNaN)};
  for (std::size_t t = 0; t < n; ++t) {
    if (t > 0 && std::isfinite(close[t]) && std::isfinite(close[t - 1])) {
      m.move[t] = close[t] > close[t - 1] ? 1 : (close[t] < close[t - 1] ? -1 : 0);
    }
    if (const double sma = sma_at(close, t); !std::isnan(sma) && std::isfinite(close[t])) {
      m.above[t] = close[t] > sma ? 1 : 0;
    }
    m.ret[t] = return_at(close, t);
  }
  return m;
}

void tally(const SymbolMarks& m, std::vector<DateStats>& stats, SectorStats* sector) {
  for (std::size_t t = 0; t < m.position.size(); ++t) {
    DateStats& day = stats[m.position[t]];
    if (m.move[t] == 1) ++day.advancers;
    if (m.move[t] == -1) ++day.decliners;
    if (m.move[t] == 0) ++day.unchanged;
    if (m.above[t] != SymbolMarks::kNone) {
      ++day.with_sma;
      day.above_sma += m.above[t];
    }
    if (!std::isnan(m.ret[t])) {
      day.return_sum += m.ret[t];
      ++day.with_return;
      if (sector != nullptr) {
        sector->return_sum[m.position[t]] += m.ret[t];
        ++sector->with_return[m.position[t]];
      }
    }
  }
}

double advance_decline(const DateStats& day) {
  if (day.advancers + day.decliners + day.unchanged == 0) return kNaN;
  if (day.advancers == 0 && day.decliners == 0) return 1.0;
  return static_cast<double>(day.advancers) / std::max(day.decliners, 1);
}

template <class Body>
void for_each_index(std::size_t n, ThreadPool* pool, const Body& body) {
  if (pool == nullptr) {
    for (std::size_t i = 0; i < n; ++i) body(i);
  } else {
    pool->parallel_for(n, body);
  }
}

}  // namespace

AuxData build_market_columns(const Panel& panel, const std::map<std::string, std::string>& sectors) {
  AuxData aux;
  add_market_columns(aux, panel, sectors);
  return aux;
}

void add_market_columns(AuxData& aux, const Panel& panel, const std::map<std::string, std::string>& sectors,
                        ThreadPool* pool, const std::vector<std::string>* universe) {
  const std::vector<Date> dates = all_dates(panel);
  const auto& all = panel.series();
  std::vector<SymbolMarks> marks(all.size());
  for_each_index(all.size(), pool, [&](std::size_t s) { marks[s] = marks_of(all[s], dates); });

  std::vector<DateStats> stats(dates.size());
  std::map<std::string, SectorStats> by_sector;
  for (std::size_t s = 0; s < all.size(); ++s) {
    if (universe != nullptr && std::find(universe->begin(), universe->end(), all[s].symbol()) == universe->end()) {
      continue;  // scored, but not part of the universe the statistics are over
    }
    SectorStats* sector = nullptr;
    if (auto it = sectors.find(all[s].symbol()); it != sectors.end()) {
      sector = &by_sector[it->second];
      sector->return_sum.resize(dates.size(), 0.0);
      sector->with_return.resize(dates.size(), 0);
    }
    tally(marks[s], stats, sector);
  }

  fill_per_symbol(aux, all_series(panel), pool, [&](const SymbolSeries& series, AuxColumns& columns) {
    const auto& position = marks[static_cast<std::size_t>(&series - all.data())].position;
    const auto sector_it = sectors.find(series.symbol());
    const auto stats_it = sector_it == sectors.end() ? by_sector.end() : by_sector.find(sector_it->second);
    const SectorStats* sector = stats_it == by_sector.end() ? nullptr : &stats_it->second;
    std::vector<double> ad(series.size()), above(series.size()), relative(series.size());
    for (std::size_t t = 0; t < series.size(); ++t) {
      const std::size_t d = position[t];
      const DateStats& day = stats[d];
      ad[t] = advance_decline(day);
      above[t] = day.with_sma == 0 ? kNaN : static_cast<double>(day.above_sma) / day.with_sma;
      relative[t] = sector == nullptr || sector->with_return[d] == 0
                        ? kNaN
                        : sector->return_sum[d] / sector->with_return[d] - day.return_sum / day.with_return;
    }
    columns.set(kAdvanceDeclineColumn, std::move(ad));
    columns.set(kShareAboveSma50Column, std::move(above));
    columns.set(kSectorRelativeReturn20Column, std::move(relative));
  });
}

std::map<std::string, std::string> dow30_sectors() {
  return {
      {"AA", "Materials"},
      {"AXP", "Financials"},
      {"BA", "Industrials"},
      {"C", "Financials"},
      {"CAT", "Industrials"},
      {"DD", "Materials"},
      {"DIS", "Consumer Discretionary"},
      {"EK", "Consumer Discretionary"},
      {"GE", "Industrials"},
      {"GM", "Consumer Discretionary"},
      {"HD", "Consumer Discretionary"},
      {"HON", "Industrials"},
      {"HWP", "Information Technology"},
      {"IBM", "Information Technology"},
      {"INTC", "Information Technology"},
      {"IP", "Materials"},
      {"JNJ", "Health Care"},
      {"JPM", "Financials"},
      {"KO", "Consumer Staples"},
      {"MCD", "Consumer Discretionary"},
      {"MMM", "Industrials"},
      {"MO", "Consumer Staples"},
      {"MRK", "Health Care"},
      {"MSFT", "Information Technology"},
      {"PG", "Consumer Staples"},
      {"SBC", "Telecommunication Services"},
      {"T", "Telecommunication Services"},
      {"UTX", "Industrials"},
      {"WMT", "Consumer Staples"},
      {"XOM", "Energy"},
  };
}

}  // namespace mp::features
