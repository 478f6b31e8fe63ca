#include "data/market_store.hpp"

#include "core/error.hpp"
#include "data/csv_import.hpp"
#include "data/sample_data.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

namespace mp::data {
namespace {

namespace fs = std::filesystem;

const fs::path kPrices = fs::path(MP_SOURCE_DIR) / "data/sample/prices";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Date d(const char* text) { return *parse_date(text); }

// A fresh directory per test under the system temp dir, removed afterwards.
class MarketStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("mp_store_test_" + std::to_string(random()) + "_" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] fs::path db() const { return dir_ / "nested" / "market.db"; }

  fs::path dir_;
};

SymbolSeries series_of(const std::string& symbol, const std::vector<Bar>& bars) {
  SymbolSeries series(symbol);
  for (const auto& bar : bars) series.push_back(bar);
  return series;
}

Panel small_panel() {
  Panel panel;
  panel.add(series_of("AAPL", {{d("2013-05-13"), 64.501427, 65.414284, 64.5, 64.96286, 50.961628, 79237200},
                               {d("2013-05-14"), 64.835716, 65.028572, 63.164288, 63.408573, 49.742329, kNaN}}));
  panel.add(series_of("MSFT", {{d("1990-12-31"), kNaN, kNaN, kNaN, 2.08, 2.08, kNaN}}));
  return panel;
}

// Bit-for-bit equality of two series, NaN matching NaN.
void expect_same(const SymbolSeries& a, const SymbolSeries& b) {
  ASSERT_EQ(a.symbol(), b.symbol());
  ASSERT_EQ(a.size(), b.size()) << a.symbol();
  const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Bar x = a.bar(i);
    const Bar y = b.bar(i);
    ASSERT_EQ(x.date, y.date) << a.symbol() << " " << i;
    ASSERT_TRUE(same(x.open, y.open) && same(x.high, y.high) && same(x.low, y.low) && same(x.close, y.close) &&
                same(x.adj_close, y.adj_close) && same(x.volume, y.volume))
        << a.symbol() << " bar " << i;
  }
}

