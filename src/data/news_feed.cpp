#include "data/news_feed.hpp"

#include "data/atom_feed.hpp"
#include "data/news_text.hpp"
#include "data/rss_feed.hpp"
#include "data/xml_document.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace mp::data {

namespace {

// One line per feed, however many items it skips: "feed.xml: 2 undated <item>s skipped (no
// <pubDate> or <dc:date>), at 5:1, 9:1; 3 kept".
void warn_undated(const std::string& label, const NewsFeed& feed, bool atom) {
  if (feed.undated.empty()) return;
  constexpr std::size_t kShown = 5;
  const std::size_t shown = std::min(feed.undated.size(), kShown);
  std::string where = fmt::format("{}", fmt::join(feed.undated.begin(), feed.undated.begin() + shown, ", "));
  if (feed.undated.size() > shown) where += fmt::format(" and {} more", feed.undated.size() - shown);
  spdlog::warn("{}: {} undated {}{} skipped (no {}), at {}; {} kept", label, feed.undated.size(),
               atom ? "<entry>" : "<item>", feed.undated.size() == 1 ? "" : "s",
               atom ? "<published> or <updated>" : "<pubDate> or <dc:date>", where, feed.items.size());
}

}  // namespace

NewsFeed parse_news_feed(std::string_view xml, const std::string& file_label) {
  const XmlDocument document(xml, file_label);
  const XmlElement& root = document.root();
  const bool atom = root.is(kAtomNamespace, "feed");
  if (!atom && !root.is("", "rss")) {
    if (root.name == "feed") {
      document.fail_at(root.offset,
                       fmt::format("<{}> in the namespace {} is not Atom 1.0 (xmlns=\"{}\")", root.qname,
                                   root.ns.empty() ? "(none)" : news_text::quote_text(root.ns), kAtomNamespace));
    }
    document.fail_at(root.offset,
                     fmt::format("root element is <{}>, expected <rss> (RSS 2.0) or <feed> (Atom 1.0)", root.qname));
  }
  NewsFeed feed = atom ? read_atom_feed(document) : read_rss_feed(document);
  warn_undated(file_label, feed, atom);
  return feed;
}

NewsFeed import_news_feed(const std::filesystem::path& file) {
  return parse_news_feed(news_text::read_source_file(file), file.string());
}

}  // namespace mp::data
