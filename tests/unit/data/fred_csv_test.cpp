// FRED CSV parsers: the graph download (both header spellings, "." and empty cells for missing
// values) on the fixtures of tests/fixtures/fred (see PROVENANCE.md there), and the long table
// shipped in data/sample/macro.
#include "data/fred_csv.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

namespace mp::data {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "fred";
const std::filesystem::path kShippedLong =
    std::filesystem::path(MP_SOURCE_DIR) / "data" / "sample" / "macro" / "fred_monthly_selected.csv";

Date d(const char* text) { return *parse_date(text); }

// The InputError `action` throws (what(), line, column).
struct Failure {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
};
template <class Action>
Failure failure_of(Action action) {
  try {
    action();
  } catch (const InputError& e) {
    return {e.what(), e.line(), e.column()};
  }
  return {"(no error)"};
}

TEST(FredGraphCsv, OldDateHeader) {
  const auto all = read_fred_graph_csv(kFixtures / "fredgraph_gs10_1994-10_1995-06_date_header.csv");
  ASSERT_EQ(all.size(), 1U);
  const FredSeries& gs10 = all[0];
  EXPECT_EQ(gs10.id, "GS10");
  EXPECT_EQ(gs10.frequency, "M");
  ASSERT_EQ(gs10.observations.size(), 9U);
  EXPECT_EQ(gs10.observations[0].date, d("1994-10-01"));
  EXPECT_DOUBLE_EQ(gs10.observations[0].value, 7.74);
  EXPECT_EQ(gs10.observations[5].date, d("1995-03-01"));
  EXPECT_DOUBLE_EQ(gs10.observations[5].value, 7.20);
  EXPECT_EQ(gs10.observations[8].date, d("1995-06-01"));
  EXPECT_DOUBLE_EQ(gs10.observations[8].value, 6.17);
}

TEST(FredGraphCsv, WrittenSeriesReadsBackExactlyWithItsGaps) {
  const auto original =
      read_fred_graph_csv(kFixtures / "fredgraph_vixcls_2000-06-29_2000-07-06_illustrative.csv").at(0);
  ASSERT_TRUE(std::any_of(original.observations.begin(), original.observations.end(),
                          [](const FredObservation& o) { return std::isnan(o.value); }));
  std::ostringstream out;
  write_fred_graph_csv(out, original);
  EXPECT_EQ(out.str().substr(0, out.str().find('\n')), "observation_date,VIXCLS");
  const auto back = parse_fred_graph_csv(out.str(), "written.csv").at(0);
  EXPECT_EQ(back.id, original.id);
  EXPECT_EQ(back.frequency, original.frequency);
  ASSERT_EQ(back.observations.size(), original.observations.size());
  for (std::size_t i = 0; i < back.observations.size(); ++i) {
    EXPECT_EQ(back.observations[i].date, original.observations[i].date);
    if (std::isnan(original.observations[i].value)) {
      EXPECT_TRUE(std::isnan(back.observations[i].value));
    } else {
      EXPECT_EQ(back.observations[i].value, original.observations[i].value);
    }
  }
}

TEST(FredGraphCsv, NewObservationDateHeaderGivesTheSameSeries) {
  const auto old_style = read_fred_graph_csv(kFixtures / "fredgraph_gs10_1994-10_1995-06_date_header.csv");
  const auto new_style = read_fred_graph_csv(kFixtures / "fredgraph_gs10_1994-10_1995-06_observation_date_header.csv");
  ASSERT_EQ(new_style.size(), 1U);
  EXPECT_EQ(new_style[0].id, "GS10");
  EXPECT_EQ(new_style[0].frequency, "M");
  ASSERT_EQ(new_style[0].observations.size(), old_style[0].observations.size());
  for (std::size_t i = 0; i < old_style[0].observations.size(); ++i) {
    EXPECT_EQ(new_style[0].observations[i].date, old_style[0].observations[i].date);
    EXPECT_EQ(new_style[0].observations[i].value, old_style[0].observations[i].value);
  }
}

TEST(FredGraphCsv, DotIsMissingNotZero) {
  // CRLF line ends; 2000-07-04 (Independence Day) is ".".
  const auto all = read_fred_graph_csv(kFixtures / "fredgraph_vixcls_2000-06-29_2000-07-06_illustrative.csv");
  ASSERT_EQ(all.size(), 1U);
  const FredSeries& vix = all[0];
  EXPECT_EQ(vix.id, "VIXCLS");
  EXPECT_EQ(vix.frequency, "D");
  ASSERT_EQ(vix.observations.size(), 6U);  // the missing day is kept, as NaN
  EXPECT_DOUBLE_EQ(vix.observations[2].value, 18.82);
  EXPECT_EQ(vix.observations[3].date, d("2000-07-04"));
  EXPECT_TRUE(std::isnan(vix.observations[3].value));
  EXPECT_DOUBLE_EQ(vix.observations[4].value, 20.01);
}

TEST(FredGraphCsv, EmptyCellIsMissingInTheNewerFormat) {
  const auto all =
      read_fred_graph_csv(kFixtures / "fredgraph_vixcls_2000-06-29_2000-07-06_illustrative_empty_missing.csv");
  ASSERT_EQ(all[0].observations.size(), 6U);
  EXPECT_TRUE(std::isnan(all[0].observations[3].value));
  EXPECT_DOUBLE_EQ(all[0].observations[5].value, 19.39);
}

TEST(FredGraphCsv, SeveralSeriesColumnsAndABom) {
  const auto all = parse_fred_graph_csv(
      "\xEF\xBB\xBF"
      "DATE,GS10,GS3M\n1995-03-01,7.20,5.91\n1995-04-01,7.06,.\n",
      "two.csv");
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[1].id, "GS3M");
  EXPECT_DOUBLE_EQ(all[1].observations[0].value, 5.91);
  EXPECT_TRUE(std::isnan(all[1].observations[1].value));
  EXPECT_EQ(find_fred_series(all, "gs3m"), &all[1]);
  EXPECT_EQ(find_fred_series(all, "DGS10"), nullptr);
}

