#include "data/csv_import.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>

namespace mp::data {
namespace {

const std::filesystem::path kPrices = std::filesystem::path(MP_SOURCE_DIR) / "data/sample/prices";
const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "csv";

Date d(const char* text) { return *parse_date(text); }

// The message of the InputError that importing `text` (labelled prices.csv) throws.
std::string error_of(const std::string& text, const ImportOptions& options = {}) {
  try {
    import_csv_text(text, "prices.csv", options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kYahooHeader = "Date,Open,High,Low,Close,Adj Close,Volume\n";

// ---------------------------------------------------------------- the real sample files

TEST(CsvImportSample, DowJones30WidePanel) {
  const auto result = import_csv(kPrices / "dowjones30_close_1990_2001.csv");
  EXPECT_EQ(result.layout, CsvLayout::Wide);
  EXPECT_EQ(result.rows_read, 2529u);
  EXPECT_TRUE(result.skipped.empty());
  ASSERT_EQ(result.panel.size(), 30u);
  for (const auto& series : result.panel.series()) {
    EXPECT_EQ(series.size(), 2529u) << series.symbol();
    EXPECT_EQ(series.dates().front(), d("1990-12-31")) << series.symbol();
  }
  const auto& msft = result.panel.at("MSFT");
  EXPECT_DOUBLE_EQ(msft.close()[0], 2.08);
  EXPECT_DOUBLE_EQ(msft.adj_close()[0], 2.08);
  EXPECT_TRUE(std::isnan(msft.open()[0]));
  EXPECT_TRUE(std::isnan(msft.volume()[0]));
  EXPECT_FALSE(msft.has_high_low());
  // The repeated first two rows are two different dates, not a duplicate.
  EXPECT_EQ(msft.dates()[1], d("1991-01-02"));
  EXPECT_EQ(msft.dates().back(), d("2001-01-02"));
  EXPECT_DOUBLE_EQ(msft.close().back(), 43.38);
  EXPECT_EQ(result.panel.symbols().front(), "AA");  // panel sorted
}

TEST(CsvImportSample, AaplYahooLayout) {
  const auto result = import_csv(kPrices / "aapl_ohlcv_2013_2018.csv");
  EXPECT_EQ(result.layout, CsvLayout::Yahoo);
  ASSERT_EQ(result.panel.symbols(), std::vector<std::string>{"AAPL"});
  const auto& aapl = result.panel.at("AAPL");
  ASSERT_EQ(aapl.size(), 1260u);
  const Bar first = aapl.bar(0);
  EXPECT_EQ(first.date, d("2013-05-13"));
  EXPECT_DOUBLE_EQ(first.open, 64.501427);
  EXPECT_DOUBLE_EQ(first.high, 65.414284);
  EXPECT_DOUBLE_EQ(first.low, 64.5);
  EXPECT_DOUBLE_EQ(first.close, 64.962860);
  EXPECT_DOUBLE_EQ(first.adj_close, 50.961628);
  EXPECT_DOUBLE_EQ(first.volume, 79237200.0);
  EXPECT_EQ(aapl.dates().back(), d("2018-05-11"));
  EXPECT_DOUBLE_EQ(aapl.close().back(), 188.589996);
  EXPECT_TRUE(aapl.has_high_low());
  EXPECT_TRUE(aapl.has_volume());
}

TEST(CsvImportSample, MsftWithoutAdjCloseUsesClose) {
  const auto result = import_csv(kPrices / "msft_ohlcv_2000_2001.csv");
  const auto& msft = result.panel.at("MSFT");
  ASSERT_EQ(msft.size(), 249u);
  EXPECT_DOUBLE_EQ(msft.close()[0], 60.625);
  EXPECT_DOUBLE_EQ(msft.volume()[0], 53077800.0);
  for (std::size_t i = 0; i < msft.size(); ++i) ASSERT_EQ(msft.adj_close()[i], msft.close()[i]) << i;
}

TEST(CsvImportSample, GoogLowercaseHeaderWithAdjCloseLast) {
  const auto result = import_csv(kPrices / "goog_ohlcv_2004_2008.csv");
  const auto& goog = result.panel.at("GOOG");
  ASSERT_EQ(goog.size(), 1047u);
  const Bar first = goog.bar(0);
  EXPECT_EQ(first.date, d("2004-08-19"));
  EXPECT_DOUBLE_EQ(first.open, 100.0);
  EXPECT_DOUBLE_EQ(first.high, 104.06);
  EXPECT_DOUBLE_EQ(first.close, 100.34);
  EXPECT_DOUBLE_EQ(first.adj_close, 100.34);
  EXPECT_DOUBLE_EQ(first.volume, 22351900.0);
  EXPECT_EQ(goog.dates().back(), d("2008-10-14"));
}

TEST(CsvImportSample, Sp500AdjcloseSpellingAndNoTrailingNewline) {
  const auto result = import_csv(kPrices / "sp500_index_ohlcv_2000_2020.csv");
  const auto& sp = result.panel.at("SP500");
  ASSERT_EQ(sp.size(), 5105u);
  EXPECT_EQ(sp.dates().back(), d("2020-04-17"));
  EXPECT_DOUBLE_EQ(sp.adj_close().back(), 2874.560059);
  EXPECT_DOUBLE_EQ(sp.volume().back(), 5792140000.0);  // last line has no newline
}

TEST(CsvImportSample, SingleValueColumnTakesTheFileSymbol) {
  const auto result = import_csv(kPrices / "djia_close_1980_2012.csv");
  EXPECT_EQ(result.layout, CsvLayout::Wide);
  ASSERT_EQ(result.panel.symbols(), std::vector<std::string>{"DJIA"});
  EXPECT_EQ(result.panel.at("DJIA").size(), 8610u);
  EXPECT_DOUBLE_EQ(result.panel.at("DJIA").close()[0], 838.74);
}

TEST(CsvImportSample, GoldSilverTwoSymbolWidePanel) {
  const auto result = import_csv(kPrices / "gold_silver_close_1977_2012.csv");
  // Symbols are upper-cased at import: "gold" and "GOLD" are one symbol.
  ASSERT_EQ(result.panel.symbols(), (std::vector<std::string>{"GOLD", "SILVER"}));
  EXPECT_EQ(result.panel.at("SILVER").size(), 9132u);
  EXPECT_DOUBLE_EQ(result.panel.at("SILVER").close()[0], 223.42);
}

// The NYSE file carries two real defects of its source: 1966-02-23 where 1967-02-23 was meant
// (line 289) and 1969-12-08 twice (line 964).
TEST(CsvImportSample, NyseSourceDefectsAreReportedOrSkipped) {
  const auto file = kPrices / "nyse_composite_close_1966_2002.csv";
  try {
    import_csv(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 289u);
    EXPECT_EQ(e.column(), 1u);
    EXPECT_EQ(std::string(e.what()),
              file.string() + ":289:1: column 'date': date \"1966-02-23\" is before the previous row's 1967-02-21");
  }
  ImportOptions skip;
  skip.skip_bad_rows = true;
  const auto result = import_csv(file, skip);
  EXPECT_EQ(result.rows_read, 9311u);
  ASSERT_EQ(result.skipped.size(), 2u);
  EXPECT_EQ(result.skipped[0].line, 289u);
  EXPECT_EQ(result.skipped[1].line, 964u);
  EXPECT_EQ(result.skipped[1].reason, file.string() + ":964:1: column 'date': duplicate date \"1969-12-08\"");
  EXPECT_EQ(result.panel.at("NYSE").size(), 9309u);
}

// ---------------------------------------------------------------- header variants, encodings

TEST(CsvImportFormat, BomAndCrlf) {
  const auto result = import_csv(kFixtures / "aapl_bom_crlf.csv");
  EXPECT_EQ(result.layout, CsvLayout::Yahoo);
  const auto& aapl = result.panel.at("AAPL");
  ASSERT_EQ(aapl.size(), 5u);
  EXPECT_EQ(aapl.dates()[0], d("2013-05-13"));
  EXPECT_DOUBLE_EQ(aapl.volume()[4], 106976100.0);  // no '\r' left on the last field
}

TEST(CsvImportFormat, AnyColumnOrderAndHeaderSpelling) {
  const auto result = import_csv(kFixtures / "aapl_reordered.csv");
  const auto& aapl = result.panel.at("AAPL");
  ASSERT_EQ(aapl.size(), 5u);
  const Bar first = aapl.bar(0);
  EXPECT_EQ(first.date, d("2013-05-13"));
  EXPECT_DOUBLE_EQ(first.open, 64.501427);
  EXPECT_DOUBLE_EQ(first.high, 65.414284);
  EXPECT_DOUBLE_EQ(first.low, 64.5);
  EXPECT_DOUBLE_EQ(first.close, 64.962860);
  EXPECT_DOUBLE_EQ(first.adj_close, 50.961628);
  EXPECT_DOUBLE_EQ(first.volume, 79237200.0);
}

class AdjCloseSpelling : public testing::TestWithParam<const char*> {};

TEST_P(AdjCloseSpelling, IsRecognised) {
  const std::string text = std::string("Date,Close,") + GetParam() + "\n2020-01-02,10.5,9.25\n";
  const auto result = import_csv_text(text, "x.csv");
  EXPECT_DOUBLE_EQ(result.panel.at("X").adj_close()[0], 9.25);
}

INSTANTIATE_TEST_SUITE_P(Variants, AdjCloseSpelling,
                         testing::Values("Adj Close", "adj_close", "adjclose", "AdjClose", " ADJ CLOSE "));

TEST(CsvImportFormat, OnlyDateAndCloseAreRequired) {
  const auto result = import_csv_text("date,close\n2020-01-02,10.5\n2020-01-03,11\n", "spy.csv");
  const auto& spy = result.panel.at("SPY");
  ASSERT_EQ(spy.size(), 2u);
  EXPECT_DOUBLE_EQ(spy.adj_close()[1], 11.0);
  EXPECT_TRUE(std::isnan(spy.open()[0]));
  EXPECT_TRUE(std::isnan(spy.high()[0]));
  EXPECT_TRUE(std::isnan(spy.low()[0]));
  EXPECT_TRUE(std::isnan(spy.volume()[0]));
}

TEST(CsvImportFormat, EmptyOptionalCellsAreNaN) {
  const auto result = import_csv_text(std::string(kYahooHeader) + "2020-01-02,,,,10,,\n", "x.csv");
  const Bar bar = result.panel.at("X").bar(0);
  EXPECT_TRUE(std::isnan(bar.open));
  EXPECT_TRUE(std::isnan(bar.volume));
  EXPECT_DOUBLE_EQ(bar.adj_close, 10.0);  // empty adjusted close: no adjustment known
}

TEST(CsvImportFormat, ZeroVolumeAndCloseOnTheHighAreAccepted) {
  const auto result = import_csv_text(std::string(kYahooHeader) + "2020-01-02,10,10.2,9.9,10.2,10.2,0\n", "x.csv");
  EXPECT_DOUBLE_EQ(result.panel.at("X").volume()[0], 0.0);
  EXPECT_DOUBLE_EQ(result.panel.at("X").close()[0], 10.2);
}

TEST(CsvImportFormat, SymbolOptionAndFileName) {
  ImportOptions options;
  options.symbol = "brk-b";  // upper-cased like every symbol
  const auto result = import_csv_text("Date,Close\n2020-01-02,1\n", "whatever.csv", options);
  EXPECT_EQ(result.panel.symbols(), std::vector<std::string>{"BRK-B"});
  EXPECT_EQ(symbol_from_file_name("aapl_ohlcv_2013_2018.csv"), "AAPL");
  EXPECT_EQ(symbol_from_file_name("/some/dir/msft.csv"), "MSFT");
  EXPECT_EQ(symbol_from_file_name("Goog"), "GOOG");
}

TEST(CsvImportFormat, BlankLinesAreNotRows) {
  const auto result = import_csv_text("\nDate,Close\n\n2020-01-02,1\n   \n2020-01-03,2\n\n", "x.csv");
  EXPECT_EQ(result.rows_read, 2u);
  EXPECT_EQ(result.panel.at("X").size(), 2u);
}

TEST(CsvImportFormat, QuotedHeaderNamesAsWrittenByR) {
  const auto result = import_csv_text("\"date\",\"AA\"\n\"1991-01-02\",5.92\n", "dj.csv");
  EXPECT_DOUBLE_EQ(result.panel.at("AA").close()[0], 5.92);
}

// Several symbols in one Yahoo-layout file, told apart by a Symbol column (rows in any order).
TEST(CsvImportFormat, SymbolColumnHoldsSeveralSymbols) {
  const auto result = import_csv_text(
      "Symbol,Date,Open,High,Low,Close,Volume\n"
      "msft,2020-01-02,10,11,9,10.5,100\n"
      "AAPL,2020-01-02,5,6,4,5.5,200\n"
      "MSFT,2020-01-03,10.5,12,10,11.5,300\n",
      "all.csv");
  EXPECT_EQ(result.layout, CsvLayout::Yahoo);
  ASSERT_EQ(result.panel.symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
  const auto& msft = result.panel.at("MSFT");
  ASSERT_EQ(msft.size(), 2u);
  EXPECT_DOUBLE_EQ(msft.close()[1], 11.5);
  EXPECT_DOUBLE_EQ(result.panel.at("AAPL").volume()[0], 200.0);
  EXPECT_EQ(result.lines.at("MSFT"), (std::vector<std::uint32_t>{2, 4}));
}

TEST(CsvImportFormat, SymbolColumnErrors) {
  const std::string header = "Ticker,Date,Close\n";
  EXPECT_EQ(error_of(header + "MSFT,2020-01-03,10\nAAPL,2020-01-02,5\nmsft,2020-01-02,11\n"),
            "prices.csv:4:2: column 'Date': date \"2020-01-02\" is before the previous row's 2020-01-03");
  EXPECT_EQ(error_of(header + ",2020-01-03,10\n"), "prices.csv:2:1: column 'Ticker': empty symbol");
  EXPECT_EQ(error_of(header + "A\xFF,2020-01-03,10\n"), "prices.csv:2:1: symbol \"A\\xFF\" is not valid UTF-8");
}

// ---------------------------------------------------------------- wide panels

TEST(CsvImportWide, EmptyCellMeansNoBar) {
  const auto result = import_csv(kFixtures / "dow3_gaps.csv");
  ASSERT_EQ(result.panel.symbols(), (std::vector<std::string>{"AA", "IBM", "MSFT"}));
  const auto& aa = result.panel.at("AA");
  ASSERT_EQ(aa.size(), 3u);
  EXPECT_EQ(aa.dates()[0], d("1991-01-02"));
  const auto& ibm = result.panel.at("IBM");
  ASSERT_EQ(ibm.size(), 3u);
  EXPECT_EQ(ibm.dates()[2], d("1991-01-04"));
  EXPECT_EQ(result.panel.at("MSFT").size(), 4u);
  EXPECT_DOUBLE_EQ(result.panel.at("MSFT").close()[3], 2.11);
}

TEST(CsvImportWide, DuplicateSymbolIsAnError) {
  EXPECT_EQ(error_of("date,AA,IBM,AA\n1991-01-02,1,2,3\n"), "prices.csv:1:4: duplicate symbol 'AA'");
}

TEST(CsvImportWide, BadCellNamesItsSymbolColumn) {
  EXPECT_EQ(error_of("date,AA,IBM\n1991-01-02,1,2\n1991-01-03,1,-2\n"),
            "prices.csv:3:3: column 'IBM': price must be positive: \"-2\"");
}

TEST(CsvImportWide, ForcedWideLayoutKeepsAColumnNamedClose) {
  ImportOptions options;
  options.layout = CsvLayout::Wide;
  const auto result = import_csv_text("date,close,AA\n1991-01-02,1,2\n", "x.csv", options);
  EXPECT_EQ(result.panel.symbols(), (std::vector<std::string>{"AA", "CLOSE"}));
}

// ---------------------------------------------------------------- errors: exact positions

// A Yahoo file whose line `bad_line` is `bad_row`; the valid lines before it are dated one day
// apart from 2020-01-01 (line 2) on.
std::string yahoo_with(std::size_t bad_line, const std::string& bad_row) {
  std::string text = kYahooHeader;
  for (std::size_t line = 2; line < bad_line; ++line) {
    const Date date = d("2020-01-01") + std::chrono::days{line - 2};
    text += fmt::format("{},10,11,9,10.5,10.5,1000\n", format_date(date));
  }
  return text + bad_row + "\n";
}

TEST(CsvImportErrors, NotANumberNamesLineColumnAndText) {
  EXPECT_EQ(error_of(yahoo_with(17, "2020-02-01,10,11,9,abc,10,1000")),
            "prices.csv:17:5: column 'Close': not a number: \"abc\"");
}

TEST(CsvImportErrors, FileFixturePrefixIsThePath) {
  const auto file = kFixtures / "msft_bad_close.csv";
  try {
    import_csv(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ":4:5: column 'Close': not a number: \"abc\"");
    EXPECT_EQ(e.file(), file.string());
    EXPECT_EQ(e.line(), 4u);
    EXPECT_EQ(e.column(), 5u);
  }
}

TEST(CsvImportErrors, NonFiniteWordsAreNotNumbers) {
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,null,11,9,10,10,1")),
            "prices.csv:2:2: column 'Open': not a number: \"null\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,NaN,9,10,10,1")),
            "prices.csv:2:3: column 'High': not a number: \"NaN\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,inf,10,1")),
            "prices.csv:2:5: column 'Close': not a number: \"inf\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,10,10,1e999")),
            "prices.csv:2:7: column 'Volume': not a number: \"1e999\"");
}

