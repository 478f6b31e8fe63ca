// Reddit listing JSON.
#include "data/feed_time.hpp"
#include "data/reddit_listing.hpp"
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

UtcTime utc(const char* text) { return *parse_iso8601_time(text); }

std::string listing_error(const std::string& text, const char* observed = "2013-05-17T00:00:00Z") {
  try {
    parse_reddit_listing(text, "r.json", utc(observed));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string listing_of(const std::string& post) {
  return R"({"kind":"Listing","data":{"children":[{"kind":"t3","data":)" + post + "}]}}";
}

TEST(RedditListing, ReadsTheFixture) {
  const auto observed = utc("2013-05-17T00:00:00Z");
  const auto posts = import_reddit_listing(kNews / "reddit_stocks_new.json", observed);
  ASSERT_EQ(posts.size(), 3U);

  EXPECT_EQ(format_utc_time(posts[0].created), "2013-05-13T14:00:00Z");  // 1368453600.0
  EXPECT_EQ(posts[0].score_observed, observed);
  EXPECT_EQ(posts[0].id, "1e9q2a");
  EXPECT_EQ(posts[0].subreddit, "stocks");
  EXPECT_EQ(posts[0].title, "$AAPL earnings play?");
  EXPECT_EQ(posts[0].selftext, "Thinking about buying calls on AAPL before the dividend. Thoughts?");
  EXPECT_DOUBLE_EQ(posts[0].score, 42.0);

  EXPECT_EQ(format_utc_time(posts[1].created), "2013-05-14T02:30:00Z");
  EXPECT_EQ(posts[1].selftext, "");  // a link post
  EXPECT_DOUBLE_EQ(posts[1].score, 15.0);

  EXPECT_EQ(format_utc_time(posts[2].created), "2013-05-14T21:30:00Z");
  EXPECT_EQ(posts[2].selftext, "I like $T and $c here. Also GE & the usual suspects.");  // &amp; unescaped
  EXPECT_DOUBLE_EQ(posts[2].score, -3.0);
}

TEST(RedditListing, MentionsByCashtagAndWholeWord) {
  auto posts = import_reddit_listing(kNews / "reddit_stocks_new.json", utc("2013-05-17T00:00:00Z"));
  tag_symbols(posts, SymbolMatcher({"AAPL", "MSFT", "IBM", "T", "C"}));
  EXPECT_THAT(posts[0].symbols, ElementsAre("AAPL"));  // "$AAPL" and "AAPL": one mention
  EXPECT_THAT(posts[1].symbols, ElementsAre("IBM", "MSFT"));
  EXPECT_THAT(posts[2].symbols, ElementsAre("C", "T"));  // "$T", "$c"; GE is not in the universe
}

TEST(RedditListing, SkipsCommentsAndMoreStubs) {
  const std::string text = R"({"kind":"Listing","data":{"children":[
    {"kind":"t1","data":{"body":"a comment","created_utc":1368453600}},
    {"kind":"more","data":{"count":3,"children":["a","b"]}},
    {"kind":"t3","data":{"title":"Post","score":2,"created_utc":1368453600,"selftext":null}}]}})";
  const auto posts = parse_reddit_listing(text, "r.json", utc("2013-05-17T00:00:00Z"));
  ASSERT_EQ(posts.size(), 1U);
  EXPECT_EQ(posts[0].title, "Post");
  EXPECT_EQ(posts[0].selftext, "");
}

TEST(RedditListing, MalformedInputNamesThePath) {
  EXPECT_EQ(listing_error(R"({"kind":"t3","data":{}})"),
            "r.json: /kind: not a Reddit listing: expected \"Listing\", got \"t3\"");
  EXPECT_EQ(listing_error(R"([1,2])"),
            "r.json: /: expected a Reddit listing object {\"kind\":\"Listing\",\"data\":{...}}");
  EXPECT_EQ(listing_error(R"({"kind":"Listing","data":{"children":{}}})"), "r.json: /data/children: expected an array");
  EXPECT_EQ(listing_error(listing_of(R"({"created_utc":"1368453600","title":"x","score":1})")),
            "r.json: /data/children/0/data/created_utc: expected unix seconds, got \"1368453600\"");
  EXPECT_EQ(listing_error(listing_of(R"({"created_utc":1368453600,"score":1})")),
            "r.json: /data/children/0/data/title: missing");
  EXPECT_EQ(listing_error(listing_of(R"({"created_utc":1368453600,"title":"x","score":"many"})")),
            "r.json: /data/children/0/data/score: expected a number, got \"many\"");
  EXPECT_EQ(listing_error(listing_of(R"({"created_utc":1368453600,"title":"x"})")),
            "r.json: /data/children/0/data/score: missing");
  // A post cannot be newer than the download it came in: the observation time is wrong.
  EXPECT_EQ(listing_error(listing_of(R"({"created_utc":1368748801,"title":"x","score":1})")),
            "r.json: /data/children/0/data/created_utc: post created at 2013-05-17T00:00:01Z, after the listing "
            "was observed (2013-05-17T00:00:00Z)");
  const std::string truncated = listing_error("{\"kind\":\"Listing\",\n\"data\":{\"children\":[");
  EXPECT_THAT(truncated, HasSubstr("r.json:2:"));
  EXPECT_THAT(truncated, HasSubstr("malformed JSON"));
}

}  // namespace
}  // namespace mp::data
