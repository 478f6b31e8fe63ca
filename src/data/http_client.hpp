#pragma once
// HTTP GET for the market-data providers, over libcurl: a whole-request timeout, retries with
// exponential backoff on network errors, 429 and 5xx (never on other 4xx), Retry-After honoured,
// and a polite rate limit between the request starts of one client.
//
// A network failure that survives the retries throws mp::data::ProviderError (declared in
// data/price_provider.hpp) with an empty provider and symbol: the provider that called adds them.
// An HTTP error status is not an exception: the last response is returned and the caller reads
// the service's own error body.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mp::data {

struct HttpResponse {
  long status = 0;
  std::string body;          // decoded (gzip/deflate are negotiated and undone by libcurl)
  std::string content_type;  // as sent, e.g. "application/json;charset=utf-8"; empty if none
  int attempts = 0;          // requests made for this response, retries included
};

struct HttpOptions {
  double timeout_seconds = 10;        // whole request; connect timeout min(5, this)
  int retries = 3;                    // extra attempts on network errors, 429 and 5xx (not on other 4xx)
  double backoff_seconds = 0.5;       // wait before retry k (0-based) = backoff * 2^k, capped
  double max_backoff_seconds = 8;     // cap of one wait, also of a server's Retry-After
  double min_interval_seconds = 0.2;  // rate limit: at least this long between request starts
  std::string user_agent = "MarketPredictor/0.1 (+self-hosted)";
};

// One client = one connection cache and one rate limit. get() is serialized by an internal
// mutex, so a client may be shared between threads (requests then simply queue).
class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Throws ProviderError on a network failure (timeout, refused, reset, DNS, TLS) after the
  // retries, or at once for errors that retrying cannot fix (malformed URL, unknown scheme).
  HttpResponse get(const std::string& url);

  [[nodiscard]] const HttpOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The wait before retry `retry` (0 = the first retry): the server's Retry-After when it gave one,
// else backoff * 2^retry; either capped at max_backoff_seconds and never negative.
double retry_delay_seconds(const HttpOptions& options, int retry, std::optional<double> retry_after = {});

// A one-line account of an unsuccessful response for error messages: "HTTP 503 after 4 attempts:
// Service Unavailable" (the body's first line, shortened; "(HTML page)" for an HTML body).
std::string describe_http_failure(const HttpResponse& response);

// Percent-encodes every byte except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), for a
// path segment or query value: "^GSPC" -> "%5EGSPC", "EURUSD=X" -> "EURUSD%3DX". libcurl's
// curl_easy_escape does the encoding; ProviderError past its 8 MB input limit.
std::string url_encode(std::string_view text);

}  // namespace mp::data
