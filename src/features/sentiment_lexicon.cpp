#include "features/sentiment_lexicon.hpp"

#include "core/csv_reader.hpp"
#include "core/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace mp::features {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || static_cast<unsigned char>(c) >= 0x80;
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Typographic apostrophes (U+2019, U+2018) -> '\''.
std::string normalize_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size() && (text[i + 2] == '\x99' || text[i + 2] == '\x98')) {
      out += '\'';
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

constexpr std::string_view kClauseBreak = ".";

bool is_negator(std::string_view token) {
  static constexpr auto kNegators = std::to_array<std::string_view>(
      {"not",      "no",     "never",  "none",   "nobody", "nothing", "neither", "nor",  "nowhere",
       "without",  "cannot", "hardly", "rarely", "seldom", "nope",    "aint",    "dont", "doesnt",
       "didnt",    "isnt",   "arent",  "wasnt",  "werent", "wont",    "wouldnt", "cant", "couldnt",
       "shouldnt", "hasnt",  "havent", "hadnt",  "mustnt", "neednt"});
  if (token.ends_with("n't")) return true;
  return std::find(kNegators.begin(), kNegators.end(), token) != kNegators.end();
}

// Intensity multiplier of a modifier word, or nullopt.
std::optional<double> modifier(std::string_view token) {
  static constexpr std::array<std::pair<std::string_view, double>, 25> kModifiers{{
      {"extremely", 2.0},     {"exceptionally", 2.0}, {"incredibly", 2.0}, {"massively", 2.0}, {"very", 1.5},
      {"really", 1.5},        {"highly", 1.5},        {"strongly", 1.5},   {"sharply", 1.5},   {"significantly", 1.5},
      {"substantially", 1.5}, {"deeply", 1.5},        {"greatly", 1.5},    {"hugely", 1.5},    {"especially", 1.5},
      {"particularly", 1.5},  {"remarkably", 1.5},    {"fairly", 0.75},    {"slightly", 0.5},  {"somewhat", 0.5},
      {"marginally", 0.5},    {"modestly", 0.5},      {"mildly", 0.5},     {"barely", 0.5},    {"partly", 0.5},
  }};
  for (const auto& [word, factor] : kModifiers) {
    if (token == word) return factor;
  }
  return std::nullopt;
}

bool is_function_word(std::string_view token) { return is_negator(token) || modifier(token).has_value(); }

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open for reading", file.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Lexicon entries in the scorer's own token form: lower-cased, typographic apostrophes folded.
std::string entry_key(std::string_view word) {
  std::string key = normalize_quotes(word);
  std::transform(key.begin(), key.end(), key.begin(), lower);
  return key;
}

}  // namespace

// ---------------------------------------------------------------- loading

LexiconScorer LexiconScorer::load(const std::filesystem::path& tsv, LexiconScorerOptions options) {
  return parse(read_file(tsv), tsv.string(), "lexicon:" + tsv.stem().string(), options);
}

LexiconScorer LexiconScorer::parse(std::string_view tsv, const std::string& file_label, std::string name,
                                   LexiconScorerOptions options) {
  LexiconScorer scorer;
  scorer.name_ = std::move(name);
  scorer.options_ = options;
  // Tab-separated, untrimmed: a space at either end of a word is a malformed entry, not padding.
  CsvReader lines(tsv, file_label, CsvDialect{'\t', false});
  while (lines.next()) {
    if (lines.size() != 2) lines.fail(std::min<std::size_t>(lines.size(), 2) + 1, "expected word<TAB>score");
    const std::string_view word = lines[0];
    const std::string_view value = lines[1];
    if (word.empty() || word.front() == ' ' || word.back() == ' ' || word.find("  ") != std::string_view::npos) {
      lines.fail(1, fmt::format("malformed entry {}", quoted_excerpt(word)));
    }
    int score = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), score);
    if (ec != std::errc{} || end != value.data() + value.size() || score < -5 || score > 5) {
      lines.fail(2, fmt::format("score {} is not an integer in -5..5", quoted_excerpt(value)));
    }
    const std::string key = entry_key(word);
    if (!scorer.words_.emplace(key, score).second)
      lines.fail(1, fmt::format("duplicate entry {}", quoted_excerpt(word)));
    const auto words = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    scorer.max_phrase_tokens_ = std::max(scorer.max_phrase_tokens_, words);
  }
  if (scorer.words_.empty()) lines.fail(1, "empty lexicon");
  return scorer;
}

// ---------------------------------------------------------------- scoring

std::vector<std::string> LexiconScorer::tokenize(std::string_view raw) {
  const std::string text = normalize_quotes(raw);
  std::vector<std::string> tokens;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char prev = i > 0 ? text[i - 1] : '\0';
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    const bool inner_joiner = (c == '-' || c == '\'') && is_word_char(next);                   // "don't", "sell-off"
    const bool inner_digit_mark = (c == '.' || c == ',') && is_digit(prev) && is_digit(next);  // "3.5", "1,000"
    if (is_word_char(c)) {
      word += lower(c);
    } else if (!word.empty() && (inner_joiner || inner_digit_mark)) {
      word += c;
    } else {
      flush();
      const bool clause_end = c == '.' || c == '!' || c == '?' || c == ';' || c == ':';
      if (clause_end && !tokens.empty() && tokens.back() != kClauseBreak) tokens.emplace_back(kClauseBreak);
    }
  }
  flush();
  return tokens;
}

