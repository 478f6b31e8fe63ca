// mpredict predict: the latest probability of a symbol and its signal band.
#include "cli/commands.hpp"
#include "data/csv_import.hpp"
#include "data/market_store.hpp"
#include "data/sample_data.hpp"
#include "ml/aux_data_builder.hpp"
#include "ml/predictor.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace mp::cli {

namespace {

struct PredictCommandOptions {
  std::string model_dir;
  std::string symbol;
  std::string input;
  bool json = false;
};

// The bars to predict from: the CSV given, else the store (all of it: market-wide features
// such as breadth need the whole universe).
Panel load_bars(const PredictCommandOptions& o, const Config& config) {
  if (!o.input.empty()) return data::import_csv(o.input).panel;
  data::MarketStore store(config.data.store);
  data::bootstrap_store_if_empty(store, config.data.bootstrap);
  return store.load();
}

void run_predict(const PredictCommandOptions& o, const GlobalOptions& global) {
  const auto config = effective_config(global);
  const ml::Predictor predictor(ml::load_model_bundle(o.model_dir.empty() ? config.model_dir : o.model_dir));
  const auto panel = load_bars(o, config);
  const auto aux =
      ml::needs_aux_data(predictor.features())
          ? ml::build_aux_data(panel, ml::with_column_settings(config.sources, predictor.bundle().column_settings),
                               predictor.features())
          : features::AuxData{};
  const auto prediction = predictor.predict_latest(panel.at(o.symbol), features::aux_for(&aux, o.symbol));
  const auto& label = predictor.bundle().label;
  if (o.json) {
    nlohmann::json j = {{"symbol", prediction.symbol},
                        {"as_of", format_date(prediction.as_of)},
                        {"probability", prediction.probability},
                        {"signal", prediction.signal},
                        {"label", label.describe()},
                        {"model_created", predictor.bundle().created}};
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{} as of {}: P({}) = {:.3f} -> {}\n", prediction.symbol, format_date(prediction.as_of), label.describe(),
             prediction.probability, prediction.signal);
}

}  // namespace

void add_predict_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<PredictCommandOptions>();
  auto* cmd = app.add_subcommand("predict", "Latest probability and signal band for a symbol");
  cmd->footer("Bands: >= 0.65 STRONG BUY, >= 0.55 BUY, >= 0.45 HOLD, >= 0.35 CONSIDER SELLING, below: SELL.");
  cmd->add_option("-m,--model", o->model_dir, "model directory (default [output].model_dir)");
  cmd->add_option("-s,--symbol", o->symbol, "symbol")->required();
  cmd->add_option("--input", o->input, "CSV file to read the symbol's bars from instead of the store")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o, &global] { run_predict(*o, global); });
}

}  // namespace mp::cli
