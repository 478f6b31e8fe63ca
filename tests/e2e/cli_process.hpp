#pragma once
// Running the real mpredict binary as a user would, for the end-to-end tests: one command line,
// its exit code and what it printed.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mp::e2e {

inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

// `mpredict --config CONFIG <args>` with stdin closed and without MPREDICT_API_TOKEN in the
// environment; stdout and stderr go through `<output_prefix>.out` / `.err`.
inline CliResult run_mpredict(const std::filesystem::path& config, const std::string& args,
                              const std::filesystem::path& output_prefix) {
  const auto out = output_prefix.string() + ".out";
  const auto err = output_prefix.string() + ".err";
  const auto quoted = [](const std::string& path) { return "'" + path + "'"; };  // temp paths have no quote
  const std::string command = "env -u MPREDICT_API_TOKEN " + quoted(MPREDICT_BIN) + " --config " +
                              quoted(config.string()) + " " + args + " >" + quoted(out) + " 2>" + quoted(err) +
                              " </dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace mp::e2e
