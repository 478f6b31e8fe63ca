#include "data/market_store.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "data/symbol_name.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <mutex>

namespace mp::data {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// WITHOUT ROWID: the (symbol, day) key is the table itself, so range scans per symbol read
// contiguous pages and no second index is needed.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS bars(
  symbol TEXT NOT NULL,
  day INTEGER NOT NULL,
  open REAL, high REAL, low REAL,
  close REAL NOT NULL,
  adj_close REAL NOT NULL,
  volume REAL,
  PRIMARY KEY(symbol, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '1');
INSERT OR IGNORE INTO meta(key, value) VALUES('generation', '0');
)sql";

// Bumped inside every write's transaction: a cheap fingerprint of the content that another
// process's import changes too (PRAGMA data_version would miss this connection's own writes).
constexpr const char* kBumpGeneration =
    "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'";

constexpr const char* kUpsert = R"sql(
INSERT INTO bars(symbol, day, open, high, low, close, adj_close, volume)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT(symbol, day) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  adj_close = excluded.adj_close, volume = excluded.volume
)sql";

constexpr const char* kSelectColumns = "SELECT symbol, day, open, high, low, close, adj_close, volume FROM bars ";

// NaN (missing) <-> SQL NULL, in both directions.
void bind_nullable(SQLite::Statement& statement, int index, double value) {
  if (std::isnan(value)) {
    statement.bind(index);
  } else {
    statement.bind(index, value);
  }
}

double column_nullable(const SQLite::Statement& statement, int index) {
  const SQLite::Column column = statement.getColumn(index);
  return column.isNull() ? std::numeric_limits<double>::quiet_NaN() : column.getDouble();
}

Bar bar_of_row(const SQLite::Statement& row) {
  return Bar{days_to_date(row.getColumn(1).getInt()),
             column_nullable(row, 2),
             column_nullable(row, 3),
             column_nullable(row, 4),
             column_nullable(row, 5),
             column_nullable(row, 6),
             column_nullable(row, 7)};
}

void write_series(SQLite::Statement& upsert, const SymbolSeries& series) {
  upsert.bind(1, canonical_symbol(series.symbol()));  // bindings survive reset(): the symbol is bound once
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Bar bar = series.bar(i);
    upsert.bind(2, date_to_days(bar.date));
    bind_nullable(upsert, 3, bar.open);
    bind_nullable(upsert, 4, bar.high);
    bind_nullable(upsert, 5, bar.low);
    bind_nullable(upsert, 6, bar.close);  // NaN -> NULL -> NOT NULL violation -> rollback
    bind_nullable(upsert, 7, bar.adj_close);
    bind_nullable(upsert, 8, bar.volume);
    upsert.exec();
    upsert.reset();
  }
}

}  // namespace

// The connection and the lock that serializes its use: a transaction on a shared connection must
// not interleave with another thread's statements.
struct MarketStoreConnection {
  explicit MarketStoreConnection(SQLite::Database database) : db(std::move(database)) {}
  SQLite::Database db;
  std::mutex mutex;
};

namespace {

// SQLite failures become IoError naming the database, as the error convention asks.
template <class Fn>
auto guarded(const std::filesystem::path& path, Fn&& fn) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw IoError(fmt::format("market store {}: {}", path.string(), e.what()));
  }
}

SQLite::Database open_database(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw IoError(fmt::format("market store {}: cannot create directory: {}", path.string(), ec.message()));
  return guarded(path, [&] {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    // WAL: readers never block the writer, so a server can serve while a retrain imports.
    db.exec("PRAGMA journal_mode=WAL");
    db.exec(kSchema);
    return db;
  });
}

void check_schema_version(SQLite::Database& db, const std::filesystem::path& path) {
  const std::string version =
      guarded(path, [&] { return db.execAndGet("SELECT value FROM meta WHERE key = 'schema_version'").getString(); });
  if (version != std::to_string(MarketStore::kSchemaVersion)) {
    throw IoError(fmt::format("market store {}: schema version {}, this program reads version {}", path.string(),
                              version, MarketStore::kSchemaVersion));
  }
}

// Reads one symbol through a prepared "WHERE symbol = ?" statement; NotFoundError when absent.
SymbolSeries read_symbol(SQLite::Statement& select, const std::string& requested) {
  const std::string symbol = canonical_symbol(requested);
  select.reset();
  select.bind(1, symbol);
  SymbolSeries series(symbol);
  while (select.executeStep()) series.push_back(bar_of_row(select));
  if (series.empty()) throw NotFoundError(fmt::format("unknown symbol '{}'", printable_utf8(requested)));
  return series;
}

