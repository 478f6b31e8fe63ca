#pragma once
// Route groups, one file per resource, registered through a Router that remembers which methods
// and which access each path has, so a request can be refused before its body is read.
#include "retrain/retraining_service.hpp"
#include "server/api_server.hpp"

#include <httplib.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace mp::server {

struct RouteContext {
  retrain::RetrainingService& service;
  const ServerOptions& options;
  std::chrono::steady_clock::time_point started;
};

class Router {
 public:
  enum class Access { Open, Token };  // Token: needs the bearer token whenever one is configured

  Router(httplib::Server& http, std::size_t max_body_bytes) : http_(http), max_body_bytes_(max_body_bytes) {}

  void get(const std::string& pattern, httplib::Server::Handler handler);
  // POST routes take their arguments in the query; a body is read (up to max_body_bytes, else
  // 413) and ignored, and a POST without Content-Length has an empty body.
  void post(const std::string& pattern, httplib::Server::Handler handler, Access access);
  // Files of `dir` under `mount_point` + "/" (GET and HEAD).
  void static_files(const std::string& mount_point, const std::filesystem::path& dir);

  // "GET, HEAD" or "POST" for a known path, "" when no route matches it.
  [[nodiscard]] std::string allowed_methods(const std::string& path) const;
  // True when `method path` is a route that needs the token.
  [[nodiscard]] bool needs_token(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;  // "GET" (answers HEAD too) or "POST"
    std::regex pattern;  // matched against the whole path, as httplib does
    std::string prefix;  // instead of pattern: a static file tree
    Access access = Access::Open;
    [[nodiscard]] bool matches(const std::string& path) const;
  };

  httplib::Server& http_;
  std::size_t max_body_bytes_;
  std::vector<Route> routes_;
};

void add_retraining_routes(Router& router, RouteContext& context);
void add_model_routes(Router& router, RouteContext& context);
void add_prediction_routes(Router& router, RouteContext& context);
void add_system_routes(Router& router, RouteContext& context);

nlohmann::json openapi_document();

}  // namespace mp::server
