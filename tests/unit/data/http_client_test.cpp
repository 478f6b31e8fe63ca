// HttpClient against a local fixture server on 127.0.0.1 (local_http_server.hpp): retries, backoff,
// Retry-After, rate limit, timeouts. Waits are tiny so the whole file runs in about a second.
#include "data/http_client.hpp"
#include "data/price_provider.hpp"

#include "local_http_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace mp::data {
namespace {

using std::chrono::steady_clock;
using test::LocalHttpServer;
using ::testing::HasSubstr;
using ::testing::StartsWith;

double seconds_since(steady_clock::time_point start) {
  return std::chrono::duration<double>(steady_clock::now() - start).count();
}

// Fast options: a generous timeout, tiny waits, no rate limit unless a test sets one.
HttpOptions fast_options() {
  HttpOptions options;
  options.timeout_seconds = 2;
  options.retries = 3;
  options.backoff_seconds = 0.001;
  options.max_backoff_seconds = 0.05;
  options.min_interval_seconds = 0;
  return options;
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.route(R"(/\w+)");
    server_.serve("/ok", {200, "Date,Close\n2013-05-13,64.96\n", "text/csv"});
    server_.serve_in_turn("/flaky", {{503, "Service Unavailable"}, {200, "recovered"}});
    server_.serve("/missing", {404, "no such page"});
    server_.serve("/broken", {500, "Internal Server Error\nstack trace line"});
    server_.serve_in_turn("/limited",
                          {{429, "Too Many Requests", "text/plain", {{"Retry-After", "1"}}}, {200, "welcome back"}});
    server_.serve("/stamp", {200, "ok"});
    server_.serve("/slow", {200, "too late", "text/plain", {}, 2.0});
    server_.start();
  }

  LocalHttpServer server_;
};

