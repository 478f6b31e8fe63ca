#pragma once
// JSON helpers shared by the JSONL news and Reddit listing readers (nlohmann::json).
#include "core/sentiment_event.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace mp::data::news_json {

// The member `key` of an object, null when absent or JSON null.
const nlohmann::json* member(const nlohmann::json& object, const char* key);

// "parse error at line 1, column 9: syntax error ..." -> "syntax error ...".
std::string parse_error_detail(const nlohmann::json::parse_error& e);

// Unix seconds from a JSON number; nullopt if not finite or implausibly large (milliseconds).
std::optional<UtcTime> unix_seconds(const nlohmann::json& value);

}  // namespace mp::data::news_json
