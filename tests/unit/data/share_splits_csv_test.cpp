// The stock-split CSV: ratios as numbers or new:old, any column order, clear errors.
#include "data/share_splits_csv.hpp"

#include "core/error.hpp"
#include "test_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mp::data {
namespace {

using ::testing::HasSubstr;

Date d(const char* text) { return *parse_date(text); }

TEST(ShareSplitsCsv, RatiosAsNumbersOrNewToOldSortedByDate) {
  const auto splits = parse_share_splits_csv(
      "\xEF\xBB\xBFSymbol,Date,Ratio\r\n"
      "aapl,2020-08-31,4:1\r\n"
      "AAPL,2014-06-09,7\r\n"
      "GE,2021-08-02,1:8\r\n"
      "\r\n"
      "XYZ,2001-01-02,0.5\r\n",
      "splits.csv");
  ASSERT_EQ(splits.size(), 3U);
  ASSERT_EQ(splits.at("AAPL").size(), 2U);
  EXPECT_EQ(splits.at("AAPL")[0].date, d("2014-06-09"));
  EXPECT_EQ(splits.at("AAPL")[0].ratio, 7.0);
  EXPECT_EQ(splits.at("AAPL")[1].date, d("2020-08-31"));
  EXPECT_EQ(splits.at("AAPL")[1].ratio, 4.0);
  EXPECT_EQ(splits.at("GE")[0].ratio, 0.125);
  EXPECT_EQ(splits.at("XYZ")[0].ratio, 0.5);
}

TEST(ShareSplitsCsv, ColumnsInAnyOrder) {
  const auto splits = parse_share_splits_csv("ratio,symbol,date\n2:1,MSFT,2003-02-18\n", "splits.csv");
  EXPECT_EQ(splits.at("MSFT").at(0).date, d("2003-02-18"));
  EXPECT_EQ(splits.at("MSFT").at(0).ratio, 2.0);
}

template <class Action>
std::string error_of(Action action) {
  return mp::test::message_of<InputError>(action);
}

TEST(ShareSplitsCsv, MalformedCellsNameFileLineAndColumn) {
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,date,ratio\nAAPL,2020-08-31,0\n", "s.csv"); }),
              HasSubstr("s.csv:2:3: column 'ratio': not a split ratio"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,date,ratio\nAAPL,2020-08-31,4:x\n", "s.csv"); }),
              HasSubstr("s.csv:2:3"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,date,ratio\nAAPL,31/08/2020,4\n", "s.csv"); }),
              HasSubstr("s.csv:2:2: column 'date': not a date"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,when,ratio\n", "s.csv"); }),
              HasSubstr("lacks the column 'date'"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,date,ratio\nAAPL,2020-08-31\n", "s.csv"); }),
              HasSubstr("s.csv:2"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("symbol,date,ratio\nA,2020-08-31,4\nA,2020-08-31,2\n", "s.csv"); }),
              HasSubstr("a second split of A on 2020-08-31"));
  EXPECT_THAT(error_of([] { parse_share_splits_csv("", "s.csv"); }), HasSubstr("s.csv:1:1: empty file"));
  EXPECT_EQ(error_of([] { parse_share_splits_csv("symbol,date,ratio\nAAPL,2020-08-31\n", "s.csv"); }),
            "s.csv:2:3: expected 3 fields as in the header, found 2");
  // A quoted comma is part of its field, not a fourth field.
  EXPECT_EQ(error_of([] { parse_share_splits_csv("symbol,date,ratio\n\"AAPL\",2020-08-31,\"4,1\"\n", "s.csv"); }),
            "s.csv:2:3: column 'ratio': not a split ratio (a number > 0 or new:old): \"4,1\"");
}

}  // namespace
}  // namespace mp::data
