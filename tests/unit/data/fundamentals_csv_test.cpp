// The documented fundamentals CSV layout (docs/fundamentals.md): parsing and file:line:column errors.
#include "data/fundamentals_csv.hpp"

#include "core/error.hpp"
#include "data/edgar_provider.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mp::data {
namespace {

using ::testing::HasSubstr;

Date d(const char* text) { return *parse_date(text); }

std::string error_of(const std::string& text) {
  try {
    parse_fundamentals_csv(text, "fund.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(FundamentalsCsv, ParsesTheDocumentedLayout) {
  // BOM, CRLF, header case and spacing, columns in any order, a blank line, a restatement.
  const std::string text =
      "\xEF\xBB\xBFSymbol, Concept ,Period_Start,period_end,filed,value,form\r\n"
      "AAPL,revenue,2012-12-30,2013-03-30,2013-04-24,43603000000,10-Q\r\n"
      "AAPL,equity,,2013-03-30,2013-04-24,135490000000,10-Q\r\n"
      "\r\n"
      "MSFT,net_income,2013-01-01,2013-03-31,2013-04-18,-6.5e9,\r\n"
      "AAPL,revenue,2012-12-30,2013-03-30,2013-10-30,43000000000,10-K\r\n"
      "AAPL,shares_outstanding,2013-01-01,2013-04-12,2013-04-24,938649000,10-Q\r\n";
  const FactsBySymbol facts = parse_fundamentals_csv(text, "fund.csv");
  ASSERT_EQ(facts.size(), 2u);
  const auto& aapl = facts.at("AAPL");
  ASSERT_EQ(aapl.size(), 4u);
  // Sorted by concept, then period, then filing date.
  EXPECT_EQ(aapl[0].concept_name, "equity");
  EXPECT_FALSE(aapl[0].period_start.has_value());
  EXPECT_DOUBLE_EQ(aapl[0].value, 135490000000.0);
  EXPECT_EQ(aapl[1].concept_name, "revenue");
  EXPECT_EQ(aapl[1].period_start, d("2012-12-30"));
  EXPECT_EQ(aapl[1].period_end, d("2013-03-30"));
  EXPECT_EQ(aapl[1].filed, d("2013-04-24"));
  EXPECT_EQ(aapl[1].form, "10-Q");
  EXPECT_DOUBLE_EQ(aapl[1].value, 43603000000.0);
  EXPECT_EQ(aapl[2].filed, d("2013-10-30"));  // the restatement, kept with its own date
  EXPECT_DOUBLE_EQ(aapl[2].value, 43000000000.0);
  EXPECT_EQ(aapl[3].concept_name, "shares_outstanding");
  EXPECT_FALSE(aapl[3].period_start.has_value());  // a stock: the start is ignored
  const auto& msft = facts.at("MSFT");
  ASSERT_EQ(msft.size(), 1u);
  EXPECT_DOUBLE_EQ(msft[0].value, -6.5e9);  // losses are negative
  EXPECT_EQ(msft[0].form, "");
}

TEST(FundamentalsCsv, MinimalColumnsForStocks) {
  const auto facts =
      parse_fundamentals_csv("symbol,period_end,filed,concept,value\nX,2020-03-31,2020-05-01,liabilities,5\n", "f.csv");
  EXPECT_DOUBLE_EQ(facts.at("X").at(0).value, 5.0);
}

TEST(FundamentalsCsv, ErrorsPointAtFileLineAndColumn) {
  const std::string header = "symbol,period_start,period_end,filed,concept,value,form\n";
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-2x,revenue,1,10-Q\n"),
            "fund.csv:2:4: column 'filed': not a date (expected YYYY-MM-DD): \"2013-04-2x\"");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,revenue,12a,10-Q\n"),
            "fund.csv:2:6: column 'value': not a number: \"12a\"");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,revenue,nan,10-Q\n"),
            "fund.csv:2:6: column 'value': not a number: \"nan\"");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,revenue,,10-Q\n"),
            "fund.csv:2:6: column 'value': not a number: \"\"");
  EXPECT_THAT(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,Revenues,1,10-Q\n"),
              HasSubstr("fund.csv:2:5: column 'concept': unknown concept \"Revenues\"; known concepts: revenue, "
                        "net_income, operating_income, eps_diluted,"));
  EXPECT_EQ(error_of(header + "AAPL,,2013-03-31,2013-04-20,revenue,1,10-Q\n"),
            "fund.csv:2:2: column 'period_start': empty, but 'revenue' is an amount over a period");
  EXPECT_EQ(error_of(header + "AAPL,2013-04-01,2013-03-31,2013-04-20,revenue,1,10-Q\n"),
            "fund.csv:2:2: column 'period_start': 2013-04-01 is after period_end 2013-03-31");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-03-30,revenue,1,10-Q\n"),
            "fund.csv:2:4: column 'filed': filed 2013-03-30 is before period_end 2013-03-31: nothing is filed before "
            "its period ends");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,revenue,1,10-Q\n,2013-01-01,2013-03-31,2013-04-20,"
                              "revenue,1,10-Q\n"),
            "fund.csv:3:1: column 'symbol': empty symbol");
  EXPECT_EQ(error_of(header + "AAPL,2013-01-01,2013-03-31,2013-04-20,revenue,1\n"),
            "fund.csv:2:7: expected 7 fields as in the header, found 6");
  EXPECT_EQ(error_of("symbol,period_end,filed,concept,value\nAAPL,2013-03-31,2013-04-20,revenue,1\n"),
            "fund.csv:2:4: column 'concept': 'revenue' is an amount over a period: the file needs a period_start "
            "column");
  EXPECT_EQ(error_of("symbol,period_end,concept,value\n"), "fund.csv:1:1: missing required column 'filed'");
  EXPECT_EQ(error_of("symbol,period_end,filed,concept,value,note\n"),
            "fund.csv:1:6: unknown column \"note\"; the columns are symbol, period_start, period_end, filed, concept, "
            "value, form");
  EXPECT_EQ(error_of("symbol,period_end,filed,concept,value,Value\n"), "fund.csv:1:6: column 'value' appears twice");
  EXPECT_EQ(error_of(""), "fund.csv:1:1: empty file: expected a header line");
}

