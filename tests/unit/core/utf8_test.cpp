// The edges of UTF-8 validation the server and the importers rely on (utfcpp's checker).
#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace mp {
namespace {

TEST(Utf8, ValidatesWholeSequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("MSFT"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x88"));  // é, €, a 4-byte emoji
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));      // a lead byte without its continuation
  EXPECT_FALSE(is_valid_utf8("\x80"));          // a lone continuation byte
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // an encoded UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // an overlong '/'
  EXPECT_FALSE(is_valid_utf8("ok\xE2\x82"));    // truncated at the end
}

TEST(Utf8, PrintableEscapesWhatIsNotPrintable) {
  EXPECT_EQ(printable_utf8("Cl\xF6se"), "Cl\\xF6se");
  EXPECT_EQ(printable_utf8("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_TRUE(has_control_character("a\tb"));
  EXPECT_FALSE(has_control_character("MSFT"));
}

}  // namespace
}  // namespace mp
