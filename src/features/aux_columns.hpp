#pragma once
// Point-in-time non-price data of one symbol, aligned to its trading dates: a column's value at
// row t is what was public at t's close, NaN while unknown. Joiners (macro, market breadth,
// fundamentals, sentiment) build these columns; features read them by name. A feature whose
// auxiliary input is missing is NaN, never zero.
#include "core/dates.hpp"
#include "core/panel.hpp"
#include "core/thread_pool.hpp"

#include <functional>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mp::features {

class AuxColumns {
 public:
  void set(const std::string& name, std::vector<double> values) { columns_[name] = std::move(values); }
  [[nodiscard]] const std::vector<double>* find(const std::string& name) const {
    auto it = columns_.find(name);
    return it == columns_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, column] : columns_) out.push_back(name);
    return out;
  }

 private:
  std::map<std::string, std::vector<double>> columns_;
};

// Per symbol.
using AuxData = std::map<std::string, AuxColumns>;

// Runs `fill(series, columns)` for each listed series, in parallel on `pool` when one is given.
// The symbols' entries in `aux` are created first, so a task writes only its own AuxColumns (a
// std::map's nodes do not move): the joins stay per-symbol code without locks.
void fill_per_symbol(AuxData& aux, const std::vector<const SymbolSeries*>& series, ThreadPool* pool,
                     const std::function<void(const SymbolSeries&, AuxColumns&)>& fill);

// Every series of the panel, for fill_per_symbol.
std::vector<const SymbolSeries*> all_series(const Panel& panel);

// A value that becomes public at `available`: usable from the first trading date >= available.
struct PublishedValue {
  Date available;
  double value;
};

// As-of join: out[t] = the latest value whose `available` date is <= dates[t] (NaN before the
// first). `values` need not be sorted; for equal dates the later entry in the input wins (a
// restatement filed the same day replaces the original). O((n + m) log m).
std::vector<double> as_of_join(std::span<const Date> dates, std::vector<PublishedValue> values);

// The same for values already stably sorted by `available` (no copy, no sort): O(n + m).
std::vector<double> as_of_join_sorted(std::span<const Date> dates, std::span<const PublishedValue> values);

// Stably sorts by `available`, the order as_of_join_sorted needs.
void sort_by_availability(std::vector<PublishedValue>& values);

}  // namespace mp::features
