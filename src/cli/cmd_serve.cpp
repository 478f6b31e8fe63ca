// mpredict serve: the main job. Bootstraps a model if the registry has none (with progress),
// starts the retraining scheduler and serves the HTTP API until SIGINT/SIGTERM.
#include "cli/commands.hpp"
#include "data/sample_data.hpp"
#include "retrain/retraining_service.hpp"
#include "server/api_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

namespace mp::cli {

namespace {

struct ServeOptions {
  std::string host;
  int port = -1;
  bool no_schedule = false;
  std::string web_root;
};

namespace fs = std::filesystem;

// The installed web/ (share/marketpredictor beside the executable, or the install prefix's),
// else the build's (CMake's MP_WEB_DIR, where the build copies docs.html and Swagger UI). Not
// ./web of a checkout: the Swagger UI files are installed from npm, not kept there.
fs::path default_web_root() {
  for (const auto& root : data::installed_roots()) {
    if (fs::exists(root / "web" / "docs.html")) return root / "web";
  }
  return MP_DEFAULT_WEB_ROOT;
}

// The directories a start creates (the store's and the registry's, with their missing parents),
// removed again unless the start succeeds: a failed `serve` leaves the directory as it was.
class DirectoriesOfAFailedStart {
 public:
  explicit DirectoriesOfAFailedStart(const std::vector<fs::path>& needed) {
    for (const auto& dir : needed) {
      auto missing = fs::absolute(dir).lexically_normal();
      if (fs::exists(missing)) continue;
      while (missing.has_parent_path() && !fs::exists(missing.parent_path())) missing = missing.parent_path();
      if (std::find(created_.begin(), created_.end(), missing) == created_.end()) created_.push_back(missing);
    }
  }
  ~DirectoriesOfAFailedStart() {
    if (started_) return;
    std::error_code ec;
    for (const auto& dir : created_) fs::remove_all(dir, ec);  // only what this start made
  }
  DirectoriesOfAFailedStart(const DirectoriesOfAFailedStart&) = delete;
  DirectoriesOfAFailedStart& operator=(const DirectoriesOfAFailedStart&) = delete;
  void started() { started_ = true; }

 private:
  std::vector<fs::path> created_;
  bool started_ = false;
};

// Blocks SIGINT/SIGTERM in every thread and waits for them on one: stopping from a real signal
// handler would not be async-signal-safe. Waiting starts at once, so a signal during the first
// training is kept: the server then does not start listening. ApiServer::stop() does nothing
// before listen() has begun, so the waiter repeats it until serve() has returned.
class SignalWaiter {
 public:
  SignalWaiter() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::thread([this] { wait(); });
  }
  // Listens until a signal; returns at once if one came already.
  void serve(server::ApiServer& server) {
    server_ = &server;
    if (!requested_) server.listen();
    served_ = true;
  }
  [[nodiscard]] bool requested() const { return requested_; }
  ~SignalWaiter() {
    served_ = true;
    // Not a termination: the thread sits in sigwait() for SIGTERM, and this wakes it when the
    // server stopped by itself.
    if (!requested_) pthread_kill(thread_.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
    thread_.join();
  }
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

 private:
  void wait() {
    int signal = 0;
    sigwait(&signals_, &signal);
    if (served_) return;
    requested_ = true;
    spdlog::info("signal {}: shutting down", signal);
    while (!served_) {
      if (auto* server = server_.load()) server->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  sigset_t signals_{};
  std::atomic<server::ApiServer*> server_{nullptr};
  std::atomic<bool> requested_{false}, served_{false};
  std::thread thread_;
};

void run_serve(const ServeOptions& o, const GlobalOptions& global) {
  SignalWaiter signals;  // before any thread starts, so all inherit the mask
  // XGBoost's OpenMP workers busy-wait between parallel regions by default, which starves the
  // request threads of a shared 2-core machine; a user's explicit setting wins.
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  auto config = effective_config(global);
  if (!o.host.empty()) config.server.host = o.host;
  if (o.port >= 0) config.server.port = o.port;
  if (o.no_schedule) config.retraining.schedule = false;
  server::ServerOptions options{config.server, config.server.token,
                                // MP_WEB_DIR of the build (CMake): docs.html with npm's Swagger UI beside it
                                std::filesystem::path(o.web_root.empty() ? MP_DEFAULT_WEB_ROOT : o.web_root),
                                config.data.universe};
  if (const char* env = std::getenv("MPREDICT_API_TOKEN"); env != nullptr && *env != '\0') options.token = env;

  const fs::path store = config.data.store;
  DirectoriesOfAFailedStart created(
      {store.has_parent_path() ? store.parent_path() : fs::path("."), config.registry.root});
  retrain::RetrainingService service(config);
  server::ApiServer api(options, service);
  api.bind();  // fail fast on an unsafe or busy address, before training anything
  service.announce_port(api.port());
  {
    ProgressDisplay progress(!global.quiet);
    service.bootstrap([&](const std::string& stage, double f) { progress.update(stage, f); });
  }
  created.started();  // the first model is kept, whatever happens next
  if (signals.requested()) {
    spdlog::info("stopped before serving");
    return;
  }
  service.start();
  const auto status = service.status();
  spdlog::info("champion {}{}", status["champion"].dump(), status["provisional"].get<bool>() ? " (provisional)" : "");
  fmt::print("listening on http://{}:{} (API docs at /docs)\n", config.server.host, api.port());
  std::fflush(stdout);
  signals.serve(api);
  service.stop();
  spdlog::info("stopped");
}

}  // namespace

void add_serve_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve predictions and the MLOps API, retraining on a schedule");
  cmd->footer(
      "On first start (no champion in the registry) a model is trained and evaluated; if it fails the\n"
      "gates it is served as PROVISIONAL. Binds 127.0.0.1 by default; a non-loopback --host needs an\n"
      "API token (MPREDICT_API_TOKEN or [server].token), which trigger and rollback then require.");
  cmd->add_option("--host", o->host, "address to bind (default [server].host = 127.0.0.1)");
  cmd->add_option("--port", o->port, "port (default [server].port = 8000; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag("--no-schedule", o->no_schedule, "do not run the cron jobs (trigger by hand only)");
  cmd->add_option("--web-root", o->web_root,
                  "directory of docs.html and swagger-ui/ (default: the installed share/marketpredictor/web, "
                  "else the build's web directory)");
  cmd->callback([o, &global] { run_serve(*o, global); });
}

}  // namespace mp::cli
