// RSS 2.0 reader and RFC 822 / ISO-8601 timestamps.
#include "data/news_sources.hpp"

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

std::string iso(std::optional<UtcTime> time) { return time ? format_utc_time(*time) : "(invalid)"; }

// The message of the InputError that parsing `xml` (labelled feed.xml) throws.
std::string rss_error(const std::string& xml) {
  try {
    parse_rss(xml, "feed.xml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string feed(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>T</title>\n" + items +
         "</channel>\n</rss>\n";
}

// ---------------------------------------------------------------- timestamps

TEST(Rfc822Time, RssSpellings) {
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 GMT")), "2003-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0000")), "2003-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 -0500")), "2003-06-10T09:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0530")), "2003-06-09T22:30:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 03 04:00 EST")), "2003-06-10T09:00:00Z");  // no weekday, 2-digit year
  EXPECT_EQ(iso(parse_rfc822_time("  Sat, 1 jan 2000 23:59:59 edt ")), "2000-01-02T03:59:59Z");
  EXPECT_EQ(iso(parse_rfc822_time("Wed, 31 Dec 1969 23:59:59 UT")), "1969-12-31T23:59:59Z");
}

TEST(Rfc822Time, RejectsMalformed) {
  EXPECT_FALSE(parse_rfc822_time("Tue, 31 Jun 2003 04:00:00 GMT"));  // no 31 June
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00"));      // no zone
  EXPECT_FALSE(parse_rfc822_time("Xyz, 10 Jun 2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jux 2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 24:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +2500"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 4:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("2003-06-10T04:00:00Z"));
  EXPECT_FALSE(parse_rfc822_time(""));
}

TEST(Iso8601Time, ZonesFractionsAndBareDates) {
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30:00Z")), "2024-03-05T14:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05 14:30:00z")), "2024-03-05T14:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30:00.999+01:00")), "2024-03-05T13:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30-0500")), "2024-03-05T19:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T00:30:00+02")), "2024-03-04T22:30:00Z");
  // A bare date is "some time that day": its last second, so never used too early.
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05")), "2024-03-05T23:59:59Z");
}

TEST(Iso8601Time, RejectsAmbiguousOrMalformed) {
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00"));  // no zone
  EXPECT_FALSE(parse_iso8601_time("2024-02-30T14:30:00Z"));
  EXPECT_FALSE(parse_iso8601_time("2024/03/05T14:30:00Z"));
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00.Z"));
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00Zjunk"));
  EXPECT_FALSE(parse_iso8601_time("1709649000"));
}

// ---------------------------------------------------------------- the fixture feed

TEST(RssFeed, ReadsTheFixture) {
  const auto items = import_rss(kNews / "market_wire_rss.xml");
  ASSERT_EQ(items.size(), 4U);

  EXPECT_EQ(items[0].title, "$AAPL profits surge to record");
  EXPECT_EQ(items[0].text, "Shares of Apple rose & held their gains.");  // CDATA HTML stripped
  EXPECT_EQ(items[0].link, "https://news.example.com/markets/2013/05/13/aapl-profits");
  EXPECT_THAT(items[0].categories, ElementsAre("Technology", "Earnings"));
  EXPECT_EQ(format_utc_time(items[0].published), "2013-05-13T13:30:00Z");
  EXPECT_EQ(items[0].source, "Example Markets Wire \u2014 Top Stories");
  EXPECT_TRUE(items[0].symbols.empty());  // matched later by tag_symbols

  EXPECT_EQ(items[1].title, "MSFT & IBM shares fall after guidance");
  EXPECT_EQ(items[1].text, "MSFT slides as cloud demand slows \u2014 analysts cautious");  // escaped <b> dropped
  EXPECT_EQ(format_utc_time(items[1].published), "2013-05-13T20:05:00Z");                  // 16:05 -0400

  EXPECT_EQ(items[2].title, "AT&T and Citi shares steady; T and C need cashtags");
  EXPECT_THAT(items[2].categories, ElementsAre("Banks & Telecoms"));
  EXPECT_EQ(format_utc_time(items[2].published), "2013-05-14T13:00:00Z");  // 09:00 EDT
  EXPECT_TRUE(items[2].link.empty());

  EXPECT_EQ(items[3].title, "Apple\u2019s iPad sales don\u2019t disappoint");
  EXPECT_EQ(format_utc_time(items[3].published), "2013-05-15T19:59:59Z");
  EXPECT_TRUE(items[3].text.empty());
}

TEST(RssFeed, SymbolsByCashtagAndWholeWord) {
  auto items = import_rss(kNews / "market_wire_rss.xml");
  tag_symbols(items, SymbolMatcher({"AAPL", "MSFT", "IBM", "T", "C"}));
  EXPECT_THAT(items[0].symbols, ElementsAre("AAPL"));         // $AAPL; "Apple" is not a ticker
  EXPECT_THAT(items[1].symbols, ElementsAre("IBM", "MSFT"));  // bare words, 3+ letters
  EXPECT_THAT(items[2].symbols, ElementsAre("C"));            // "$C" only: bare T and C never match
  EXPECT_TRUE(items[3].symbols.empty());
}

TEST(RssFeed, EmptyChannelAndSelfClosingItemsParts) {
  EXPECT_TRUE(parse_rss(feed(""), "feed.xml").empty());
  const auto items = parse_rss(feed("<item><title>A</title><link/><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"
                                    "<enclosure url=\"https://x/y.mp3\" length=\"1\" type='audio/mpeg'/></item>\n"),
                               "feed.xml");
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].title, "A");
  EXPECT_EQ(items[0].source, "T");
}

// ---------------------------------------------------------------- malformed feeds

TEST(RssFeed, MalformedXmlPointsAtLineAndColumn) {
  // Positions and wording of well-formedness errors are expat's (its column + 1), with the open
  // element, the entity or the '&' added where that helps.
  EXPECT_EQ(rss_error("<rss version=\"2.0\"><channel><item><title>x</title>"),
            "feed.xml:1:51: no element found: the document ends inside <item> opened at 1:29");
  EXPECT_EQ(rss_error(feed("<item><title>Caf&nbsp;</title></item>\n")),
            "feed.xml:5:17: undefined entity '&nbsp;' (XML defines only &lt; &gt; &amp; &quot; &apos;)");
  EXPECT_EQ(rss_error(feed("<item><title>AT&T</title></item>\n")),
            "feed.xml:5:18: not well-formed (invalid token): bare '&' at 5:16 (write &amp;)");
  EXPECT_EQ(rss_error(feed("<item><title>x</titel></item>\n")),
            "feed.xml:5:17: mismatched tag: </titel> does not close <title> opened at 5:7");
  EXPECT_EQ(rss_error(feed("<item><title>x</title><guid a=1>g</guid></item>\n")),
            "feed.xml:5:31: not well-formed (invalid token)");  // at the unquoted value
  EXPECT_EQ(rss_error(feed("<item><title><![CDATA[x</title></item>\n")),
            "feed.xml:8:1: unclosed CDATA section opened at 5:14");
  EXPECT_EQ(rss_error(feed("<item>&#0;</item>\n")), "feed.xml:5:7: reference to invalid character number");
  EXPECT_EQ(rss_error("<rss version=\"2.0\"><channel/></rss><rss/>"), "feed.xml:1:36: junk after document element");
  EXPECT_EQ(rss_error("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"),
            "feed.xml:1:31: encoding \"ISO-8859-1\" is not supported (UTF-8 only)");
  EXPECT_EQ(rss_error("<!DOCTYPE rss [<!ENTITY nbsp \"&#160;\">]><rss/>"),
            "feed.xml:1:15: a DOCTYPE internal subset is not supported");
  EXPECT_EQ(rss_error(""), "feed.xml:1:1: no element found");
}

TEST(RssFeed, DoctypeInternalSubsetIsRejectedBeforeItsEntitiesAreRead) {
  const std::string xml =
      feed("<item><title>Caf&nbsp;</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n");
  const std::string declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  const std::string with_subset =
      declaration + "<!DOCTYPE rss [\n<!ENTITY nbsp \"&#160;\">\n]>" + xml.substr(declaration.size());
  EXPECT_EQ(rss_error(with_subset), "feed.xml:2:15: a DOCTYPE internal subset is not supported");
  // An external DTD is never read: its entities stay undefined.
  const std::string with_dtd = declaration +
                               "<!DOCTYPE rss SYSTEM \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n" +
                               xml.substr(declaration.size());
  EXPECT_EQ(rss_error(with_dtd),
            "feed.xml:6:17: undefined entity '&nbsp;' (XML defines only &lt; &gt; &amp; &quot; &apos;)");
}

TEST(RssFeed, OnlyUtf8IsRead) {
  const std::string items = "<item><title>Caf\xC3\xA9</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n";
  const auto read = parse_rss("\xEF\xBB\xBF" + feed(items), "feed.xml");  // a UTF-8 byte order mark is fine
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].title, "Caf\u00e9");
  std::string latin1 = feed("<item><title>Caf\xE9</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n");
  latin1.replace(latin1.find("utf-8"), 5, "ISO-8859-1");
  EXPECT_EQ(rss_error(latin1), "feed.xml:1:31: encoding \"ISO-8859-1\" is not supported (UTF-8 only)");
  EXPECT_EQ(rss_error(std::string("\xFF\xFE<\0r\0s\0s\0/\0>\0", 14)),
            "feed.xml:1:1: UTF-16 or UTF-32 text is not supported (UTF-8 only)");
}

