#pragma once
// Columnar daily bars: per symbol, sorted trading dates x fields. Missing fields are NaN
// (the Dow 30 sample has adjusted closes only, so open/high/low/volume are NaN there).
#include "core/dates.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace mp {

struct Bar {
  Date date;
  double open;
  double high;
  double low;
  double close;
  double adj_close;  // equals close when the source has no adjusted close
  double volume;
};

class SymbolSeries {
 public:
  explicit SymbolSeries(std::string symbol = {}) : symbol_(std::move(symbol)) {}

  [[nodiscard]] const std::string& symbol() const noexcept { return symbol_; }
  [[nodiscard]] std::size_t size() const noexcept { return dates_.size(); }
  [[nodiscard]] bool empty() const noexcept { return dates_.empty(); }

  void reserve(std::size_t n);
  // Bars must arrive in strictly increasing date order (the importers check it).
  void push_back(const Bar& bar);
  [[nodiscard]] Bar bar(std::size_t i) const;

  [[nodiscard]] std::span<const Date> dates() const noexcept { return dates_; }
  [[nodiscard]] std::span<const double> open() const noexcept { return open_; }
  [[nodiscard]] std::span<const double> high() const noexcept { return high_; }
  [[nodiscard]] std::span<const double> low() const noexcept { return low_; }
  [[nodiscard]] std::span<const double> close() const noexcept { return close_; }
  [[nodiscard]] std::span<const double> adj_close() const noexcept { return adj_close_; }
  [[nodiscard]] std::span<const double> volume() const noexcept { return volume_; }

  // True when every bar has the field (no NaN): tells which indicators can be computed.
  [[nodiscard]] bool has_high_low() const noexcept;
  [[nodiscard]] bool has_volume() const noexcept;

  // The first `n` bars: what was known at the close of date n-1 (used to prove no look-ahead).
  [[nodiscard]] SymbolSeries truncated(std::size_t n) const;

 private:
  std::string symbol_;
  std::vector<Date> dates_;
  std::vector<double> open_, high_, low_, close_, adj_close_, volume_;
};

// A universe of symbols, kept sorted by symbol so iteration order is deterministic.
class Panel {
 public:
  void add(SymbolSeries series);  // replaces a series of the same symbol
  [[nodiscard]] const SymbolSeries* find(const std::string& symbol) const;
  [[nodiscard]] const SymbolSeries& at(const std::string& symbol) const;  // throws NotFoundError
  [[nodiscard]] const std::vector<SymbolSeries>& series() const noexcept { return series_; }
  [[nodiscard]] std::vector<std::string> symbols() const;
  [[nodiscard]] std::size_t size() const noexcept { return series_.size(); }
  [[nodiscard]] bool empty() const noexcept { return series_.empty(); }
  [[nodiscard]] std::size_t total_bars() const noexcept;
  // Keeps only the listed symbols (throws NotFoundError naming the first one missing).
  [[nodiscard]] Panel select(const std::vector<std::string>& symbols) const;

 private:
  std::vector<SymbolSeries> series_;
};

}  // namespace mp
