// Ticker matching in free text: cashtags and whole words.
#include "data/symbol_matcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mp::data {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const SymbolMatcher& universe() {
  static const SymbolMatcher matcher({"AAPL", "MSFT", "IBM", "T", "C", "GE", "BRK.B", "ALL"},
                                     SymbolMatchOptions{.cashtag_only = {"all"}});
  return matcher;
}

TEST(SymbolMatcher, Cashtags) {
  EXPECT_THAT(universe().match("$AAPL beats"), ElementsAre("AAPL"));
  EXPECT_THAT(universe().match("buying $aapl and $Msft"), ElementsAre("AAPL", "MSFT"));  // any case
  EXPECT_THAT(universe().match("$T, $C and $GE."), ElementsAre("C", "GE", "T"));         // short tickers
  EXPECT_THAT(universe().match("($BRK.B)"), ElementsAre("BRK.B"));
  EXPECT_THAT(universe().match("$ALL time high"), ElementsAre("ALL"));
  EXPECT_THAT(universe().match("$TSLA $5 US$5 $$AAPL"), IsEmpty());  // not in universe, prices, no boundary
}

TEST(SymbolMatcher, WholeUpperCaseWordsOfThreeOrMoreLetters) {
  EXPECT_THAT(universe().match("AAPL's results"), ElementsAre("AAPL"));
  EXPECT_THAT(universe().match("Microsoft (MSFT) and IBM-led group; AAPL.O up"), ElementsAre("AAPL", "IBM", "MSFT"));
  EXPECT_THAT(universe().match("Berkshire BRK.B rises"), ElementsAre("BRK.B"));
  EXPECT_THAT(universe().match("Apple aapl Aapl XAAPL AAPLX MSFT2"), IsEmpty());  // case and word boundaries
}

TEST(SymbolMatcher, ShortAndCommonWordTickersNeedCashtags) {
  // "T" (AT&T) and "C" (Citigroup) as bare words are letters, initials and grades far more often.
  EXPECT_THAT(universe().match("AT&T and Citi: T and C rated a C grade"), IsEmpty());
  EXPECT_THAT(universe().match("GE beats"), IsEmpty());             // 2 letters: cashtag only
  EXPECT_THAT(universe().match("ALL eyes on the Fed"), IsEmpty());  // listed as cashtag-only
}

TEST(SymbolMatcher, ShoutedTextMatchesCashtagsOnly) {
  EXPECT_THAT(universe().match("BREAKING: IBM AND MSFT SURGE ON EARNINGS"), IsEmpty());
  EXPECT_THAT(universe().match("BREAKING: $IBM AND MSFT SURGE ON EARNINGS"), ElementsAre("IBM"));
  EXPECT_THAT(universe().match("IBM UP 5%"), ElementsAre("IBM"));  // too short to judge as shouting
}

}  // namespace
}  // namespace mp::data
