#pragma once
// Text -> sentiment score in [-1, 1]. SentimentScorer is the seam: LexiconScorer (AFINN-165
// adjusted for financial market news, data/lexicons) is the built-in; a transformer model
// (FinBERT) can implement the same interface later and be chosen by name through
// make_sentiment_scorer. A model artifact should record scorer->name().
//
// LexiconScorer, the definition (docs/sentiment.md has the worked examples):
//  - Tokens: ASCII lower-cased runs of letters/digits (and any non-ASCII UTF-8 bytes, so "naïve"
//    stays one word), keeping inner hyphens and apostrophes ("better-than-expected", "don't";
//    the typographic apostrophe ’ counts as '); "3.5" and "1,000" stay one token. '.', '!', '?',
//    ';' and ':' end a clause: negation and intensity never reach across them.
//  - Valence: multi-word entries ("does not work", "cashing in") first, longest match; then the
//    single word; a hyphenated word missing from the lexicon scores the sum of its parts.
//  - Negation: a negator (not, no, never, n't-words, without, ...) within the 3 tokens before a
//    valence word (or phrase) multiplies it by -0.74 (VADER's N_SCALAR: flipped and damped; two
//    negators do not cancel). Negators and modifiers are not scored themselves ("no" is -1 in
//    AFINN but acts as a negator here), except inside a multi-word entry.
//  - Intensity: the contiguous run of modifiers directly before a valence word multiplies it:
//    extremely/exceptionally/incredibly/massively x2, very/really/highly/strongly/sharply/
//    significantly/substantially/deeply/greatly/hugely/especially/particularly/remarkably x1.5,
//    fairly x0.75, slightly/somewhat/marginally/modestly/mildly/partly/barely x0.5. Post-
//    modifiers ("fell sharply") are not handled.
//  - Normalisation as VADER: s = sum / sqrt(sum^2 + alpha), alpha = 15; a text without
//    valence words scores 0.
#include "core/sentiment_event.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mp::features {

class SentimentScorer {
 public:
  virtual ~SentimentScorer() = default;
  // In [-1, 1]: negative bearish, positive bullish, 0 neutral or nothing recognised.
  [[nodiscard]] virtual double score(std::string_view text) const = 0;
  // Identifies the scorer and its resources, e.g. "lexicon:afinn165_financial_market_news".
  [[nodiscard]] virtual std::string name() const = 0;
};

struct LexiconScorerOptions {
  double negation_factor = -0.74;   // VADER N_SCALAR
  std::size_t negation_window = 3;  // tokens before the valence word
  double alpha = 15.0;              // VADER normalisation constant
};

class LexiconScorer final : public SentimentScorer {
 public:
  // word<TAB>integer score per line (UTF-8, LF or CRLF); entries may contain spaces. Duplicate
  // entries, empty words and non-integer scores are InputErrors "file:line:column"; IoError if
  // the file cannot be read. `name` defaults to "lexicon:<file stem>".
  static LexiconScorer load(const std::filesystem::path& tsv, LexiconScorerOptions options = {});
  static LexiconScorer parse(std::string_view tsv, const std::string& file_label, std::string name,
                             LexiconScorerOptions options = {});

  [[nodiscard]] double score(std::string_view text) const override;
  [[nodiscard]] std::string name() const override { return name_; }

  // The sum of (modified) valences before normalisation.
  [[nodiscard]] double raw_score(std::string_view text) const;
  [[nodiscard]] std::optional<double> valence(std::string_view entry) const;  // as in the lexicon
  [[nodiscard]] std::size_t size() const noexcept { return words_.size(); }

  // The tokens as the scorer sees them; "." marks a clause break.
  [[nodiscard]] static std::vector<std::string> tokenize(std::string_view text);

 private:
  LexiconScorer() = default;
  [[nodiscard]] double valence_at(const std::vector<std::string>& tokens, std::size_t i, std::size_t& length) const;
  [[nodiscard]] double modifier_product(const std::vector<std::string>& tokens, std::size_t first) const;
  [[nodiscard]] bool negated(const std::vector<std::string>& tokens, std::size_t first) const;

  std::string name_;
  LexiconScorerOptions options_;
  std::map<std::string, double, std::less<>> words_;  // single tokens and "multi word" entries
  std::size_t max_phrase_tokens_ = 1;
};

// The scorer registered under `name`; an unknown name fails listing the known ones. Built-in:
// "afinn165_fin" = LexiconScorer over <lexicon_dir>/afinn165_financial_market_news.tsv.
std::unique_ptr<SentimentScorer> make_sentiment_scorer(const std::string& name,
                                                       const std::filesystem::path& lexicon_dir);
std::vector<std::string> sentiment_scorer_names();

// Scores each item's headline (its text when the title is empty). Order and symbols are kept.
std::vector<ScoredItem> score_news(const std::vector<NewsItem>& items, const SentimentScorer& scorer);

}  // namespace mp::features
