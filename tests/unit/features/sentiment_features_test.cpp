// The registered sentiment and alternative-data features: NaN without their columns (the
// bundled sample has no news), transforms of the columns otherwise.
#include "features/feature_pipeline.hpp"
#include "features/sentiment_join.hpp"

#include "data/csv_import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mp::features {
namespace {

using ::testing::ElementsAre;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kFeatures = {"news_sentiment",    "news_volume",    "reddit_mentions",
                                            "reddit_score",      "analyst_rating", "institutional_ownership",
                                            "insider_net_buying"};

TEST(SentimentFeatures, RegisteredAsModelFeaturesReadingAuxColumns) {
  const auto& registry = FeatureRegistry::builtin();
  for (const auto& name : kFeatures) {
    const auto& def = registry.get(name);
    EXPECT_EQ(def.kind, FeatureKind::Model) << name;
    EXPECT_EQ(def.category, "sentiment") << name;
    EXPECT_EQ(def.warmup, 0) << name;
    EXPECT_TRUE(def.inputs.empty()) << name;
    EXPECT_FALSE(def.aux_inputs.empty()) << name;
    EXPECT_FALSE(def.description.empty()) << name;
  }
  EXPECT_THAT(registry.get("news_sentiment").aux_inputs, ElementsAre(kNewsScoreColumn, kNewsCountColumn));
  EXPECT_THAT(registry.get("insider_net_buying").aux_inputs, ElementsAre(kInsiderNetBuyingColumn));
  EXPECT_THAT(feature_names(registry.resolve("sentiment")),
              ElementsAre("news_sentiment", "news_volume", "reddit_mentions", "reddit_score"));
  EXPECT_THAT(feature_names(registry.resolve("alt_data")),
              ElementsAre("analyst_rating", "institutional_ownership", "insider_net_buying"));
  const auto all = feature_names(registry.resolve("all"));
  for (const auto& name : kFeatures) EXPECT_NE(std::find(all.begin(), all.end(), name), all.end()) << name;
}

TEST(SentimentFeatures, NaNOnTheSampleWithoutNews) {
  const auto sample =
      data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv");
  const auto& ibm = sample.panel.at("IBM");
  AuxData aux;
  add_sentiment_columns(aux, sample.panel, {}, {}, 3.0);  // no items: no columns at all
  add_alt_data_columns(aux, sample.panel, {});
  EXPECT_TRUE(aux.empty());
  auto list = FeatureRegistry::builtin().resolve("sentiment");
  const auto alt = FeatureRegistry::builtin().resolve("alt_data");
  list.insert(list.end(), alt.begin(), alt.end());
  ASSERT_EQ(list.size(), 7U);
  for (const AuxColumns* columns : {static_cast<const AuxColumns*>(nullptr), aux_for(&aux, "IBM")}) {
    const auto frame = compute_features(ibm, list, columns);
    for (std::size_t f = 0; f < list.size(); ++f) {
      EXPECT_TRUE(std::all_of(frame.columns[f].begin(), frame.columns[f].end(), [](double v) { return std::isnan(v); }))
          << list[f]->name;
    }
  }
}

TEST(SentimentFeatures, TransformsOfTheColumns) {
  SymbolSeries series("AAPL");
  for (int i = 0; i < 4; ++i) series.push_back(Bar{days_to_date(15000 + i), 1, 1, 1, 1, 1, 1});
  AuxColumns aux;
  aux.set(kNewsScoreColumn, {kNaN, 0.0, 0.3, -0.45});
  aux.set(kNewsCountColumn, {kNaN, 0.0, 1.5, 0.9});
  aux.set(kRedditMentionsColumn, {kNaN, 0.0, 2.0, 9.0});
  aux.set(kRedditScoreColumn, {kNaN, 0.0, -3.0, 99.0});
  aux.set(kAnalystRatingColumn, {kNaN, 1.0, 4.5, 5.0});
  aux.set(kInstitutionalOwnershipColumn, {kNaN, 61.5, 100.0, 130.0});
  aux.set(kInsiderNetBuyingColumn, {kNaN, 0.0, -250000.0, 1200.0});
  std::vector<const FeatureDef*> list;
  for (const auto& name : kFeatures) list.push_back(&FeatureRegistry::builtin().get(name));
  const auto frame = compute_features(series, list, &aux);

  const auto expect = [&](std::size_t f, std::vector<double> expected) {
    for (std::size_t t = 0; t < expected.size(); ++t) {
      if (std::isnan(expected[t])) {
        EXPECT_TRUE(std::isnan(frame.columns[f][t])) << kFeatures[f] << " row " << t;
      } else {
        EXPECT_NEAR(frame.columns[f][t], expected[t], 1e-12) << kFeatures[f] << " row " << t;
      }
    }
  };
  expect(0, {kNaN, kNaN, 0.2, -0.5});  // mean = score / count; NaN while the count is 0
  expect(1, {kNaN, 0.0, std::log(2.5), std::log(1.9)});
  expect(2, {kNaN, 0.0, std::log(3.0), std::log(10.0)});
  expect(3, {kNaN, 0.0, -std::log(4.0), std::log(100.0)});
  expect(4, {kNaN, 1.0, 4.5, 5.0});
  expect(5, {kNaN, 0.615, 1.0, 1.3});
  expect(6, {kNaN, 0.0, -std::log1p(250000.0), std::log1p(1200.0)});
}

TEST(SentimentFeatures, OnlyTheSourcesPresentAreComputed) {
  SymbolSeries series("AAPL");
  for (int i = 0; i < 2; ++i) series.push_back(Bar{days_to_date(15000 + i), 1, 1, 1, 1, 1, 1});
  AuxColumns aux;
  aux.set(kNewsCountColumn, {0.0, 1.0});  // news_volume can be computed; news_sentiment lacks its score column
  const auto frame =
      compute_features(series, FeatureRegistry::builtin().resolve("news_sentiment,news_volume,reddit_score"), &aux);
  EXPECT_TRUE(std::isnan(frame.columns[0][0]) && std::isnan(frame.columns[0][1]));
  EXPECT_DOUBLE_EQ(frame.columns[1][1], std::log(2.0));
  EXPECT_TRUE(std::isnan(frame.columns[2][1]));
}

}  // namespace
}  // namespace mp::features