TEST_F(HttpClientTest, ReturnsStatusBodyAndContentType) {
  HttpClient client(fast_options());
  const HttpResponse response = client.get(server_.url("/ok"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "Date,Close\n2013-05-13,64.96\n");
  EXPECT_THAT(response.content_type, StartsWith("text/csv"));
  EXPECT_EQ(response.attempts, 1);
  EXPECT_EQ(server_.hits("/ok"), 1);
  EXPECT_EQ(server_.last_request().user_agent, "MarketPredictor/0.1 (+self-hosted)");
}

TEST_F(HttpClientTest, RetriesA503AndSucceedsOnTheSecondAttempt) {
  HttpClient client(fast_options());
  const HttpResponse response = client.get(server_.url("/flaky"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "recovered");
  EXPECT_EQ(response.attempts, 2);
  EXPECT_EQ(server_.hits("/flaky"), 2);
}

TEST_F(HttpClientTest, DoesNotRetryA404) {
  HttpClient client(fast_options());
  const HttpResponse response = client.get(server_.url("/missing"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "no such page");
  EXPECT_EQ(response.attempts, 1);
  EXPECT_EQ(server_.hits("/missing"), 1);
}

TEST_F(HttpClientTest, ReturnsTheLast5xxWhenRetriesAreUsedUp) {
  HttpOptions options = fast_options();
  options.retries = 2;
  HttpClient client(options);
  const HttpResponse response = client.get(server_.url("/broken"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.attempts, 3);
  EXPECT_EQ(server_.hits("/broken"), 3);
  EXPECT_EQ(describe_http_failure(response), "HTTP 500 after 3 attempts: Internal Server Error");
}

TEST_F(HttpClientTest, HonoursRetryAfterOn429UpToTheCap) {
  HttpOptions options = fast_options();
  options.backoff_seconds = 0.001;     // the plain backoff alone would retry at once
  options.max_backoff_seconds = 0.25;  // Retry-After: 1 is capped to this
  HttpClient client(options);
  const auto start = steady_clock::now();
  const HttpResponse response = client.get(server_.url("/limited"));
  const double elapsed = seconds_since(start);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "welcome back");
  EXPECT_EQ(server_.hits("/limited"), 2);
  EXPECT_GE(elapsed, 0.25 - 0.01);
}

TEST_F(HttpClientTest, RateLimitSpacesRequestStarts) {
  HttpOptions options = fast_options();
  options.min_interval_seconds = 0.15;
  HttpClient client(options);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(client.get(server_.url("/stamp")).status, 200);
  // The client spaces the starts exactly; the server stamps arrivals, which a loaded machine delays
  // by a few milliseconds each, so one gap may look shorter. The span of all four cannot shrink
  // by more than one arrival's delay, and without the limit the gaps would be about 1 ms.
  const auto arrivals = server_.arrivals();
  ASSERT_EQ(arrivals.size(), 4u);
  for (std::size_t i = 1; i < arrivals.size(); ++i) {
    const double gap = std::chrono::duration<double>(arrivals[i] - arrivals[i - 1]).count();
    EXPECT_GE(gap, 0.15 - 0.05) << "between requests " << i - 1 << " and " << i;
  }
  EXPECT_GE(std::chrono::duration<double>(arrivals.back() - arrivals.front()).count(), 3 * 0.15 - 0.05);
}

TEST_F(HttpClientTest, TimeoutIsAProviderErrorAfterRetries) {
  HttpOptions options = fast_options();
  options.timeout_seconds = 0.3;
  options.retries = 1;
  HttpClient client(options);
  const std::string url = server_.url("/slow");
  try {
    client.get(url);
    FAIL() << "expected a ProviderError";
  } catch (const ProviderError& e) {
    EXPECT_THAT(e.what(), StartsWith("timeout after 0.3 s ("));
    EXPECT_THAT(e.what(), HasSubstr("; gave up after 2 attempts: GET " + url));
    EXPECT_STREQ(e.code(), "provider_error");
    EXPECT_EQ(e.provider(), "");
  }
  EXPECT_EQ(server_.hits("/slow"), 2);
}

TEST_F(HttpClientTest, ConnectionRefusedIsAProviderErrorAfterRetries) {
  LocalHttpServer gone;
  gone.start();
  const std::string url = gone.url("/nothing");
  gone.stop();  // the port is free again: connecting is refused
  HttpOptions options = fast_options();
  options.retries = 1;
  HttpClient client(options);
  try {
    client.get(url);
    FAIL() << "expected a ProviderError";
  } catch (const ProviderError& e) {
    EXPECT_THAT(e.what(), HasSubstr("; gave up after 2 attempts: GET " + url));
    EXPECT_THAT(e.what(), HasSubstr("onnect"));  // libcurl: "Failed to connect to 127.0.0.1 port ..."
  }
}

TEST_F(HttpClientTest, MalformedUrlIsNotRetried) {
  HttpClient client(fast_options());
  try {
    client.get("nosuchscheme://127.0.0.1/x");
    FAIL() << "expected a ProviderError";
  } catch (const ProviderError& e) {
    EXPECT_THAT(e.what(), HasSubstr("gave up after 1 attempt: GET nosuchscheme://127.0.0.1/x"));
  }
}

TEST(HttpRetryDelay, DoublesFromTheBackoffAndIsCapped) {
  HttpOptions options;  // backoff 0.5 s, cap 8 s
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 0), 0.5);
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 1), 1.0);
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 3), 4.0);
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 4), 8.0);
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 10), 8.0);
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 0, 3.0), 3.0);    // Retry-After wins
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 0, 120.0), 8.0);  // ... capped
  EXPECT_DOUBLE_EQ(retry_delay_seconds(options, 2, 0.0), 0.0);
}

TEST(HttpUrlEncode, KeepsUnreservedCharactersOnly) {
  EXPECT_EQ(url_encode("AAPL"), "AAPL");
  EXPECT_EQ(url_encode("BRK-B.x_y~"), "BRK-B.x_y~");
  EXPECT_EQ(url_encode("^GSPC"), "%5EGSPC");
  EXPECT_EQ(url_encode("EURUSD=X"), "EURUSD%3DX");
  EXPECT_EQ(url_encode("a b/c&d"), "a%20b%2Fc%26d");
  EXPECT_EQ(url_encode(""), "");                                // not strlen() of what follows
  EXPECT_EQ(url_encode(std::string_view("a\0b", 3)), "a%00b");  // every byte, NUL included
  EXPECT_EQ(url_encode("Soci\u00e9t\u00e9"), "Soci%C3%A9t%C3%A9");
  EXPECT_EQ(url_encode(std::string_view("ABCD").substr(0, 2)), "AB");  // the view's bytes, not up to a NUL
}

TEST(HttpDescribeFailure, OneLineFromTheBody) {
  EXPECT_EQ(describe_http_failure({429, "Too Many Requests\r\n", "text/plain", 1}), "HTTP 429: Too Many Requests");
  EXPECT_EQ(describe_http_failure({502, "<html><body>Bad gateway</body></html>", "text/html", 4}),
            "HTTP 502 after 4 attempts (HTML page)");
  EXPECT_EQ(describe_http_failure({403, "", "", 1}), "HTTP 403");
  EXPECT_EQ(describe_http_failure({500, std::string(150, 'x'), "", 1}), "HTTP 500: " + std::string(100, 'x') + "...");
}

}  // namespace
}  // namespace mp::data
