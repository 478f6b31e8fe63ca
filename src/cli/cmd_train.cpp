// mpredict train: evaluate, fit on every labelled row, write a self-contained model directory.
#include "cli/commands.hpp"
#include "ml/training_job.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace mp::cli {

namespace {

struct TrainCommandOptions {
  ModelingOptions modeling;
  std::string out;
};

void run_train(const TrainCommandOptions& o, const GlobalOptions& global) {
  auto config = effective_config(global);
  apply_modeling_options(o.modeling, config);
  const auto setup = ml::TrainingSetup::from_config(config);
  const auto panel = load_universe(config, o.modeling.inputs);
  const std::string out_dir = o.out.empty() ? config.model_dir : o.out;
  spdlog::info("training on {} symbols ({} bars), label: {}, features: {}", panel.size(), panel.total_bars(),
               setup.label.describe(), setup.feature_set);
  ProgressDisplay progress(!global.quiet);
  auto result = ml::train_model(panel, setup, [&](const std::string& stage, double f) { progress.update(stage, f); });
  progress.finish();
  fmt::print("{}", ml::format_report(result.evaluation));
  ml::save_model_bundle(result.bundle, out_dir);
  const auto& t = result.bundle.training;
  fmt::print("model written to {}: trained on {} rows of {} symbols, {} to {}, positive rate {:.3f}\n", out_dir, t.rows,
             t.symbols, format_date(t.first), format_date(t.last), t.positive_rate);
}

}  // namespace

void add_train_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<TrainCommandOptions>();
  auto* cmd = app.add_subcommand("train", "Evaluate with time-series splits, then train on all labelled rows");
  cmd->footer(
      "Prints the walk-forward report (beside the naive baselines), then fits the final model on\n"
      "every labelled row and writes a self-contained model directory: model.json (XGBoost),\n"
      "spec.json (features, label, parameters, training window, lineage) and metrics.json.");
  add_modeling_options(*cmd, o->modeling);
  cmd->add_option("-o,--out", o->out, "model directory (default [output].model_dir = models/current)");
  cmd->callback([o, &global] { run_train(*o, global); });
}

}  // namespace mp::cli
