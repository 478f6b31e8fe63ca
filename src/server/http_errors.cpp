#include "server/http_errors.hpp"
#include "core/json_text.hpp"

#include <fmt/format.h>

namespace mp::server {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(dump_json(body), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

int status_for(const Error& error) {
  if (dynamic_cast<const NotFoundError*>(&error) != nullptr) return 404;
  if (dynamic_cast<const ConflictError*>(&error) != nullptr) return 409;
  if (dynamic_cast<const InputError*>(&error) != nullptr || dynamic_cast<const ConfigError*>(&error) != nullptr) {
    return 400;
  }
  if (dynamic_cast<const DataError*>(&error) != nullptr) return 422;
  return 500;
}

bool query_flag(const httplib::Request& req, const std::string& name, bool fallback) {
  if (!req.has_param(name.c_str())) return fallback;
  const auto value = req.get_param_value(name.c_str());
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  throw ConfigError(fmt::format("query parameter '{}' must be true or false, got '{}'", name, value));
}

}  // namespace mp::server