TEST(RssFeed, TruncatedFeedReportsWhereItEnds) {
  const std::string whole = feed("<item><title>A</title>\n<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n");
  EXPECT_EQ(rss_error(whole.substr(0, whole.find("</item>"))),
            "feed.xml:6:49: no element found: the document ends inside <item> opened at 5:1");
  EXPECT_EQ(rss_error(whole.substr(0, whole.find("Jun"))),
            "feed.xml:6:18: no element found: the document ends inside <pubDate> opened at 6:1");
}

TEST(RssFeed, NestingDeeperThan64IsRejected) {
  std::string deep;
  for (int i = 0; i < 66; ++i) deep += "<d>";
  // <rss> is depth 0, <item> 2: the 63rd <d> is the first one deeper than 64.
  EXPECT_EQ(rss_error(feed("<item>" + deep + "</item>\n")), "feed.xml:5:193: elements nested deeper than 64");
}

TEST(RssFeed, RssStructureErrors) {
  EXPECT_EQ(rss_error("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"),
            "feed.xml:1:1: root element is <feed>, expected <rss> (RSS 2.0)");
  EXPECT_EQ(rss_error("<rss version=\"0.91\"><channel/></rss>"), "feed.xml:1:1: <rss version=\"0.91\"> is not RSS 2.x");
  EXPECT_EQ(rss_error("<rss version=\"2.0\"></rss>"), "feed.xml:1:1: <rss> without a <channel>");
  EXPECT_EQ(rss_error(feed("<item><title>No date</title></item>\n")),
            "feed.xml:5:1: <item> without <pubDate> (an undated headline cannot be placed in time)");
  EXPECT_EQ(rss_error(feed("<item><title>x</title><pubDate> 2013-05-13 </pubDate></item>\n")),
            "feed.xml:5:33: <pubDate> is not an RFC 822 date-time (\"Tue, 10 Jun 2003 04:00:00 GMT\"): \"2013-05-13\"");
  EXPECT_EQ(rss_error(feed("<item><title>a <b>bold</b> move</title></item>\n")),
            "feed.xml:5:16: <title> contains the element <b>: escape markup or wrap it in CDATA");
  EXPECT_EQ(rss_error(feed("<item><title>a</title><title>b</title></item>\n")),
            "feed.xml:5:23: second <title> in one <item>");
  EXPECT_EQ(rss_error(feed("<item><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><title> </title></item>\n")),
            "feed.xml:5:1: <item> has neither a <title> nor a <description>");
}

TEST(RssFeed, UnreadableFileIsAnIoError) { EXPECT_THROW(import_rss(kNews / "no_such_feed.xml"), IoError); }

}  // namespace
}  // namespace mp::data
