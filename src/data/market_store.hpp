#pragma once
// The SQLite store of daily bars, one row per (symbol, day). Everything the pipeline reads comes
// out of here as a Panel; importers write into it. NaN fields are stored as SQL NULL. Symbols are
// kept upper-cased (data/symbol_name.hpp): "aa" written or asked for is AA.
#include "core/dates.hpp"
#include "core/panel.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mp::data {

struct MarketStoreConnection;  // the SQLite connection and its lock (SQLiteCpp stays out of this header)

struct SymbolRange {
  std::string symbol;
  mp::Date first;
  mp::Date last;
  std::size_t bars = 0;
};

// Thread use: one connection per store; SQLite's default serialized mode makes calls from several
// threads safe (statements are per call). Several processes may share the file (WAL, 5 s busy wait).
class MarketStore {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the database (and its parent directories) with the schema; WAL journal.
  explicit MarketStore(const std::filesystem::path& db_path);
  ~MarketStore();
  MarketStore(MarketStore&&) noexcept;
  MarketStore& operator=(MarketStore&&) noexcept;
  MarketStore(const MarketStore&) = delete;
  MarketStore& operator=(const MarketStore&) = delete;

  // Upserts every bar in ONE transaction: re-importing is idempotent, newer values replace older
  // ones, and a failure (IoError) leaves the previous content untouched. A symbol that is not
  // printable UTF-8 is a DataError, before anything is written.
  void write(const mp::Panel& panel);
  // All symbols when `symbols` is empty; NotFoundError("unknown symbol 'XYZ'") for one not stored.
  [[nodiscard]] mp::Panel load(const std::vector<std::string>& symbols = {}) const;
  [[nodiscard]] mp::SymbolSeries load_symbol(const std::string& symbol) const;
  [[nodiscard]] std::vector<SymbolRange> list() const;  // sorted by symbol
  [[nodiscard]] bool empty() const;
  // A change counter: +1 for every committed write with bars, whichever process made it. Equal
  // generations mean equal content.
  [[nodiscard]] std::uint64_t generation() const;
  [[nodiscard]] std::string path() const;

 private:
  std::filesystem::path path_;
  std::unique_ptr<MarketStoreConnection> db_;
};

}  // namespace mp::data
