#pragma once
// UTF-8 checks for text that reaches users and JSON: symbol names and the excerpts of input that
// error messages quote (nlohmann::json refuses to serialize invalid UTF-8, so one bad byte in a
// symbol would make every answer that lists it fail). Validation is utfcpp's (libutfcpp-dev).
#include <string>
#include <string_view>

namespace mp {

[[nodiscard]] bool is_valid_utf8(std::string_view text);
// True when the text holds a C0 or C1 control character or DEL (assumes valid UTF-8).
[[nodiscard]] bool has_control_character(std::string_view text);
// The text with every byte that is not part of printable UTF-8 written as \xNN, so a message
// quoting it is one printable UTF-8 line.
[[nodiscard]] std::string printable_utf8(std::string_view text);

}  // namespace mp
