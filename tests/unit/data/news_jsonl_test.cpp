// JSONL news import.
#include "data/news_jsonl.hpp"
#include "data/feed_time.hpp"
#include "data/symbol_matcher.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mp::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::filesystem::path kNews = std::filesystem::path(MP_FIXTURES_DIR) / "news";

std::string jsonl_error(const std::string& text) {
  try {
    parse_news_jsonl(text, "news.jsonl");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(NewsJsonl, ReadsTheFixture) {
  const auto path = kNews / "market_news.jsonl";
  const auto items = import_news_jsonl(path);
  ASSERT_EQ(items.size(), 4U);  // the blank line is skipped

  EXPECT_EQ(format_utc_time(items[0].published), "2013-05-13T14:30:00Z");
  EXPECT_THAT(items[0].symbols, ElementsAre("AAPL"));
  EXPECT_EQ(items[0].title, "Apple upgraded to buy at Example Securities");
  EXPECT_EQ(items[0].text, "The analyst sees strong iPhone demand.");
  EXPECT_EQ(items[0].source, "Example Wire");

  EXPECT_EQ(format_utc_time(items[1].published), "2013-05-14T19:00:00Z");  // unix 1368558000
  EXPECT_THAT(items[1].symbols, ElementsAre("IBM", "MSFT"));               // upper-cased, sorted
  EXPECT_EQ(items[1].source, path.string());                               // no "source": the file

  EXPECT_EQ(format_utc_time(items[2].published), "2013-05-15T13:31:00Z");  // 09:31:00.250-04:00
  EXPECT_EQ(items[2].link, "https://news.example.com/markets/2013/05/15/lawsuit");

  EXPECT_EQ(format_utc_time(items[3].published), "2013-05-16T23:59:59Z");  // bare date: end of day
  EXPECT_THAT(items[3].symbols, ElementsAre("IBM"));
  EXPECT_TRUE(items[3].text.empty());  // "text": null
}

TEST(NewsJsonl, SymbolsMayBeLeftToTheMatcher) {
  auto items = parse_news_jsonl(R"({"time":0,"title":"$MSFT and IBM rally"})", "news.jsonl");
  ASSERT_EQ(items.size(), 1U);
  EXPECT_TRUE(items[0].symbols.empty());
  EXPECT_EQ(format_utc_time(items[0].published), "1970-01-01T00:00:00Z");
  tag_symbols(items, SymbolMatcher({"IBM", "MSFT", "AAPL"}));
  EXPECT_THAT(items[0].symbols, ElementsAre("IBM", "MSFT"));
}

TEST(NewsJsonl, UnixSecondsMayBeFractional) {
  const auto items = parse_news_jsonl("{\"time\":1368558000.75,\"symbol\":\"ibm\",\"title\":\"x\"}\r\n", "n");
  EXPECT_EQ(format_utc_time(items.at(0).published), "2013-05-14T19:00:00Z");
  EXPECT_THAT(items[0].symbols, ElementsAre("IBM"));
}

TEST(NewsJsonl, MalformedLinesNameLineAndColumn) {
  EXPECT_EQ(jsonl_error(R"({"time":"2013-05-13T14:30:00","symbol":"AAPL","title":"x"})"),
            "news.jsonl:1:2: \"time\": not an ISO-8601 date-time with a zone (\"2024-03-05T14:30:00Z\"): "
            "\"2013-05-13T14:30:00\"");
  EXPECT_EQ(jsonl_error(R"({"time":1368558000000,"symbol":"AAPL","title":"x"})"),
            "news.jsonl:1:2: \"time\": expected ISO-8601 text or unix seconds (milliseconds are not accepted), "
            "got 1368558000000");
  EXPECT_EQ(
      jsonl_error(R"({"time":true,"title":"x"})"),
      "news.jsonl:1:2: \"time\": expected ISO-8601 text or unix seconds (milliseconds are not accepted), got true");
  EXPECT_EQ(jsonl_error("\n"
                        R"({"symbol":"AAPL","title":"x"})"),
            "news.jsonl:2:1: missing \"time\" (ISO-8601 text or unix seconds)");
  EXPECT_EQ(jsonl_error(R"({"time":"2013-05-13T14:30:00Z","symbol":"AAPL"})"), "news.jsonl:1:1: missing \"title\"");
  EXPECT_EQ(jsonl_error(R"({"time":"2013-05-13T14:30:00Z", "title":5})"),
            "news.jsonl:1:33: \"title\": expected a string, got 5");
  EXPECT_EQ(jsonl_error(R"({"time":"2013-05-13T14:30:00Z","title":"  "})"), "news.jsonl:1:32: \"title\": empty title");
  EXPECT_EQ(jsonl_error(R"({"time":0,"symbols":"AAPL,MSFT","title":"x"})"),
            "news.jsonl:1:11: \"symbols\": expected an array of tickers, got \"AAPL,MSFT\"");
  EXPECT_EQ(jsonl_error(R"({"time":0,"symbols":["AAPL",7],"title":"x"})"),
            "news.jsonl:1:11: \"symbols\": expected a ticker string, got 7");
  EXPECT_EQ(jsonl_error(R"({"time":0,"symbol":"AAPL","symbols":["AAPL"],"title":"x"})"),
            "news.jsonl:1:27: \"symbols\": give \"symbol\" or \"symbols\", not both");
  EXPECT_EQ(jsonl_error(R"(["AAPL"])"), "news.jsonl:1:1: expected one JSON object per line");
  const std::string truncated = jsonl_error("{\"time\":0,\"title\":\"ok\"}\n{\"time\":0,\"title\":\"x\"");
  EXPECT_THAT(truncated, HasSubstr("news.jsonl:2:"));
  EXPECT_THAT(truncated, HasSubstr("malformed JSON"));
}

TEST(NewsJsonl, UnreadableFileIsAnIoError) { EXPECT_THROW(import_news_jsonl(kNews / "missing.jsonl"), IoError); }

}  // namespace
}  // namespace mp::data
