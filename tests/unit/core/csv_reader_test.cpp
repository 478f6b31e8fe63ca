#include "core/csv_reader.hpp"

#include "core/error.hpp"
#include "test_text.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace mp {
namespace {

using Records = std::vector<std::vector<std::string>>;

// Every record of a reader, each field copied, and the line each record starts on.
struct Read {
  Records records;
  std::vector<std::size_t> lines;
};

Read read_all(CsvReader& reader) {
  Read out;
  while (reader.next()) {
    out.records.emplace_back(reader.fields().begin(), reader.fields().end());
    out.lines.push_back(reader.line());
  }
  return out;
}

Read read_text(std::string_view text, CsvDialect dialect = {}) {
  CsvReader reader(text, "t.csv", dialect);
  return read_all(reader);
}

std::string error_of(std::string_view text) {
  return test::message_of<InputError>([&] { read_text(text); });
}

TEST(CsvReader, FieldsLinesBlankLinesCrlfAndBom) {
  const auto read = read_text(
      "\xEF\xBB\xBF"
      "date,close\r\n\r\n  \n2020-01-02,10.5\r\n2020-01-03,11");
  EXPECT_EQ(read.records, (Records{{"date", "close"}, {"2020-01-02", "10.5"}, {"2020-01-03", "11"}}));
  EXPECT_EQ(read.lines, (std::vector<std::size_t>{1, 4, 5}));
}

TEST(CsvReader, Rfc4180QuotedFields) {
  const auto read = read_text(
      "a,\"1,000\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",\"\",x\r\n"
      "last,\"\"\"\",\"a\"\"b\"\"c\"\n");
  EXPECT_EQ(read.records, (Records{{"a", "1,000", "say \"hi\""}, {"two\nlines", "", "x"}, {"last", "\"", "a\"b\"c"}}));
  EXPECT_EQ(read.lines, (std::vector<std::size_t>{1, 2, 4}));  // the record after a two-line field
}

TEST(CsvReader, TrimsUnquotedFieldsAndSpacesAroundQuotes) {
  const auto read = read_text(" a ,\tb\t, \" c \" ,\"d\"  \n");
  EXPECT_EQ(read.records, (Records{{"a", "b", " c ", "d"}}));
}

TEST(CsvReader, EmptyFieldsAndAQuoteInsideAnUnquotedField) {
  const auto read = read_text(",,\n5\" pipe,x,\n\"\"\n");
  EXPECT_EQ(read.records, (Records{{"", "", ""}, {"5\" pipe", "x", ""}, {""}}));  // "" alone is a record
}

TEST(CsvReader, TabSeparatedWithoutTrimming) {
  const auto read = read_text(" does not work\t-2 \nabandon\t-2\n", CsvDialect{'\t', false});
  EXPECT_EQ(read.records, (Records{{" does not work", "-2 "}, {"abandon", "-2"}}));
}

TEST(CsvReader, MalformedQuotingNamesLineAndField) {
  EXPECT_EQ(error_of("a,b\n1,\"x\"y\n"), "t.csv:2:2: unexpected text after a quoted field: \"y\"");
  EXPECT_EQ(error_of("a,b\n1,2\n3,\"open\n4,5\n"),
            "t.csv:3:2: unterminated quoted field (it runs to the end of the file)");
  EXPECT_EQ(error_of("\xFF\xFE"
                     "d\0a\0"),
            "t.csv:1:1: UTF-16 text: save the file as UTF-8");
}

TEST(CsvReader, ExpectWidthPointsAtTheFirstMissingOrExtraField) {
  CsvReader reader(std::string_view("a,b,c\n1,2\n1,2,3,4\n"), "t.csv");
  ASSERT_TRUE(reader.next());
  reader.expect_width(3);
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(test::message_of<InputError>([&] { reader.expect_width(3); }),
            "t.csv:2:3: expected 3 fields as in the header, found 2");
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(test::message_of<InputError>([&] { reader.expect_width(3); }),
            "t.csv:3:4: expected 3 fields as in the header, found 4");
  EXPECT_FALSE(reader.next());
}

TEST(CsvReader, ExcerptsAreShortPrintableUtf8) {
  EXPECT_EQ(quoted_excerpt("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(quoted_excerpt("Cl\xF6se\x01"), "\"Cl\\xF6se\\x01\"");
  EXPECT_EQ(quoted_excerpt(std::string(50, 'x')), "\"" + std::string(40, 'x') + "...\"");
}

// A file is read in 1 MiB chunks: records, quoted line breaks and "" escapes that straddle a
// chunk boundary must come out exactly as from the same text in memory.
TEST(CsvReader, FileInChunksReadsAsTheSameTextInMemory) {
  std::mt19937 random(11);
  std::string text = "\xEF\xBB\xBFid,name,value\n";
  for (int row = 0; text.size() < 3'500'000; ++row) {
    const int kind = static_cast<int>(random() % 4);
    const std::string name = kind == 0   ? "\"quoted, \"\"name\"\"\""
                             : kind == 1 ? "\"two\r\nlines\""
                             : kind == 2 ? std::string(random() % 300, 'n')
                                         : "plain";
    text += std::to_string(row) + "," + name + "," + std::to_string(random()) + (row % 3 ? "\r\n" : "\n");
    if (row % 97 == 0) text += "\n";
  }
  const auto file = std::filesystem::temp_directory_path() / "mp_csv_reader_chunks.csv";
  std::ofstream(file, std::ios::binary) << text;
  CsvReader from_file(file);
  const Read chunked = read_all(from_file);
  std::filesystem::remove(file);
  const Read whole = read_text(text);
  ASSERT_GT(whole.records.size(), 20'000u);
  EXPECT_EQ(chunked.records, whole.records);
  EXPECT_EQ(chunked.lines, whole.lines);
  EXPECT_EQ(whole.records[0], (std::vector<std::string>{"id", "name", "value"}));
}

TEST(CsvReader, OneRecordLargerThanAChunk) {
  const std::string big(3'000'000, 'b');
  const auto file = std::filesystem::temp_directory_path() / "mp_csv_reader_big.csv";
  std::ofstream(file, std::ios::binary) << "a,\"" << big << "\"\nc,d";
  CsvReader reader(file);
  const Read read = read_all(reader);
  std::filesystem::remove(file);
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0][1].size(), big.size());
  EXPECT_EQ(read.records[1], (std::vector<std::string>{"c", "d"}));
}

TEST(CsvReader, UnreadableFilesAreIoErrors) {
  EXPECT_THROW(CsvReader(std::filesystem::path("/nonexistent/prices.csv")), IoError);
  EXPECT_THROW(CsvReader(std::filesystem::temp_directory_path()), IoError);
}

}  // namespace
}  // namespace mp
