#pragma once
// News and social sources -> mp::NewsItem / mp::RedditPost (core/sentiment_event.hpp):
//  - RSS 2.0 feeds: <rss version="2.x"><channel><item> with <title>, <description>, <pubDate>
//    (RFC 822), <link>, <category>. CDATA and the XML entities are decoded; HTML markup inside
//    title/description (escaped or in CDATA) is stripped to plain text.
//  - JSONL: one object per line {"time": ISO-8601 or unix seconds, "symbol": "AAPL" or
//    "symbols": [...], "title": "...", "text"?: "...", "link"?, "source"?}.
//  - Reddit listing JSON: {"kind":"Listing","data":{"children":[{"kind":"t3","data":{...}}]}},
//    t3 posts with title, selftext, score, created_utc.
// Every malformed input is an mp::InputError "file:line:column: ..." (JSON paths where a JSON
// document has no useful line). Either a whole file parses or nothing does.
// Tickers in free text (RSS, Reddit) are found by SymbolMatcher: "$AAPL" cashtags, and whole
// upper-case words for tickers of 3+ letters (docs/sentiment.md lists the false-positive risks).
#include "core/sentiment_event.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

// ---------------------------------------------------------------- timestamps

// RFC 822 / RFC 2822 date-time as RSS uses it: "[Tue, ]10 Jun 2003 04:00[:00] GMT"; zones GMT,
// UT, UTC, Z, EST/EDT/CST/CDT/MST/MDT/PST/PDT, +hhmm / -hhmm; two-digit years are 19xx (>= 50)
// or 20xx. nullopt when malformed or not a real date.
std::optional<UtcTime> parse_rfc822_time(std::string_view text);
// ISO-8601: "2024-03-05T14:30:00Z", fractions of a second (truncated), offsets "+01:00",
// "-0500", "+01"; a space may replace the 'T'. A time without a zone is rejected (ambiguous). A
// bare date "2024-03-05" means "some time that day" and is taken as its last second, 23:59:59
// UTC, so it is never used before it could have been known.
std::optional<UtcTime> parse_iso8601_time(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc_time(UtcTime time);

// ---------------------------------------------------------------- sources

// RSS 2.0. `file_label` names the input in error messages. Items without <pubDate> are errors
// (an undated headline cannot be placed in time); so are an item with neither title nor
// description, a wrong root, a non-2.x version, undefined entities (&nbsp; is HTML, not XML)
// and anything not well-formed. NewsItem::source is the channel's <title>; symbols are empty
// (see tag_symbols).
std::vector<NewsItem> parse_rss(std::string_view xml, const std::string& file_label);
std::vector<NewsItem> import_rss(const std::filesystem::path& file);  // IoError when unreadable

// JSONL news. Blank lines are skipped; unknown keys are ignored. "symbol"/"symbols" may be
// absent (then tag_symbols can match the title), not both present.
std::vector<NewsItem> parse_news_jsonl(std::string_view text, const std::string& file_label);
std::vector<NewsItem> import_news_jsonl(const std::filesystem::path& file);

// A Reddit listing. `observed_at` is when the listing was downloaded: a post's score is a
// snapshot at that time and is stamped with it (RedditPost::score_observed, never earlier than
// created_utc). Children of other kinds than t3 (t1 comments, "more") are skipped. Title and
// selftext are unescaped (Reddit sends "&amp;", "&lt;", "&gt;") and their white space collapsed.
std::vector<RedditPost> parse_reddit_listing(std::string_view json_text, const std::string& file_label,
                                             UtcTime observed_at);
std::vector<RedditPost> import_reddit_listing(const std::filesystem::path& file, UtcTime observed_at);

// ---------------------------------------------------------------- several snapshots

// Saved snapshots of one feed overlap (a feed fetched daily repeats yesterday's items), so each
// item must count once. News: one item per (published, title, link), the first one seen; order
// kept. Reddit: one post per id, the snapshot observed first (its score is known from then on;
// later snapshots of the same post are dropped, so a score is never back-dated); posts without
// an id are all kept; order kept.
std::vector<NewsItem> unique_news(std::vector<NewsItem> items);
std::vector<RedditPost> unique_posts(std::vector<RedditPost> posts);

// ---------------------------------------------------------------- symbol matching

struct SymbolMatchOptions {
  // Tickers shorter than this ("T", "C", "GE") match only as cashtags: as bare words they are
  // ordinary words and initials far more often than tickers.
  std::size_t min_bare_length = 3;
  // Tickers that match only as cashtags whatever their length: the universe's common English
  // words ("ALL", "CAT", "NOW", "ARE", "IT", "ON", "A").
  std::vector<std::string> cashtag_only;
  // A text whose ASCII letters are at least this share upper case (a shouted headline, "FED
  // HOLDS RATES") matches cashtags only; judged when it has at least 12 letters.
  double shouting_share = 0.7;
};

class SymbolMatcher {
 public:
  explicit SymbolMatcher(const std::vector<std::string>& universe, SymbolMatchOptions options = {});
  // Sorted, unique tickers of the universe the text mentions: "$aapl"/"$AAPL" cashtags (any
  // case) and bare upper-case whole words (ticker length >= min_bare_length, not cashtag_only,
  // not a shouted text). "AAPL's", "(MSFT)", "AAPL.O" (a Reuters RIC) and "IBM-led" match.
  [[nodiscard]] std::vector<std::string> match(std::string_view text) const;

 private:
  std::set<std::string, std::less<>> universe_;
  std::set<std::string, std::less<>> bare_;
  SymbolMatchOptions options_;
};

// Fills NewsItem::symbols from title + text for the items that have none (JSONL items that name
// their symbols keep them).
void tag_symbols(std::vector<NewsItem>& items, const SymbolMatcher& matcher);
// Fills RedditPost::symbols from title + selftext.
void tag_symbols(std::vector<RedditPost>& posts, const SymbolMatcher& matcher);

}  // namespace mp::data