TEST(FredGraphCsv, BadValueNamesFileLineAndColumn) {
  const std::string file = (kFixtures / "fredgraph_gs10_bad_value.csv").string();
  const Failure f = failure_of([&] { read_fred_graph_csv(file); });
  EXPECT_EQ(f.message, file + ":4:2: column 'GS10': not a number (nor \".\" for missing): \"n/a\"");
  EXPECT_EQ(f.line, 4U);
  EXPECT_EQ(f.column, 2U);
}

TEST(FredGraphCsv, TruncatedDateIsAnError) {
  const Failure f = failure_of([] { read_fred_graph_csv(kFixtures / "fredgraph_gs10_truncated.csv"); });
  EXPECT_THAT(f.message, HasSubstr("fredgraph_gs10_truncated.csv:6:2: expected 2 fields as in the header, found 1"));
}

TEST(FredGraphCsv, MalformedInputs) {
  auto parse = [](const char* text) { return failure_of([&] { parse_fred_graph_csv(text, "x.csv"); }); };
  EXPECT_EQ(parse("").message, "x.csv:1:1: empty file: no header line");
  EXPECT_EQ(parse("Date2,GS10\n").message,
            "x.csv:1:1: expected 'DATE' or 'observation_date' as the first column, found \"Date2\"");
  EXPECT_EQ(parse("DATE\n1995-01-01\n").message, "x.csv:1:2: no series column after the date column");
  EXPECT_EQ(parse("DATE,GS10,gs10\n").message, "x.csv:1:3: duplicate series 'gs10'");
  EXPECT_EQ(parse("DATE,GS10\n1995-01-01,7.78,1\n").message, "x.csv:2:3: expected 2 fields as in the header, found 3");
  EXPECT_EQ(parse("DATE,GS10\n1995-02-01,7.47\n1995-01-01,7.78\n").message,
            "x.csv:3:1: column 'DATE': date \"1995-01-01\" is before the previous row's 1995-02-01");
  EXPECT_EQ(parse("DATE,GS10\n1995-02-01,7.47\n1995-02-01,7.47\n").message,
            "x.csv:3:1: column 'DATE': duplicate date \"1995-02-01\"");
  EXPECT_EQ(parse("DATE,GS10\n1995/02/01,7.47\n").message,
            "x.csv:2:1: column 'DATE': not a date (expected YYYY-MM-DD): \"1995/02/01\"");
  EXPECT_EQ(parse("DATE,GS10\n1995-02-01,inf\n").message,
            "x.csv:2:2: column 'GS10': not a number (nor \".\" for missing): \"inf\"");
  EXPECT_EQ(parse("DATE,GS10\n1995-02-01,0\n").line, 0U);  // zero is a value, not an error
}

