// The [sources] wiring: files and directories of snapshots, overlapping snapshots counted once,
// the lexicon directory from the configuration, and only the families the features need.
#include "ml/aux_data_builder.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "data/csv_import.hpp"
#include "features/sentiment_join.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

namespace mp::ml {
namespace {

namespace fs = std::filesystem;

const fs::path kNews = fs::path(MP_FIXTURES_DIR) / "news";

const Panel& aapl() {
  static const Panel panel =
      data::import_csv(fs::path(MP_SOURCE_DIR) / "data/sample/prices/aapl_ohlcv_2013_2018.csv").panel;
  return panel;
}

SourcesConfig sentiment_sources() {
  SourcesConfig sources;
  sources.lexicon_dir = (fs::path(MP_SOURCE_DIR) / "data/lexicons").string();
  return sources;
}

class AuxDataBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mp-aux-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AuxDataBuilderTest, ADirectoryOfOverlappingSnapshotsCountsEachHeadlineOnce) {
  const auto features = features::FeatureRegistry::builtin().resolve("sentiment");
  auto one_file = sentiment_sources();
  one_file.news_rss = {(kNews / "market_wire_rss.xml").string()};
  const auto expected = build_aux_data(aapl(), one_file, features);

  // The same feed fetched twice, plus a file of another kind the directory must ignore.
  fs::copy_file(kNews / "market_wire_rss.xml", dir_ / "feed-20130514T000000Z.xml");
  fs::copy_file(kNews / "market_wire_rss.xml", dir_ / "feed-20130516T000000Z.xml");
  fs::copy_file(kNews / "market_news.jsonl", dir_ / "notes.jsonl");
  auto directory = sentiment_sources();
  directory.news_rss = {dir_.string()};
  const auto actual = build_aux_data(aapl(), directory, features);

  const auto* want = expected.at("AAPL").find(features::kNewsCountColumn);
  const auto* got = actual.at("AAPL").find(features::kNewsCountColumn);
  ASSERT_NE(want, nullptr);
  ASSERT_NE(got, nullptr);
  double total = 0;
  for (std::size_t t = 0; t < want->size(); ++t) {
    if (std::isnan((*want)[t])) {
      EXPECT_TRUE(std::isnan((*got)[t])) << t;
    } else {
      EXPECT_EQ((*got)[t], (*want)[t]) << t;
      total += (*want)[t];
    }
  }
  EXPECT_GT(total, 0.0);  // the headlines about AAPL are there
}

TEST_F(AuxDataBuilderTest, AMissingLexiconDirectoryIsNamed) {
  auto sources = sentiment_sources();
  sources.news_rss = {(kNews / "market_wire_rss.xml").string()};
  sources.lexicon_dir = (dir_ / "no_lexicons").string();
  try {
    (void)build_aux_data(aapl(), sources, features::FeatureRegistry::builtin().resolve("sentiment"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_lexicons"), std::string::npos) << e.what();
  }
}

TEST_F(AuxDataBuilderTest, SplitsFileRescalesSharesFiledBeforeASplit) {
  write_file_atomic(dir_ / "fund.csv",
                    "symbol,period_start,period_end,filed,concept,value,form\n"
                    "AAPL,,2013-04-12,2013-04-24,shares_outstanding,938649000,10-Q\n");
  write_file_atomic(dir_ / "splits.csv", "symbol,date,ratio\nAAPL,2014-06-09,7:1\n");
  const auto features = features::FeatureRegistry::builtin().resolve("fundamental");
  SourcesConfig sources;
  sources.fundamentals_csv = {(dir_ / "fund.csv").string()};
  const auto unscaled = build_aux_data(aapl(), sources, features);
  sources.splits_csv = (dir_ / "splits.csv").string();
  const auto scaled = build_aux_data(aapl(), sources, features);
  const auto& dates = aapl().at("AAPL").dates();
  const auto row =
      static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), *parse_date("2013-05-01")) - dates.begin());
  EXPECT_EQ(unscaled.at("AAPL").find("fund.shares")->at(row), 938649000.0);
  EXPECT_EQ(scaled.at("AAPL").find("fund.shares")->at(row), 938649000.0 * 7);
}

TEST(ColumnSettings, ARecordedModelOverridesTheConfigurationsValueSettingsOnly) {
  SourcesConfig trained;
  trained.sentiment_half_life_days = 5.0;
  trained.sectors = {{"AAPL", "Information Technology"}};
  const auto recorded = column_settings(trained);

  SourcesConfig now;  // the configuration changed after training
  now.sentiment_half_life_days = 1.0;
  now.news_rss = {"data/news/rss"};
  const auto applied = with_column_settings(now, recorded);
  EXPECT_EQ(applied.sentiment_half_life_days, 5.0);
  EXPECT_EQ(applied.sectors, trained.sectors);
  EXPECT_EQ(applied.news_rss, now.news_rss);  // where the files are still comes from the configuration
  EXPECT_EQ(with_column_settings(now, nlohmann::json()).sentiment_half_life_days, 1.0);  // an older bundle
  EXPECT_THROW(with_column_settings(now, {{"sentiment_half_life_days", 2.0}}), ConfigError);
}

TEST_F(AuxDataBuilderTest, TechnicalFeaturesReadNoSource) {
  SourcesConfig sources;
  sources.macro_files = {(dir_ / "missing.csv").string()};  // would fail if it were read
  const auto technical = features::FeatureRegistry::builtin().resolve("technical");
  EXPECT_FALSE(needs_aux_data(technical));
  EXPECT_TRUE(build_aux_data(aapl(), sources, technical).empty());
  EXPECT_TRUE(needs_aux_data(features::FeatureRegistry::builtin().resolve("all")));
  EXPECT_THROW(build_aux_data(aapl(), sources, features::FeatureRegistry::builtin().resolve("all")), Error);
}

}  // namespace
}  // namespace mp::ml
