#include "server/api_server.hpp"

#include "core/error.hpp"
#include "server/http_errors.hpp"
#include "server/routes.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

namespace mp::server {

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

ApiServer::ApiServer(ServerOptions options, retrain::RetrainingService& service)
    : options_(std::move(options)), service_(service), http_(std::make_unique<httplib::Server>()) {
  configure();
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::configure() {
  auto& http = *http_;
  // cpp-httplib's defaults are for demos: 5 requests per connection, unlimited bodies.
  const auto threads = static_cast<std::size_t>(std::max(options_.http.threads, 2));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(1000);
  http.set_tcp_nodelay(true);  // headers and body go out in two writes: avoid Nagle + delayed-ACK stalls
  http.set_keep_alive_timeout(5);
  http.set_payload_max_length(options_.http.max_body_bytes);
  http.set_read_timeout(options_.http.read_timeout_seconds, 0);
  http.set_write_timeout(options_.http.write_timeout_seconds, 0);
  // cpp-httplib 0.11 reads a POST body without Content-Length until the connection closes (a
  // bare `curl -X POST` would hang until the read timeout): refuse such requests at once.
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      send_error(res, 411, "length_required", "POST needs a Content-Length header (with curl: -d '')");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const Error& e) {
      send_error(res, status_for(e), e.code(), e.what());
    } catch (const std::exception& e) {
      spdlog::error("request failed: {}", e.what());
      send_error(res, 500, "internal_error", e.what());
    }
  });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already answered with its own JSON error
    if (res.status == 404)
      return send_error(res, 404, "not_found", fmt::format("no route {} {}", req.method, req.path));
    if (res.status == 413) return send_error(res, 413, "payload_too_large", "request body too large");
    send_error(res, res.status, "http_error", fmt::format("HTTP status {}", res.status));
  });
  auto* context = new RouteContext{service_, options_, std::chrono::steady_clock::now()};
  context_.reset(context);
  add_system_routes(http, *context);
  add_retraining_routes(http, *context);
  add_model_routes(http, *context);
  add_prediction_routes(http, *context);
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
    throw IoError(
        fmt::format("cannot listen on {}:{} (in use or not permitted)", options_.http.host, options_.http.port));
  }
  return port_;
}

void ApiServer::listen() { http_->listen_after_bind(); }

void ApiServer::stop() {
  if (http_ && http_->is_running()) http_->stop();
}

}  // namespace mp::server
