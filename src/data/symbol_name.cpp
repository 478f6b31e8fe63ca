#include "data/symbol_name.hpp"

#include "core/csv_reader.hpp"
#include "core/utf8.hpp"

#include <fmt/format.h>

namespace mp::data {

std::string canonical_symbol(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::optional<std::string> symbol_problem(std::string_view text) {
  if (text.empty()) return "empty symbol";
  if (!is_valid_utf8(text)) return fmt::format("symbol {} is not valid UTF-8", quoted_excerpt(text));
  if (has_control_character(text)) return fmt::format("symbol {} contains a control character", quoted_excerpt(text));
  return std::nullopt;
}

}  // namespace mp::data