TEST_F(MarketStoreTest, NewStoreIsEmptyWithSchemaAndWal) {
  MarketStore store(db());
  EXPECT_TRUE(store.empty());
  EXPECT_TRUE(store.list().empty());
  EXPECT_TRUE(store.load().empty());
  EXPECT_EQ(store.path(), db().string());
  ASSERT_TRUE(fs::exists(db()));  // parent directory "nested" was created
  SQLite::Database raw(db().string());
  EXPECT_EQ(raw.execAndGet("SELECT value FROM meta WHERE key = 'schema_version'").getString(), "1");
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST_F(MarketStoreTest, RoundTripKeepsNaNAsNull) {
  {
    MarketStore store(db());
    store.write(small_panel());
    EXPECT_FALSE(store.empty());
  }
  MarketStore reopened(db());
  const Panel loaded = reopened.load();
  ASSERT_EQ(loaded.symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
  expect_same(loaded.at("AAPL"), small_panel().at("AAPL"));
  expect_same(loaded.at("MSFT"), small_panel().at("MSFT"));
  EXPECT_TRUE(std::isnan(loaded.at("AAPL").volume()[1]));
  EXPECT_DOUBLE_EQ(loaded.at("AAPL").adj_close()[0], 50.961628);
  SQLite::Database raw(db().string());
  EXPECT_EQ(raw.execAndGet("SELECT COUNT(*) FROM bars WHERE volume IS NULL").getInt(), 2);
  EXPECT_EQ(raw.execAndGet("SELECT day FROM bars WHERE symbol = 'MSFT'").getInt(), 7669);  // 1990-12-31
}

TEST_F(MarketStoreTest, DowPanelRoundTripIsFast) {
  const Panel dow = import_csv(kPrices / "dowjones30_close_1990_2001.csv").panel;
  MarketStore store(db());
  store.write(dow);
  const auto start = std::chrono::steady_clock::now();
  const Panel loaded = store.load();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(loaded.size(), 30u);
  EXPECT_EQ(loaded.total_bars(), 30u * 2529u);
  for (const auto& series : dow.series()) expect_same(loaded.at(series.symbol()), series);
  EXPECT_DOUBLE_EQ(loaded.at("MSFT").close()[0], 2.08);
  // Generous bound (a few tens of ms expected) so a loaded CI machine does not fail it.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
}

TEST_F(MarketStoreTest, LoadSelectedSymbolsAndUnknownSymbol) {
  MarketStore store(db());
  store.write(small_panel());
  const Panel msft = store.load({"MSFT"});
  EXPECT_EQ(msft.symbols(), std::vector<std::string>{"MSFT"});
  EXPECT_EQ(store.load_symbol("AAPL").size(), 2u);
  try {
    (void)store.load({"MSFT", "XYZ"});
    FAIL() << "expected NotFoundError";
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "unknown symbol 'XYZ'");
  }
}

// "AA" and "aa" are one symbol: stored upper-cased, found whatever the case asked for.
TEST_F(MarketStoreTest, SymbolsAreOneWhateverTheirCase) {
  MarketStore store(db());
  store.write(small_panel());
  EXPECT_EQ(store.load_symbol("aapl").size(), 2u);
  EXPECT_EQ(store.load({"msft", "Aapl"}).symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
  Panel lower;
  lower.add(series_of("ibm", {{d("2020-01-02"), 1, 1, 1, 1, 1, 1}}));
  store.write(lower);
  EXPECT_EQ(store.list()[1].symbol, "IBM");  // AAPL, IBM, MSFT
  EXPECT_EQ(store.load_symbol("IBM").size(), 1u);
}

TEST_F(MarketStoreTest, NonUtf8SymbolIsRefusedAndNothingIsWritten) {
  MarketStore store(db());
  Panel bad;
  bad.add(series_of("AAA", {{d("2020-01-02"), 1, 1, 1, 1, 1, 1}}));
  bad.add(series_of("B\xFF", {{d("2020-01-02"), 1, 1, 1, 1, 1, 1}}));
  try {
    store.write(bad);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "market store " + db().string() + ": symbol \"B\\xFF\" is not valid UTF-8");
  }
  EXPECT_TRUE(store.empty());
}

TEST_F(MarketStoreTest, ReimportIsIdempotentAndNewValuesReplace) {
  MarketStore store(db());
  store.write(small_panel());
  store.write(small_panel());
  auto ranges = store.list();
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].bars, 2u);
  EXPECT_EQ(ranges[1].bars, 1u);

  // A corrected bar for an existing day plus one new day: 1 update, 1 insert.
  Panel update;
  update.add(series_of("AAPL", {{d("2013-05-14"), 64.8, 65.0, 63.1, 63.5, 49.8, 111779500},
                                {d("2013-05-15"), 62.7, 63.0, 60.3, 61.3, 48.1, 185403400}}));
  store.write(update);
  const SymbolSeries aapl = store.load_symbol("AAPL");
  ASSERT_EQ(aapl.size(), 3u);
  EXPECT_DOUBLE_EQ(aapl.open()[0], 64.501427);  // untouched
  EXPECT_DOUBLE_EQ(aapl.close()[1], 63.5);
  EXPECT_DOUBLE_EQ(aapl.volume()[1], 111779500.0);  // NULL replaced by a value
  EXPECT_EQ(aapl.dates()[2], d("2013-05-15"));
}

TEST_F(MarketStoreTest, ListGivesRangesSortedBySymbol) {
  MarketStore store(db());
  store.write(import_csv(kPrices / "msft_ohlcv_2000_2001.csv").panel);
  store.write(import_csv(kPrices / "aapl_ohlcv_2013_2018.csv").panel);
  const auto ranges = store.list();
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].symbol, "AAPL");
  EXPECT_EQ(ranges[0].first, d("2013-05-13"));
  EXPECT_EQ(ranges[0].last, d("2018-05-11"));
  EXPECT_EQ(ranges[0].bars, 1260u);
  EXPECT_EQ(ranges[1].symbol, "MSFT");
  EXPECT_EQ(ranges[1].first, d("2000-09-27"));
  EXPECT_EQ(ranges[1].last, d("2001-09-27"));
  EXPECT_EQ(ranges[1].bars, 249u);
}

