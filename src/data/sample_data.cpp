#include "data/sample_data.hpp"

#include "data/csv_import.hpp"

#include <spdlog/spdlog.h>

namespace mp::data {

std::size_t bootstrap_store_if_empty(MarketStore& store, const std::vector<std::string>& files) {
  if (!store.empty()) return 0;
  std::vector<Panel> panels;
  panels.reserve(files.size());
  for (const auto& file : files) panels.push_back(import_csv(file).panel);
  // One write per file rather than one merged panel: two files may hold different years of the
  // same symbol, and the store's upsert merges them where Panel::add would replace.
  for (std::size_t i = 0; i < files.size(); ++i) {
    store.write(panels[i]);
    spdlog::info("sample data: {} symbols, {} bars from {}", panels[i].size(), panels[i].total_bars(), files[i]);
  }
  return files.size();
}

}  // namespace mp::data
