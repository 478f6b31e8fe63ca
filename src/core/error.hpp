#pragma once
// The error hierarchy: thrown inside, caught at the edges (CLI prints one line and exits
// non-zero; the server answers JSON with a 4xx/5xx). Each error carries where it happened.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace mp {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  // A short machine-readable code ("input_error", "not_found", ...) for APIs.
  [[nodiscard]] virtual const char* code() const noexcept { return "error"; }
};

// Malformed user input: a file, a line and a column (1-based; 0 = whole line/file).
class InputError : public Error {
 public:
  InputError(std::string file, std::size_t line, std::size_t column, const std::string& message);
  [[nodiscard]] const char* code() const noexcept override { return "input_error"; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
};

// Data that is well-formed but cannot be used (too short a history, empty universe, ...).
class DataError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] const char* code() const noexcept override { return "data_error"; }
};

// Something asked for by name does not exist (symbol, model directory, feature, split).
class NotFoundError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] const char* code() const noexcept override { return "not_found"; }
};

// Bad configuration value or command-line parameter.
class ConfigError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] const char* code() const noexcept override { return "config_error"; }
};

// The request conflicts with work in progress (a retraining already running).
class ConflictError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] const char* code() const noexcept override { return "conflict"; }
};

// Failure of a storage or library call (SQLite, XGBoost, file system).
class IoError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] const char* code() const noexcept override { return "io_error"; }
};

}  // namespace mp
