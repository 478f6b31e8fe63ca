// End-to-end: what a user sees on a terminal. `mpredict serve` runs under a pseudo-terminal (so
// the progress bar is drawn) while its first training logs lines: every log line must start a
// line of its own, never be appended to a progress bar.
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>

#include <regex>

namespace mp::e2e {
namespace {

// Runs `args` under a new pty until `stop_after` appears in its output (then SIGTERM) or
// `timeout`; returns everything it wrote to the terminal (stdout and stderr together).
std::string run_on_terminal(const std::vector<std::string>& args, const fs::path& cwd, const std::string& stop_after,
                            std::chrono::seconds timeout) {
  std::vector<std::string> strings = {MPREDICT_BIN};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::string dir = cwd.string();
  winsize size{};
  size.ws_col = 200;
  size.ws_row = 50;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(126);
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    unsetenv("MPREDICT_API_TOKEN");
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) return "forkpty failed";
  std::string output;
  bool stopped = false;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    pollfd fd{master, POLLIN, 0};
    if (::poll(&fd, 1, 100) > 0) {
      char buffer[4096];
      const ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n <= 0) break;  // EIO: the child closed the terminal
      output.append(buffer, static_cast<std::size_t>(n));
    }
    if (!stopped && (output.find(stop_after) != std::string::npos || Clock::now() > deadline)) {
      ::kill(pid, SIGTERM);
      stopped = true;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  return output;
}

std::string without_colours(const std::string& text) {
  static const std::regex ansi("\x1b\\[[0-9;]*m");
  return std::regex_replace(text, ansi, "");
}

class CliTerminalTest : public ServerFixture {};

TEST_F(CliTerminalTest, LogLinesNeverShareALineWithTheProgressBar) {
  const auto config = write_config(kDefaultGates);
  const auto output =
      run_on_terminal({"-c", config.string(), "serve", "--port", "0", "--no-schedule"}, dir_, "listening on", 90s);
  ASSERT_THAT(output, ::testing::HasSubstr("listening on http://127.0.0.1:"));
  static const std::regex bar(R"(\[[#.]{30}\] +[0-9]+%)");
  std::size_t bar_lines = 0, log_lines = 0;
  for (auto line : lines_of(without_colours(output))) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the terminal's "\r\n"
    if (line.find("info: job ") != std::string::npos) ++log_lines;
    std::smatch last;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), bar); it != std::sregex_iterator(); ++it) last = *it;
    if (last.empty()) continue;
    ++bar_lines;
    EXPECT_EQ(last.suffix().str(), "") << "text after the progress bar: " << line;
    EXPECT_EQ(line.find("info:"), std::string::npos) << "a log line shares the bar's line: " << line;
  }
  EXPECT_GE(bar_lines, 3U) << output;  // refresh, features, evaluate, ...
  EXPECT_GE(log_lines, 3U) << output;
}

}  // namespace
}  // namespace mp::e2e
