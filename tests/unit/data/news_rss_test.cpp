// RSS 2.0 feeds: the fixtures, the encodings feeds are served in, dc:date, undated items, errors.
#include "data/news_feed.hpp"

#include "data/feed_time.hpp"
#include "data/symbol_matcher.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "captured_log.hpp"
#include "test_text.hpp"

#include <filesystem>
#include <string>

namespace mp::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::filesystem::path kNews = std::filesystem::path(MP_FIXTURES_DIR) / "news";

std::vector<NewsItem> parse_rss(const std::string& xml) { return parse_news_feed(xml, "feed.xml").items; }

// The message of the InputError that parsing `xml` (labelled feed.xml) throws.
std::string rss_error(const std::string& xml) {
  return test::message_of<InputError>([&] { parse_news_feed(xml, "feed.xml"); });
}

std::string feed(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>T</title>\n" + items +
         "</channel>\n</rss>\n";
}

// ---------------------------------------------------------------- the fixture feed

TEST(RssFeed, ReadsTheFixture) {
  const auto items = import_news_feed(kNews / "market_wire_rss.xml").items;
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
  auto items = import_news_feed(kNews / "market_wire_rss.xml").items;
  tag_symbols(items, SymbolMatcher({"AAPL", "MSFT", "IBM", "T", "C"}));
  EXPECT_THAT(items[0].symbols, ElementsAre("AAPL"));         // $AAPL; "Apple" is not a ticker
  EXPECT_THAT(items[1].symbols, ElementsAre("IBM", "MSFT"));  // bare words, 3+ letters
  EXPECT_THAT(items[2].symbols, ElementsAre("C"));            // "$C" only: bare T and C never match
  EXPECT_TRUE(items[3].symbols.empty());
}

TEST(RssFeed, EmptyChannelAndSelfClosingItemsParts) {
  EXPECT_TRUE(parse_rss(feed("")).empty());
  const auto items =
      parse_rss(feed("<item><title>A</title><link/><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"
                     "<enclosure url=\"https://x/y.mp3\" length=\"1\" type='audio/mpeg'/></item>\n"));
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
  EXPECT_EQ(rss_error("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><rss/>"),
            "feed.xml:1:31: encoding \"EUC-JP\" is not supported (UTF-8, US-ASCII, ISO-8859-1 or windows-1252 only)");
  EXPECT_EQ(rss_error("<rss version=\"2.0\"><channel><item><dc:date>2013-05-13</dc:date></item></channel></rss>"),
            "feed.xml:1:35: unbound prefix: \"<dc:date>\" uses a namespace prefix without its xmlns declaration");
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

TEST(RssFeed, Utf8WithOrWithoutByteOrderMarkAndNoUtf16) {
  const std::string items = "<item><title>Caf\xC3\xA9</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n";
  const auto read = parse_rss("\xEF\xBB\xBF" + feed(items));  // a UTF-8 byte order mark is fine
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].title, "Caf\u00e9");
  // Latin-1 bytes in a feed that says (or defaults to) UTF-8 are not UTF-8.
  EXPECT_EQ(rss_error(feed("<item><title>Caf\xE9</title></item>\n")), "feed.xml:5:17: not well-formed (invalid token)");
  EXPECT_EQ(rss_error(std::string("\xFF\xFE<\0r\0s\0s\0/\0>\0", 14)),
            "feed.xml:1:1: UTF-16 or UTF-32 text is not supported (UTF-8, US-ASCII, ISO-8859-1 or windows-1252 only)");
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
  EXPECT_EQ(rss_error("<html><body/></html>"),
            "feed.xml:1:1: root element is <html>, expected <rss> (RSS 2.0) or <feed> (Atom 1.0)");
  EXPECT_EQ(rss_error("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"),
            "feed.xml:1:1: root element is <rdf:RDF>, expected <rss> (RSS 2.0) or <feed> (Atom 1.0)");
  EXPECT_EQ(rss_error("<rss version=\"0.91\"><channel/></rss>"), "feed.xml:1:1: <rss version=\"0.91\"> is not RSS 2.x");
  EXPECT_EQ(rss_error("<rss version=\"2.0\"></rss>"), "feed.xml:1:1: <rss> without a <channel>");
  EXPECT_EQ(rss_error(feed("<item><title>x</title><pubDate> 2013-05-13 </pubDate></item>\n")),
            "feed.xml:5:33: <pubDate> is not an RFC 822 date-time (\"Tue, 10 Jun 2003 04:00:00 GMT\"): \"2013-05-13\"");
  EXPECT_EQ(rss_error(feed("<item><title>a <b>bold</b> move</title></item>\n")),
            "feed.xml:5:16: <title> contains the element <b>: escape markup or wrap it in CDATA");
  EXPECT_EQ(rss_error(feed("<item><title>a</title><title>b</title></item>\n")),
            "feed.xml:5:23: second <title> in one <item>");
  EXPECT_EQ(
      rss_error("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\n<item><title>a</title>"
                "<dc:date>2013-05-13</dc:date><dc:date>2013-05-14</dc:date></item></channel></rss>"),
      "feed.xml:2:52: second <dc:date> in one <item>");
  // Namespaced look-alikes of RSS's elements are not RSS's: an <atom:title> is no title.
  EXPECT_EQ(
      rss_error("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>\n<item>"
                "<atom:title>a</atom:title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item></channel></rss>"),
      "feed.xml:2:1: <item> has neither a <title> nor a <description>");
  EXPECT_EQ(rss_error(feed("<item><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><title> </title></item>\n")),
            "feed.xml:5:1: <item> has neither a <title> nor a <description>");
}

