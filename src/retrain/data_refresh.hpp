#pragma once
// Step one of a retraining run: pull new bars from the configured provider into the store.
// One symbol's failure is reported and does not stop the others; provider "none" does nothing.
#include "core/config.hpp"
#include "data/market_store.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace mp::retrain {

struct RefreshSummary {
  bool skipped = false;  // provider "none"
  std::size_t symbols_updated = 0;
  std::size_t bars_written = 0;
  std::vector<std::pair<std::string, std::string>> errors;  // symbol, message
};

RefreshSummary refresh_store(data::MarketStore& store, const ProviderConfig& provider,
                             const std::vector<std::string>& symbols, Date today,
                             const std::function<void(std::size_t, std::size_t)>& progress = {});

// The bars of the last `years` years (by the panel's latest date): the daily job's window.
Panel recent_window(const Panel& panel, int years);

}  // namespace mp::retrain