TEST(CsvImportErrors, BadDates) {
  EXPECT_EQ(error_of(yahoo_with(3, "2020-13-01,10,11,9,10,10,1")),
            "prices.csv:3:1: column 'Date': not a date (expected YYYY-MM-DD): \"2020-13-01\"");
  EXPECT_EQ(error_of(yahoo_with(3, "2021-02-29,10,11,9,10,10,1")),
            "prices.csv:3:1: column 'Date': not a date (expected YYYY-MM-DD): \"2021-02-29\"");
  EXPECT_EQ(error_of(yahoo_with(3, "02/01/2020,10,11,9,10,10,1")),
            "prices.csv:3:1: column 'Date': not a date (expected YYYY-MM-DD): \"02/01/2020\"");
  EXPECT_EQ(error_of(yahoo_with(3, ",10,11,9,10,10,1")), "prices.csv:3:1: column 'Date': empty date");
}

TEST(CsvImportErrors, EmptyClose) {
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,,10,1")), "prices.csv:2:5: column 'Close': empty value");
}

TEST(CsvImportErrors, NonPositivePricesAndNegativeVolume) {
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,0,11,9,10,10,1")),
            "prices.csv:2:2: column 'Open': price must be positive: \"0\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,-10,10,1")),
            "prices.csv:2:5: column 'Close': price must be positive: \"-10\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,10,-0.5,1")),
            "prices.csv:2:6: column 'Adj Close': price must be positive: \"-0.5\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,10,10,-5")),
            "prices.csv:2:7: column 'Volume': volume must not be negative: \"-5\"");
}

