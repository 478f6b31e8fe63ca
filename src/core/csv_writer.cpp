#include "core/csv_writer.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>

namespace mp {

namespace {

constexpr std::size_t kMaxNumberLength = 32;  // the shortest form of any double needs at most 24

void two_digits(char* out, unsigned value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

char* CsvTextBuffer::cell(std::size_t max_length) {
  const std::size_t needed = size_ + max_length + 2;  // separator, cell, line end
  if (data_.size() < needed) data_.resize(std::max({needed, data_.size() * 2, std::size_t{1} << 16}));
  if (!row_start_) data_[size_++] = ',';
  row_start_ = false;
  return data_.data() + size_;
}

void CsvTextBuffer::number(double value) {
  char* out = cell(kMaxNumberLength);
  if (!std::isfinite(value)) return;
  size_ += static_cast<std::size_t>(std::to_chars(out, out + kMaxNumberLength, value).ptr - out);
}

void CsvTextBuffer::date(Date date) {
  const std::chrono::year_month_day ymd{date};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return text(format_date(date));  // beyond four digits: the slow way
  char* out = cell(10);
  two_digits(out, static_cast<unsigned>(year / 100));
  two_digits(out + 2, static_cast<unsigned>(year % 100));
  out[4] = '-';
  two_digits(out + 5, static_cast<unsigned>(ymd.month()));
  out[7] = '-';
  two_digits(out + 8, static_cast<unsigned>(ymd.day()));
  size_ += 10;
}

void CsvTextBuffer::text(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  char* out = cell(quote ? 2 * text.size() + 2 : text.size());
  if (!quote) {
    std::copy(text.begin(), text.end(), out);
    size_ += text.size();
    return;
  }
  char* p = out;
  *p++ = '"';
  for (char c : text) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  *p++ = '"';
  size_ += static_cast<std::size_t>(p - out);
}

void CsvTextBuffer::end_row() {
  if (data_.size() <= size_) data_.resize(std::max(size_ + 1, std::size_t{1} << 16));
  data_[size_++] = '\n';
  row_start_ = true;
}

void CsvTextBuffer::clear() noexcept {
  size_ = 0;
  row_start_ = true;
}

void write_csv_rows(std::ostream& out, std::size_t rows,
                    const std::function<void(std::size_t row, CsvTextBuffer& buffer)>& format_row, ThreadPool& pool,
                    std::size_t rows_per_chunk) {
  rows_per_chunk = std::max<std::size_t>(rows_per_chunk, 1);
  const std::size_t chunks = (rows + rows_per_chunk - 1) / rows_per_chunk;
  std::mutex mutex;
  std::condition_variable turn;
  std::size_t next = 0;  // the chunk whose text goes out next
  bool failed = false;
  // The pool hands out chunk indices in increasing order, so every chunk before this one is being
  // formatted by a running task: waiting for its turn cannot deadlock.
  pool.parallel_for(chunks, [&](std::size_t chunk) {
    thread_local CsvTextBuffer buffer;
    buffer.clear();
    try {
      const std::size_t last = std::min(rows, (chunk + 1) * rows_per_chunk);
      for (std::size_t row = chunk * rows_per_chunk; row < last; ++row) {
        format_row(row, buffer);
        buffer.end_row();
      }
    } catch (...) {
      const std::lock_guard lock(mutex);
      failed = true;
      turn.notify_all();
      throw;
    }
    std::unique_lock lock(mutex);
    turn.wait(lock, [&] { return next == chunk || failed; });
    if (failed) return;
    out.write(buffer.view().data(), static_cast<std::streamsize>(buffer.size()));
    ++next;
    turn.notify_all();
  });
  if (!out) throw IoError("cannot write the CSV output");
}

}  // namespace mp