TEST(FredLongCsv, ParsesTheShippedFile) {
  const auto all = read_fred_long_csv(kShippedLong);
  ASSERT_EQ(all.size(), 17U);
  EXPECT_EQ(all.front().id, "indpro");  // order of first appearance
  std::size_t rows = 0;
  for (const auto& series : all) rows += series.observations.size();
  EXPECT_EQ(rows, 13169U);
  const FredSeries* gs10 = find_fred_series(all, "GS10");
  ASSERT_NE(gs10, nullptr);
  EXPECT_EQ(gs10->frequency, "M");
  // The quoted description keeps its commas.
  EXPECT_EQ(gs10->description,
            "Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis, %, "
            "NSA");
  ASSERT_EQ(gs10->observations.size(), 834U);
  EXPECT_EQ(gs10->observations.front().date, d("1953-04-01"));
  EXPECT_DOUBLE_EQ(gs10->observations.front().value, 2.83);
  const auto jan1990 = std::find_if(gs10->observations.begin(), gs10->observations.end(),
                                    [](const FredObservation& o) { return o.date == d("1990-01-01"); });
  ASSERT_NE(jan1990, gs10->observations.end());
  EXPECT_DOUBLE_EQ(jan1990->value, 8.21);  // line "gs10,M,1990-01,8.21,..." of the file
  EXPECT_EQ(gs10->observations.back().date, d("2022-09-01"));
  EXPECT_DOUBLE_EQ(gs10->observations.back().value, 3.52);
  const FredSeries* twex = find_fred_series(all, "twexbmth");
  ASSERT_NE(twex, nullptr);
  EXPECT_EQ(twex->observations.back().date, d("2019-12-01"));  // discontinued
}

TEST(FredLongCsv, PeriodsOfEachFrequency) {
  const auto all = parse_fred_long_csv(
      "series,freq,period,value,description\n"
      "a,M,1995-03,7.2,\"A \"\"quoted\"\" name, with a comma\"\n"
      "b,Q,1995-Q2,1.5,\n"
      "c,A,1995,2,\n"
      "d,D,1995-03-31,.,\n"
      "a,M,1995-04,NA,\"A \"\"quoted\"\" name, with a comma\"\n",
      "long.csv");
  ASSERT_EQ(all.size(), 4U);
  EXPECT_EQ(all[0].description, "A \"quoted\" name, with a comma");
  ASSERT_EQ(all[0].observations.size(), 2U);  // rows of a series need not be adjacent
  EXPECT_EQ(all[0].observations[0].date, d("1995-03-01"));
  EXPECT_TRUE(std::isnan(all[0].observations[1].value));
  EXPECT_EQ(all[1].observations[0].date, d("1995-04-01"));
  EXPECT_EQ(all[2].observations[0].date, d("1995-01-01"));
  EXPECT_EQ(all[3].observations[0].date, d("1995-03-31"));
  EXPECT_TRUE(std::isnan(all[3].observations[0].value));
}

