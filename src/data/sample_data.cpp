#include "data/sample_data.hpp"

#include "data/import_merge.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace mp::data {

namespace fs = std::filesystem;

std::vector<fs::path> installed_roots() {
  std::vector<fs::path> candidates;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "marketpredictor");
  candidates.emplace_back(MP_INSTALL_SHARE_DIR);
  std::vector<fs::path> roots;
  for (auto& candidate : candidates) {
    if (fs::is_directory(candidate, ec) && std::find(roots.begin(), roots.end(), candidate) == roots.end()) {
      roots.push_back(std::move(candidate));
    }
  }
  return roots;
}

fs::path locate_bundled(const fs::path& path) {
  std::error_code ec;
  if (path.empty() || path.is_absolute() || fs::exists(path, ec)) return path;
  auto roots = installed_roots();
  roots.emplace_back(MP_SOURCE_TREE);
  for (const auto& root : roots) {
    if (fs::exists(root / path, ec)) return root / path;
  }
  return path;
}

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