TEST(CsvImportErrors, HighBelowLow) {
  EXPECT_EQ(error_of(yahoo_with(5, "2020-02-01,10,9,11,10,10,1")),
            "prices.csv:5:3: column 'High': high \"9\" is below low \"11\"");
}

TEST(CsvImportErrors, DuplicateAndDecreasingDates) {
  EXPECT_EQ(error_of(yahoo_with(4, "2020-01-02,10,11,9,10,10,1")),
            "prices.csv:4:1: column 'Date': duplicate date \"2020-01-02\"");
  EXPECT_EQ(error_of(yahoo_with(4, "2019-12-31,10,11,9,10,10,1")),
            "prices.csv:4:1: column 'Date': date \"2019-12-31\" is before the previous row's 2020-01-02");
}

TEST(CsvImportErrors, WrongFieldCount) {
  // The column is the first missing field, or the first extra one.
  EXPECT_EQ(error_of(yahoo_with(3, "2020-02-01,10,11,9,10,10")),
            "prices.csv:3:7: expected 7 fields as in the header, found 6");
  EXPECT_EQ(error_of(yahoo_with(3, "2020-02-01,10,11,9,10,10,1,")),
            "prices.csv:3:8: expected 7 fields as in the header, found 8");
}

TEST(CsvImportErrors, HeaderProblemsAreOnLineOne) {
  EXPECT_EQ(error_of(""), "prices.csv:1:1: empty file: no header line");
  EXPECT_EQ(error_of("\xEF\xBB\xBF\r\n"), "prices.csv:1:1: empty file: no header line");
  EXPECT_EQ(error_of("Open,Close\n10,10\n"),
            "prices.csv:1:1: missing required column 'Date' (the header has Open, Close)");
  EXPECT_EQ(error_of("Symbol,Price\nAA,10\n"),
            "prices.csv:1:1: no 'Close' column, and not a wide panel (a 'date' column followed by symbols)");
  EXPECT_EQ(error_of("date\n2020-01-02\n"),
            "prices.csv:1:1: no 'Close' column, and not a wide panel (a 'date' column followed by symbols)");
  ImportOptions yahoo;
  yahoo.layout = CsvLayout::Yahoo;
  EXPECT_EQ(error_of("Date,AA\n2020-01-02,1\n", yahoo),
            "prices.csv:1:1: missing required column 'Close' (the header has Date, AA)");
  ImportOptions wide;
  wide.layout = CsvLayout::Wide;
  EXPECT_EQ(error_of("day,AA\n2020-01-02,1\n", wide),
            "prices.csv:1:1: wide panel: first column must be 'date', found \"day\"");
  EXPECT_EQ(error_of("Date,Close,Adj Close,adj_close\n", {}),
            "prices.csv:1:4: duplicate column 'adj_close' (same as 'Adj Close')");
}

