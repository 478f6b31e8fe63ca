#include "data/http_client.hpp"

#include "data/price_provider.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

namespace mp::data {

namespace {

using Clock = std::chrono::steady_clock;

void ensure_curl_initialized() {
  // curl_global_init is not thread-safe: run it exactly once, before the first handle.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw ProviderError("libcurl initialisation failed");
  });
}

void sleep_seconds(double seconds) {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

long milliseconds(double seconds) { return std::max(1L, std::lround(seconds * 1000.0)); }

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// "Retry-After: 120" -> 120. The HTTP-date form is not honoured (the backoff applies instead).
std::optional<double> parse_retry_after(std::string_view line) {
  constexpr std::string_view kName = "retry-after:";
  if (line.size() < kName.size()) return std::nullopt;
  for (std::size_t i = 0; i < kName.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != kName[i]) return std::nullopt;
  }
  const std::string_view value = trim(line.substr(kName.size()));
  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  return seconds;
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// Header lines of every response of the transfer (redirects included): a status line starts a
// new response, so only the final response's Retry-After is kept.
std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* retry_after = static_cast<std::optional<double>*>(user);
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") retry_after->reset();
  if (auto seconds = parse_retry_after(line)) *retry_after = seconds;
  return size * count;
}

// Errors a retry cannot fix: the request itself is wrong, or the peer's identity is.
bool is_retryable(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_FILESIZE_EXCEEDED:
      return false;
    default:
      return true;
  }
}

bool is_retryable(long status) { return status == 429 || status >= 500; }

// The outcome of one request: either a transport error or a response.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string error;  // libcurl's detail for `code`
  HttpResponse response;
  std::optional<double> retry_after;
};

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  CURL* handle = nullptr;  // reused: keeps connections alive between requests to one host
  std::mutex mutex;
  std::optional<Clock::time_point> last_start;

  // Sleeps until at least min_interval_seconds have passed since the previous request started.
  void wait_for_turn() {
    if (last_start) {
      const auto earliest = *last_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                              std::max(0.0, options.min_interval_seconds)));
      std::this_thread::sleep_until(earliest);
    }
    last_start = Clock::now();
  }

  Attempt perform(const std::string& url) {
    Attempt attempt;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &attempt.response.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &attempt.retry_after);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    attempt.code = curl_easy_perform(handle);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
    if (attempt.code != CURLE_OK) {
      attempt.error = error[0] != '\0' ? std::string(trim(error)) : curl_easy_strerror(attempt.code);
      return attempt;
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &attempt.response.status);
    const char* type = nullptr;
    curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) attempt.response.content_type = type;
    return attempt;
  }

  [[nodiscard]] std::string describe(const Attempt& attempt) const {
    if (attempt.code == CURLE_OPERATION_TIMEDOUT) {
      return fmt::format("timeout after {:g} s ({})", options.timeout_seconds, attempt.error);
    }
    return attempt.error;
  }
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  ensure_curl_initialized();
  impl_->options = std::move(options);
  impl_->handle = curl_easy_init();
  if (impl_->handle == nullptr) throw ProviderError("libcurl: cannot create a handle");
  const HttpOptions& o = impl_->options;
  CURL* h = impl_->handle;
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, milliseconds(o.timeout_seconds));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(std::min(5.0, o.timeout_seconds)));
  curl_easy_setopt(h, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);         // timeouts without SIGALRM: safe in threads
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can undo
}

HttpClient::~HttpClient() {
  if (impl_ && impl_->handle != nullptr) curl_easy_cleanup(impl_->handle);
}

const HttpOptions& HttpClient::options() const noexcept { return impl_->options; }

HttpResponse HttpClient::get(const std::string& url) {
  const std::lock_guard lock(impl_->mutex);
  const int attempts = 1 + std::max(0, impl_->options.retries);
  for (int attempt = 1;; ++attempt) {
    impl_->wait_for_turn();
    Attempt result = impl_->perform(url);
    const bool last = attempt == attempts;
    if (result.code != CURLE_OK) {
      if (last || !is_retryable(result.code)) {
        throw ProviderError(fmt::format("{}; gave up after {} attempt{}: GET {}", impl_->describe(result), attempt,
                                        attempt == 1 ? "" : "s", url));
      }
      sleep_seconds(retry_delay_seconds(impl_->options, attempt - 1));
      continue;
    }
    if (last || !is_retryable(result.response.status)) {
      result.response.attempts = attempt;
      return std::move(result.response);
    }
    // Retry-After is what 429 and 503 carry; other 5xx get the plain backoff.
    const auto status = result.response.status;
    const bool honour = status == 429 || status == 503;
    sleep_seconds(retry_delay_seconds(impl_->options, attempt - 1, honour ? result.retry_after : std::nullopt));
  }
}

double retry_delay_seconds(const HttpOptions& options, int retry, std::optional<double> retry_after) {
  const double cap = std::max(0.0, options.max_backoff_seconds);
  const double wait = retry_after ? *retry_after : options.backoff_seconds * std::ldexp(1.0, std::max(0, retry));
  return std::clamp(wait, 0.0, cap);
}

std::string describe_http_failure(const HttpResponse& response) {
  std::string out = fmt::format("HTTP {}", response.status);
  if (response.attempts > 1) out += fmt::format(" after {} attempts", response.attempts);
  const std::string_view body = trim(response.body);
  if (body.empty()) return out;
  if (body.front() == '<') return out + " (HTML page)";
  constexpr std::size_t kMax = 100;
  std::string_view line = trim(body.substr(0, body.find('\n')));
  const bool cut = line.size() > kMax;
  if (cut) line = line.substr(0, kMax);
  return fmt::format("{}: {}{}", out, line, cut ? "..." : "");
}

std::string url_encode(std::string_view text) {
  if (text.empty()) return {};  // a length of 0 would make curl_easy_escape take strlen()
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw ProviderError(fmt::format("cannot URL-encode {} bytes", text.size()));
  }
  ensure_curl_initialized();
  // The handle is ignored since libcurl 7.82.0 (curl_easy_escape(3)); the result is curl_free'd.
  const std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
  if (!escaped) throw ProviderError(fmt::format("libcurl cannot URL-encode {} bytes", text.size()));
  return escaped.get();
}

}  // namespace mp::data
