#include "core/csv_reader.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mp {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() > kMax) return fmt::format("\"{}...\"", printable_utf8(text.substr(0, kMax)));
  return fmt::format("\"{}\"", printable_utf8(text));
}

CsvReader::CsvReader(std::string_view text, std::string label, CsvDialect dialect)
    : label_(std::move(label)), dialect_(dialect), text_(text) {
  start();
}

CsvReader::CsvReader(const std::filesystem::path& file, CsvDialect dialect)
    : label_(file.string()), dialect_(dialect), at_end_(false) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw IoError(fmt::format("{}: cannot read: is a directory", label_));
  file_.open(file, std::ios::binary);
  if (!file_) throw IoError(fmt::format("{}: cannot open: {}", label_, std::strerror(errno)));
  refill();
  start();
}

// A UTF-8 BOM is dropped; UTF-16 (whose BOM is FF FE or FE FF) is refused with a hint, since its
// text would otherwise read as names full of NUL bytes.
void CsvReader::start() {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
  if (text_.starts_with("\xFF\xFE") || text_.starts_with("\xFE\xFF")) {
    fail_at(1, 1, "UTF-16 text: save the file as UTF-8");
  }
}

// Keeps the unfinished record (from pos_ on) at the front of the buffer and reads more after it,
// doubling the buffer when one record fills it.
void CsvReader::refill() {
  const std::size_t keep = text_.size() - pos_;
  if (pos_ > 0 && keep > 0) std::memmove(buffer_.data(), text_.data() + pos_, keep);
  std::size_t capacity = std::max(buffer_.size(), kChunk);
  if (keep == capacity) capacity *= 2;
  buffer_.resize(capacity);
  file_.read(buffer_.data() + keep, static_cast<std::streamsize>(capacity - keep));
  if (file_.bad()) throw IoError(fmt::format("{}: read failed: {}", label_, std::strerror(errno)));
  const auto got = static_cast<std::size_t>(file_.gcount());
  if (got < capacity - keep) at_end_ = true;
  text_ = std::string_view(buffer_.data(), keep + got);
  pos_ = 0;
}

bool CsvReader::next() {
  while (true) {
    if (pos_ >= text_.size()) {
      if (at_end_) return false;
      refill();
      continue;
    }
    const std::size_t line = line_;
    const Scan scan = scan_record();
    if (scan == Scan::NeedMore) {
      line_ = line;  // the record is read again from its start once more bytes are in
      refill();
      continue;
    }
    if (scan == Scan::Blank) continue;
    record_line_ = line;
    fields_.clear();
    for (const FieldSpan& span : spans_) {
      fields_.push_back(span.in_scratch ? std::string_view(scratch_).substr(span.begin, span.length)
                                        : text_.substr(span.begin, span.length));
    }
    return true;
  }
}

bool CsvReader::is_trimmed(char c) const noexcept {
  return dialect_.trim && (c == ' ' || c == '\t') && c != dialect_.delimiter;
}

// One record from pos_: its fields into spans_, pos_ after its line end. NeedMore when the input
// ends inside it and more bytes are coming (pos_ is then left where the record starts).
CsvReader::Scan CsvReader::scan_record() {
  spans_.clear();
  scratch_.clear();
  const std::string_view text = text_;
  const std::size_t n = text.size();
  const char delimiter = dialect_.delimiter;
  bool quoted = false;
  std::size_t pos = pos_;
  std::size_t line_break = std::string_view::npos;  // where the line being read ends, once looked for
  while (true) {
    std::size_t p = pos;
    while (p < n && is_trimmed(text[p])) ++p;
    if (p < n && text[p] == '"') {
      FieldSpan span{};
      if (!scan_quoted(p, span)) return Scan::NeedMore;
      quoted = true;
      spans_.push_back(span);
      while (p < n && is_trimmed(text[p])) ++p;
      if (p < n && text[p] == delimiter) {
        pos = p + 1;
        continue;
      }
      // What may follow a closing quote: the end of the input or of the line (LF or CRLF).
      const std::size_t after = p < n && text[p] == '\r' ? p + 1 : p;
      if (after >= n && !at_end_) return Scan::NeedMore;
      if (after < n && text[after] != '\n') {
        const std::string_view rest = text.substr(p, text.find_first_of("\r\n", p) - p);
        fail_at(line_, spans_.size(), "unexpected text after a quoted field: " + quoted_excerpt(rest));
      }
      pos = std::min(after + 1, n);
      if (after < n) ++line_;
      break;
    }
    // The field ends at the next delimiter before the line's end (memchr: SIMD in glibc).
    if (line_break == std::string_view::npos || line_break < p) line_break = std::min(text.find('\n', p), n);
    const void* hit = std::memchr(text.data() + p, delimiter, line_break - p);
    const std::size_t end =
        hit != nullptr ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : line_break;
    if (end >= n && !at_end_) return Scan::NeedMore;
    const bool line_end = end >= n || text[end] == '\n';
    std::size_t last = end;
    if (line_end && last > p && text[last - 1] == '\r') --last;
    while (last > p && is_trimmed(text[last - 1])) --last;
    spans_.push_back(FieldSpan{p, last - p, false});
    if (end >= n) {
      pos = n;
      break;
    }
    pos = end + 1;
    if (!line_end) continue;
    ++line_;
    break;
  }
  pos_ = pos;
  const bool blank = spans_.size() == 1 && !quoted && spans_[0].length == 0;
  return blank ? Scan::Blank : Scan::Record;
}

// A quoted field from its opening quote at `pos`; on return `pos` is just after the closing
// quote. False when the input ends before it is certain where the field ends.
bool CsvReader::scan_quoted(std::size_t& pos, FieldSpan& span) {
  const std::string_view text = text_;
  const std::size_t field_line = line_;
  const std::size_t open = pos;
  std::size_t from = open + 1;    // where the unescaped text goes on
  std::size_t scratch_begin = 0;  // where this field starts in scratch_, once it has an escape
  bool escaped = false;
  while (true) {
    const std::size_t quote = text.find('"', from);
    if (quote == std::string_view::npos) {
      if (!at_end_) return false;
      fail_at(field_line, spans_.size() + 1, "unterminated quoted field (it runs to the end of the file)");
    }
    if (quote + 1 >= text.size() && !at_end_) return false;  // "" might continue in the next chunk
    line_ += static_cast<std::size_t>(std::count(text.begin() + from, text.begin() + quote, '\n'));
    const bool doubled = quote + 1 < text.size() && text[quote + 1] == '"';
    if (doubled || escaped) {
      if (!escaped) scratch_begin = scratch_.size();
      escaped = true;
      scratch_.append(text.substr(from, quote + (doubled ? 1 : 0) - from));
    }
    if (doubled) {
      from = quote + 2;
      continue;
    }
    span = escaped ? FieldSpan{scratch_begin, scratch_.size() - scratch_begin, true}
                   : FieldSpan{open + 1, quote - open - 1, false};
    pos = quote + 1;
    return true;
  }
}

void CsvReader::fail(std::size_t column, const std::string& message) const { fail_at(record_line_, column, message); }

void CsvReader::fail_at(std::size_t line, std::size_t column, const std::string& message) const {
  throw InputError(label_, line, column, message);
}

void CsvReader::expect_width(std::size_t width) const {
  if (fields_.size() == width) return;
  fail(std::min(fields_.size(), width) + 1,
       fmt::format("expected {} fields as in the header, found {}", width, fields_.size()));
}

}  // namespace mp
