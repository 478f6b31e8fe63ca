// The token check and the loopback test that guard the API.
#include "server/authorization.hpp"

#include <gtest/gtest.h>

namespace mp::server {
namespace {

TEST(LoopbackHost, AcceptsLoopbackAddressesOnly) {
  for (const auto* host : {"127.0.0.1", "127.255.0.9", "localhost", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const auto* host : {"127.0.0.1.example", "127.evil.com", "0.0.0.0", "10.0.0.1", "::", "::ffff:10.0.0.1",
                           "128.0.0.1", "localhost.example", "", " 127.0.0.1", "127.1"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST(BearerToken, MatchesOnlyTheExactHeader) {
  EXPECT_TRUE(bearer_token_matches("Bearer s3cret", "s3cret"));
  EXPECT_FALSE(bearer_token_matches("Bearer s3creT", "s3cret"));
  EXPECT_FALSE(bearer_token_matches("Bearer s3cre", "s3cret"));    // a prefix
  EXPECT_FALSE(bearer_token_matches("Bearer s3crets", "s3cret"));  // longer
  EXPECT_FALSE(bearer_token_matches("s3cret", "s3cret"));          // no scheme
  EXPECT_FALSE(bearer_token_matches("", "s3cret"));
  EXPECT_FALSE(bearer_token_matches("Bearer s3cret\n", "s3cret"));
  const std::string long_token(10000, 'k');
  EXPECT_TRUE(bearer_token_matches("Bearer " + long_token, long_token));
  EXPECT_FALSE(bearer_token_matches("Bearer " + long_token + "k", long_token));
}

}  // namespace
}  // namespace mp::server
