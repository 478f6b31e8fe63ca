#include "core/error.hpp"

namespace mp {

namespace {
std::string locate(const std::string& file, std::size_t line, std::size_t column, const std::string& message) {
  if (line == 0) return fmt::format("{}: {}", file, message);
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}
}  // namespace

InputError::InputError(std::string file, std::size_t line, std::size_t column, const std::string& message)
    : Error(locate(file, line, column, message)), file_(std::move(file)), line_(line), column_(column) {}

}  // namespace mp