TEST(CsvImportErrors, HeaderOnlyIsAnError) {
  EXPECT_EQ(error_of(kYahooHeader), "prices.csv:1:1: no data rows after the header");
  EXPECT_EQ(error_of("date,AA\n\n\n"), "prices.csv:1:1: no data rows after the header");
}

// A file without a Close column used to become a wide panel with symbols Open, High, ...
TEST(CsvImportErrors, PriceColumnsWithoutCloseAreAMissingCloseNotAWidePanel) {
  EXPECT_EQ(error_of("Date,Open,High,Low,Volume\n2020-01-02,10,11,9,100\n"),
            "prices.csv:1:1: missing required column 'Close' (the header has Date, Open, High, Low, Volume)");
  // A header whose Close is not UTF-8 (Latin-1 "\xF6"): the same error, the bytes shown escaped.
  EXPECT_EQ(error_of("Date,Open,High,Low,Cl\xF6se\n2020-01-02,10,11,9,10\n"),
            "prices.csv:1:1: missing required column 'Close' (the header has Date, Open, High, Low, Cl\\xF6se)");
}

TEST(CsvImportErrors, SymbolsMustBePrintableUtf8) {
  EXPECT_EQ(error_of("date,AA,\xC3\x28\n1991-01-02,1,2\n"), "prices.csv:1:3: symbol \"\\xC3(\" is not valid UTF-8");
  EXPECT_EQ(error_of("date,AA,B\x01X\n1991-01-02,1,2\n"),
            "prices.csv:1:3: symbol \"B\\x01X\" contains a control character");
  ImportOptions latin1;
  latin1.symbol = "CAF\xC9";
  EXPECT_EQ(error_of("Date,Close\n2020-01-02,1\n", latin1), "prices.csv:1:1: symbol \"CAF\\xC9\" is not valid UTF-8");
  // Valid UTF-8 beyond ASCII is kept as it is (only ASCII letters are upper-cased).
  const auto result = import_csv_text("date,caf\xC3\xA9\n1991-01-02,1\n", "x.csv");
  EXPECT_EQ(result.panel.symbols(), std::vector<std::string>{"CAF\xC3\xA9"});
}

