#include "features/market_breadth.hpp"

#include <algorithm>
#include <cmath>
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

// The union of the panel's dates, sorted.
std::vector<Date> all_dates(const Panel& panel) {
  std::vector<Date> dates;
  for (const auto& series : panel.series()) dates.insert(dates.end(), series.dates().begin(), series.dates().end());
  std::sort(dates.begin(), dates.end());
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

void tally_symbol(const SymbolSeries& series, const std::vector<std::size_t>& at, std::vector<DateStats>& stats,
                  SectorStats* sector) {
  const auto close = series.adj_close();
  for (std::size_t t = 0; t < series.size(); ++t) {
    DateStats& day = stats[at[t]];
    if (t > 0 && std::isfinite(close[t]) && std::isfinite(close[t - 1])) {
      if (close[t] > close[t - 1]) ++day.advancers;
      else if (close[t] < close[t - 1]) ++day.decliners;
      else ++day.unchanged;
    }
    if (const double sma = sma_at(close, t); !std::isnan(sma) && std::isfinite(close[t])) {
      ++day.with_sma;
      if (close[t] > sma) ++day.above_sma;
    }
    if (const double r = return_at(close, t); !std::isnan(r)) {
      day.return_sum += r;
      ++day.with_return;
      if (sector != nullptr) {
        sector->return_sum[at[t]] += r;
        ++sector->with_return[at[t]];
      }
    }
  }
}

double advance_decline(const DateStats& day) {
  if (day.advancers + day.decliners + day.unchanged == 0) return kNaN;
  if (day.advancers == 0 && day.decliners == 0) return 1.0;
  return static_cast<double>(day.advancers) / std::max(day.decliners, 1);
}

}  // namespace

AuxData build_market_columns(const Panel& panel, const std::map<std::string, std::string>& sectors) {
  const std::vector<Date> dates = all_dates(panel);
  std::vector<DateStats> stats(dates.size());
  std::map<std::string, SectorStats> by_sector;
  std::vector<std::vector<std::size_t>> positions;
  for (const auto& series : panel.series()) {
    positions.push_back(date_positions(series, dates));
    SectorStats* sector = nullptr;
    if (auto it = sectors.find(series.symbol()); it != sectors.end()) {
      sector = &by_sector[it->second];
      sector->return_sum.resize(dates.size(), 0.0);
      sector->with_return.resize(dates.size(), 0);
    }
    tally_symbol(series, positions.back(), stats, sector);
  }
  AuxData aux;
  for (std::size_t s = 0; s < panel.size(); ++s) {
    const SymbolSeries& series = panel.series()[s];
    const auto sector_it = sectors.find(series.symbol());
    const SectorStats* sector = sector_it == sectors.end() ? nullptr : &by_sector.at(sector_it->second);
    std::vector<double> ad(series.size()), above(series.size()), relative(series.size());
    for (std::size_t t = 0; t < series.size(); ++t) {
      const std::size_t d = positions[s][t];
      const DateStats& day = stats[d];
      ad[t] = advance_decline(day);
      above[t] = day.with_sma == 0 ? kNaN : static_cast<double>(day.above_sma) / day.with_sma;
      relative[t] = sector == nullptr || sector->with_return[d] == 0
                        ? kNaN
                        : sector->return_sum[d] / sector->with_return[d] - day.return_sum / day.with_return;
    }
    AuxColumns& columns = aux[series.symbol()];
    columns.set(kAdvanceDeclineColumn, std::move(ad));
    columns.set(kShareAboveSma50Column, std::move(above));
    columns.set(kSectorRelativeReturn20Column, std::move(relative));
  }
  return aux;
}

void add_market_columns(AuxData& aux, const Panel& panel, const std::map<std::string, std::string>& sectors) {
  AuxData market = build_market_columns(panel, sectors);
  for (auto& [symbol, columns] : market) {
    for (const auto& name : columns.names()) aux[symbol].set(name, *columns.find(name));
  }
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
