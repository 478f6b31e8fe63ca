#pragma once
// The HTTP API (cpp-httplib): MLOps endpoints, predictions, health, OpenAPI and Swagger UI.
// Binds 127.0.0.1 by default and refuses a non-loopback address without a bearer token;
// trigger and rollback need the token whenever one is configured.
#include "core/config.hpp"
#include "retrain/retraining_service.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace mp::server {

struct RouteContext;

struct ServerOptions {
  ServerConfig http;
  std::string token;                  // effective token (config or MPREDICT_API_TOKEN)
  std::filesystem::path web_root;     // static files (Swagger UI)
  std::vector<std::string> universe;  // default symbols of /api/ranking (empty: all)
};

bool is_loopback_host(const std::string& host);

class ApiServer {
 public:
  ApiServer(ServerOptions options, retrain::RetrainingService& service);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds (port 0 = any free port) and returns the port; ConfigError for an unsafe bind.
  int bind();
  void listen();  // blocks until stop()
  void stop();
  [[nodiscard]] int port() const noexcept { return port_; }

 private:
  void configure();
  ServerOptions options_;
  retrain::RetrainingService& service_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<RouteContext> context_;  // what the route handlers see; outlives them
  int port_ = 0;
};

}  // namespace mp::server
