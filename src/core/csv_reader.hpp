#pragma once
// The one CSV reader of the program: every CSV (and the TSV lexicon) goes through it.
//
// RFC 4180: fields separated by the delimiter, records by LF or CRLF; a field may be enclosed in
// double quotes, and then holds delimiters, line breaks and "" (one quote). Beyond the RFC, as the
// files in the wild need: a UTF-8 byte-order mark at the start is dropped; unquoted fields lose
// surrounding spaces and tabs (CsvDialect::trim), and spaces around a quoted field are allowed;
// lines holding nothing but spaces are not records; a quote inside an unquoted field is a plain
// character (`5" pipe`). Text after a closing quote and a quote left open at the end of the
// input are errors.
//
// Fields come as string_views into the reader's buffer, valid until the next call to next():
// no string per field; only a field with "" escapes is copied (once, unescaped). A file is read
// in chunks of 1 MiB, so memory stays bounded whatever its size. Errors are mp::InputError
// "label:line:column: ...", the column being the 1-based field number.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mp {

struct CsvDialect {
  char delimiter = ',';
  bool trim = true;  // unquoted fields lose leading and trailing spaces and tabs
};

class CsvReader {
 public:
  // Over text in memory, which must outlive the reader; `label` names it in errors.
  CsvReader(std::string_view text, std::string label, CsvDialect dialect = {});
  // Over a file, read in chunks; the path as given labels errors. IoError when it cannot be read.
  explicit CsvReader(const std::filesystem::path& file, CsvDialect dialect = {});
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Moves to the next record that is not a blank line; false at the end of the input.
  bool next();

  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return fields_[i]; }
  [[nodiscard]] std::span<const std::string_view> fields() const noexcept { return fields_; }
  // The line the current record starts on (1-based); a quoted field may continue on later lines.
  // Before the first record and after the last, the line of the last record read (1 if none).
  [[nodiscard]] std::size_t line() const noexcept { return record_line_; }
  [[nodiscard]] const std::string& label() const noexcept { return label_; }

  // Throws InputError at the current record's line and the given 1-based field number.
  [[noreturn]] void fail(std::size_t column, const std::string& message) const;
  // Throws unless the record has `width` fields, pointing at the first missing or extra one.
  void expect_width(std::size_t width) const;

 private:
  // Where a field's text is while its record is read: in the buffer, or unescaped in scratch_.
  struct FieldSpan {
    std::size_t begin, length;
    bool in_scratch;
  };
  enum class Scan { Record, Blank, NeedMore };

  void start();
  void refill();
  Scan scan_record();
  bool scan_quoted(std::size_t& pos, FieldSpan& span);
  [[nodiscard]] bool is_trimmed(char c) const noexcept;
  [[noreturn]] void fail_at(std::size_t line, std::size_t column, const std::string& message) const;

  std::string label_;
  CsvDialect dialect_;
  std::ifstream file_;
  std::string buffer_;           // the file's bytes from the current record on
  std::string_view text_;        // what is readable now: the whole text, or buffer_'s filled part
  bool at_end_ = true;           // no more bytes will come after text_
  std::size_t pos_ = 0;          // where the next record starts in text_
  std::size_t line_ = 1;         // the line pos_ is on
  std::size_t record_line_ = 1;  // before the first record: where it would start
  std::vector<FieldSpan> spans_;
  std::vector<std::string_view> fields_;
  std::string scratch_;  // unescaped text of the fields that had "" in them
};

// The offending text as error messages quote it: in double quotes, cut after 40 bytes, with
// bytes that are not printable UTF-8 escaped (core/utf8.hpp), so the message stays one line.
std::string quoted_excerpt(std::string_view text);

}  // namespace mp