// ---------------------------------------------------------------- feeds as they are served

TEST(RssFeed, ReadsIso88591) {
  const auto items = import_news_feed(kNews / "latin1_rss.xml").items;
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].source, "March\u00e9s europ\u00e9ens");
  EXPECT_EQ(items[0].title, "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale rel\u00e8ve ses pr\u00e9visions");
  EXPECT_EQ(items[0].text, "L'action gagne 3\u00a0% \u00e0 Paris.");  // 0xA0 is a no-break space
  EXPECT_EQ(format_utc_time(items[0].published), "2013-05-14T06:15:00Z");
  EXPECT_EQ(items[1].title, "Nestl\u00e9: ventes en hausse");
}

TEST(RssFeed, ReadsWindows1252) {
  const auto items = import_news_feed(kNews / "cp1252_rss.xml").items;
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].source, "Example Euro Wire \u2013 Markets");                              // 0x96
  EXPECT_EQ(items[0].title, "\u201cRecord\u201d quarter: SAP earns \u20ac1.2bn");              // 0x93 0x94 0x80
  EXPECT_EQ(items[0].text, "CEO says it\u2019s \u2013 finally \u2013 a turning point\u2026");  // 0x92 0x96 0x85
  // The five bytes windows-1252 leaves undefined are not characters.
  std::string undefined = feed("<item><title>x\x81</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n");
  undefined.replace(undefined.find("utf-8"), 5, "windows-1252");
  EXPECT_EQ(rss_error(undefined), "feed.xml:5:15: not well-formed (invalid token)");
}

TEST(RssFeed, EncodingNamesAreCaseInsensitiveAndOthersAreRefused) {
  const std::string items = "<item><title>x</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n";
  for (const char* name : {"WINDOWS-1252", "cp1252", "iso-8859-1", "latin1", "US-ASCII", "ascii", "UTF-8"}) {
    std::string xml = feed(items);
    xml.replace(xml.find("utf-8"), 5, name);
    EXPECT_EQ(parse_rss(xml).size(), 1U) << name;
  }
  std::string ascii = feed("<item><title>Caf\xE9</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n");
  ascii.replace(ascii.find("utf-8"), 5, "ascii");
  EXPECT_EQ(rss_error(ascii), "feed.xml:5:17: not well-formed (invalid token)");  // ASCII has no 0xE9
  std::string shift_jis = feed(items);
  shift_jis.replace(shift_jis.find("utf-8"), 5, "Shift_JIS");
  EXPECT_EQ(rss_error(shift_jis),
            "feed.xml:1:31: encoding \"Shift_JIS\" is not supported (UTF-8, US-ASCII, ISO-8859-1 or windows-1252 "
            "only)");
}

TEST(RssFeed, DublinCoreDateDatesAnItem) {
  const std::string dc =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n";
  const auto items = parse_rss(dc +
                               "<channel><title>T</title>\n"
                               "<item><title>A</title><dc:date>2013-05-13T09:30:00-04:00</dc:date></item>\n"
                               "<item><title>B</title><dc:date>2013-05-14</dc:date></item>\n"
                               "<item><title>C</title><pubDate>Tue, 14 May 2013 09:00:00 GMT</pubDate>"
                               "<dc:date>2013-01-01T00:00:00Z</dc:date></item>\n"
                               "</channel></rss>\n");
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(format_utc_time(items[0].published), "2013-05-13T13:30:00Z");
  EXPECT_EQ(format_utc_time(items[1].published), "2013-05-14T23:59:59Z");  // a bare date: its last second
  EXPECT_EQ(format_utc_time(items[2].published), "2013-05-14T09:00:00Z");  // <pubDate> wins
  // The namespace decides, not the prefix; a malformed dc:date is an error.
  EXPECT_EQ(rss_error("<rss version=\"2.0\" xmlns:d=\"http://purl.org/dc/elements/1.1/\"><channel>\n"
                      "<item><title>A</title><d:date>13 May 2013</d:date></item></channel></rss>"),
            "feed.xml:2:31: <d:date> is not an ISO-8601 date-time with a zone (\"2003-06-10T04:00:00Z\"): \"13 May "
            "2013\"");
}

TEST(RssFeed, UndatedItemsAreSkippedCountedAndLogged) {
  const test::CapturedLog log;
  const auto read =
      parse_news_feed(feed("<item><title>A</title><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>\n"
                           "<item><title>No date</title></item>\n"
                           "<item><title>C</title><pubDate>Wed, 11 Jun 2003 04:00:00 GMT</pubDate></item>\n"
                           "  <item><description>No date either</description></item>\n"),
                      "feed.xml");
  ASSERT_EQ(read.items.size(), 2U);
  EXPECT_EQ(read.items[0].title, "A");
  EXPECT_EQ(read.items[1].title, "C");
  EXPECT_THAT(read.undated, ElementsAre("6:1", "8:3"));
  EXPECT_EQ(log.text(),
            "[warning] feed.xml: 2 undated <item>s skipped (no <pubDate> or <dc:date>), at 6:1, 8:3; 2 kept\n");
  // A feed whose every item is undated is empty, not an error.
  EXPECT_TRUE(parse_rss(feed("<item><title>No date</title></item>\n")).empty());
}

TEST(RssFeed, UnreadableFileIsAnIoError) { EXPECT_THROW(import_news_feed(kNews / "no_such_feed.xml"), IoError); }

}  // namespace
}  // namespace mp::data
