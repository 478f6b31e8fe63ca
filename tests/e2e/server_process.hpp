#pragma once
// End-to-end helpers for `mpredict serve`: the real binary as a child process (fork/exec, stdout
// and stderr redirected to files), the port read from its one "listening on" line, SIGTERM to stop
// (SIGKILL after 10 s); a fixture with a fresh temp directory and config per test, and small HTTP
// and CLI helpers. Every test starts its own server on a port the kernel picks (--port 0).
#include "cli_process.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace mp::e2e {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

inline std::string sample_prices(const std::string& name) {
  return std::string(MP_SOURCE_DIR) + "/data/sample/prices/" + name;
}

// How a child ended.
struct ExitStatus {
  bool exited = false;  // normal exit (code valid), else killed by `signal`
  int code = -1;
  int signal = 0;
};

inline ExitStatus exit_status_of(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) {
    s.exited = true;
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  }
  return s;
}

// One `mpredict -c CONFIG serve ...` child, run in `log_dir`. Each start() writes to new
// serve-N.out/.err files there, so the output of a restart is not mixed with the previous run's.
class ServerProcess {
 public:
  ServerProcess(fs::path config, fs::path log_dir, fs::path binary = MPREDICT_BIN)
      : config_(std::move(config)), log_dir_(std::move(log_dir)), binary_(std::move(binary)) {}
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `serve --port 0 <extra>` and waits (up to `timeout`) for the listening line.
  ::testing::AssertionResult start(const std::vector<std::string>& extra = {"--no-schedule"},
                                   std::chrono::seconds timeout = 60s) {
    if (pid_ > 0) return ::testing::AssertionFailure() << "server already running (pid " << pid_ << ")";
    std::vector<std::string> args = {"-c", config_.string(), "serve", "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    spawn(args);
    return wait_for_listening(timeout);
  }

  // Starts the binary with `args` (after the program name) and returns at once; no waiting.
  void spawn(const std::vector<std::string>& args) {
    ++runs_;
    port_ = 0;
    out_ = log_dir_ / ("serve-" + std::to_string(runs_) + ".out");
    err_ = log_dir_ / ("serve-" + std::to_string(runs_) + ".err");
    // Everything the child needs is built before fork(): after it only async-signal-safe calls.
    std::vector<std::string> arg_strings = {binary_.string()};
    arg_strings.insert(arg_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : arg_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The test's environment without a token that would override the config. OpenMP threads that
    // sleep instead of spinning: on a loaded 2-core machine spinning XGBoost threads made a 20-tree
    // bootstrap 4-5x slower (2 s -> 8-12 s). An explicit OMP_WAIT_POLICY in the environment wins.
    static char passive[] = "OMP_WAIT_POLICY=PASSIVE";
    std::vector<char*> envp;
    bool wait_policy = false;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::strncmp(*e, "MPREDICT_API_TOKEN=", 19) == 0) continue;
      wait_policy = wait_policy || std::strncmp(*e, "OMP_WAIT_POLICY=", 16) == 0;
      envp.push_back(*e);
    }
    if (!wait_policy) envp.push_back(passive);
    envp.push_back(nullptr);
    const std::string out = out_.string(), err = err_.string(), cwd = log_dir_.string();

    const pid_t pid = fork();
    if (pid == 0) {
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      const int in_fd = open("/dev/null", O_RDONLY);
      const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in_fd < 0 || out_fd < 0 || err_fd < 0 || chdir(cwd.c_str()) != 0) _exit(126);
      dup2(in_fd, 0);
      dup2(out_fd, 1);
      dup2(err_fd, 2);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    pid_ = pid;
  }

