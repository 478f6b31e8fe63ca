#pragma once
// The files that ship with the program (sample prices and macro series, the sentiment lexicon,
// the web assets, the default configuration) and first start: an empty store is filled from
// the bundled sample CSV files, so the program has real data to train on before anyone imports
// their own.
#include "data/market_store.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mp::data {

// Installed trees of bundled files, in order: <directory of the executable>/../share/
// marketpredictor (wherever the installed tree was moved), then the install prefix the binary was
// configured with. Only directories that exist are listed.
std::vector<std::filesystem::path> installed_roots();

// A bundled file or directory named relative to the top of the source tree (e.g.
// "data/lexicons"): `path` itself when it exists from the working directory or is absolute,
// else the first match under installed_roots(), then under the source tree the binary was built
// from (running ./build/src/mpredict), else `path` unchanged (so errors name it as configured).
std::filesystem::path locate_bundled(const std::filesystem::path& path);

// Imports the listed CSV files (import_csv, default options: layout detected) into the store when
// it has no bars yet. Returns how many files were imported (0 when the store already had data).
// Every file is parsed before anything is written, so one malformed file leaves the store empty
// (and the next start tries again) instead of half-filled.
std::size_t bootstrap_store_if_empty(MarketStore& store, const std::vector<std::string>& files);

}  // namespace mp::data
