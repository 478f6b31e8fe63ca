#include "data/symbol_matcher.hpp"

#include "data/news_text.hpp"

#include <algorithm>
#include <utility>

namespace mp::data {

using news_text::is_ascii_alnum;
using news_text::is_ascii_alpha;
using news_text::to_upper;
using news_text::trim;

SymbolMatcher::SymbolMatcher(const std::vector<std::string>& universe, SymbolMatchOptions options)
    : options_(std::move(options)) {
  std::set<std::string, std::less<>> cashtag_only;
  for (const auto& symbol : options_.cashtag_only) cashtag_only.insert(to_upper(symbol));
  for (const auto& symbol : universe) {
    std::string ticker = to_upper(trim(symbol));
    if (ticker.empty()) continue;
    if (ticker.size() >= options_.min_bare_length && !cashtag_only.count(ticker)) bare_.insert(ticker);
    universe_.insert(std::move(ticker));
  }
}

namespace {

bool is_ticker_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '-'; }

// The ticker-shaped run starting at `start` (letters, digits, '.', '-'), without trailing '.'/'-'.
std::string_view ticker_run(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() && is_ticker_char(text[end])) ++end;
  while (end > start && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  return text.substr(start, end - start);
}

bool shouted(std::string_view text, double share) {
  std::size_t letters = 0, upper_case = 0;
  for (char c : text) {
    if (!is_ascii_alpha(c)) continue;
    ++letters;
    if (c >= 'A' && c <= 'Z') ++upper_case;
  }
  return letters >= 12 && static_cast<double>(upper_case) >= share * static_cast<double>(letters);
}

}  // namespace

std::vector<std::string> SymbolMatcher::match(std::string_view text) const {
  std::set<std::string> found;
  const bool bare_allowed = !shouted(text, options_.shouting_share);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool boundary = i == 0 || (!is_ascii_alnum(text[i - 1]) && static_cast<unsigned char>(text[i - 1]) < 0x80);
    if (!boundary) continue;
    if (text[i] == '$' && (i == 0 || text[i - 1] != '$')) {
      // Cashtag: "$AAPL", "$aapl", "$BRK.B"; "$5" and "$$" are not.
      if (i + 1 >= text.size() || !is_ascii_alpha(text[i + 1])) continue;
      const std::string_view run = ticker_run(text, i + 1);
      if (std::string ticker = to_upper(run); universe_.count(ticker)) found.insert(std::move(ticker));
      i += run.size();
      continue;
    }
    if (!bare_allowed || !(text[i] >= 'A' && text[i] <= 'Z') || (i > 0 && text[i - 1] == '$')) continue;
    const std::string_view run = ticker_run(text, i);
    // The whole run ("BRK.B", "BRK-B"), else its head before the first '.'/'-' ("AAPL.O", "IBM-led").
    for (std::string_view candidate : {run, run.substr(0, run.find_first_of(".-"))}) {
      const bool all_caps =
          std::none_of(candidate.begin(), candidate.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (all_caps && bare_.count(candidate)) {
        found.insert(std::string(candidate));
        break;
      }
    }
    i += run.empty() ? 0 : run.size() - 1;
  }
  return {found.begin(), found.end()};
}

void tag_symbols(std::vector<NewsItem>& items, const SymbolMatcher& matcher) {
  for (auto& item : items) {
    if (item.symbols.empty()) item.symbols = matcher.match(item.title + "\n" + item.text);
  }
}

void tag_symbols(std::vector<RedditPost>& posts, const SymbolMatcher& matcher) {
  for (auto& post : posts) post.symbols = matcher.match(post.title + "\n" + post.selftext);
}

}  // namespace mp::data
