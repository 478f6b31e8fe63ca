// Point-in-time joins of news, Reddit and alternative data: market close, decay, the
// "a headline changes only rows from the first trading day it was public" property.
#include "features/sentiment_join.hpp"

#include "data/alt_data_csv.hpp"
#include "data/csv_import.hpp"
#include "data/feed_time.hpp"
#include "data/news_feed.hpp"
#include "data/news_jsonl.hpp"
#include "data/symbol_matcher.hpp"
#include "features/feature_pipeline.hpp"
#include "features/sentiment_lexicon.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

namespace mp::features {
namespace {

const std::filesystem::path kNews = std::filesystem::path(MP_FIXTURES_DIR) / "news";
const std::filesystem::path kSource = std::filesystem::path(MP_SOURCE_DIR);

Date d(const char* text) { return *parse_date(text); }
UtcTime utc(const char* text) { return *data::parse_iso8601_time(text); }
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

SymbolSeries series_of(const std::string& symbol, const std::vector<Date>& dates) {
  SymbolSeries series(symbol);
  for (Date date : dates) series.push_back(Bar{date, 1, 1, 1, 1, 1, 100});
  return series;
}

// Fri 10 May 2013 .. Mon 20 May 2013, the trading days of that week and its neighbours.
const std::vector<Date>& week() {
  static const std::vector<Date> dates = {d("2013-05-10"), d("2013-05-13"), d("2013-05-14"), d("2013-05-15"),
                                          d("2013-05-16"), d("2013-05-17"), d("2013-05-20")};
  return dates;
}

Panel week_panel() {
  Panel panel;
  panel.add(series_of("AAPL", week()));
  panel.add(series_of("MSFT", week()));
  return panel;
}

ScoredItem scored(const char* published, std::vector<std::string> symbols, double score) {
  return ScoredItem{utc(published), std::move(symbols), score};
}

const std::vector<double>& col(const AuxData& aux, const std::string& symbol, const std::string& name) {
  const auto* column = aux.at(symbol).find(name);
  if (column == nullptr) throw std::runtime_error("no column " + name);
  return *column;
}

void expect_column(const std::vector<double>& actual, const std::vector<double>& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << what << " row " << i << ": " << actual[i];
    } else {
      EXPECT_NEAR(actual[i], expected[i], 1e-12) << what << " row " << i;
    }
  }
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------- when an item is usable

TEST(MarketClose, NewYorkCloseInUtc) {
  EXPECT_EQ(us_market_close_utc(d("2013-05-13")), utc("2013-05-13T20:00:00Z"));  // EDT
  EXPECT_EQ(us_market_close_utc(d("2013-01-15")), utc("2013-01-15T21:00:00Z"));  // EST
  EXPECT_EQ(us_market_close_utc(d("2013-11-01")), utc("2013-11-01T20:00:00Z"));  // EDT until 3 Nov 2013
  EXPECT_EQ(us_market_close_utc(d("2013-11-04")), utc("2013-11-04T21:00:00Z"));
  EXPECT_EQ(us_market_close_utc(d("2007-03-12")), utc("2007-03-12T20:00:00Z"));  // 2nd Sunday of March rule
  EXPECT_EQ(us_market_close_utc(d("2006-03-13")), utc("2006-03-13T21:00:00Z"));  // 1987-2006: 1st Sunday of April
  EXPECT_EQ(us_market_close_utc(d("2006-04-03")), utc("2006-04-03T20:00:00Z"));
  EXPECT_EQ(us_market_close_utc(d("2006-10-30")), utc("2006-10-30T21:00:00Z"));  // after the last Sunday of Oct
}

TEST(MarketClose, EarlyClosesAndOldHoursAreTakenEarlyNeverLate) {
  EXPECT_EQ(us_market_close_utc(d("2013-11-29")), utc("2013-11-29T18:00:00Z"));  // day after Thanksgiving, 13:00
  EXPECT_EQ(us_market_close_utc(d("2013-12-24")), utc("2013-12-24T18:00:00Z"));
  EXPECT_EQ(us_market_close_utc(d("2013-07-03")), utc("2013-07-03T17:00:00Z"));  // 13:00 EDT
  EXPECT_EQ(us_market_close_utc(d("1984-06-01")), utc("1984-06-01T19:30:00Z"));  // 15:30 before 1985
  EXPECT_EQ(us_market_close_utc(d("1974-02-01")), utc("1974-02-01T19:30:00Z"));  // 1974 winter daylight time
  EXPECT_EQ(us_market_close_utc(d("1973-02-01")), utc("1973-02-01T20:30:00Z"));
}

TEST(FirstUsableRow, FirstTradingDateWhoseCloseIsAfterPublication) {
  const auto& dates = week();
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-01T12:00:00Z")), 0U);
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-13T19:59:59Z")), 1U);  // 15:59:59 New York: that day
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-13T20:00:00Z")), 2U);  // at the close: the next day
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-11T12:00:00Z")), 1U);  // Saturday: Monday
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-17T20:30:00Z")), 6U);  // Friday evening: Monday 20 May
  EXPECT_EQ(first_usable_row(dates, utc("2013-05-20T20:00:01Z")), 7U);  // after the last row: never
}

// ---------------------------------------------------------------- decay by hand

TEST(DecayedSum, HandComputed) {
  // Half-life 2 days: a factor 2^-0.5 per calendar day.
  const auto out = decayed_sum(week(), {{1, 0.5}, {3, -0.1}, {9, 7.0}}, 2.0, 1);
  const double h = std::pow(2.0, -0.5);
  expect_column(out, {kNaN, 0.5, 0.5 * h, 0.5 * 0.5 - 0.1, 0.15 * h, 0.15 * 0.5, 0.075 * h * h * h}, "decayed_sum");
  EXPECT_THROW(decayed_sum(week(), {}, 0.0, 0), ConfigError);
  EXPECT_THROW(decayed_sum(week(), {}, std::nan(""), 0), ConfigError);
}

TEST(SentimentColumns, NewsDecaysPerSymbolAndIsNaNBeforeCoverage) {
  AuxData aux;
  const std::vector<ScoredItem> news = {
      scored("2013-05-13T15:00:00Z", {"AAPL"}, 0.5),   // usable Mon 13
      scored("2013-05-14T20:30:00Z", {"AAPL"}, -0.1),  // after Tuesday's close: Wed 15
      scored("2013-05-13T12:00:00Z", {}, 0.9),         // no symbol: only proves the feed ran
      scored("2013-05-14T10:00:00Z", {"TSLA"}, 0.3),   // outside the panel
  };
  add_sentiment_columns(aux, week_panel(), news, {}, 2.0);
  const double h = std::pow(2.0, -0.5);
  expect_column(col(aux, "AAPL", kNewsScoreColumn), {kNaN, 0.5, 0.5 * h, 0.15, 0.15 * h, 0.075, 0.075 * h * h * h},
                "AAPL score");
  expect_column(col(aux, "AAPL", kNewsCountColumn), {kNaN, 1.0, h, 1.5, 1.5 * h, 0.75, 0.75 * h * h * h}, "AAPL count");
  // Covered from Monday (the feed was running), but no MSFT headline: zero, not NaN.
  expect_column(col(aux, "MSFT", kNewsCountColumn), {kNaN, 0, 0, 0, 0, 0, 0}, "MSFT count");
  EXPECT_EQ(aux.at("AAPL").find(kRedditMentionsColumn), nullptr);  // no Reddit input: no column
  EXPECT_EQ(aux.count("TSLA"), 0U);

  // The features: decayed mean and log1p of the count.
  const auto frame = compute_features(
      week_panel().at("AAPL"), FeatureRegistry::builtin().resolve("news_sentiment,news_volume"), &aux.at("AAPL"));
  expect_column(frame.columns[0], {kNaN, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1}, "news_sentiment");
  expect_column(frame.columns[1],
                {kNaN, std::log(2.0), std::log1p(h), std::log(2.5), std::log1p(1.5 * h), std::log(1.75),
                 std::log1p(0.75 * h * h * h)},
                "news_volume");
  const auto msft =
      compute_features(week_panel().at("MSFT"), FeatureRegistry::builtin().resolve("news_sentiment"), &aux.at("MSFT"));
  expect_column(msft.columns[0], std::vector<double>(7, kNaN), "MSFT news_sentiment");  // no headline: unknown mean
}

TEST(SentimentColumns, RedditMentionsFromCreationScoresFromObservation) {
  RedditPost first;
  first.created = utc("2013-05-13T14:00:00Z");         // mention from Mon 13
  first.score_observed = utc("2013-05-16T12:00:00Z");  // score from Thu 16
  first.score = 42;
  first.symbols = {"AAPL"};
  RedditPost second;
  second.created = utc("2013-05-14T21:30:00Z");         // Wed 15
  second.score_observed = utc("2013-05-17T00:00:00Z");  // Fri 17
  second.score = -3;
  second.symbols = {"AAPL", "MSFT"};
  AuxData aux;
  add_sentiment_columns(aux, week_panel(), {}, {first, second}, 2.0);
  const double h = std::pow(2.0, -0.5);
  expect_column(col(aux, "AAPL", kRedditMentionsColumn), {kNaN, 1, h, 1.5, 1.5 * h, 0.75, 0.75 * h * h * h},
                "AAPL mentions");
  expect_column(col(aux, "MSFT", kRedditMentionsColumn), {kNaN, 0, 0, 1, h, 0.5, 0.5 * h * h * h}, "MSFT mentions");
  const double s = 42 * h - 3;
  expect_column(col(aux, "AAPL", kRedditScoreColumn), {kNaN, kNaN, kNaN, kNaN, 42, s, s * h * h * h}, "AAPL score");
  expect_column(col(aux, "MSFT", kRedditScoreColumn), {kNaN, kNaN, kNaN, kNaN, 0, -3, -3 * h * h * h}, "MSFT score");
  EXPECT_EQ(aux.at("AAPL").find(kNewsScoreColumn), nullptr);
  EXPECT_THROW(add_sentiment_columns(aux, week_panel(), {}, {first}, -1.0), ConfigError);
}

// ---------------------------------------------------------------- the point-in-time property

// Adding one headline published at p changes only rows from the first trading day whose close is
// after p; every earlier row is bit-for-bit identical, in the columns and in the features.
TEST(SentimentPointInTime, OneHeadlineChangesOnlyRowsFromItsFirstTradingDay) {
  const auto sample = data::import_csv(kSource / "data/sample/prices/aapl_ohlcv_2013_2018.csv");
  const Panel& panel = sample.panel;
  const auto dates = panel.at("AAPL").dates();
  std::vector<ScoredItem> base;
  for (std::size_t i = 20; i < dates.size(); i += 37) {  // a headline every 37 trading days, at 14:00 UTC
    base.push_back(ScoredItem{UtcTime{dates[i]} + std::chrono::hours{14}, {"AAPL"}, (i % 3 == 0) ? 0.4 : -0.2});
  }
  const auto features = FeatureRegistry::builtin().resolve("news_sentiment,news_volume");
  const std::vector<std::string> columns = {kNewsScoreColumn, kNewsCountColumn};
  AuxData before;
  add_sentiment_columns(before, panel, base, {}, 3.0);
  const auto before_frame = compute_features(panel.at("AAPL"), features, &before.at("AAPL"));

  const char* instants[] = {
      "2013-05-10T12:00:00Z",  // before the sample and before the first base headline (moves coverage)
      "2013-05-17T19:30:00Z",  // Friday 15:30 New York: that Friday
      "2013-05-17T20:30:00Z",  // Friday 16:30 New York: Monday 20 May
      "2014-01-04T15:00:00Z",  // a Saturday
      "2015-07-02T19:59:59Z",  // a second before the close
      "2015-07-03T12:00:00Z",  // the 4th of July holiday observed on Friday 3 July 2015
      "2016-11-25T18:30:00Z",  // Black Friday, after the 13:00 early close
      "2018-05-11T21:00:00Z",  // after the sample's last close: changes nothing
  };
  for (const char* instant : instants) {
    const UtcTime published = utc(instant);
    auto with = base;
    with.push_back(ScoredItem{published, {"AAPL"}, 0.9});
    AuxData after;
    add_sentiment_columns(after, panel, with, {}, 3.0);
    const auto after_frame = compute_features(panel.at("AAPL"), features, &after.at("AAPL"));
    const std::size_t first = first_usable_row(dates, published);
    for (const auto& name : columns) {
      const auto& a = col(before, "AAPL", name);
      const auto& b = col(after, "AAPL", name);
      for (std::size_t t = 0; t < first; ++t) {
        ASSERT_TRUE(same(a[t], b[t])) << instant << " " << name << " changed at " << format_date(dates[t]);
      }
      if (first < dates.size()) {
        EXPECT_FALSE(same(a[first], b[first])) << instant << " " << name;
      }
    }
    for (std::size_t f = 0; f < features.size(); ++f) {
      for (std::size_t t = 0; t < first; ++t) {
        ASSERT_TRUE(same(before_frame.columns[f][t], after_frame.columns[f][t]))
            << instant << " " << features[f]->name << " changed at " << format_date(dates[t]);
      }
    }
  }
  // The days named above, explicitly.
  EXPECT_EQ(dates[first_usable_row(dates, utc("2013-05-17T19:30:00Z"))], d("2013-05-17"));
  EXPECT_EQ(dates[first_usable_row(dates, utc("2013-05-17T20:30:00Z"))], d("2013-05-20"));
  EXPECT_EQ(dates[first_usable_row(dates, utc("2014-01-04T15:00:00Z"))], d("2014-01-06"));
  EXPECT_EQ(dates[first_usable_row(dates, utc("2015-07-03T12:00:00Z"))], d("2015-07-06"));
  EXPECT_EQ(dates[first_usable_row(dates, utc("2016-11-25T18:30:00Z"))], d("2016-11-28"));
  EXPECT_EQ(first_usable_row(dates, utc("2018-05-11T21:00:00Z")), dates.size());
}

// ---------------------------------------------------------------- alternative data

TEST(AltDataColumns, AsOfTheDayAfterPublication) {
  std::vector<AltDataTable> tables = {
      data::import_alt_data_csv(kNews / "analyst_ratings.csv"),
      data::import_alt_data_csv(kNews / "institutional_ownership.csv"),
      data::import_alt_data_csv(kNews / "insider_transactions.csv"),
  };
  AuxData aux;
  add_alt_data_columns(aux, week_panel(), tables);
  // AAPL 4.2 published Mon 13 -> from Tue 14; 3.9 restated as 4.0 on Wed 15 -> 4.0 from Thu 16.
  expect_column(col(aux, "AAPL", kAnalystRatingColumn), {kNaN, kNaN, 4.2, 4.2, 4.0, 4.0, 4.0}, "AAPL rating");
  expect_column(col(aux, "AAPL", kInstitutionalOwnershipColumn), {kNaN, kNaN, kNaN, 61.5, 61.5, 61.5, 61.5}, "own");
  expect_column(col(aux, "MSFT", kInsiderNetBuyingColumn), {kNaN, kNaN, -250000, -250000, -250000, -250000, -250000},
                "MSFT insiders");
  EXPECT_EQ(aux.at("MSFT").find(kAnalystRatingColumn), nullptr);  // no MSFT rating: no column (NaN feature)
  EXPECT_EQ(aux.count("IBM"), 0U);                                // not in the panel

  const auto frame =
      compute_features(week_panel().at("AAPL"),
                       FeatureRegistry::builtin().resolve("analyst_rating,institutional_ownership"), &aux.at("AAPL"));
  expect_column(frame.columns[0], {kNaN, kNaN, 4.2, 4.2, 4.0, 4.0, 4.0}, "analyst_rating");
  expect_column(frame.columns[1], {kNaN, kNaN, kNaN, 0.615, 0.615, 0.615, 0.615}, "institutional_ownership");
}

// ---------------------------------------------------------------- the fixtures end to end

TEST(SentimentFixtures, RssAndJsonlThroughScorerAndJoin) {
  const data::SymbolMatcher matcher({"AAPL", "MSFT", "IBM", "T", "C"});
  auto items = data::import_news_feed(kNews / "market_wire_rss.xml").items;
  auto jsonl = data::import_news_jsonl(kNews / "market_news.jsonl");
  items.insert(items.end(), jsonl.begin(), jsonl.end());
  data::tag_symbols(items, matcher);
  const auto scorer = make_sentiment_scorer("afinn165_fin", kSource / "data/lexicons");
  const auto news = score_news(items, *scorer);
  ASSERT_EQ(news.size(), 8U);
  EXPECT_NEAR(news[0].score, 5.0 / std::sqrt(40.0), 1e-12);   // "$AAPL profits surge to record"
  EXPECT_NEAR(news[1].score, -0.25, 1e-12);                   // "MSFT & IBM shares fall after guidance"
  EXPECT_NEAR(news[4].score, 0.25, 1e-12);                    // "Apple upgraded to buy ..."
  EXPECT_NEAR(news[6].score, -2.0 / std::sqrt(19.0), 1e-12);  // "Apple faces lawsuit over patents"

  AuxData aux;
  add_sentiment_columns(aux, week_panel(), news, {}, 3.0);
  // AAPL: RSS 0 and JSONL 0 usable Mon 13, JSONL 2 (09:31 New York) Wed 15.
  const double w = std::pow(2.0, -2.0 / 3.0);  // two days of a 3-day half-life
  const double a = 5.0 / std::sqrt(40.0), b = 0.25, c = -2.0 / std::sqrt(19.0);
  const auto frame =
      compute_features(week_panel().at("AAPL"), FeatureRegistry::builtin().resolve("news_sentiment"), &aux.at("AAPL"));
  EXPECT_TRUE(std::isnan(frame.columns[0][0]));  // Fri 10: before the feeds start
  EXPECT_NEAR(frame.columns[0][1], (a + b) / 2, 1e-12);
  EXPECT_NEAR(frame.columns[0][2], (a + b) / 2, 1e-12);  // decay alone leaves a mean unchanged
  EXPECT_NEAR(frame.columns[0][3], (w * (a + b) + c) / (2 * w + 1), 1e-12);
  // MSFT: RSS 1 after Monday's close -> Tue 14; JSONL 1 (15:00 New York) Tue 14 as well.
  const auto& msft = col(aux, "MSFT", kNewsCountColumn);
  EXPECT_EQ(msft[1], 0.0);
  EXPECT_NEAR(msft[2], 2.0, 1e-12);
}

}  // namespace
}  // namespace mp::features
