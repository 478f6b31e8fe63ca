// `mpredict features` output: the values compute_features gives, in order, whatever the grouping
// and chunking that keep memory bounded.
#include "features/feature_csv.hpp"

#include "core/csv_reader.hpp"
#include "data/csv_import.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <sstream>
#include <string>

namespace mp::features {
namespace {

const Panel& dow() {
  static const Panel panel =
      data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv").panel;
  return panel;
}

std::vector<const SymbolSeries*> all_of(const Panel& panel) {
  std::vector<const SymbolSeries*> out;
  for (const auto& series : panel.series()) out.push_back(&series);
  return out;
}

std::string write(const std::vector<const SymbolSeries*>& series, const FeatureList& features,
                  const FeatureCsvOptions& options, std::size_t threads) {
  ThreadPool pool(threads);
  std::ostringstream out;
  EXPECT_EQ(write_features_csv(out, series, features, nullptr, pool, options), 30u * 2529u);
  return out.str();
}

TEST(FeatureCsv, RowsAreTheComputedValuesInSymbolAndDateOrder) {
  const auto features = FeatureRegistry::builtin().resolve("technical9");
  FeatureCsvOptions options;
  options.symbol_column = true;
  const std::string text = write(all_of(dow()), features, options, 2);
  CsvReader reader(text, "features.csv");
  ASSERT_TRUE(reader.next());
  ASSERT_EQ(reader.size(), 11u);
  EXPECT_EQ(reader[0], "symbol");
  EXPECT_EQ(reader[2], "close_to_sma_50");
  std::size_t rows = 0;
  for (const auto& series : dow().series()) {
    const FeatureFrame frame = compute_features(series, features);
    for (std::size_t r = 0; r < frame.rows(); ++r, ++rows) {
      ASSERT_TRUE(reader.next());
      ASSERT_EQ(reader[0], series.symbol());
      ASSERT_EQ(reader[1], format_date(frame.dates[r]));
      for (std::size_t f = 0; f < frame.columns.size(); ++f) {
        const double expected = frame.columns[f][r];
        const std::string_view cell = reader[f + 2];
        if (std::isnan(expected)) {
          ASSERT_TRUE(cell.empty()) << series.symbol() << " " << r;
          continue;
        }
        double value = 0;
        std::from_chars(cell.data(), cell.data() + cell.size(), value);
        ASSERT_EQ(value, expected) << series.symbol() << " " << r << " " << frame.names[f];
      }
    }
  }
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(rows, 30u * 2529u);
}

// Groups of one symbol, tiny chunks, one or two threads: byte for byte the same output.
TEST(FeatureCsv, GroupingChunkingAndThreadsDoNotChangeTheOutput) {
  const auto features = FeatureRegistry::builtin().resolve("technical_raw");
  FeatureCsvOptions big;
  big.symbol_column = true;
  FeatureCsvOptions small = big;
  small.group_rows = 1;
  small.rows_per_chunk = 3;
  const std::string reference = write(all_of(dow()), features, big, 1);
  EXPECT_EQ(write(all_of(dow()), features, small, 2), reference);
  EXPECT_EQ(write(all_of(dow()), features, big, 2), reference);
}

}  // namespace
}  // namespace mp::features
