// The AFINN-165 financial lexicon scorer: tokens, negation, intensity, normalisation.
#include "features/sentiment_lexicon.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace mp::features {
namespace {

using ::testing::ElementsAre;

const std::filesystem::path kLexicons = std::filesystem::path(MP_SOURCE_DIR) / "data/lexicons";

const LexiconScorer& afinn() {
  static const LexiconScorer scorer = LexiconScorer::load(kLexicons / "afinn165_financial_market_news.tsv");
  return scorer;
}

// VADER's normalisation with alpha = 15.
double normalised(double sum) { return sum / std::sqrt(sum * sum + 15.0); }

std::string parse_error(const std::string& tsv) {
  try {
    LexiconScorer::parse(tsv, "lex.tsv", "test");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LexiconScorer, LoadsTheShippedLexicon) {
  EXPECT_EQ(afinn().size(), 3555U);
  EXPECT_EQ(afinn().name(), "lexicon:afinn165_financial_market_news");
  EXPECT_EQ(afinn().valence("1-trending"), 3.0);
  EXPECT_EQ(afinn().valence("does not work"), -3.0);
  EXPECT_EQ(afinn().valence("Plunges"), -4.0);
  EXPECT_FALSE(afinn().valence("apple"));
}

TEST(LexiconScorer, Tokens) {
  EXPECT_THAT(LexiconScorer::tokenize("Apple\u2019s Q3: profits up 3.5%, 1,000 jobs - better-than-expected!"),
              ElementsAre("apple's", "q3", ".", "profits", "up", "3.5", "1,000", "jobs", "better-than-expected", "."));
  EXPECT_THAT(LexiconScorer::tokenize("  -- 'Na\u00EFve' --  "), ElementsAre("na\u00efve"));
  EXPECT_TRUE(LexiconScorer::tokenize("").empty());
}

// Hand-computed: valences from the TSV (profits 2, surge 1, record 2, fall -1, improve 2, weak -2,
// better 2, disappoint -2, good 3, growth 2, strong 2, rise 1, naïve -2; "shares" 0 and "sharply",
// "quarter", "than", "expected" absent), s = sum / sqrt(sum^2 + 15).
TEST(LexiconScorer, HandComputedHeadlines) {
  EXPECT_NEAR(afinn().score("Apple profits surge to record"), 5.0 / std::sqrt(40.0), 1e-12);  // 0.790569
  EXPECT_NEAR(afinn().score("Tesla shares fall sharply"), -0.25, 1e-12);                      // post-modifier ignored
  EXPECT_NEAR(afinn().score("VERY STRONG growth"), normalised(2 * 1.5 + 2), 1e-12);           // 0.790569
  EXPECT_NEAR(afinn().score("Extremely weak quarter"), -4.0 / std::sqrt(31.0), 1e-12);        // -0.718421
  EXPECT_NEAR(afinn().score("Slightly better than expected"), 0.25, 1e-12);                   // 2 x 0.5 = 1
  EXPECT_NEAR(afinn().score("Na\u00EFve investors"), normalised(-2.0), 1e-12);
  EXPECT_NEAR(afinn().score("1-trending stock"), normalised(3.0), 1e-12);
}

TEST(LexiconScorer, NegationFlipsAndDamps) {
  EXPECT_NEAR(afinn().raw_score("Margins did not improve"), 2 * -0.74, 1e-12);
  EXPECT_NEAR(afinn().score("Margins did not improve"), -1.48 / std::sqrt(1.48 * 1.48 + 15.0), 1e-12);  // -0.356966
  EXPECT_NEAR(afinn().raw_score("Sales don\u2019t disappoint"), 1.48, 1e-12);  // typographic apostrophe
  EXPECT_NEAR(afinn().raw_score("Sales don't disappoint"), 1.48, 1e-12);
  EXPECT_NEAR(afinn().raw_score("Not very good"), 3 * 1.5 * -0.74, 1e-12);  // -3.33
  EXPECT_NEAR(afinn().raw_score("Not that good"), 3 * -0.74, 1e-12);        // negator 2 tokens back
  EXPECT_NEAR(afinn().raw_score("Not that it was good"), 3.0, 1e-12);       // 4 tokens back: out of reach
  EXPECT_NEAR(afinn().raw_score("no growth"), 2 * -0.74, 1e-12);
  EXPECT_NEAR(afinn().raw_score("no"), 0.0, 1e-12);  // "no" (-1 in AFINN) acts as a negator only
  EXPECT_NEAR(afinn().raw_score("Without strong growth"), 2 * -0.74 + 2 * -0.74, 1e-12);
}

TEST(LexiconScorer, ClauseBreaksStopNegation) {
  EXPECT_NEAR(afinn().raw_score("No surprise. Profits rise"), 3.0, 1e-12);
  // A comma does not: both words are within 3 tokens of "no".
  EXPECT_NEAR(afinn().raw_score("No surprise, profits rise"), 2 * -0.74 + 1 * -0.74, 1e-12);
}

TEST(LexiconScorer, PhrasesAndHyphenatedWords) {
  EXPECT_NEAR(afinn().raw_score("Company does not work"), -3.0, 1e-12);            // phrase beats negation
  EXPECT_NEAR(afinn().raw_score("Better-than-expected results"), 1.0, 1e-12);      // entry of its own
  EXPECT_NEAR(afinn().raw_score("Better-than-forecast results"), 2.0, 1e-12);      // parts: better
  EXPECT_NEAR(afinn().raw_score("not better-than-forecast"), 2.0 * -0.74, 1e-12);  // parts share the context
}

TEST(LexiconScorer, NeutralTextScoresZeroAndScoresStayInRange) {
  EXPECT_EQ(afinn().score(""), 0.0);
  EXPECT_EQ(afinn().score("Shares open at 10:30"), 0.0);
  const double strong = afinn().score("win win win win win win win win win win");  // sum 40
  EXPECT_NEAR(strong, normalised(40.0), 1e-12);
  EXPECT_LT(strong, 1.0);
  EXPECT_GT(afinn().score("fraud fraud fraud fraud fraud fraud"), -1.0);
}

TEST(LexiconScorer, OptionsChangeTheConstants) {
  const auto scorer =
      LexiconScorer::parse("good\t3\nvery good\t5\n", "lex.tsv", "tiny", {.negation_factor = -1.0, .alpha = 1.0});
  EXPECT_EQ(scorer.name(), "tiny");
  EXPECT_NEAR(scorer.score("not good"), -3.0 / std::sqrt(10.0), 1e-12);
  EXPECT_NEAR(scorer.raw_score("very good"), 5.0, 1e-12);  // the phrase, not 3 x 1.5
}

TEST(LexiconScorer, MalformedLexiconNamesTheLine) {
  EXPECT_EQ(parse_error("good\t3\nbad 2\n"), "lex.tsv:2:2: expected word<TAB>score");
  EXPECT_EQ(parse_error("good\t3\r\ngood\t2\r\n"), "lex.tsv:2:1: duplicate entry \"good\"");
  EXPECT_EQ(parse_error("good\tthree\n"), "lex.tsv:1:2: score \"three\" is not an integer in -5..5");
  EXPECT_EQ(parse_error("good\t9\n"), "lex.tsv:1:2: score \"9\" is not an integer in -5..5");
  EXPECT_EQ(parse_error("\t2\n"), "lex.tsv:1:1: malformed entry \"\"");
  EXPECT_EQ(parse_error("\n\n"), "lex.tsv:1:1: empty lexicon");
  EXPECT_THROW(LexiconScorer::load(kLexicons / "missing.tsv"), IoError);
}

TEST(SentimentScorerRegistry, ByName) {
  const auto scorer = make_sentiment_scorer("afinn165_fin", kLexicons);
  EXPECT_EQ(scorer->name(), "lexicon:afinn165_financial_market_news");
  EXPECT_NEAR(scorer->score("Apple profits surge to record"), 5.0 / std::sqrt(40.0), 1e-12);
  EXPECT_THAT(sentiment_scorer_names(), ElementsAre("afinn165_fin"));
  try {
    make_sentiment_scorer("finbert", kLexicons);
    FAIL() << "no error";
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "unknown sentiment scorer 'finbert'; known scorers: afinn165_fin");
  }
}

// Any SentimentScorer plugs in: what a FinBERT scorer would do through the same interface.
class ConstantScorer final : public SentimentScorer {
 public:
  [[nodiscard]] double score(std::string_view text) const override { return text.empty() ? 0.0 : 0.5; }
  [[nodiscard]] std::string name() const override { return "constant"; }
};

TEST(ScoreNews, ScoresHeadlinesOrTextAndKeepsSymbols) {
  NewsItem titled;
  titled.published = UtcTime{std::chrono::seconds{1368453600}};
  titled.symbols = {"AAPL"};
  titled.title = "Apple profits surge to record";
  titled.text = "fraud fraud fraud";  // the body is not scored when there is a headline
  NewsItem untitled;
  untitled.symbols = {"IBM", "MSFT"};
  untitled.text = "Margins did not improve";
  const auto scored = score_news({titled, untitled}, afinn());
  ASSERT_EQ(scored.size(), 2U);
  EXPECT_EQ(scored[0].published, titled.published);
  EXPECT_THAT(scored[0].symbols, ElementsAre("AAPL"));
  EXPECT_NEAR(scored[0].score, 5.0 / std::sqrt(40.0), 1e-12);
  EXPECT_THAT(scored[1].symbols, ElementsAre("IBM", "MSFT"));
  EXPECT_NEAR(scored[1].score, -1.48 / std::sqrt(1.48 * 1.48 + 15.0), 1e-12);
  EXPECT_EQ(score_news({titled}, ConstantScorer{})[0].score, 0.5);
}

}  // namespace
}  // namespace mp::features
