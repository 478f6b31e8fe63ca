#pragma once
// RSS 2.0: <rss version="2.x"><channel><item> with <title>, <description>, <pubDate> (RFC 822) or
// else Dublin Core's <dc:date> (ISO-8601, namespace http://purl.org/dc/elements/1.1/), <link>,
// <category>. HTML markup inside title and description (escaped or in CDATA) is stripped to plain
// text. Errors: a wrong version, not one <channel>, a repeated <title>/<description>/<pubDate>/
// <dc:date>/<link> in an item, markup not escaped, a date that is not one, an item with neither
// title nor description. An item with neither <pubDate> nor <dc:date> is skipped and counted.
#include "data/news_feed.hpp"
#include "data/xml_document.hpp"

namespace mp::data {

// The document's root is <rss> (news_feed checks that).
NewsFeed read_rss_feed(const XmlDocument& document);

}  // namespace mp::data
