#pragma once
// Atom 1.0 (RFC 4287): <feed xmlns="http://www.w3.org/2005/Atom"> and its <entry>s, with
//  - <title>, <summary>, <content>: text constructs, type "text" (the default: kept as written,
//    white space collapsed), "html" (markup stripped, as RSS) or "xhtml" (the text of its
//    elements); <content> of another media type or with a src attribute is not read;
//  - <link href>: the first with rel="alternate" or no rel;
//  - <published> (RFC 3339), else <updated>; an entry with neither is skipped and counted;
//  - <category term>.
// NewsItem::text is the summary, else the content. The feed's <title> is the source. Errors as
// RSS: a repeated element, markup in a text construct that is not xhtml, an unknown text type,
// a date that is not one, an entry with neither title nor summary nor content.
#include "data/news_feed.hpp"
#include "data/xml_document.hpp"

#include <string_view>

namespace mp::data {

inline constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";

// The document's root is <feed> in the Atom namespace (news_feed checks that).
NewsFeed read_atom_feed(const XmlDocument& document);

}  // namespace mp::data
