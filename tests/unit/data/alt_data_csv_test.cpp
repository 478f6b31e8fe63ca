// Analyst rating, institutional ownership and insider net buying CSV layouts.
#include "data/alt_data_csv.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mp::data {
namespace {

const std::filesystem::path kNews = std::filesystem::path(MP_FIXTURES_DIR) / "news";

Date d(const char* text) { return *parse_date(text); }

std::string csv_error(const std::string& text, std::optional<AltDataKind> expected = std::nullopt) {
  try {
    parse_alt_data_csv(text, "alt.csv", expected);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(AltDataCsv, AnalystRatings) {
  const auto table = import_alt_data_csv(kNews / "analyst_ratings.csv", AltDataKind::AnalystRating);
  EXPECT_EQ(table.kind, AltDataKind::AnalystRating);
  EXPECT_EQ(table.value_column, "rating");
  ASSERT_EQ(table.rows.size(), 4U);
  EXPECT_EQ(table.rows[0].symbol, "AAPL");
  EXPECT_EQ(table.rows[0].published, d("2013-05-13"));
  EXPECT_DOUBLE_EQ(table.rows[0].value, 4.2);
  EXPECT_EQ(table.rows[2].symbol, "IBM");
  EXPECT_DOUBLE_EQ(table.rows[2].value, 3.0);
  EXPECT_EQ(table.rows[3].published, d("2013-05-15"));  // the restatement stays, in file order
  EXPECT_DOUBLE_EQ(table.rows[3].value, 4.0);
}

TEST(AltDataCsv, InstitutionalOwnershipAndInsiders) {
  const auto ownership = import_alt_data_csv(kNews / "institutional_ownership.csv");
  EXPECT_EQ(ownership.kind, AltDataKind::InstitutionalOwnership);
  ASSERT_EQ(ownership.rows.size(), 2U);
  EXPECT_DOUBLE_EQ(ownership.rows[1].value, 72.25);
  EXPECT_EQ(ownership.rows[1].symbol, "MSFT");

  const auto insiders = import_alt_data_csv(kNews / "insider_transactions.csv");  // header "Net_Shares"
  EXPECT_EQ(insiders.kind, AltDataKind::InsiderNetBuying);
  EXPECT_EQ(insiders.value_column, "net_shares");
  ASSERT_EQ(insiders.rows.size(), 2U);
  EXPECT_DOUBLE_EQ(insiders.rows[0].value, -250000.0);
  EXPECT_EQ(insiders.rows[1].published, d("2013-05-16"));
}

TEST(AltDataCsv, NetValueQuotesCrlfAndLowerCaseSymbols) {
  const auto table = parse_alt_data_csv(
      "\xEF\xBB\xBF\"symbol\",\"published\",\"net_value\"\r\n\"brk.b\",2020-01-02,-1.5e6\r\n\r\n", "alt.csv");
  EXPECT_EQ(table.kind, AltDataKind::InsiderNetBuying);
  EXPECT_EQ(table.value_column, "net_value");
  ASSERT_EQ(table.rows.size(), 1U);
  EXPECT_EQ(table.rows[0].symbol, "BRK.B");
  EXPECT_DOUBLE_EQ(table.rows[0].value, -1.5e6);
  EXPECT_EQ(alt_data_kind_name(table.kind), "insider_net_buying");
}

TEST(AltDataCsv, BadInputNamesFileLineAndColumn) {
  const std::string header = "symbol,published,rating\n";
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,6\n"), "alt.csv:2:3: column 'rating': \"6\" is outside 1..5");
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,0.5\n"), "alt.csv:2:3: column 'rating': \"0.5\" is outside 1..5");
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,buy\n"), "alt.csv:2:3: column 'rating': not a number: \"buy\"");
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,nan\n"), "alt.csv:2:3: column 'rating': not a number: \"nan\"");
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,\n"), "alt.csv:2:3: column 'rating': empty value");
  EXPECT_EQ(csv_error(header + "AAPL,13/05/2013,4\n"),
            "alt.csv:2:2: column 'published': not a date (expected YYYY-MM-DD): \"13/05/2013\"");
  EXPECT_EQ(csv_error(header + "AAPL,2013/05/13,4\n"),
            "alt.csv:2:2: column 'published': not a date (expected YYYY-MM-DD): \"2013/05/13\"");
  EXPECT_EQ(csv_error(header + ",2013-05-13,4\n"), "alt.csv:2:1: column 'symbol': empty symbol");
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13\n"), "alt.csv:2:3: expected 3 fields as in the header, found 2");
  // A quoted comma is part of its field, not a fourth field.
  EXPECT_EQ(csv_error(header + "AAPL,2013-05-13,\"4,5\"\n"), "alt.csv:2:3: column 'rating': not a number: \"4,5\"");
  EXPECT_EQ(csv_error("symbol,published,ownership_pct\nAAPL,2013-05-13,250\n"),
            "alt.csv:2:3: column 'ownership_pct': \"250\" is outside 0..200");
  EXPECT_EQ(csv_error("symbol,date,rating\n"),
            "alt.csv:1:2: header \"date\": expected symbol,published,rating | ownership_pct | net_shares | net_value");
  EXPECT_EQ(csv_error("symbol,published,score\n"),
            "alt.csv:1:3: unknown value column \"score\": expected symbol,published,rating | ownership_pct | "
            "net_shares | net_value");
  EXPECT_EQ(csv_error("symbol,published,rating,source\n"),
            "alt.csv:1:1: header has 4 columns; expected symbol,published,rating | ownership_pct | net_shares | "
            "net_value");
  EXPECT_EQ(csv_error(header, AltDataKind::InstitutionalOwnership),
            "alt.csv:1:3: expected institutional_ownership data, the header \"rating\" is analyst_rating");
  EXPECT_EQ(csv_error(""), "alt.csv:1:1: empty file: expected a header symbol,published,<value>");
}

TEST(AltDataCsv, HeaderOnlyIsAnEmptyTable) {
  EXPECT_TRUE(parse_alt_data_csv("symbol,published,rating\n", "alt.csv").rows.empty());
}

TEST(AltDataCsv, UnreadableFileIsAnIoError) { EXPECT_THROW(import_alt_data_csv(kNews / "nope.csv"), IoError); }

}  // namespace
}  // namespace mp::data
