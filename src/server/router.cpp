#include "server/routes.hpp"

#include "server/http_errors.hpp"
#include "server/http_server.hpp"

#include <fmt/format.h>

namespace mp::server {

namespace {

// Reads a request body to its end, counting it against the cap without keeping it. False (and
// 413) when it is larger; false (and 400) when it ends early or misses the request deadline.
bool read_and_discard_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                           std::size_t cap) {
  // Without Content-Length or chunked transfer there is no body (httplib would read until close).
  if (!is_chunked(req) && !req.has_header("Content-Length")) return true;
  std::size_t total = 0;
  const bool complete = reader([&](const char*, std::size_t n) {
    total += n;
    return total <= cap;
  });
  if (total > cap) {
    send_error(res, 413, "payload_too_large", fmt::format("request body too large: above max_body_bytes ({})", cap));
    return false;
  }
  if (!complete) {
    send_error(res, 400, "bad_request", "request body incomplete or too slow");
    return false;
  }
  return true;
}

}  // namespace

bool Router::Route::matches(const std::string& path) const {
  if (!prefix.empty()) return path.rfind(prefix, 0) == 0 && path.size() > prefix.size();
  return std::regex_match(path, pattern);
}

void Router::get(const std::string& pattern, httplib::Server::Handler handler) {
  routes_.push_back({"GET", std::regex(pattern), "", Access::Open});
  http_.Get(pattern, std::move(handler));
}

void Router::post(const std::string& pattern, httplib::Server::Handler handler, Access access) {
  routes_.push_back({"POST", std::regex(pattern), "", access});
  const auto cap = max_body_bytes_;
  http_.Post(pattern, [handler = std::move(handler), cap](const httplib::Request& req, httplib::Response& res,
                                                          const httplib::ContentReader& reader) {
    if (read_and_discard_body(req, res, reader, cap)) handler(req, res);
  });
}

void Router::static_files(const std::string& mount_point, const std::filesystem::path& dir) {
  routes_.push_back({"GET", std::regex(), mount_point + "/", Access::Open});
  http_.set_mount_point(mount_point, dir.string());
}

std::string Router::allowed_methods(const std::string& path) const {
  bool get = false, post = false;
  for (const auto& route : routes_) {
    if (!route.matches(path)) continue;
    get = get || route.method == "GET";
    post = post || route.method == "POST";
  }
  if (get && post) return "GET, HEAD, POST";
  return get ? "GET, HEAD" : post ? "POST" : "";
}

bool Router::needs_token(const std::string& method, const std::string& path) const {
  for (const auto& route : routes_) {
    if (route.method == method && route.access == Access::Token && route.matches(path)) return true;
  }
  return false;
}

}  // namespace mp::server