// RFC 4180 quoting: a quoted field is one field, commas and doubled quotes included.
TEST(FundamentalsCsv, QuotedFieldsKeepTheirCommas) {
  const auto facts = parse_fundamentals_csv(
      "symbol,period_end,filed,concept,value,form\n"
      "aapl,2013-03-30,2013-04-24,equity,\"135490000000\",\"10-Q, \"\"amended\"\"\"\n",
      "f.csv");
  ASSERT_EQ(facts.at("AAPL").size(), 1u);  // symbols upper-cased as in the price import
  EXPECT_EQ(facts.at("AAPL")[0].form, "10-Q, \"amended\"");
  EXPECT_DOUBLE_EQ(facts.at("AAPL")[0].value, 135490000000.0);
}

TEST(FundamentalsCsv, ReadsAFileAndLabelsErrorsWithItsPath) {
  const auto path = std::filesystem::temp_directory_path() / "mp_fundamentals_csv_test.csv";
  {
    std::ofstream out(path);
    out << "symbol,period_end,filed,concept,value\nIBM,2000-12-31,2001-02-01,equity,20624000000\nIBM,2000-12-31,"
           "2001-02-01,equity,x\n";
  }
  try {
    read_fundamentals_csv(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.column(), 5u);
  }
  std::filesystem::remove(path);
  EXPECT_THROW(read_fundamentals_csv(path), IoError);
}

TEST(FundamentalsCsv, WritesWhatItReadsBack) {
  // EDGAR facts kept as a CSV file read back unchanged (the filing's fiscal period/year aside).
  std::ifstream in(std::filesystem::path(MP_FIXTURES_DIR) / "edgar" / "companyfacts_aapl.json", std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  const FactsBySymbol facts = {{"AAPL", parse_companyfacts(body.str(), "AAPL", 320193)}};
  std::ostringstream csv;
  write_fundamentals_csv(csv, facts);
  const std::string text = csv.str();
  EXPECT_EQ(text.substr(0, text.find('\n', text.find('\n') + 1) + 1),
            "symbol,period_start,period_end,filed,concept,value,form\n"
            "AAPL,2010-09-26,2011-09-24,2012-10-31,capex,4260000000,10-K\n");
  EXPECT_NE(text.find("AAPL,2011-09-25,2012-09-29,2013-10-30,eps_diluted,44.15,10-K\n"), std::string::npos);
  EXPECT_NE(text.find("AAPL,,2014-01-17,2014-01-28,shares_outstanding,892447000,10-Q\n"), std::string::npos);
  const FactsBySymbol back = parse_fundamentals_csv(text, "edgar.csv");
  ASSERT_EQ(back.at("AAPL").size(), facts.at("AAPL").size());
  for (std::size_t i = 0; i < back.at("AAPL").size(); ++i) {
    const auto& a = facts.at("AAPL")[i];
    const auto& b = back.at("AAPL")[i];
    EXPECT_EQ(a.concept_name, b.concept_name);
    EXPECT_EQ(a.period_start, b.period_start);
    EXPECT_EQ(a.period_end, b.period_end);
    EXPECT_EQ(a.filed, b.filed);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.form, b.form);
  }
}

TEST(FundamentalsCsv, SeveralFilesMerge) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto first = dir / "mp_fundamentals_a.csv";
  const auto second = dir / "mp_fundamentals_b.csv";
  std::ofstream(first) << "symbol,period_end,filed,concept,value\nX,2020-12-31,2021-02-01,equity,1\n";
  std::ofstream(second) << "symbol,period_end,filed,concept,value\nX,2019-12-31,2020-02-01,equity,2\n"
                           "X,2020-12-31,2021-02-01,equity,3\nY,2020-12-31,2021-02-01,equity,4\n";
  const auto facts = read_fundamentals_csv_files({first.string(), second.string()});
  ASSERT_EQ(facts.at("X").size(), 3u);
  EXPECT_DOUBLE_EQ(facts.at("X")[0].value, 2);
  EXPECT_DOUBLE_EQ(facts.at("X")[1].value, 1);  // same filing date: the files' order is kept
  EXPECT_DOUBLE_EQ(facts.at("X")[2].value, 3);
  EXPECT_DOUBLE_EQ(facts.at("Y")[0].value, 4);
  std::filesystem::remove(first);
  std::filesystem::remove(second);
}

}  // namespace
}  // namespace mp::data