TEST_F(MarketStoreTest, FailedWriteLeavesPreviousContentIntact) {
  MarketStore store(db());
  store.write(small_panel());
  // "AAA" sorts first and is written before the bad ZZZ bar; the NaN close violates NOT NULL.
  Panel bad;
  bad.add(series_of("AAA", {{d("2020-01-02"), 1, 1, 1, 1, 1, 1}}));
  bad.add(series_of("AAPL", {{d("2013-05-13"), 1, 1, 1, 1, 1, 1}}));
  bad.add(series_of("ZZZ", {{d("2020-01-02"), 1, 1, 1, 1, 1, 1}, {d("2020-01-03"), 1, 1, 1, kNaN, 1, 1}}));
  try {
    store.write(bad);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(db().string()), std::string::npos) << message;
    EXPECT_NE(message.find("NOT NULL"), std::string::npos) << message;
  }
  const Panel after = store.load();
  ASSERT_EQ(after.symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
  expect_same(after.at("AAPL"), small_panel().at("AAPL"));
  // The store is still usable after the rollback.
  store.write(small_panel());
  EXPECT_EQ(store.list().size(), 2u);
}

// The change counter the server compares with its serving snapshot: bumped by every committed
// write, seen by another connection (another process's import), unchanged by a failed write.
TEST_F(MarketStoreTest, GenerationCountsCommittedWritesAcrossConnections) {
  MarketStore server(db());
  MarketStore importer(db());
  EXPECT_EQ(server.generation(), 0u);
  importer.write(small_panel());
  EXPECT_EQ(server.generation(), 1u);
  server.write(small_panel());  // the same bars again: still a write
  EXPECT_EQ(importer.generation(), 2u);
  Panel bad;
  bad.add(series_of("ZZZ", {{d("2020-01-03"), 1, 1, 1, kNaN, 1, 1}}));
  EXPECT_THROW(importer.write(bad), IoError);
  EXPECT_EQ(server.generation(), 2u);
  importer.write(Panel{});  // nothing to write: nothing changed
  EXPECT_EQ(server.generation(), 2u);
  // A store created before the counter existed starts it at 0.
  {
    SQLite::Database raw(db().string(), SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM meta WHERE key = 'generation'");
  }
  MarketStore reopened(db());
  EXPECT_EQ(reopened.generation(), 0u);
  reopened.write(small_panel());
  EXPECT_EQ(server.generation(), 1u);
}

TEST_F(MarketStoreTest, NotADatabaseIsAnIoErrorNamingThePath) {
  const fs::path file = dir_ / "garbage.db";
  std::ofstream(file) << "this is not an SQLite database, just text long enough to fill a header page";
  try {
    MarketStore store(file);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST_F(MarketStoreTest, BootstrapImportsOnlyIntoAnEmptyStore) {
  MarketStore store(db());
  const std::vector<std::string> files{(kPrices / "aapl_ohlcv_2013_2018.csv").string(),
                                       (kPrices / "dowjones30_close_1990_2001.csv").string()};
  EXPECT_EQ(bootstrap_store_if_empty(store, files), 2u);
  EXPECT_EQ(store.list().size(), 31u);
  EXPECT_EQ(store.load_symbol("AAPL").size(), 1260u);
  // Already filled: nothing is imported again, even a different file.
  EXPECT_EQ(bootstrap_store_if_empty(store, {(kPrices / "msft_ohlcv_2000_2001.csv").string()}), 0u);
  EXPECT_EQ(store.list().size(), 31u);
  EXPECT_DOUBLE_EQ(store.load_symbol("MSFT").close()[0], 2.08);  // the Dow's MSFT, not the OHLCV file's
}

TEST_F(MarketStoreTest, BootstrapWithABadFileWritesNothing) {
  MarketStore store(db());
  const std::vector<std::string> files{(kPrices / "aapl_ohlcv_2013_2018.csv").string(),
                                       (kPrices / "nyse_composite_close_1966_2002.csv").string()};
  EXPECT_THROW(bootstrap_store_if_empty(store, files), InputError);
  EXPECT_TRUE(store.empty());
}

}  // namespace
}  // namespace mp::data