TEST(CsvImportErrors, SymbolsDifferingOnlyInCaseAreOne) {
  EXPECT_EQ(error_of("date,aa,IBM,AA\n1991-01-02,1,2,3\n"), "prices.csv:1:4: duplicate symbol 'AA' (same as 'aa')");
  const auto result = import_csv_text("date,aa,Ibm\n1991-01-02,1,2\n", "x.csv");
  EXPECT_EQ(result.panel.symbols(), (std::vector<std::string>{"AA", "IBM"}));
}

TEST(CsvImportErrors, PricesOutsideTheAcceptedRange) {
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,1e308,9,10,10,1")),
            "prices.csv:2:3: column 'High': price out of range [1e-06, 1e+09]: \"1e308\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,1e-320,10,10,1")),
            "prices.csv:2:4: column 'Low': price out of range [1e-06, 1e+09]: \"1e-320\"");
  EXPECT_EQ(error_of("date,AA\n1991-01-02,2e9\n"),
            "prices.csv:2:2: column 'AA': price out of range [1e-06, 1e+09]: \"2e9\"");
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,10,10,1e300")),
            "prices.csv:2:7: column 'Volume': volume out of range [0, 1e+15]: \"1e300\"");
}

TEST(CsvImportErrors, YearsOutsideTheAcceptedRange) {
  EXPECT_EQ(error_of(yahoo_with(2, "0000-01-03,10,11,9,10,10,1")),
            "prices.csv:2:1: column 'Date': date out of range [1800-01-01, 2100-12-31]: \"0000-01-03\"");
  EXPECT_EQ(error_of("date,AA\n9999-12-31,2\n"),
            "prices.csv:2:1: column 'date': date out of range [1800-01-01, 2100-12-31]: \"9999-12-31\"");
}

