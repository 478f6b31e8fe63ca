// mpredict model-info: the serving model of a running server.
#include "cli/api_client.hpp"
#include "cli/commands.hpp"

#include <fmt/format.h>

#include <memory>

namespace mp::cli {

namespace {

void print_metrics_line(const std::string& name, const nlohmann::json& m) {
  if (!m.is_object()) return;
  fmt::print("  {:<20} acc {}  prec {}  recall {}  f1 {}  auc {}  logloss {}  brier {}\n", name,
             number_or(m["accuracy"]), number_or(m["precision"]), number_or(m["recall"]), number_or(m["f1"]),
             number_or(m["roc_auc"]), number_or(m["log_loss"]), number_or(m["brier"]));
}

void print_info(const nlohmann::json& info) {
  fmt::print("version:   {}{}\n", text_or(info["version"]), info.value("provisional", false) ? " (PROVISIONAL)" : "");
  fmt::print("created:   {}\n", text_or(info["created"]));
  const auto& w = info["training_window"];
  fmt::print("training:  {} .. {}, {} rows, {} symbols\n", text_or(w["first_date"]), text_or(w["last_date"]),
             w.value("rows", 0), w.value("symbols", 0));
  fmt::print("label:     {}\n", text_or(info["label"]["description"]));
  fmt::print("model:     {} {}\n", text_or(info["parameters"]["type"]), info["parameters"]["params"].dump());
  fmt::print("features:  {} ({})\n", text_or(info["feature_set"]),
             fmt::join(info["features"].get<std::vector<std::string>>(), ", "));
  // Servers before the selection was recorded send neither key.
  const auto selection = info.value("selection", nlohmann::json::object());
  const auto method = selection.value("method", std::string("none"));
  if (method != "none") {
    const auto k = method.find("kbest") != std::string::npos ? fmt::format(" (k {})", selection.value("k", 0)) : "";
    fmt::print("selection: {}{}, kept {} of {} candidates\n", method, k, info["features"].size(),
               info.value("candidate_features", nlohmann::json::array()).size());
  }
  fmt::print("walk-forward, pooled out-of-fold:\n");
  print_metrics_line("model", info["metrics"]);
  if (info["baselines"].is_object()) {
    print_metrics_line("baseline: majority", info["baselines"]["majority"]);
    print_metrics_line("baseline: always up", info["baselines"]["always_up"]);
  }
  fmt::print("history:\n");
  for (const auto& e : info["history"]) {
    fmt::print("  {} {:<11} {:<28} {:<9} {}\n", text_or(e["time"]), text_or(e["action"]), text_or(e["version"]),
               text_or(e["trigger"]), text_or(e["reason"]));
  }
}

}  // namespace

void add_model_info_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ClientOptions>();
  auto* cmd = app.add_subcommand("model-info", "The serving model of a running server: window, metrics, history");
  add_client_options(*cmd, *o);
  cmd->callback([o, &global] {
    ApiClient client(*o, effective_config(global));
    const auto body = client.expect_ok(client.get("/api/ml/model/info"));
    if (o->json) return fmt::print("{}\n", body.dump(2));
    print_info(body);
  });
}

}  // namespace mp::cli
