#pragma once
// JSON text that can always be written. nlohmann's dump() throws on a string that is not valid
// UTF-8, and strings reach our JSON from outside (error messages quoting input, file names,
// configured names): a throw there would lose a record or, inside a catch handler on a worker
// thread, end the process. Every JSON the program writes (files, alerts, answers, stdout) goes
// through here; invalid bytes become U+FFFD.
#include <nlohmann/json.hpp>

#include <string>

namespace mp {

// `indent` as nlohmann's dump(): -1 for one line.
inline std::string dump_json(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mp
