#pragma once
// First start: fill an empty store from the bundled sample CSV files, so the program has real
// data to train on before anyone imports their own.
#include "data/market_store.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mp::data {

// Imports the listed CSV files (import_csv, default options: layout detected) into the store when
// it has no bars yet. Returns how many files were imported (0 when the store already had data).
// Every file is parsed before anything is written, so one malformed file leaves the store empty
// (and the next start tries again) instead of half-filled.
std::size_t bootstrap_store_if_empty(MarketStore& store, const std::vector<std::string>& files);

}  // namespace mp::data
