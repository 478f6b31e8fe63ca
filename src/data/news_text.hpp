#pragma once
// Text helpers shared by the news and social readers (feeds, JSONL, Reddit): ASCII tests and
// case folding, the quoted excerpts error messages show, white-space collapsing, HTML to plain
// text, byte offsets to line:column, and reading a source file whole.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace mp::data::news_text {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_digit(c); }

std::string_view trim(std::string_view s);
std::string to_upper(std::string_view s);              // ASCII letters only
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// The offending text as it appears in messages: quoted, cut short so one line stays one line.
std::string quote_text(std::string_view text);

// Runs of white space become one space; the ends are trimmed.
std::string collapse_spaces(std::string_view s);

void append_utf8(std::string& out, std::uint32_t code_point);

// Escaped HTML inside a title or description ("<p>Shares of <a href=..>Apple</a> rose</p>" after
// XML decoding) -> plain text: tags dropped (a '<' not followed by a letter, '/' or '!' is a
// less-than sign and stays), the common HTML entities and numeric references decoded, white
// space collapsed.
std::string html_to_text(std::string_view html);

// 1-based line and column (in bytes) of a byte offset.
std::pair<std::size_t, std::size_t> location_of(std::string_view text, std::size_t offset);

// The file's bytes; IoError "<file>: cannot open for reading" when it cannot be read (a missing
// source file is an I/O problem of the run, not a missing named thing).
std::string read_source_file(const std::filesystem::path& file);

}  // namespace mp::data::news_text
