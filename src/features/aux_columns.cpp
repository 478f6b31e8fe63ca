#include "features/aux_columns.hpp"

#include <algorithm>
#include <limits>

namespace mp::features {

void fill_per_symbol(AuxData& aux, const std::vector<const SymbolSeries*>& series, ThreadPool* pool,
                     const std::function<void(const SymbolSeries&, AuxColumns&)>& fill) {
  std::vector<AuxColumns*> targets;
  targets.reserve(series.size());
  for (const auto* one : series) targets.push_back(&aux[one->symbol()]);
  const auto body = [&](std::size_t i) { fill(*series[i], *targets[i]); };
  if (pool == nullptr) {
    for (std::size_t i = 0; i < series.size(); ++i) body(i);
  } else {
    pool->parallel_for(series.size(), body);
  }
}

std::vector<const SymbolSeries*> all_series(const Panel& panel) {
  std::vector<const SymbolSeries*> out;
  out.reserve(panel.size());
  for (const auto& series : panel.series()) out.push_back(&series);
  return out;
}

void sort_by_availability(std::vector<PublishedValue>& values) {
  std::stable_sort(values.begin(), values.end(),
                   [](const PublishedValue& a, const PublishedValue& b) { return a.available < b.available; });
}

std::vector<double> as_of_join(std::span<const Date> dates, std::vector<PublishedValue> values) {
  sort_by_availability(values);
  return as_of_join_sorted(dates, values);
}

std::vector<double> as_of_join_sorted(std::span<const Date> dates, std::span<const PublishedValue> values) {
  std::vector<double> out(dates.size(), std::numeric_limits<double>::quiet_NaN());
  std::size_t next = 0;
  double current = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t t = 0; t < dates.size(); ++t) {
    while (next < values.size() && values[next].available <= dates[t]) current = values[next++].value;
    out[t] = current;
  }
  return out;
}

}  // namespace mp::features
