// Responses are built so that no input byte can make them throw.
#include "server/http_errors.hpp"

#include <gtest/gtest.h>

namespace mp::server {
namespace {

TEST(SendError, ReplacesInvalidBytesInsteadOfThrowing) {
  httplib::Response res;
  ASSERT_NO_THROW(send_error(res, 404, "not_found", "unknown symbol '\xC3\x28'"));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "{\"error\":{\"code\":\"not_found\",\"message\":\"unknown symbol '\xEF\xBF\xBD('\"}}");
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
}

}  // namespace
}  // namespace mp::server
