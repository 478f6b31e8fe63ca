// mpredict importance: gain and permutation importance of each feature, measured on the
// validation folds of the same time-series splits evaluate uses.
#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "ml/feature_importance.hpp"
#include "ml/training_job.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace mp::cli {

namespace {

struct ImportanceCommandOptions {
  ModelingOptions modeling;
  int repeats = 5;
  std::string metric = "roc_auc";
  std::string json_out;
};

void run_importance(const ImportanceCommandOptions& o, const GlobalOptions& global) {
  auto config = effective_config(global);
  apply_modeling_options(o.modeling, config);
  const auto setup = ml::TrainingSetup::from_config(config);
  const auto panel = load_universe(config, o.modeling.inputs);
  ProgressDisplay progress(!global.quiet);
  progress.update("features", 0.0);
  const auto build = ml::prepare_dataset(panel, setup);
  const auto& data = build.labelled;
  spdlog::info("{} symbols, {} labelled rows, label: {}, features: {}", panel.size(), data.rows(),
               setup.label.describe(), setup.feature_set);
  const auto folds = ml::make_splits(setup.split, data.date, data.label_end);
  auto factory = [&] { return std::make_unique<ml::XGBoostClassifier>(setup.params); };
  progress.update("importance", 0.0);
  const auto importance = ml::importance_over_folds(
      data, folds, factory, o.repeats, setup.split.seed, o.metric,
      [&](int fold, int total) { progress.update("importance", static_cast<double>(fold) / total); });
  progress.finish();
  fmt::print("Split: {} ({} folds, embargo {} dates), {} labelled rows, {} repeats per feature and fold\n",
             setup.split.method, setup.split.folds, setup.split.embargo, data.rows(), o.repeats);
  if (setup.split.method == "random") {
    fmt::print("WARNING: a shuffled split leaks future information; importance on it is inflated.\n");
  }
  fmt::print("{}", ml::format_importance(importance, o.metric));
  if (!o.json_out.empty()) {
    const nlohmann::json report = {
        {"split", {{"method", setup.split.method}, {"folds", setup.split.folds}, {"embargo", setup.split.embargo}}},
        {"feature_set", setup.feature_set},
        {"label", setup.label.describe()},
        {"rows", data.rows()},
        {"metric", o.metric},
        {"repeats", o.repeats},
        {"seed", setup.split.seed},
        {"measured_on", "validation folds"},
        {"features", ml::to_json(importance)}};
    write_file_atomic(o.json_out, report.dump(2) + "\n");
    spdlog::info("wrote {}", o.json_out);
  }
}

}  // namespace

void add_importance_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ImportanceCommandOptions>();
  auto* cmd = app.add_subcommand("importance", "Gain and permutation feature importance on validation folds");
  cmd->footer(
      "For each time-series fold (the same splits as evaluate) a model is fitted on the training\n"
      "rows. gain: the trees' total split gain per feature, as a share summing to 1. permutation:\n"
      "how much the metric worsens when one feature's values are shuffled among the fold's test\n"
      "rows, mean +- std over folds and repeats. Both are averaged over folds; rows are sorted by\n"
      "permutation importance. See docs/feature_selection.md.");
  add_modeling_options(*cmd, o->modeling);
  cmd->add_option("--repeats", o->repeats, "shuffles per feature and fold (default 5)")->check(CLI::Range(1, 1000));
  cmd->add_option("--metric", o->metric, "roc_auc (default) | log_loss")->check(CLI::IsMember({"roc_auc", "log_loss"}));
  cmd->add_option("--json", o->json_out, "also write the importance table as JSON to this file");
  cmd->callback([o, &global] { run_importance(*o, global); });
}

}  // namespace mp::cli