  // Polls stdout for "listening on http://127.0.0.1:<port> (API docs at /docs)".
  ::testing::AssertionResult wait_for_listening(std::chrono::seconds timeout = 60s) {
    static const std::regex line(R"(^listening on http://([0-9.]+):([0-9]+) \(API docs at /docs\)\n$)");
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      const auto out = slurp(out_);
      std::smatch m;
      if (std::regex_match(out, m, line)) {
        port_ = std::stoi(m[2].str());
        host_ = m[1].str();
        return ::testing::AssertionSuccess();
      }
      if (!out.empty() && out.back() == '\n') {
        return ::testing::AssertionFailure() << "unexpected stdout: " << out << "\nstderr:\n" << stderr_text();
      }
      if (auto status = try_reap()) {
        return ::testing::AssertionFailure() << "server exited (code " << status->code << ", signal " << status->signal
                                             << ") before listening; stderr:\n"
                                             << stderr_text();
      }
      std::this_thread::sleep_for(20ms);
    }
    return ::testing::AssertionFailure() << "no listening line within " << timeout.count() << " s; stderr:\n"
                                         << stderr_text();
  }

  // SIGTERM, then up to `grace` for it to exit, then SIGKILL. Returns how it ended.
  std::optional<ExitStatus> stop(std::chrono::seconds grace = 10s) {
    if (pid_ <= 0) return std::nullopt;
    ::kill(pid_, SIGTERM);
    if (auto status = wait_exit(grace)) return status;
    ADD_FAILURE() << "server pid " << pid_ << " ignored SIGTERM for " << grace.count() << " s; killing it";
    return kill9();
  }

  // SIGKILL and reap: the crash the registry must survive.
  std::optional<ExitStatus> kill9() {
    if (pid_ <= 0) return std::nullopt;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return exit_status_of(status);
  }

  // Waits up to `timeout` for the child to exit by itself.
  std::optional<ExitStatus> wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (auto status = try_reap()) return status;
      if (Clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(20ms);
    }
  }

  [[nodiscard]] bool running() const { return pid_ > 0; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string stdout_text() const { return slurp(out_); }
  [[nodiscard]] std::string stderr_text() const { return slurp(err_); }

  [[nodiscard]] std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(30, 0);
    c->set_write_timeout(30, 0);
    return c;
  }

 private:
  std::optional<ExitStatus> try_reap() {
    if (pid_ <= 0) return std::nullopt;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
    pid_ = -1;
    return exit_status_of(status);
  }

  fs::path config_, log_dir_, binary_, out_, err_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string host_;
  int runs_ = 0;
};

// An HTTP answer with its body parsed when it is JSON.
struct Reply {
  int status = -1;    // -1: no answer (connection error)
  std::string error;  // httplib's error when status == -1
  std::string body;
  httplib::Headers headers;
  nlohmann::json json;  // null unless the body parsed

