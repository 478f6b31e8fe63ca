#pragma once
// The HTTP API (cpp-httplib): MLOps endpoints, predictions, health, OpenAPI and Swagger UI.
// Binds 127.0.0.1 by default and refuses a non-loopback address without a bearer token;
// trigger and rollback need the token whenever one is configured. A request is checked on its
// request line and headers (UTF-8, route, method, token, declared length) before a byte of its
// body is read; slow clients are bounded by HttpServer's deadlines and ElasticTaskQueue.
#include "core/config.hpp"
#include "retrain/retraining_service.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace mp::server {

struct RouteContext;
class HttpServer;
class Router;

struct ServerOptions {
  ServerConfig http;
  std::string token;                  // effective token (config or MPREDICT_API_TOKEN)
  std::filesystem::path web_root;     // docs.html and swagger-ui/ (MP_WEB_DIR of the build)
  std::vector<std::string> universe;  // default symbols of /api/ranking (empty: all)
};

class ApiServer {
 public:
  ApiServer(ServerOptions options, retrain::RetrainingService& service);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds (port 0 = any free port) and returns the port; ConfigError for an unsafe bind, IoError
  // naming the port when it is taken (no SO_REUSEPORT: a second server cannot share it).
  int bind();
  void listen();  // blocks until stop()
  void stop();
  [[nodiscard]] int port() const noexcept { return port_; }

 private:
  void configure();
  void add_handlers();
  ServerOptions options_;
  retrain::RetrainingService& service_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<RouteContext> context_;  // what the route handlers see; outlives them
  int port_ = 0;
};

}  // namespace mp::server
