// mpredict status: the retraining status of a running server.
#include "cli/api_client.hpp"
#include "cli/commands.hpp"

#include <fmt/format.h>

#include <memory>

namespace mp::cli {

namespace {

void print_status(const nlohmann::json& s) {
  fmt::print("champion:  {}{}\n", text_or(s["champion"], "none"),
             s.value("provisional", false) ? " (PROVISIONAL)" : "");
  if (s.value("running", false)) {
    const auto& job = s["current_job"];
    fmt::print("running:   {} ({} job, {} {:.0f}%)\n", text_or(job["id"]), text_or(job["kind"]), text_or(job["stage"]),
               job.value("progress", 0.0) * 100);
  } else {
    fmt::print("running:   no\n");
  }
  const auto& last = s["last_run"];
  if (last.is_object()) {
    fmt::print("last run:  {} {} at {}: {}", text_or(last["id"]), text_or(last["state"]), text_or(last["finished"]),
               text_or(last["outcome"], text_or(last["error"])));
    if (last["metrics"].is_object()) {
      const auto& m = last["metrics"]["pooled"]["model"];
      fmt::print(" (F1 {}, accuracy {})", number_or(m["f1"]), number_or(m["accuracy"]));
    }
    fmt::print("\n");
  } else {
    fmt::print("last run:  none\n");
  }
  fmt::print("schedule:  {}\n", s["scheduler"].value("running", false) ? "running" : "stopped");
  for (const auto& job : s["scheduled_jobs"]) {
    fmt::print("  {:<20} {:<12} next {}\n", text_or(job["name"]), text_or(job["cron"]), text_or(job["next_run"]));
  }
  const auto& g = s["gates"];
  fmt::print("gates:     F1 >= {}, accuracy >= {}, F1 drop vs champion <= {:.0f}%\n", number_or(g["min_f1"], "{:.2f}"),
             number_or(g["min_accuracy"], "{:.2f}"), g.value("max_relative_f1_drop", 0.0) * 100);
}

}  // namespace

void add_status_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ClientOptions>();
  auto* cmd = app.add_subcommand("status", "Retraining status of a running server (champion, jobs, schedule, gates)");
  add_client_options(*cmd, *o);
  cmd->callback([o, &global] {
    ApiClient client(*o, effective_config(global));
    const auto body = client.expect_ok(client.get("/api/ml/retraining/status"));
    if (o->json) return fmt::print("{}\n", body.dump(2));
    print_status(body);
  });
}

}  // namespace mp::cli