TEST(CsvImportErrors, OpenAndCloseMustLieWithinLowAndHigh) {
  EXPECT_EQ(error_of(yahoo_with(2, "2020-02-01,10,11,9,11.5,11.5,1")),
            "prices.csv:2:5: column 'Close': close \"11.5\" is outside [low \"9\", high \"11\"]");
  EXPECT_EQ(error_of(yahoo_with(3, "2020-02-01,8.5,11,9,10,10,1")),
            "prices.csv:3:2: column 'Open': open \"8.5\" is outside [low \"9\", high \"11\"]");
  // Within 1e-9 relative of the bound: rounding of the source, accepted.
  const auto result = import_csv_text(yahoo_with(2, "2020-02-01,9.000000000001,11,9,11.000000001,11,1"), "x.csv");
  EXPECT_DOUBLE_EQ(result.panel.at("X").close()[0], 11.000000001);
}

// RFC 4180: a quoted field is one field, commas and doubled quotes included.
TEST(CsvImportErrors, QuotedCommaIsOneField) {
  EXPECT_EQ(error_of("Date,Close,Volume\n2020-01-02,\"1,000\",5\n"),
            "prices.csv:2:2: column 'Close': not a number: \"1,000\"");
  const auto result = import_csv_text("\"Date\",\"Close\"\r\n\"2020-01-02\",\"10.5\"\r\n", "x.csv");
  EXPECT_DOUBLE_EQ(result.panel.at("X").close()[0], 10.5);
}

