#include "server/api_server.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "server/authorization.hpp"
#include "server/elastic_task_queue.hpp"
#include "server/http_errors.hpp"
#include "server/http_server.hpp"
#include "server/routes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cstdlib>

namespace mp::server {

namespace {

bool method_allowed(const std::string& allowed, const std::string& method) {
  const auto& asked = method == "HEAD" ? std::string("GET") : method;
  for (std::size_t start = 0; start < allowed.size();) {
    const auto end = std::min(allowed.find(", ", start), allowed.size());
    if (allowed.compare(start, end - start, asked) == 0) return true;
    start = end + 2;
  }
  return false;
}

// An undecodable path or query: answered 400 here, so no later message echoes invalid bytes.
bool refuse_invalid_utf8(const httplib::Request& req, httplib::Response& res) {
  std::string what;
  if (!is_valid_utf8(req.path)) what = "path";
  for (const auto& [name, value] : req.params) {
    if (!what.empty()) break;
    if (!is_valid_utf8(name)) what = "query parameter name";
    if (what.empty() && !is_valid_utf8(value)) what = fmt::format("query parameter '{}'", name);
  }
  if (what.empty()) return false;
  send_error(res, 400, "bad_request", what + " is not valid UTF-8");
  return true;
}

// Everything that can be refused on the request line and headers alone, before any body is
// read: bad UTF-8, an unknown route (404), a wrong method (405 + Allow), a missing or wrong
// token (401), a declared body above the cap (413). Answers and returns true when refused.
bool refuse_before_body(const httplib::Request& req, httplib::Response& res, const Router& router,
                        const ServerOptions& options) {
  if (refuse_invalid_utf8(req, res)) return true;
  const auto allowed = router.allowed_methods(req.path);
  if (allowed.empty()) {
    send_error(res, 404, "not_found", fmt::format("no route {} {}", req.method, req.path));
    return true;
  }
  if (!method_allowed(allowed, req.method)) {
    res.set_header("Allow", allowed);
    send_error(res, 405, "method_not_allowed",
               fmt::format("{} is not allowed on {} (allowed: {})", req.method, req.path, allowed));
    return true;
  }
  if (!options.token.empty() && router.needs_token(req.method, req.path) &&
      !bearer_token_matches(req.get_header_value("Authorization"), options.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "unauthorized", "this endpoint requires 'Authorization: Bearer <token>'");
    return true;
  }
  if (req.has_header("Content-Length") &&
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > options.http.max_body_bytes) {
    send_error(res, 413, "payload_too_large",
               fmt::format("request body too large: above max_body_bytes ({})", options.http.max_body_bytes));
    return true;
  }
  return false;
}

void answer_exception(httplib::Response& res, const std::exception_ptr& ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const Error& e) {
    send_error(res, status_for(e), e.code(), e.what());
  } catch (const std::exception& e) {
    spdlog::error("request failed: {}", e.what());
    send_error(res, 500, "internal_error", e.what());
  } catch (...) {
    spdlog::error("request failed with a non-standard exception");
    send_error(res, 500, "internal_error", "unknown error");
  }
}

// httplib's default sets SO_REUSEPORT, with which a second server binds the same port and the
// kernel splits connections between the two. SO_REUSEADDR alone still allows a quick restart.
void listening_socket_options(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

ApiServer::ApiServer(ServerOptions options, retrain::RetrainingService& service)
    : options_(std::move(options)), service_(service), http_(std::make_unique<HttpServer>()) {
  configure();
  add_handlers();
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::configure() {
  auto& http = *http_;
  const auto& limits = options_.http;
  const auto min_threads = static_cast<std::size_t>(std::max(limits.threads, 2));
  const auto max_threads = static_cast<std::size_t>(std::max(limits.max_threads, limits.threads));
  http.new_task_queue = [min_threads, max_threads] { return new ElasticTaskQueue(min_threads, max_threads); };
  http.set_socket_options(listening_socket_options);
  // cpp-httplib's defaults are for demos: 5 requests per connection, unlimited bodies.
  http.set_keep_alive_max_count(1000);
  http.set_tcp_nodelay(true);  // headers and body go out in two writes: avoid Nagle + delayed-ACK stalls
  http.set_keep_alive_timeout(5);
  http.set_payload_max_length(limits.max_body_bytes);
  http.set_header_timeout(std::chrono::seconds(limits.header_timeout_seconds));
  http.set_read_timeout(limits.read_timeout_seconds, 0);  // the whole request (HttpServer)
  http.set_write_timeout(limits.write_timeout_seconds, 0);
}

void ApiServer::add_handlers() {
  auto& http = *http_;
  router_ = std::make_unique<Router>(http, options_.http.max_body_bytes);
  context_.reset(new RouteContext{service_, options_, std::chrono::steady_clock::now()});
  add_system_routes(*router_, *context_);
  add_retraining_routes(*router_, *context_);
  add_model_routes(*router_, *context_);
  add_prediction_routes(*router_, *context_);

  const auto& router = *router_;
  const auto& options = options_;
  http.set_pre_routing_handler([&router, &options](const httplib::Request& req, httplib::Response& res) {
    return refuse_before_body(req, res, router, options) ? httplib::Server::HandlerResponse::Handled
                                                         : httplib::Server::HandlerResponse::Unhandled;
  });
  // curl sends "Expect: 100-continue" before a large body: refuse it there, before it is sent.
  http.set_expect_100_continue_handler([&router, &options](const httplib::Request& req, httplib::Response& res) {
    return refuse_before_body(req, res, router, options) ? res.status : 100;
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) { answer_exception(res, ep); });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already answered with its own JSON error
    if (res.status == 404)
      return send_error(res, 404, "not_found", fmt::format("no route {} {}", req.method, req.path));
    if (res.status == 413) return send_error(res, 413, "payload_too_large", "request body too large");
    send_error(res, res.status, "http_error", fmt::format("HTTP status {}", res.status));
  });
}

int ApiServer::bind() {
  if (!is_loopback_host(options_.http.host) && options_.token.empty()) {
    throw ConfigError(
        fmt::format("refusing to listen on non-loopback address {} without an API token (set [server].token or "
                    "MPREDICT_API_TOKEN)",
                    options_.http.host));
  }
  if (options_.http.port == 0) {
    port_ = http_->bind_to_any_port(options_.http.host);
  } else if (http_->bind_to_port(options_.http.host, options_.http.port)) {
    port_ = options_.http.port;
  } else {
    port_ = -1;
  }
  if (port_ <= 0) {
    throw IoError(fmt::format("cannot listen on {}:{}: the port is in use or not permitted", options_.http.host,
                              options_.http.port));
  }
  return port_;
}

void ApiServer::listen() { http_->listen_after_bind(); }

void ApiServer::stop() {
  if (http_ && http_->is_running()) http_->stop();
}

}  // namespace mp::server
