#include "data/rss_feed.hpp"

#include "data/feed_time.hpp"
#include "data/news_text.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace mp::data {

namespace {

using news_text::html_to_text;
using news_text::quote_text;
using news_text::trim;

constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";

// The elements of one <item> this reader uses; RSS's own have no namespace.
struct RssItemParts {
  const XmlElement* title = nullptr;
  const XmlElement* description = nullptr;
  const XmlElement* pub_date = nullptr;
  const XmlElement* dc_date = nullptr;
  const XmlElement* link = nullptr;
  std::vector<const XmlElement*> categories;
};

class RssItemReader {
 public:
  RssItemReader(const XmlDocument& document, std::string source) : document_(document), source_(std::move(source)) {}

  // nullopt: the item has no date.
  [[nodiscard]] std::optional<NewsItem> read(const XmlElement& item) const {
    const RssItemParts parts = parts_of(item);
    const std::optional<UtcTime> published = date_of(parts);
    if (!published) return std::nullopt;
    NewsItem out;
    out.source = source_;
    out.published = *published;
    if (parts.title != nullptr) out.title = html_to_text(parts.title->text);
    if (parts.description != nullptr) out.text = html_to_text(parts.description->text);
    if (parts.link != nullptr) out.link = std::string(trim(parts.link->text));
    for (const XmlElement* category : parts.categories) {
      if (auto text = html_to_text(category->text); !text.empty()) out.categories.push_back(std::move(text));
    }
    if (out.title.empty() && out.text.empty()) {
      document_.fail_at(item.offset, "<item> has neither a <title> nor a <description>");
    }
    return out;
  }

 private:
  [[nodiscard]] RssItemParts parts_of(const XmlElement& item) const {
    RssItemParts parts;
    for (const auto& child : item.children) {
      const XmlElement** slot = nullptr;
      if (child.is("", "title")) {
        slot = &parts.title;
      } else if (child.is("", "description")) {
        slot = &parts.description;
      } else if (child.is("", "pubDate")) {
        slot = &parts.pub_date;
      } else if (child.is(kDublinCore, "date")) {
        slot = &parts.dc_date;
      } else if (child.is("", "link")) {
        slot = &parts.link;
      } else if (child.is("", "category")) {
        document_.require_text_only(child);
        parts.categories.push_back(&child);
      }
      // Everything else (guid, author, enclosure, dc:creator, content:encoded, ...) is ignored.
      if (slot == nullptr) continue;
      *slot = document_.once(child, *slot, "item");
      document_.require_text_only(child);
    }
    return parts;
  }

  // <pubDate> (RFC 822) when there is one, else <dc:date> (ISO-8601); nullopt when neither.
  [[nodiscard]] std::optional<UtcTime> date_of(const RssItemParts& parts) const {
    if (parts.pub_date != nullptr) {
      const std::string_view text = trim(parts.pub_date->text);
      if (auto time = parse_rfc822_time(text)) return time;
      document_.fail_at(parts.pub_date->text_offset,
                        fmt::format("<pubDate> is not an RFC 822 date-time (\"Tue, 10 Jun 2003 04:00:00 GMT\"): {}",
                                    quote_text(text)));
    }
    if (parts.dc_date != nullptr) {
      const std::string_view text = trim(parts.dc_date->text);
      if (auto time = parse_iso8601_time(text)) return time;
      document_.fail_at(parts.dc_date->text_offset,
                        fmt::format("<{}> is not an ISO-8601 date-time with a zone (\"2003-06-10T04:00:00Z\"): {}",
                                    parts.dc_date->qname, quote_text(text)));
    }
    return std::nullopt;
  }

  const XmlDocument& document_;
  std::string source_;
};

const XmlElement& only_channel(const XmlDocument& document) {
  const XmlElement& root = document.root();
  const XmlElement* channel = nullptr;
  for (const auto& child : root.children) {
    if (!child.is("", "channel")) continue;
    if (channel != nullptr) document.fail_at(child.offset, "second <channel> in one feed");
    channel = &child;
  }
  if (channel == nullptr) document.fail_at(root.offset, "<rss> without a <channel>");
  return *channel;
}

}  // namespace

NewsFeed read_rss_feed(const XmlDocument& document) {
  const XmlElement& root = document.root();
  const std::string* version = root.attribute("version");
  if (version == nullptr || !version->starts_with("2.")) {
    document.fail_at(root.offset,
                     fmt::format("<rss version={}> is not RSS 2.x", version ? quote_text(*version) : "(none)"));
  }
  const XmlElement& channel = only_channel(document);
  std::string source;
  for (const auto& child : channel.children) {
    if (child.is("", "title")) source = html_to_text(child.text);
  }
  if (source.empty()) source = document.label();
  const RssItemReader reader(document, source);
  NewsFeed feed;
  for (const auto& child : channel.children) {
    if (!child.is("", "item")) continue;
    if (auto item = reader.read(child)) {
      feed.items.push_back(std::move(*item));
    } else {
      feed.undated.push_back(document.where(child.offset));
    }
  }
  return feed;
}

}  // namespace mp::data
