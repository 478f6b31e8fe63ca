// Responses are built so that no input byte can make them throw.
#include "server/http_errors.hpp"

#include <gtest/gtest.h>

namespace mp::server {
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

TEST(SendError, ReplacesInvalidBytesInsteadOfThrowing) {
  httplib::Response res;
  ASSERT_NO_THROW(send_error(res, 404, "not_found", "unknown symbol '\xC3\x28'"));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "{\"error\":{\"code\":\"not_found\",\"message\":\"unknown symbol '\xEF\xBF\xBD('\"}}");
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
}

}  // namespace
}  // namespace mp::server