std::optional<double> LexiconScorer::valence(std::string_view entry) const {
  auto it = words_.find(entry_key(entry));
  return it == words_.end() ? std::nullopt : std::optional<double>(it->second);
}

// The valence of the entry starting at token i and its length in tokens (0 valence = none).
double LexiconScorer::valence_at(const std::vector<std::string>& tokens, std::size_t i, std::size_t& length) const {
  length = 1;
  for (std::size_t k = std::min(max_phrase_tokens_, tokens.size() - i); k >= 2; --k) {
    std::string phrase = tokens[i];
    bool crosses_clause = false;
    for (std::size_t j = i + 1; j < i + k; ++j) {
      crosses_clause = crosses_clause || tokens[j] == kClauseBreak;
      phrase += ' ';
      phrase += tokens[j];
    }
    if (crosses_clause) continue;
    if (auto it = words_.find(phrase); it != words_.end()) {
      length = k;
      return it->second;
    }
  }
  const std::string& token = tokens[i];
  if (token == kClauseBreak || is_function_word(token)) return 0.0;
  if (auto it = words_.find(token); it != words_.end()) return it->second;
  if (token.find('-') == std::string::npos) return 0.0;
  // A hyphenated word the lexicon lacks: the sum of its parts ("better-than-forecast").
  double sum = 0.0;
  std::size_t start = 0;
  while (start <= token.size()) {
    const std::size_t dash = std::min(token.find('-', start), token.size());
    const std::string_view part = std::string_view(token).substr(start, dash - start);
    if (!is_function_word(part)) {
      if (auto it = words_.find(part); it != words_.end()) sum += it->second;
    }
    start = dash + 1;
  }
  return sum;
}

// The product of the contiguous modifiers directly before token `first`.
double LexiconScorer::modifier_product(const std::vector<std::string>& tokens, std::size_t first) const {
  double product = 1.0;
  for (std::size_t j = first; j > 0; --j) {
    const auto factor = modifier(tokens[j - 1]);
    if (!factor) break;
    product *= *factor;
  }
  return product;
}

// A negator among the `negation_window` tokens before `first`, within the clause.
bool LexiconScorer::negated(const std::vector<std::string>& tokens, std::size_t first) const {
  for (std::size_t back = 1; back <= options_.negation_window && back <= first; ++back) {
    const std::string& token = tokens[first - back];
    if (token == kClauseBreak) return false;
    if (is_negator(token)) return true;
  }
  return false;
}

double LexiconScorer::raw_score(std::string_view text) const {
  const auto tokens = tokenize(text);
  double sum = 0.0;
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t length = 1;
    const double value = valence_at(tokens, i, length);
    if (value != 0.0) {
      double contribution = value * modifier_product(tokens, i);
      if (negated(tokens, i)) contribution *= options_.negation_factor;
      sum += contribution;
    }
    i += length;
  }
  return sum;
}

double LexiconScorer::score(std::string_view text) const {
  const double sum = raw_score(text);
  return sum / std::sqrt(sum * sum + options_.alpha);
}

// ---------------------------------------------------------------- by name

namespace {
struct ScorerFactory {
  std::string_view name;
  std::string_view description;
  std::unique_ptr<SentimentScorer> (*make)(const std::filesystem::path& lexicon_dir);
};

const std::array<ScorerFactory, 1>& scorer_factories() {
  static const std::array<ScorerFactory, 1> kFactories{{
      {"afinn165_fin", "AFINN-165 adjusted for financial market news, with negation and intensity (MIT)",
       [](const std::filesystem::path& dir) -> std::unique_ptr<SentimentScorer> {
         return std::make_unique<LexiconScorer>(LexiconScorer::load(dir / "afinn165_financial_market_news.tsv"));
       }},
  }};
  return kFactories;
}
}  // namespace

std::vector<std::string> sentiment_scorer_names() {
  std::vector<std::string> names;
  for (const auto& factory : scorer_factories()) names.emplace_back(factory.name);
  return names;
}

std::unique_ptr<SentimentScorer> make_sentiment_scorer(const std::string& name,
                                                       const std::filesystem::path& lexicon_dir) {
  for (const auto& factory : scorer_factories()) {
    if (factory.name == name) return factory.make(lexicon_dir);
  }
  throw NotFoundError(
      fmt::format("unknown sentiment scorer '{}'; known scorers: {}", name, fmt::join(sentiment_scorer_names(), ", ")));
}

std::vector<ScoredItem> score_news(const std::vector<NewsItem>& items, const SentimentScorer& scorer) {
  std::vector<ScoredItem> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    out.push_back(ScoredItem{item.published, item.symbols, scorer.score(item.title.empty() ? item.text : item.title)});
  }
  return out;
}

}  // namespace mp::features
