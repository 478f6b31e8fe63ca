#include "data/atom_feed.hpp"

#include "data/feed_time.hpp"
#include "data/news_text.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace mp::data {

namespace {

using news_text::collapse_spaces;
using news_text::quote_text;
using news_text::trim;

// The elements of one <entry> this reader uses, all in the Atom namespace.
struct AtomEntryParts {
  const XmlElement* title = nullptr;
  const XmlElement* summary = nullptr;
  const XmlElement* content = nullptr;
  const XmlElement* published = nullptr;
  const XmlElement* updated = nullptr;
  const XmlElement* link = nullptr;  // the first alternate link
  std::vector<const XmlElement*> categories;
};

class AtomReader {
 public:
  explicit AtomReader(const XmlDocument& document) : document_(document) {}

  // A text construct (RFC 4287 3.1) as plain text.
  [[nodiscard]] std::string text_of(const XmlElement& element) const {
    const std::string* type = element.attribute("type");
    if (type == nullptr || *type == "text") {
      document_.require_text_only(element);
      return collapse_spaces(element.text);
    }
    if (*type == "html") {
      document_.require_text_only(element);
      return news_text::html_to_text(element.text);
    }
    if (*type == "xhtml") return collapse_spaces(element.all_text());
    document_.fail_at(element.offset, fmt::format("<{} type={}> is not \"text\", \"html\" or \"xhtml\"", element.qname,
                                                  quote_text(*type)));
  }

  // nullopt: the entry has no date.
  [[nodiscard]] std::optional<NewsItem> read(const XmlElement& entry, const std::string& source) const {
    const AtomEntryParts parts = parts_of(entry);
    const std::optional<UtcTime> published = date_of(parts);
    if (!published) return std::nullopt;
    NewsItem out;
    out.source = source;
    out.published = *published;
    if (parts.title != nullptr) out.title = text_of(*parts.title);
    if (parts.summary != nullptr) out.text = text_of(*parts.summary);
    if (out.text.empty() && parts.content != nullptr) out.text = content_text(*parts.content);
    if (parts.link != nullptr) out.link = std::string(trim(*parts.link->attribute("href")));
    for (const XmlElement* category : parts.categories) {
      if (auto term = collapse_spaces(*category->attribute("term")); !term.empty()) {
        out.categories.push_back(std::move(term));
      }
    }
    if (out.title.empty() && out.text.empty()) {
      document_.fail_at(entry.offset, "<entry> has neither a <title> nor a <summary> or <content>");
    }
    return out;
  }

 private:
  [[nodiscard]] AtomEntryParts parts_of(const XmlElement& entry) const {
    AtomEntryParts parts;
    for (const auto& child : entry.children) {
      if (child.ns != kAtomNamespace) continue;  // extensions (media:thumbnail, ...) are ignored
      const XmlElement** slot = nullptr;
      if (child.name == "title") {
        slot = &parts.title;
      } else if (child.name == "summary") {
        slot = &parts.summary;
      } else if (child.name == "content") {
        slot = &parts.content;
      } else if (child.name == "published") {
        slot = &parts.published;
      } else if (child.name == "updated") {
        slot = &parts.updated;
      } else if (child.name == "link") {
        if (parts.link == nullptr && is_alternate_link(child)) parts.link = &child;
      } else if (child.name == "category") {
        if (child.attribute("term") == nullptr) document_.fail_at(child.offset, "<category> without a term");
        parts.categories.push_back(&child);
      }
      // id, author, contributor, rights, source are not used.
      if (slot != nullptr) *slot = document_.once(child, *slot, "entry");
    }
    return parts;
  }

  [[nodiscard]] bool is_alternate_link(const XmlElement& link) const {
    const std::string* rel = link.attribute("rel");
    if (rel != nullptr && *rel != "alternate") return false;
    if (link.attribute("href") == nullptr) document_.fail_at(link.offset, "<link> without an href");
    return true;
  }

  // Inline text, HTML or XHTML; other media types and out-of-line content (src=) are not text.
  [[nodiscard]] std::string content_text(const XmlElement& content) const {
    const std::string* type = content.attribute("type");
    const bool text_type = type == nullptr || *type == "text" || *type == "html" || *type == "xhtml";
    if (content.attribute("src") != nullptr || !text_type) return {};
    return text_of(content);
  }

  // <published> when there is one, else <updated>; nullopt when neither.
  [[nodiscard]] std::optional<UtcTime> date_of(const AtomEntryParts& parts) const {
    const XmlElement* date = parts.published != nullptr ? parts.published : parts.updated;
    if (date == nullptr) return std::nullopt;
    document_.require_text_only(*date);
    const std::string_view text = trim(date->text);
    if (auto time = parse_iso8601_time(text)) return time;
    document_.fail_at(date->text_offset, fmt::format("<{}> is not an RFC 3339 date-time (\"2003-12-13T18:30:02Z\"): {}",
                                                     date->qname, quote_text(text)));
  }

  const XmlDocument& document_;
};

}  // namespace

NewsFeed read_atom_feed(const XmlDocument& document) {
  const XmlElement& feed_element = document.root();
  const AtomReader reader(document);
  std::string source;
  for (const auto& child : feed_element.children) {
    if (child.is(kAtomNamespace, "title")) source = reader.text_of(child);
  }
  if (source.empty()) source = document.label();
  NewsFeed feed;
  for (const auto& child : feed_element.children) {
    if (!child.is(kAtomNamespace, "entry")) continue;
    if (auto item = reader.read(child, source)) {
      feed.items.push_back(std::move(*item));
    } else {
      feed.undated.push_back(document.where(child.offset));
    }
  }
  return feed;
}

}  // namespace mp::data
