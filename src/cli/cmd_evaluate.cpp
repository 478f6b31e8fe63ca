// mpredict evaluate: out-of-sample metrics over time-series folds, beside the baselines.
#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "ml/training_job.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace mp::cli {

namespace {

struct EvaluateCommandOptions {
  ModelingOptions modeling;
  std::string json_out;
};

void run_evaluate(const EvaluateCommandOptions& o, const GlobalOptions& global) {
  auto config = effective_config(global);
  apply_modeling_options(o.modeling, config);
  const auto setup = ml::TrainingSetup::from_config(config);
  const auto panel = load_universe(config, o.modeling.inputs);
  ProgressDisplay progress(!global.quiet);
  progress.update("features", 0.0);
  const auto data = ml::prepare_dataset(panel, setup);
  spdlog::info("{} symbols, {} labelled rows ({} to predict, {} warm-up rows excluded), label: {}, features: {}",
               panel.size(), data.labelled.rows(), data.unlabelled.rows(), data.warmup_rows_excluded,
               setup.label.describe(), setup.feature_set);
  const auto report =
      ml::evaluate_setup(data.labelled, setup, [&](const std::string& stage, double f) { progress.update(stage, f); });
  progress.finish();
  fmt::print("{}", ml::format_report(report));
  if (!o.json_out.empty()) {
    write_file_atomic(o.json_out, ml::to_json(report).dump(2) + "\n");
    spdlog::info("wrote {}", o.json_out);
  }
}

}  // namespace

void add_evaluate_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<EvaluateCommandOptions>();
  auto* cmd = app.add_subcommand("evaluate", "Evaluate the model out of sample with time-series splits");
  cmd->footer(
      "Splits are by date across all symbols. walk-forward: expanding window, the test block after\n"
      "the training data; purged-kfold: every block tests once. Both purge training rows whose label\n"
      "reaches into the test block and embargo dates beside it. 'random' shuffles rows and leaks:\n"
      "it is there to show how much a shuffled split inflates the numbers.");
  add_modeling_options(*cmd, o->modeling);
  cmd->add_option("--json", o->json_out, "also write the report as JSON to this file");
  cmd->callback([o, &global] { run_evaluate(*o, global); });
}

}  // namespace mp::cli
