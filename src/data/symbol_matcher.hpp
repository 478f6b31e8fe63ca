#pragma once
// Tickers in free text (feeds, Reddit, JSONL items without symbols): "$AAPL" cashtags, and whole
// upper-case words for tickers of 3+ letters (docs/sentiment.md lists the false-positive risks).
#include "core/sentiment_event.hpp"

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

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