  [[nodiscard]] std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

inline Reply to_reply(const httplib::Result& result) {
  Reply r;
  if (!result) {
    r.error = httplib::to_string(result.error());
    return r;
  }
  r.status = result->status;
  r.body = result->body;
  r.headers = result->headers;
  r.json = nlohmann::json::parse(r.body, nullptr, false);
  if (r.json.is_discarded()) r.json = nullptr;
  return r;
}

// Gate sections for the config.
inline const std::string kDefaultGates;                                         // 0.65 / 0.70: the sample fails
inline const std::string kPassingGates = "min_f1 = 0.0\nmin_accuracy = 0.0\n";  // every candidate passes
inline const std::string kRejectingGates = "min_f1 = 0.99\n";                   // no candidate passes

// A fresh temp directory with config.toml per test; the server (if started) is stopped on teardown.
class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ =
        fs::temp_directory_path() / ("mpredict-server-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }

  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    if (HasFailure()) {
      std::cerr << "[ kept test directory " << dir_.string() << " ]\n";
    } else {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }

  fs::path models() const { return dir_ / "models"; }

  // Writes <dir>/<name> with the small, fast test configuration and returns its path.
  fs::path write_config(const std::string& gates, const std::string& token = "", const fs::path& sub = {},
                        const std::string& name = "config.toml") const {
    const auto base = sub.empty() ? dir_ : dir_ / sub;
    fs::create_directories(base);
    const auto file = base / name;
    std::ofstream(file) << "[data]\n"
                        << "store = \"" << (base / "market.db").string() << "\"\n"
                        << "bootstrap = [\"" << sample_prices("dowjones30_close_1990_2001.csv") << "\"]\n"
                        << "[registry]\n"
                        << "root = \"" << (base / "models").string() << "\"\n"
                        << "[model]\n"
                        << "n_estimators = 20\n"
                        << "threads = 2\n"
                        << "[gates]\n"
                        << gates << "[server]\n"
                        << "token = \"" << token << "\"\n"
                        << "[retraining]\n"
                        << "timezone = \"America/New_York\"\n";
    return file;
  }

  // Writes the config and starts the server on it (fatal assertion failures stop the test).
  void start_server(const std::string& gates, const std::string& token = "",
                    const std::vector<std::string>& extra = {"--no-schedule"}) {
    config_ = write_config(gates, token);
    server_ = std::make_unique<ServerProcess>(config_, dir_);
    ASSERT_TRUE(server_->start(extra));
  }

  Reply get(const std::string& path) {
    auto reply = to_reply(server_->client()->Get(path.c_str()));
    EXPECT_NE(reply.status, -1) << "GET " << path << ": " << reply.error;
    return reply;
  }

  Reply post(const std::string& path, const httplib::Headers& headers = {}) {
    auto reply = to_reply(server_->client()->Post(path.c_str(), headers, "", "application/json"));
    EXPECT_NE(reply.status, -1) << "POST " << path << ": " << reply.error;
    return reply;
  }

  // Polls the job until it completes or fails (or `timeout`); returns its last JSON.
  nlohmann::json wait_job(const std::string& id, std::chrono::seconds timeout = 60s) {
    const auto deadline = Clock::now() + timeout;
    nlohmann::json job;
    while (Clock::now() < deadline) {
      auto reply = get("/api/ml/retraining/jobs/" + id);
      if (reply.status != 200) {
        ADD_FAILURE() << "GET job " << id << ": " << reply.status << " " << reply.body;
        return reply.json;
      }
      job = reply.json;
      const auto state = job.value("state", "");
      if (state == "completed" || state == "failed") return job;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "job " << id << " not finished within " << timeout.count() << " s: " << job.dump();
    return job;
  }

  // POST trigger (expects 202) and waits for the job.
  nlohmann::json trigger_and_wait(const std::string& query = "", const httplib::Headers& headers = {}) {
    auto reply = post("/api/ml/retraining/trigger" + query, headers);
    EXPECT_EQ(reply.status, 202) << reply.body;
    if (reply.status != 202) return nullptr;
    return wait_job(reply.json["job_id"].get<std::string>());
  }

  // The job's "completed" state is visible a moment before status.last_run names it: poll.
  nlohmann::json wait_last_run(const std::string& id, std::chrono::seconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    nlohmann::json status;
    do {
      status = get("/api/ml/retraining/status").json;
      if (status.is_object() && status["last_run"].is_object() && status["last_run"].value("id", "") == id) {
        return status["last_run"];
      }
      std::this_thread::sleep_for(20ms);
    } while (Clock::now() < deadline);
    ADD_FAILURE() << "status.last_run is not " << id << " after " << timeout.count() << " s: " << status.dump();
    return nullptr;
  }

  std::string champion_version() { return get("/api/ml/model/info").json.value("version", ""); }

  // History events of the serving model's registry (model info), oldest first.
  nlohmann::json history() { return get("/api/ml/model/info").json["history"]; }

  static bool has_event(const nlohmann::json& history, const std::string& action, const std::string& version,
                        const std::string& trigger) {
    for (const auto& e : history) {
      if (e["action"] == action && e["version"] == version && e["trigger"] == trigger) return true;
    }
    return false;
  }

  // alerts.log as parsed JSON lines.
  std::vector<nlohmann::json> alerts() const {
    std::vector<nlohmann::json> out;
    for (const auto& line : lines_of(slurp(models() / "alerts.log"))) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  // `mpredict -c CONFIG <args>` as a user would run it, without MPREDICT_API_TOKEN in the environment.
  CliResult run_cli(const std::string& args) const {
    static int runs = 0;
    ++runs;
    return run_mpredict(config_, args, dir_ / ("cli-" + std::to_string(runs)));
  }

  fs::path dir_;
  fs::path config_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace mp::e2e
