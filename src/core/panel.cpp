#include "core/panel.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>

namespace mp {

void SymbolSeries::reserve(std::size_t n) {
  dates_.reserve(n);
  for (auto* column : {&open_, &high_, &low_, &close_, &adj_close_, &volume_}) column->reserve(n);
}

void SymbolSeries::push_back(const Bar& bar) {
  dates_.push_back(bar.date);
  open_.push_back(bar.open);
  high_.push_back(bar.high);
  low_.push_back(bar.low);
  close_.push_back(bar.close);
  adj_close_.push_back(bar.adj_close);
  volume_.push_back(bar.volume);
}

Bar SymbolSeries::bar(std::size_t i) const {
  return Bar{dates_[i], open_[i], high_[i], low_[i], close_[i], adj_close_[i], volume_[i]};
}

namespace {
bool all_finite(const std::vector<double>& column) {
  return !column.empty() && std::all_of(column.begin(), column.end(), [](double v) { return std::isfinite(v); });
}
}  // namespace

bool SymbolSeries::has_high_low() const noexcept { return all_finite(high_) && all_finite(low_); }
bool SymbolSeries::has_volume() const noexcept { return all_finite(volume_); }

SymbolSeries SymbolSeries::truncated(std::size_t n) const {
  SymbolSeries out(symbol_);
  n = std::min(n, size());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(bar(i));
  return out;
}

void Panel::add(SymbolSeries series) {
  auto it = std::lower_bound(series_.begin(), series_.end(), series.symbol(),
                             [](const SymbolSeries& s, const std::string& sym) { return s.symbol() < sym; });
  if (it != series_.end() && it->symbol() == series.symbol()) {
    *it = std::move(series);
  } else {
    series_.insert(it, std::move(series));
  }
}

const SymbolSeries* Panel::find(const std::string& symbol) const {
  auto it = std::lower_bound(series_.begin(), series_.end(), symbol,
                             [](const SymbolSeries& s, const std::string& sym) { return s.symbol() < sym; });
  return (it != series_.end() && it->symbol() == symbol) ? &*it : nullptr;
}

const SymbolSeries& Panel::at(const std::string& symbol) const {
  const auto* found = find(symbol);
  if (found == nullptr) throw NotFoundError(fmt::format("unknown symbol '{}'", symbol));
  return *found;
}

std::vector<std::string> Panel::symbols() const {
  std::vector<std::string> out;
  out.reserve(series_.size());
  for (const auto& s : series_) out.push_back(s.symbol());
  return out;
}

std::size_t Panel::total_bars() const noexcept {
  std::size_t n = 0;
  for (const auto& s : series_) n += s.size();
  return n;
}

Panel Panel::select(const std::vector<std::string>& symbols) const {
  Panel out;
  for (const auto& symbol : symbols) out.add(at(symbol));
  return out;
}

}  // namespace mp
