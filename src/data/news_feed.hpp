#pragma once
// News feeds -> mp::NewsItem (core/sentiment_event.hpp), told apart by their root element:
//  - RSS 2.0, <rss version="2.x"> (data/rss_feed);
//  - Atom 1.0, <feed xmlns="http://www.w3.org/2005/Atom"> (data/atom_feed).
// The XML is read by data/xml_document: UTF-8, US-ASCII, ISO-8859-1 or windows-1252, namespaces
// resolved. Every malformed input is an mp::InputError "file:line:column: ..."; either a whole
// feed parses or nothing does, except that an item without a date is skipped (it cannot be placed
// in time), counted, and reported as one warning per feed. NewsItem::source is the feed's title;
// symbols are empty (see data/symbol_matcher: tag_symbols).
#include "core/sentiment_event.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

struct NewsFeed {
  std::vector<NewsItem> items;       // the dated items, in feed order
  std::vector<std::string> undated;  // "line:column" of each item skipped for want of a date
};

// `file_label` names the input in error messages and in the warning about undated items.
NewsFeed parse_news_feed(std::string_view xml, const std::string& file_label);
NewsFeed import_news_feed(const std::filesystem::path& file);  // IoError when unreadable

}  // namespace mp::data
