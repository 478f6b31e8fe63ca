// Atom 1.0 feeds (RFC 4287).
#include "data/news_feed.hpp"

#include "data/feed_time.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_text.hpp"

#include <filesystem>
#include <string>

namespace mp::data {
namespace {

using ::testing::ElementsAre;

const std::filesystem::path kNews = std::filesystem::path(MP_FIXTURES_DIR) / "news";

std::string atom(const std::string& entries) {
  return "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>T</title>\n" + entries +
         "</feed>\n";
}

std::string atom_error(const std::string& xml) {
  return test::message_of<InputError>([&] { parse_news_feed(xml, "feed.xml"); });
}

TEST(AtomFeed, ReadsTheFixture) {
  const auto items = import_news_feed(kNews / "market_wire_atom.xml").items;
  ASSERT_EQ(items.size(), 3U);

  EXPECT_EQ(items[0].source, "Example Markets Wire (Atom)");
  EXPECT_EQ(items[0].title, "$AAPL profits surge to record");
  EXPECT_EQ(items[0].text, "Shares of Apple rose & held their gains.");  // the summary, its HTML stripped
  EXPECT_EQ(items[0].link, "https://news.example.com/markets/2013/05/13/aapl-profits");
  EXPECT_EQ(format_utc_time(items[0].published), "2013-05-13T13:30:00Z");  // <published>, not <updated>
  EXPECT_THAT(items[0].categories, ElementsAre("Technology", "Earnings"));

  EXPECT_EQ(items[1].title, "MSFT & IBM shares fall after guidance");                // type="html"
  EXPECT_EQ(items[1].text, "MSFT slides as cloud demand slows Analysts cautious.");  // xhtml content
  EXPECT_EQ(items[1].link, "https://news.example.com/markets/2013/05/13/msft-ibm");  // not rel="edit"
  EXPECT_EQ(format_utc_time(items[1].published), "2013-05-13T20:05:00Z");            // no <published>: <updated>

  EXPECT_EQ(items[2].title, "Why <b> tags in a text title stay as written");  // type="text" is not HTML
  EXPECT_EQ(items[2].text, "Plain text content.");
  EXPECT_TRUE(items[2].link.empty());
  EXPECT_EQ(format_utc_time(items[2].published), "2013-05-14T13:00:00Z");
}

TEST(AtomFeed, PrefixedAtomAndUndatedEntries) {
  // The namespace makes it Atom, whatever the prefix; an entry without a date is skipped.
  const auto read = parse_news_feed(
      "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\">\n"
      "<a:entry><a:title>Dated</a:title><a:updated>2013-05-13T09:30:00+02:00</a:updated></a:entry>\n"
      "<a:entry><a:title>Undated</a:title></a:entry>\n"
      "</a:feed>",
      "feed.xml");
  ASSERT_EQ(read.items.size(), 1U);
  EXPECT_EQ(read.items[0].title, "Dated");
  EXPECT_EQ(read.items[0].source, "feed.xml");  // no feed title: the file
  EXPECT_EQ(format_utc_time(read.items[0].published), "2013-05-13T07:30:00Z");
  EXPECT_THAT(read.undated, ElementsAre("3:1"));
}

TEST(AtomFeed, Errors) {
  EXPECT_EQ(atom_error("<feed><title>T</title></feed>"),
            "feed.xml:1:1: <feed> in the namespace (none) is not Atom 1.0 (xmlns=\"http://www.w3.org/2005/Atom\")");
  EXPECT_EQ(atom_error("<feed xmlns=\"http://purl.org/atom/ns#\"/>"),
            "feed.xml:1:1: <feed> in the namespace \"http://purl.org/atom/ns#\" is not Atom 1.0 "
            "(xmlns=\"http://www.w3.org/2005/Atom\")");
  EXPECT_EQ(atom_error(atom("<entry><title>x</title><published>Tue, 10 Jun 2003 04:00:00 GMT</published></entry>\n")),
            "feed.xml:4:35: <published> is not an RFC 3339 date-time (\"2003-12-13T18:30:02Z\"): \"Tue, 10 Jun 2003 "
            "04:00:00 GMT\"");
  EXPECT_EQ(atom_error(atom("<entry><title>a</title><title>b</title></entry>\n")),
            "feed.xml:4:24: second <title> in one <entry>");
  EXPECT_EQ(atom_error(atom("<entry><title>a <b>bold</b></title><updated>2013-05-13T00:00:00Z</updated></entry>\n")),
            "feed.xml:4:17: <title> contains the element <b>: escape markup or wrap it in CDATA");
  EXPECT_EQ(
      atom_error(atom("<entry><title type=\"markdown\">*a*</title><updated>2013-05-13T00:00:00Z</updated></entry>\n")),
      "feed.xml:4:8: <title type=\"markdown\"> is not \"text\", \"html\" or \"xhtml\"");
  EXPECT_EQ(atom_error(atom("<entry><updated>2013-05-13T00:00:00Z</updated><content type=\"image/png\">iVBO</content>"
                            "</entry>\n")),
            "feed.xml:4:1: <entry> has neither a <title> nor a <summary> or <content>");
  EXPECT_EQ(atom_error(atom("<entry><title>a</title><link rel=\"alternate\"/><updated>2013-05-13T00:00:00Z</updated>"
                            "</entry>\n")),
            "feed.xml:4:24: <link> without an href");
}

}  // namespace
}  // namespace mp::data
