#include "cli/api_client.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <cstdlib>

namespace mp::cli {

void add_client_options(CLI::App& command, ClientOptions& options) {
  command.add_option("--url", options.url, "server address (default http://127.0.0.1:<[server].port>)");
  command.add_option("--token", options.token, "bearer token (default: env MPREDICT_API_TOKEN, then [server].token)");
  command.add_flag("--json", options.json, "print the server's JSON");
}

ApiClient::ApiClient(const ClientOptions& options, const Config& config) {
  base_url_ = options.url.empty() ? fmt::format("http://127.0.0.1:{}", config.server.port) : options.url;
  token_ = options.token;
  if (token_.empty()) {
    const char* env = std::getenv("MPREDICT_API_TOKEN");
    token_ = env != nullptr ? env : config.server.token;
  }
  http_ = std::make_unique<httplib::Client>(base_url_);
  if (!http_->is_valid()) throw ConfigError(fmt::format("bad server URL '{}'", base_url_));
  http_->set_connection_timeout(5, 0);
  http_->set_read_timeout(30, 0);
  if (!token_.empty()) http_->set_bearer_token_auth(token_.c_str());
}

ApiClient::~ApiClient() = default;

ApiResponse ApiClient::finish(const std::string& method, const std::string& path, int status,
                              const std::string& body) const {
  ApiResponse response{status, nullptr};
  try {
    response.body = body.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    throw IoError(
        fmt::format("{} {}{}: the server answered {} with a body that is not JSON", method, base_url_, path, status));
  }
  return response;
}

ApiResponse ApiClient::get(const std::string& path) {
  auto result = http_->Get(path.c_str());
  if (!result) {
    throw IoError(fmt::format("cannot reach {} ({}); is `mpredict serve` running?", base_url_,
                              httplib::to_string(result.error())));
  }
  return finish("GET", path, result->status, result->body);
}

ApiResponse ApiClient::post(const std::string& path) {
  auto result = http_->Post(path.c_str());
  if (!result) {
    throw IoError(fmt::format("cannot reach {} ({}); is `mpredict serve` running?", base_url_,
                              httplib::to_string(result.error())));
  }
  return finish("POST", path, result->status, result->body);
}

nlohmann::json ApiClient::expect_ok(const ApiResponse& response) const {
  if (response.status >= 200 && response.status < 300) return response.body;
  std::string message = fmt::format("HTTP {}", response.status);
  if (response.body.is_object() && response.body.contains("error")) {
    message = response.body["error"].value("message", message);
  }
  if (response.status == 404) throw NotFoundError(message);
  if (response.status == 409) throw ConflictError(message);
  throw Error(message);
}

std::string text_or(const nlohmann::json& value, const std::string& fallback) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return fallback;
  return value.dump();
}

std::string number_or(const nlohmann::json& value, const char* format) {
  if (!value.is_number()) return "n/a";
  return fmt::format(fmt::runtime(format), value.get<double>());
}

}  // namespace mp::cli
