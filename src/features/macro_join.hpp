#pragma once
// Point-in-time join of macro series (FRED) onto the trading dates of a Panel. A value joins a
// row only once it was public at that row's close:
//  - daily (D) and weekly (W, FRED dates a week by its last day) value for date D: usable from
//    the first trading date strictly AFTER D (conservative: assumed published after the close);
//  - monthly (M), quarterly (Q), annual (A) value for period P: usable from the first trading date
//    strictly after the last calendar day of P (March 1995 -> from 1995-04-03, never in March);
//  - plus `publication_lag_days` calendar days for series released later than that (CPI, payrolls:
//    see docs/features_macro_market.md).
// A missing observation (NaN: FRED's "." on a bond-market holiday) is skipped, so the row keeps
// the last known value; a value older than `max_age_days` with no newer one (a discontinued
// series, a gap in the data) is NaN, never carried forever.
//
// This module takes plain structs: the caller converts data::FredSeries (data/fred_csv.hpp) to
// MacroSeriesInput {id, frequency, {(date, value)...}} (features must not depend on data).
#include "core/panel.hpp"
#include "features/aux_columns.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mp::features {

struct MacroSeriesInput {
  std::string name;       // the FRED series id ("GS10", "vixcls"); the column is "macro.<lower-cased id>"
  std::string frequency;  // "D", "W", "M", "Q" or "A"
  // D, W: the observation's day; M, Q, A: any day inside the period (FRED dates it on the 1st).
  // Strictly increasing dates are not required; NaN = missing.
  std::vector<std::pair<Date, double>> observations;
  int publication_lag_days = 0;  // extra calendar days after the period end before the value is public
  int max_age_days = 0;          // 0 = the frequency's default (D 14, W 21, M 92, Q 184, A 731); < 0 = never
};

// "macro.<lower-cased id>"; with `suffix` ("lag_3m"): "macro.<id>.lag_3m".
std::string macro_column_name(const std::string& series_id, const std::string& suffix = {});

// The first calendar day on which an observation dated `date` may be used: the day after its
// period ends, plus the lag. Throws mp::DataError for an unknown frequency.
Date macro_available_from(Date date, const std::string& frequency, int publication_lag_days = 0);

// The series' values with their availability dates (NaN observations left out), plus a NaN entry
// where a value expires (max age) before the next one arrives: the input of as_of_join.
std::vector<PublishedValue> macro_published_values(const MacroSeriesInput& series);

// The calendar lookback of the lagged columns: the 3-month changes compare the value known at a
// row's date with the value known at this many calendar months before it (day clamped to the
// month's end), so a monthly series spans exactly 3 publications.
inline constexpr int kMacroLagMonths = 3;

// For every symbol of the panel and every series: "macro.<id>" (the value known at the row's
// date) and "macro.<id>.lag_3m" (the value known at the row's date minus 3 calendar months), both
// aligned to the symbol's dates. Existing columns of the same name are replaced; two inputs with
// the same id (case-insensitive) throw mp::DataError.
// Symbols are joined in parallel on `pool` when one is given.
void add_macro_columns(AuxData& aux, const Panel& panel, const std::vector<MacroSeriesInput>& series,
                       ThreadPool* pool = nullptr);

}  // namespace mp::features