TEST(CsvImportErrors, MissingFileIsAnIoError) {
  EXPECT_THROW(import_csv(kFixtures / "no_such_file.csv"), IoError);
  EXPECT_THROW(import_csv(kFixtures), IoError);
}

// ---------------------------------------------------------------- skip_bad_rows

TEST(CsvImportSkip, BadRowsAreCountedAndJudgedAgainstAcceptedRows) {
  const std::string text = std::string(kYahooHeader) +
                           "2020-01-02,10,11,9,10,10,1\n"     // line 2 ok
                           "2020-01-03,10,11,9,x,10,1\n"      // line 3 bad close
                           "2020-01-03,10,11,9,10.3,10,1\n"   // line 4 ok: line 3 was not accepted
                           "2020-01-03,10,11,9,10.4,10,1\n"   // line 5 duplicate of line 4
                           "2020-01-01,10,11,9,10,10,1\n"     // line 6 before line 4
                           "2020-01-06,10,11\n"               // line 7 too few fields
                           "2020-01-07,10,11,9,10.7,10,1\n";  // line 8 ok
  ImportOptions options;
  options.skip_bad_rows = true;
  const auto result = import_csv_text(text, "prices.csv", options);
  EXPECT_EQ(result.rows_read, 7u);
  ASSERT_EQ(result.skipped.size(), 4u);
  EXPECT_EQ(result.skipped[0].line, 3u);
  EXPECT_EQ(result.skipped[0].reason, "prices.csv:3:5: column 'Close': not a number: \"x\"");
  EXPECT_EQ(result.skipped[1].line, 5u);
  EXPECT_EQ(result.skipped[1].reason, "prices.csv:5:1: column 'Date': duplicate date \"2020-01-03\"");
  EXPECT_EQ(result.skipped[2].line, 6u);
  EXPECT_EQ(result.skipped[3].reason, "prices.csv:7:4: expected 7 fields as in the header, found 3");
  const auto& x = result.panel.at("PRICES");
  ASSERT_EQ(x.size(), 3u);
  EXPECT_DOUBLE_EQ(x.close()[1], 10.3);
  EXPECT_DOUBLE_EQ(x.close()[2], 10.7);
}

TEST(CsvImportSkip, WideBadRowIsSkippedWhole) {
  ImportOptions options;
  options.skip_bad_rows = true;
  const auto result =
      import_csv_text("date,AA,IBM\n1991-01-02,1,2\n1991-01-03,1.5,oops\n1991-01-04,1.6,2.6\n", "dj.csv", options);
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0].reason, "dj.csv:3:3: column 'IBM': not a number: \"oops\"");
  // AA's valid cell on the bad line is not kept either: the row goes as a whole.
  EXPECT_EQ(result.panel.at("AA").size(), 2u);
  EXPECT_DOUBLE_EQ(result.panel.at("AA").close()[1], 1.6);
}

TEST(CsvImportSkip, WithoutSkipNothingIsReturned) {
  const std::string text = yahoo_with(50, "2020-03-01,10,11,9,10,10,-1");
  EXPECT_THROW(import_csv_text(text, "prices.csv"), InputError);
  ImportOptions options;
  options.skip_bad_rows = true;
  const auto result = import_csv_text(text, "prices.csv", options);
  EXPECT_EQ(result.panel.at("PRICES").size(), 48u);
  EXPECT_EQ(result.skipped.size(), 1u);
}

}  // namespace
}  // namespace mp::data
