#include "data/sample_data.hpp"

#include "data/import_merge.hpp"

#include <spdlog/spdlog.h>

namespace mp::data {

std::size_t bootstrap_store_if_empty(MarketStore& store, const std::vector<std::string>& files) {
  if (!store.empty()) return 0;
  // Merged as `mpredict import` merges: two files may hold different years of one symbol.
  const Panel panel = import_csv_files(files, {}, [](const std::string& file, const ImportResult& result) {
    spdlog::info("sample data: {} symbols, {} bars from {}", result.panel.size(), result.panel.total_bars(), file);
  });
  store.write(panel);
  return files.size();
}

}  // namespace mp::data
