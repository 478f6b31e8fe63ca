#include "core/utf8.hpp"

#include <fmt/format.h>
#include <utf8.h>

namespace mp {

namespace {

bool is_control(char32_t code_point) { return code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0); }

}  // namespace

bool is_valid_utf8(std::string_view text) { return utf8::is_valid(text.begin(), text.end()); }

bool has_control_character(std::string_view text) {
  for (auto it = text.begin(); it != text.end();) {
    if (is_control(utf8::unchecked::next(it))) return true;
  }
  return false;
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto it = text.begin();
  while (it != text.end()) {
    const auto invalid = utf8::find_invalid(it, text.end());
    while (it != invalid) {  // a valid run: copy it, escaping control characters
      const auto start = it;
      const char32_t code_point = utf8::unchecked::next(it);
      if (is_control(code_point)) {
        for (auto byte = start; byte != it; ++byte) out += fmt::format("\\x{:02X}", static_cast<unsigned char>(*byte));
      } else {
        out.append(start, it);
      }
    }
    if (it != text.end()) out += fmt::format("\\x{:02X}", static_cast<unsigned char>(*it++));
  }
  return out;
}

}  // namespace mp
