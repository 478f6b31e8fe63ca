#pragma once
// Small helpers the unit tests share: a fixture file's text, and the message of the error an
// action throws.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mp::test {

// The whole file as bytes; a missing file fails the test that asked for it (and gives "").
inline std::string fixture_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << file.string();
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The what() of the `E` that `action` throws; "(no error)" when it throws nothing.
template <class E, class Action>
std::string message_of(Action action) {
  try {
    action();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace mp::test