// RFC 4180: a quoted field may span lines; the lines after it keep their numbers.
TEST(FredLongCsv, QuotedDescriptionOverTwoLines) {
  const std::string text =
      "series,freq,period,value,description\n"
      "a,M,1995-03,7.2,\"first line,\nsecond line\"\n"
      "a,M,1995-04,seven,x\n";
  EXPECT_EQ(failure_of([&] { parse_fred_long_csv(text, "long.csv"); }).message,
            "long.csv:4:4: column 'value': not a number (nor \".\" for missing): \"seven\"");
  const auto all = parse_fred_long_csv(
      "series,freq,period,value,description\na,M,1995-03,7.2,\"first line,\nsecond\"\n", "long.csv");
  EXPECT_EQ(all.at(0).description, "first line,\nsecond");
}

TEST(FredLongCsv, MalformedInputs) {
  auto parse = [](const std::string& body) {
    return failure_of([&] { parse_fred_long_csv("series,freq,period,value,description\n" + body, "long.csv"); });
  };
  EXPECT_EQ(parse("gs10,M,1995-03,7.2,\"unterminated, description\n").message,
            "long.csv:2:5: unterminated quoted field (it runs to the end of the file)");
  EXPECT_EQ(parse("gs10,M,1995-13,7.2,x\n").message,
            "long.csv:2:3: column 'period': not a period of frequency M (expected YYYY-MM): \"1995-13\"");
  EXPECT_EQ(parse("gs10,X,1995-03,7.2,x\n").message,
            "long.csv:2:2: column 'freq': unknown frequency (expected D, W, M, Q or A): \"X\"");
  EXPECT_EQ(parse("gs10,M,1995-03,7.2,x\ngs10,M,1995-02,7.47,x\n").message,
            "long.csv:3:3: column 'period': period \"1995-02\" of series 'gs10' is not after its previous period");
  EXPECT_EQ(parse("gs10,M,1995-03,7.2,x\ngs10,D,1995-04-03,7.1,x\n").message,
            "long.csv:3:2: column 'freq': series 'gs10' changes frequency from M to D");
  EXPECT_EQ(parse("gs10,M,1995-03,seven,x\n").message,
            "long.csv:2:4: column 'value': not a number (nor \".\" for missing): \"seven\"");
  EXPECT_EQ(parse("gs10,M,1995-03,7.2,\"a\"b\n").message, "long.csv:2:5: unexpected text after a quoted field: \"b\"");
  EXPECT_EQ(parse("gs10,M,1995-03,7.2,a,b\n").message, "long.csv:2:6: expected 5 fields as in the header, found 6");
  EXPECT_EQ(failure_of([] { parse_fred_long_csv("series,freq,date,value\n", "long.csv"); }).message,
            "long.csv:1:3: expected column 'period', found \"date\"");
}

TEST(FredFrequency, InferredConservatively) {
  auto obs = [](std::initializer_list<const char*> dates) {
    std::vector<FredObservation> out;
    for (const char* date : dates) out.push_back({d(date), 1.0});
    return out;
  };
  EXPECT_EQ(infer_fred_frequency(obs({"1995-01-01", "1995-02-01", "1995-03-01"})), "M");
  EXPECT_EQ(infer_fred_frequency(obs({"1995-03-01"})), "M");  // one date on the 1st: the later choice
  EXPECT_EQ(infer_fred_frequency(obs({"1995-01-01", "1995-04-01", "1995-07-01"})), "Q");
  EXPECT_EQ(infer_fred_frequency(obs({"1994-01-01", "1995-01-01"})), "A");
  EXPECT_EQ(infer_fred_frequency(obs({"2000-07-01", "2000-07-08", "2000-07-15"})), "W");
  EXPECT_EQ(infer_fred_frequency(obs({"2000-06-30", "2000-07-03", "2000-07-05"})), "D");
}

}  // namespace
}  // namespace mp::data
