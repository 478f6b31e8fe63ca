#pragma once
// CSV output without a string per cell: cells are formatted with std::to_chars straight into a
// char buffer, and write_csv_rows formats chunks of rows on the pool's threads and writes them in
// order, so the text in memory is a few chunks, never the whole output.
#include "core/dates.hpp"
#include "core/thread_pool.hpp"

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace mp {

// The text of some CSV rows, cell by cell; the delimiter and line ends are added here.
class CsvTextBuffer {
 public:
  void number(double value);         // NaN and +-inf: an empty cell; else the shortest exact text
  void date(Date date);              // YYYY-MM-DD
  void text(std::string_view text);  // quoted (RFC 4180) when it holds a comma, a quote or a line break
  void end_row();

  [[nodiscard]] std::string_view view() const noexcept { return {data_.data(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  void clear() noexcept;

 private:
  char* cell(std::size_t max_length);  // room for a cell after its separator
  std::string data_;                   // grown, never shrunk: a reused buffer allocates once
  std::size_t size_ = 0;
  bool row_start_ = true;
};

// Writes rows [0, rows) of a table: format_row(row, buffer) appends the row's cells (end_row is
// added after it). Chunks of `rows_per_chunk` rows are formatted in parallel on the pool and
// written to `out` in row order as soon as their turn comes, so at most one chunk per thread is in
// memory. An exception from format_row stops the writing and is rethrown; IoError when `out` fails.
void write_csv_rows(std::ostream& out, std::size_t rows,
                    const std::function<void(std::size_t row, CsvTextBuffer& buffer)>& format_row, ThreadPool& pool,
                    std::size_t rows_per_chunk = 4096);

}  // namespace mp
