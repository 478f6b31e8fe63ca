// mpredict trigger: start a retraining on a running server, optionally waiting for it.
#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

#include <memory>
#include <thread>

namespace mp::cli {

namespace {

struct TriggerOptions {
  ClientOptions client;
  bool force = false;
  bool full = false;
  bool wait = false;
};

nlohmann::json wait_for(ApiClient& client, const std::string& id, bool show_progress) {
  ProgressDisplay progress(show_progress);
  for (;;) {
    auto job = client.expect_ok(client.get("/api/ml/retraining/jobs/" + id));
    const auto state = job.value("state", "");
    if (state == "completed" || state == "failed") return job;
    progress.update(job.value("stage", "queued"), job.value("progress", 0.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
}

void run_trigger(const TriggerOptions& o, const GlobalOptions& global) {
  ApiClient client(o.client, effective_config(global));
  const auto path = fmt::format("/api/ml/retraining/trigger?force={}&full={}&source=cli", o.force, o.full);
  const auto response = client.post(path);
  if (response.status == 409) {
    throw ConflictError(fmt::format("a retraining is already running (job {})", text_or(response.body["job"]["id"])));
  }
  const auto accepted = client.expect_ok(response);
  const auto id = accepted.value("job_id", "");
  if (!o.wait) {
    if (o.client.json) return fmt::print("{}\n", accepted.dump(2));
    return fmt::print("started {} (follow with `mpredict status` or --wait)\n", id);
  }
  const auto job = wait_for(client, id, !global.quiet && !o.client.json);
  if (o.client.json) {
    fmt::print("{}\n", job.dump(2));
  } else {
    for (const auto& line : job["log"]) fmt::print("  {}\n", line.get<std::string>());
    fmt::print("{} {}: {}\n", id, text_or(job["state"]), text_or(job["outcome"], text_or(job["error"])));
  }
  if (job.value("state", "") == "failed") throw Error(fmt::format("job {} failed: {}", id, text_or(job["error"])));
}

}  // namespace

void add_trigger_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<TriggerOptions>();
  auto* cmd = app.add_subcommand("trigger", "Start a retraining on a running server");
  cmd->footer("Exit code 1 if a retraining is already running (409) or, with --wait, if the job fails.");
  add_client_options(*cmd, o->client);
  cmd->add_flag("--force", o->force, "skip the validation gates (recorded as forced)");
  cmd->add_flag("--full", o->full, "train on the full history (the weekly job)");
  cmd->add_flag("--wait", o->wait, "wait for the job, showing progress, and print its log");
  cmd->callback([o, &global] { run_trigger(*o, global); });
}

}  // namespace mp::cli
