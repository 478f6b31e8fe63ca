#include "retrain/data_refresh.hpp"

#include "data/price_provider.hpp"

#include <algorithm>

namespace mp::retrain {

namespace {

Date first_missing_day(const std::vector<data::SymbolRange>& ranges, const std::string& symbol, int overlap_days,
                       Date today) {
  for (const auto& range : ranges) {
    if (range.symbol == symbol) return range.last - std::chrono::days{overlap_days};
  }
  return today - std::chrono::days{365 * 10};  // a new symbol: ten years of history
}

}  // namespace

RefreshSummary refresh_store(data::MarketStore& store, const ProviderConfig& provider_config,
                             const std::vector<std::string>& symbols, Date today,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  RefreshSummary summary;
  if (provider_config.name == "none" || provider_config.name.empty()) {
    summary.skipped = true;
    return summary;
  }
  data::ProviderOptions options;
  options.base_url = provider_config.base_url;
  options.http.timeout_seconds = provider_config.timeout_seconds;
  options.http.retries = provider_config.retries;
  options.http.min_interval_seconds = provider_config.min_interval_seconds;
  auto provider = data::make_provider(provider_config.name, options);
  const auto ranges = store.list();
  Panel fetched;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const auto& symbol = symbols[i];
    try {
      auto series =
          provider->fetch(symbol, first_missing_day(ranges, symbol, provider_config.overlap_days, today), today);
      summary.bars_written += series.size();
      if (!series.empty()) ++summary.symbols_updated;
      fetched.add(std::move(series));
    } catch (const Error& e) {
      summary.errors.emplace_back(symbol, e.what());
    }
    if (progress) progress(i + 1, symbols.size());
  }
  store.write(fetched);
  return summary;
}

Panel recent_window(const Panel& panel, int years) {
  Date latest{};
  for (const auto& s : panel.series()) {
    if (!s.empty()) latest = std::max(latest, s.dates().back());
  }
  const auto since = Date{std::chrono::year_month_day{latest} - std::chrono::years{years}};
  Panel out;
  for (const auto& s : panel.series()) {
    const auto dates = s.dates();
    const auto first = static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), since) - dates.begin());
    SymbolSeries window(s.symbol());
    window.reserve(s.size() - first);
    for (std::size_t i = first; i < s.size(); ++i) window.push_back(s.bar(i));
    if (!window.empty()) out.add(std::move(window));
  }
  return out;
}

}  // namespace mp::retrain
