#include "core/csv_writer.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace mp {
namespace {

TEST(CsvTextBuffer, CellsRowsAndQuoting) {
  CsvTextBuffer buffer;
  buffer.text("AAPL");
  buffer.date(*parse_date("2020-01-02"));
  buffer.number(0.1);
  buffer.number(std::numeric_limits<double>::quiet_NaN());
  buffer.number(-1e-300);
  buffer.number(std::numeric_limits<double>::infinity());
  buffer.end_row();
  buffer.text("BRK,B");
  buffer.text("5\" pipe");
  buffer.text("two\nlines");
  buffer.end_row();
  buffer.end_row();  // an empty row is an empty line
  EXPECT_EQ(buffer.view(), "AAPL,2020-01-02,0.1,,-1e-300,\n\"BRK,B\",\"5\"\" pipe\",\"two\nlines\"\n\n");
  buffer.clear();
  buffer.date(*parse_date("1801-12-31"));
  buffer.end_row();
  EXPECT_EQ(buffer.view(), "1801-12-31\n");
}

// The shortest text that reads back exactly, fixed or scientific (std::to_chars): 1e+05, 0.25.
TEST(CsvTextBuffer, NumbersReadBackExactly) {
  CsvTextBuffer buffer;
  const double values[] = {1.0 / 3, 78.97978400000004, 5e-324, 1.7976931348623157e308, -0.0, 123456789012345680.0};
  for (double v : values) {
    buffer.clear();
    buffer.number(v);
    double back = 0;
    const auto text = buffer.view();
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, v) << text;
    EXPECT_EQ(std::signbit(back), std::signbit(v)) << text;
  }
}

// Many small chunks on two threads: the rows still come out in order, each exactly once.
TEST(WriteCsvRows, ChunksFormattedInParallelAreWrittenInOrder) {
  ThreadPool pool(2);
  std::ostringstream out;
  write_csv_rows(
      out, 100'003, [](std::size_t row, CsvTextBuffer& buffer) { buffer.number(static_cast<double>(row)); }, pool, 7);
  std::istringstream in(out.str());
  std::size_t expected = 0;
  for (std::string line; std::getline(in, line); ++expected) ASSERT_EQ(std::stod(line), expected) << line;
  EXPECT_EQ(expected, 100'003u);
}

TEST(WriteCsvRows, AFailingRowStopsTheWritingAndIsRethrown) {
  ThreadPool pool(2);
  std::ostringstream out;
  EXPECT_THROW(write_csv_rows(
                   out, 10'000,
                   [](std::size_t row, CsvTextBuffer& buffer) {
                     if (row == 5'000) throw std::runtime_error("bad row");
                     buffer.number(1.0);
                   },
                   pool, 16),
               std::runtime_error);
  EXPECT_LE(out.str().size(), 5'000u * 2);  // nothing from the failing chunk on
}

TEST(WriteCsvRows, AStreamThatFailsIsAnIoError) {
  ThreadPool pool(2);
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_THROW(write_csv_rows(
                   out, 10, [](std::size_t, CsvTextBuffer& buffer) { buffer.number(1); }, pool),
               IoError);
}

}  // namespace
}  // namespace mp
