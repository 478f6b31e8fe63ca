#pragma once
// The CLI side of the HTTP API: the commands that talk to a running `mpredict serve`.
#include "cli/common_options.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace mp::cli {

struct ClientOptions {
  std::string url;    // default http://127.0.0.1:<[server].port>
  std::string token;  // default MPREDICT_API_TOKEN, then [server].token
  bool json = false;
};

void add_client_options(CLI::App& command, ClientOptions& options);

struct ApiResponse {
  int status = 0;
  nlohmann::json body;
};

class ApiClient {
 public:
  ApiClient(const ClientOptions& options, const Config& config);
  ~ApiClient();
  ApiResponse get(const std::string& path);
  ApiResponse post(const std::string& path);
  // A 2xx body, or an Error carrying the server's one-line message.
  nlohmann::json expect_ok(const ApiResponse& response) const;
  [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }

 private:
  ApiResponse finish(const std::string& method, const std::string& path, int status, const std::string& body) const;
  std::string base_url_;
  std::string token_;
  std::unique_ptr<httplib::Client> http_;
};

// Text helpers for the readable (non --json) output.
std::string text_or(const nlohmann::json& value, const std::string& fallback = "-");
std::string number_or(const nlohmann::json& value, const char* format = "{:.3f}");

}  // namespace mp::cli
