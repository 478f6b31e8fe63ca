#pragma once
// Symbols as the store keeps them: one spelling per symbol, so "AA" and "aa" are one, and only
// printable UTF-8, so every answer that lists symbols (JSON included) can be written.
#include <optional>
#include <string>
#include <string_view>

namespace mp::data {

// ASCII letters upper-cased ("brk-b" -> "BRK-B"); other bytes (UTF-8 beyond ASCII) kept.
std::string canonical_symbol(std::string_view text);

// Why `text` cannot be a symbol, as a message naming it (`symbol "B\xFF" is not valid UTF-8`),
// or nothing when it can: it must be non-empty, valid UTF-8 and free of control characters.
std::optional<std::string> symbol_problem(std::string_view text);

}  // namespace mp::data
