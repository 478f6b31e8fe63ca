#include "data/price_provider.hpp"

#include "data/stooq_provider.hpp"
#include "data/yahoo_provider.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mp::data {

namespace {

std::string join_message(const std::string& provider, const std::string& symbol, const std::string& reason) {
  std::string out;
  if (!provider.empty()) out += provider + ": ";
  if (!symbol.empty()) out += symbol + ": ";
  return out + reason;
}

// The registry: every provider by name, with its one-line description and factory.
struct ProviderEntry {
  ProviderInfo info;
  std::unique_ptr<PriceProvider> (*make)(const ProviderOptions&);
};

template <class Provider>
std::unique_ptr<PriceProvider> make_as(const ProviderOptions& options) {
  return std::make_unique<Provider>(options);
}

const std::vector<ProviderEntry>& registry() {
  static const std::vector<ProviderEntry> entries = [] {
    std::vector<ProviderEntry> out = {
        {{"stooq",
          "Stooq daily CSV (stooq.com/q/d/l): split-adjusted OHLCV, no adjusted close; keyless, daily hit limit"},
         &make_as<StooqProvider>},
        {{"yahoo", "Yahoo Finance v8 chart API (query1.finance.yahoo.com): OHLCV, adjusted close, dividends, splits"},
         &make_as<YahooProvider>},
    };
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.info.name < b.info.name; });
    return out;
  }();
  return entries;
}

}  // namespace

ProviderError::ProviderError(std::string provider, std::string symbol, std::string reason, bool affects_all_symbols)
    : Error(join_message(provider, symbol, reason)),
      provider_(std::move(provider)),
      symbol_(std::move(symbol)),
      reason_(std::move(reason)),
      affects_all_symbols_(affects_all_symbols) {}

std::unique_ptr<PriceProvider> make_provider(const std::string& name, const ProviderOptions& options) {
  for (const auto& entry : registry()) {
    if (entry.info.name == name) return entry.make(options);
  }
  std::vector<std::string> known;
  for (const auto& entry : registry()) known.push_back(entry.info.name);
  throw NotFoundError(fmt::format("unknown price provider '{}'; known providers: {}", name, fmt::join(known, ", ")));
}

const std::vector<ProviderInfo>& provider_catalog() {
  static const std::vector<ProviderInfo> catalog = [] {
    std::vector<ProviderInfo> out;
    for (const auto& entry : registry()) out.push_back(entry.info);
    return out;
  }();
  return catalog;
}

RefreshResult fetch_universe(PriceProvider& provider, const std::vector<std::string>& symbols, Date first, Date last,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  RefreshResult result;
  std::string stopped;  // the reason no further symbol is requested, once the service refuses all
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::string& symbol = symbols[i];
    if (!stopped.empty()) {
      result.errors.emplace_back(symbol, fmt::format("{}: {}: not requested: {}", provider.name(), symbol, stopped));
    } else {
      try {
        SymbolSeries series = provider.fetch(symbol, first, last);
        if (series.empty()) {
          result.empty.push_back(symbol);
        } else {
          result.panel.add(std::move(series));
        }
      } catch (const ProviderError& e) {
        result.errors.emplace_back(symbol, e.what());
        if (e.affects_all_symbols()) stopped = e.reason();
      } catch (const mp::Error& e) {
        result.errors.emplace_back(symbol, e.what());
      }
    }
    if (progress) progress(i + 1, symbols.size());
  }
  return result;
}

SymbolSeries filter_dates(const SymbolSeries& series, Date first, Date last) {
  const auto dates = series.dates();
  const auto begin = std::lower_bound(dates.begin(), dates.end(), first);
  const auto end = std::upper_bound(dates.begin(), dates.end(), last);
  SymbolSeries out(series.symbol());
  if (begin >= end) return out;
  out.reserve(static_cast<std::size_t>(end - begin));
  for (auto it = begin; it != end; ++it) out.push_back(series.bar(static_cast<std::size_t>(it - dates.begin())));
  return out;
}

}  // namespace mp::data
