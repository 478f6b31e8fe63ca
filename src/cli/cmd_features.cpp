// mpredict features: the feature columns of a CSV's symbols as CSV, or the list of features.
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "data/csv_import.hpp"
#include "data/symbol_name.hpp"
#include "features/feature_csv.hpp"
#include "ml/aux_data_builder.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

namespace mp::cli {

namespace {

struct FeaturesCommandOptions {
  std::string input;
  std::string out = "-";
  std::string symbol;
  std::string set;
  bool raw = false;
  bool list = false;
};

const char* kind_name(features::FeatureKind kind) {
  return kind == features::FeatureKind::Indicator ? "indicator" : "model";
}

std::string inputs_text(const features::FeatureDef& def) {
  std::string text = "close";
  for (auto field : def.inputs) {
    if (field == features::PriceField::HighLow) text += "+high/low";
    if (field == features::PriceField::Volume) text += "+volume";
  }
  return text;
}

void print_feature_list() {
  const auto& registry = features::FeatureRegistry::builtin();
  fmt::print("{:<22} {:<10} {:<10} {:<26} {:<16} {}\n", "name", "kind", "category", "parameters", "inputs",
             "definition");
  for (const auto& def : registry.all()) {
    fmt::print("{:<22} {:<10} {:<10} {:<26} {:<16} {}\n", def.name, kind_name(def.kind), def.category, def.parameters,
               inputs_text(def), def.description);
  }
  fmt::print("\nsets:\n");
  for (const auto& [name, members] : registry.sets()) fmt::print("  {:<16} {}\n", name, fmt::join(members, ", "));
}

// The series to write: the one --symbol names, else all of them.
std::vector<const SymbolSeries*> pick_series(const Panel& panel, const std::string& symbol) {
  if (!symbol.empty()) return {&panel.at(data::canonical_symbol(symbol))};
  std::vector<const SymbolSeries*> all;
  for (const auto& series : panel.series()) all.push_back(&series);
  return all;
}

void run_features(const FeaturesCommandOptions& o, const GlobalOptions& global) {
  if (o.list) return print_feature_list();
  if (o.input.empty()) throw ConfigError("features: --input FILE.csv is required (or --list)");
  const auto config = effective_config(global);
  const auto set = !o.set.empty() ? o.set : (o.raw ? "technical_raw" : "technical9");
  const auto features = features::FeatureRegistry::builtin().resolve(set);
  const auto imported = data::import_csv(o.input);
  const auto series = pick_series(imported.panel, o.symbol);
  // The auxiliary columns training joins (macro from [sources], breadth over every symbol of the
  // input, ...), built by the same code, so the values are the ones a model sees.
  const auto aux =
      ml::needs_aux_data(features) ? ml::build_aux_data(imported.panel, config.sources, features) : features::AuxData{};
  std::ofstream file;
  if (o.out != "-") {
    file.open(o.out, std::ios::binary);
    if (!file) throw IoError(fmt::format("cannot write '{}'", o.out));
  }
  std::ostream& out = o.out == "-" ? std::cout : file;
  features::FeatureCsvOptions options;
  options.symbol_column = series.size() > 1;
  const std::size_t rows = features::write_features_csv(out, series, features, &aux, ThreadPool::shared(), options);
  out.flush();
  if (!out) throw IoError(fmt::format("cannot write '{}'", o.out));
  if (o.out != "-") {
    const std::string of = series.size() == 1 ? series.front()->symbol() : fmt::format("{} symbols", series.size());
    fmt::print(stderr, "wrote {} rows x {} features of {} to {}\n", rows, features.size(), of, o.out);
  }
}

}  // namespace

void add_features_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<FeaturesCommandOptions>();
  auto* cmd = app.add_subcommand("features", "Compute feature columns for a CSV's symbols, or list the features");
  cmd->footer(
      "Without --raw: the scale-free features the model sees (set technical9). With --raw: the\n"
      "indicators themselves, in price units where they have them (set technical_raw: sma_50, sma_200,\n"
      "rsi_14, volatility_30, momentum_10, macd, macd_signal, bb_upper, bb_lower, atr_14, adx_14,\n"
      "stoch_k, stoch_d, obv, vwap_20, willr_14, cci_20, sar, ichimoku_tenkan, ichimoku_kijun,\n"
      "ichimoku_senkou_a, ichimoku_senkou_b, keltner_upper, keltner_middle, keltner_lower). Indicators\n"
      "needing high/low or volume are empty on a close-only series. --set technical: every technical\n"
      "model feature; --list: all of them with their definitions.\n"
      "Prices are split/dividend adjusted (Adj Close). Warm-up rows are empty cells. A value at date t\n"
      "uses only bars up to t. Macro, market, fundamental and sentiment features join the [sources]\n"
      "files as training does; market breadth is computed over every symbol of the input.\n"
      "Output: date,<features> for one symbol; symbol,date,<features> (sorted by symbol, then date)\n"
      "for an input of several symbols without --symbol.");
  cmd->add_option("--input", o->input, "CSV file (Yahoo layout, with or without a Symbol column, or wide panel)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "output CSV (default: standard output)");
  cmd->add_option("--symbol", o->symbol, "the one symbol to write (default: every symbol of the input)");
  cmd->add_option("--set", o->set, "feature set or comma-separated names (default technical9 / technical_raw)");
  cmd->add_flag("--raw", o->raw, "untransformed indicator values");
  cmd->add_flag("--list", o->list, "list every feature with its definition and exit");
  cmd->callback([o, &global] { run_features(*o, global); });
}

}  // namespace mp::cli