// One scan over the whole table, which arrives ordered by the primary key (symbol, day).
Panel read_all(SQLite::Database& db) {
  SQLite::Statement select(db, std::string(kSelectColumns) + "ORDER BY symbol, day");
  Panel panel;
  SymbolSeries series;
  while (select.executeStep()) {
    const char* symbol = select.getColumn(0).getText();
    if (series.empty() || series.symbol() != symbol) {
      if (!series.empty()) panel.add(std::move(series));
      series = SymbolSeries(symbol);
    }
    series.push_back(bar_of_row(select));
  }
  if (!series.empty()) panel.add(std::move(series));
  return panel;
}

}  // namespace

MarketStore::MarketStore(const std::filesystem::path& db_path)
    : path_(db_path), db_(std::make_unique<MarketStoreConnection>(open_database(db_path))) {
  check_schema_version(db_->db, path_);
}

MarketStore::~MarketStore() = default;
MarketStore::MarketStore(MarketStore&&) noexcept = default;
MarketStore& MarketStore::operator=(MarketStore&&) noexcept = default;

void MarketStore::write(const Panel& panel) {
  if (panel.total_bars() == 0) return;
  // Checked before the transaction: a symbol that is not printable UTF-8 would make every JSON
  // answer listing the store's symbols fail, so it never gets in.
  for (const auto& series : panel.series()) {
    if (auto problem = symbol_problem(series.symbol())) {
      throw DataError(fmt::format("market store {}: {}", path_.string(), *problem));
    }
  }
  std::lock_guard lock(db_->mutex);
  guarded(path_, [&] {
    // One transaction: all-or-nothing, and ~100x faster than a commit per row.
    SQLite::Transaction transaction(db_->db);
    SQLite::Statement upsert(db_->db, kUpsert);
    for (const auto& series : panel.series()) write_series(upsert, series);
    db_->db.exec(kBumpGeneration);
    transaction.commit();  // the destructor rolls back if anything above threw
  });
}

Panel MarketStore::load(const std::vector<std::string>& symbols) const {
  std::lock_guard lock(db_->mutex);
  return guarded(path_, [&] {
    if (symbols.empty()) return read_all(db_->db);
    SQLite::Statement select(db_->db, std::string(kSelectColumns) + "WHERE symbol = ?1 ORDER BY day");
    Panel panel;
    for (const auto& symbol : symbols) panel.add(read_symbol(select, symbol));
    return panel;
  });
}

SymbolSeries MarketStore::load_symbol(const std::string& symbol) const {
  std::lock_guard lock(db_->mutex);
  return guarded(path_, [&] {
    SQLite::Statement select(db_->db, std::string(kSelectColumns) + "WHERE symbol = ?1 ORDER BY day");
    return read_symbol(select, symbol);
  });
}

std::vector<SymbolRange> MarketStore::list() const {
  std::lock_guard lock(db_->mutex);
  return guarded(path_, [&] {
    SQLite::Statement select(db_->db,
                             "SELECT symbol, MIN(day), MAX(day), COUNT(*) FROM bars GROUP BY symbol ORDER BY symbol");
    std::vector<SymbolRange> ranges;
    while (select.executeStep()) {
      ranges.push_back(SymbolRange{select.getColumn(0).getString(), days_to_date(select.getColumn(1).getInt()),
                                   days_to_date(select.getColumn(2).getInt()),
                                   static_cast<std::size_t>(select.getColumn(3).getInt64())});
    }
    return ranges;
  });
}

bool MarketStore::empty() const {
  std::lock_guard lock(db_->mutex);
  return guarded(path_, [&] { return db_->db.execAndGet("SELECT EXISTS(SELECT 1 FROM bars)").getInt() == 0; });
}

std::uint64_t MarketStore::generation() const {
  std::lock_guard lock(db_->mutex);
  return guarded(path_, [&] {
    SQLite::Statement select(db_->db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'");
    return select.executeStep() ? static_cast<std::uint64_t>(select.getColumn(0).getInt64()) : 0;
  });
}

std::string MarketStore::path() const { return path_.string(); }

}  // namespace mp::data
