#pragma once
// JSON responses and the one error shape of the API: {"error": {"code", "message"}}.
#include "core/error.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

namespace mp::server {

// Invalid UTF-8 (from a request echoed in a message) is replaced by U+FFFD: building a response
// never throws on input bytes.
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
// The HTTP status for an error raised inside: NotFound 404, Conflict 409, Input/Config 400, else 500.
int status_for(const Error& error);

// Query flag "true"/"false"/"1"/"0"; absent = fallback; anything else throws ConfigError (-> 400).
bool query_flag(const httplib::Request& req, const std::string& name, bool fallback);

}  // namespace mp::server
