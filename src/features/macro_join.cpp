#include "features/macro_join.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

namespace mp::features {

namespace {

using namespace std::chrono;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower(const std::string& text) {
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The last calendar day of the period holding `date`.
Date period_end(Date date, const std::string& frequency) {
  const year_month_day ymd{date};
  if (frequency == "D" || frequency == "W") return date;
  if (frequency == "M") return sys_days{ymd.year() / ymd.month() / last};
  if (frequency == "Q") {
    const unsigned quarter_end = ((static_cast<unsigned>(ymd.month()) - 1) / 3) * 3 + 3;
    return sys_days{ymd.year() / month{quarter_end} / last};
  }
  if (frequency == "A") return sys_days{ymd.year() / December / 31};
  throw DataError(fmt::format("unknown macro frequency '{}' (expected D, W, M, Q or A)", frequency));
}

int default_max_age_days(const std::string& frequency) {
  if (frequency == "D") return 14;
  if (frequency == "W") return 21;
  if (frequency == "M") return 92;
  if (frequency == "Q") return 184;
  return 731;
}

// `date` minus `months` calendar months, the day clamped to the end of the target month.
Date months_before(Date date, int months) {
  const year_month_day ymd{date};
  const year_month target = year_month{ymd.year(), ymd.month()} - std::chrono::months{months};
  const year_month_day_last end{target.year(), month_day_last{target.month()}};
  return sys_days{target / std::min(ymd.day(), end.day())};
}

}  // namespace

std::string macro_column_name(const std::string& series_id, const std::string& suffix) {
  return "macro." + lower(series_id) + (suffix.empty() ? "" : "." + suffix);
}

Date macro_available_from(Date date, const std::string& frequency, int publication_lag_days) {
  return period_end(date, frequency) + days{1 + publication_lag_days};
}

std::vector<PublishedValue> macro_published_values(const MacroSeriesInput& series) {
  std::vector<PublishedValue> values;
  values.reserve(series.observations.size());
  for (const auto& [date, value] : series.observations) {
    if (std::isnan(value)) continue;
    values.push_back({macro_available_from(date, series.frequency, series.publication_lag_days), value});
  }
  std::stable_sort(values.begin(), values.end(),
                   [](const PublishedValue& a, const PublishedValue& b) { return a.available < b.available; });
  const int max_age = series.max_age_days == 0 ? default_max_age_days(series.frequency) : series.max_age_days;
  if (max_age < 0) return values;
  std::vector<PublishedValue> out;
  out.reserve(values.size() * 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.push_back(values[i]);
    const Date expiry = values[i].available + days{max_age};
    if (i + 1 == values.size() || values[i + 1].available > expiry) out.push_back({expiry, kNaN});
  }
  return out;
}

void add_macro_columns(AuxData& aux, const Panel& panel, const std::vector<MacroSeriesInput>& series,
                       ThreadPool* pool) {
  std::set<std::string> seen;
  for (const auto& one : series) {
    if (one.name.empty()) throw DataError("macro series without a name");
    if (!seen.insert(lower(one.name)).second) {
      throw DataError(fmt::format("macro series '{}' given twice", one.name));
    }
    period_end(Date{}, one.frequency);  // validates the frequency before any column is written
  }
  if (series.empty()) return;
  struct Prepared {
    std::vector<PublishedValue> values;
    std::string column, lagged;
  };
  std::vector<Prepared> prepared;
  for (const auto& one : series) {
    prepared.push_back(
        {macro_published_values(one), macro_column_name(one.name), macro_column_name(one.name, "lag_3m")});
    sort_by_availability(prepared.back().values);
  }
  fill_per_symbol(aux, all_series(panel), pool, [&](const SymbolSeries& symbol, AuxColumns& columns) {
    const auto dates = symbol.dates();
    std::vector<Date> earlier(dates.size());
    std::transform(dates.begin(), dates.end(), earlier.begin(),
                   [](Date date) { return months_before(date, kMacroLagMonths); });
    for (const auto& one : prepared) {
      columns.set(one.column, as_of_join_sorted(dates, one.values));
      columns.set(one.lagged, as_of_join_sorted(earlier, one.values));
    }
  });
}

}  // namespace mp::features
