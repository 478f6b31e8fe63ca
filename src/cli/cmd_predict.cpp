// mpredict predict: the latest probability of a symbol and its signal band.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "data/csv_import.hpp"
#include "data/market_store.hpp"
#include "data/sample_data.hpp"
#include "ml/aux_data_builder.hpp"
#include "ml/predictor.hpp"
#include "ml/scoring_inputs.hpp"
#include "tracking/model_registry.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace mp::cli {

namespace {

struct PredictCommandOptions {
  std::string model_dir;
  std::string symbol;
  std::string input;
  bool json = false;
};

// The bars to predict from: the symbol's (from the CSV given, else the store) and the model's
// universe's from the store, so that universe-level features are over the universe it was
// trained on, whatever else the store holds.
Panel load_bars(const PredictCommandOptions& o, const Config& config, const ml::Predictor& predictor) {
  data::MarketStore store(config.data.store);
  data::bootstrap_store_if_empty(store, config.data.bootstrap);
  if (o.input.empty() && predictor.universe().empty()) return store.load();  // a model from before universes
  Panel panel = o.input.empty() ? Panel{} : data::import_csv(o.input).panel;
  std::vector<std::string> stored;
  for (const auto& range : store.list()) stored.push_back(range.symbol);
  for (const auto& symbol : ml::symbols_for_scoring(predictor, {o.symbol})) {
    const bool is_stored = std::find(stored.begin(), stored.end(), symbol) != stored.end();
    // The scored symbol must exist somewhere (load_symbol names it when it does not); universe
    // symbols the store lacks are reported by scoring_inputs.
    if (panel.find(symbol) == nullptr && (is_stored || symbol == o.symbol)) panel.add(store.load_symbol(symbol));
  }
  return panel;
}

struct ChosenModel {
  ml::ModelBundle bundle;
  std::string description;  // which model, for the output
};

// --model DIR, else the registry's champion (what `serve` serves), else [output].model_dir
// (what `train` writes). The registry is only opened when it exists: predict creates nothing.
ChosenModel choose_model(const PredictCommandOptions& o, const Config& config) {
  if (!o.model_dir.empty()) return {ml::load_model_bundle(o.model_dir), "model directory " + o.model_dir};
  const std::filesystem::path root = config.registry.root;
  if (std::filesystem::exists(root / "registry.json")) {
    const tracking::ModelRegistry registry(root, 0);  // 0: never prunes
    if (const auto champion = registry.champion()) {
      return {registry.load(*champion),
              fmt::format("champion {}{} of registry {}", *champion,
                          registry.champion_provisional() ? " (provisional)" : "", root.string())};
    }
  }
  if (std::filesystem::exists(config.model_dir)) {
    return {ml::load_model_bundle(config.model_dir), "model directory " + config.model_dir};
  }
  throw NotFoundError(
      fmt::format("no model to predict with: registry '{}' has no champion (start `mpredict serve`) "
                  "and there is no model directory '{}' (`mpredict train`); or pass --model DIR",
                  root.string(), config.model_dir));
}

void run_predict(const PredictCommandOptions& o, const GlobalOptions& global) {
  const auto config = effective_config(global);
  auto chosen = choose_model(o, config);
  const ml::Predictor predictor(std::move(chosen.bundle));
  const auto inputs = ml::scoring_inputs(predictor, load_bars(o, config, predictor), config.sources);
  const auto prediction = ml::score_latest(predictor, inputs, o.symbol);
  // A number computed without data the model was trained with is not its prediction.
  if (prediction.degraded()) throw DataError(ml::describe_missing(prediction));
  const auto& label = predictor.bundle().label;
  if (o.json) {
    nlohmann::json j = {{"symbol", prediction.symbol},
                        {"as_of", format_date(prediction.as_of)},
                        {"probability", prediction.probability},
                        {"signal", prediction.signal},
                        {"label", label.describe()},
                        {"model", chosen.description},
                        {"model_created", predictor.bundle().created}};
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{} as of {}: P({}) = {:.3f} -> {}\n(model: {})\n", prediction.symbol, format_date(prediction.as_of),
             label.describe(), prediction.probability, prediction.signal, chosen.description);
}

}  // namespace

void add_predict_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<PredictCommandOptions>();
  auto* cmd = app.add_subcommand("predict", "Latest probability and signal band for a symbol");
  cmd->footer("Bands: >= 0.65 STRONG BUY, >= 0.55 BUY, >= 0.45 HOLD, >= 0.35 CONSIDER SELLING, below: SELL.");
  cmd->add_option("-m,--model", o->model_dir,
                  "model directory (default: the champion of [registry].root, else [output].model_dir)");
  cmd->add_option("-s,--symbol", o->symbol, "symbol")->required();
  cmd->add_option("--input", o->input, "CSV file to read the symbol's bars from instead of the store")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o, &global] { run_predict(*o, global); });
}

}  // namespace mp::cli
