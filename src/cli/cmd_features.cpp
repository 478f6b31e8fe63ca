// mpredict features: the feature columns of one symbol as CSV, or the list of features.
#include "cli/commands.hpp"
#include "core/csv_writer.hpp"
#include "core/error.hpp"
#include "data/csv_import.hpp"
#include "features/feature_pipeline.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

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

const SymbolSeries& pick_series(const Panel& panel, const std::string& symbol, const std::string& file) {
  if (!symbol.empty()) return panel.at(symbol);
  if (panel.size() == 1) return panel.series().front();
  throw ConfigError(fmt::format("{} holds {} symbols; choose one with --symbol ({})", file, panel.size(),
                                fmt::join(panel.symbols(), ", ")));
}

void run_features(const FeaturesCommandOptions& o) {
  if (o.list) return print_feature_list();
  if (o.input.empty()) throw ConfigError("features: --input FILE.csv is required (or --list)");
  const auto set = !o.set.empty() ? o.set : (o.raw ? "technical_raw" : "technical9");
  const auto features = features::FeatureRegistry::builtin().resolve(set);
  const auto imported = data::import_csv(o.input);
  const auto& series = pick_series(imported.panel, o.symbol, o.input);
  const auto frame = features::compute_features(series, features);
  std::ostringstream text;
  write_csv_table(text, frame.dates, frame.names, frame.columns);
  if (o.out == "-") {
    std::cout << text.str();
  } else {
    std::ofstream out(o.out, std::ios::binary);
    out << text.str();
    if (!out) throw IoError(fmt::format("cannot write '{}'", o.out));
    fmt::print(stderr, "wrote {} rows x {} features of {} to {}\n", frame.rows(), frame.names.size(), series.symbol(),
               o.out);
  }
}

}  // namespace

void add_features_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<FeaturesCommandOptions>();
  auto* cmd = app.add_subcommand("features", "Compute feature columns for one symbol's CSV, or list the features");
  cmd->footer(
      "Without --raw: the scale-free features the model sees (set technical9). With --raw: the\n"
      "indicators themselves, in price units where they have them (set technical_raw: sma_50, sma_200,\n"
      "rsi_14, volatility_30, momentum_10, macd, macd_signal, bb_upper, bb_lower, atr_14, adx_14,\n"
      "stoch_k, stoch_d, obv, vwap_20, willr_14, cci_20, sar, ichimoku_tenkan, ichimoku_kijun,\n"
      "ichimoku_senkou_a, ichimoku_senkou_b, keltner_upper, keltner_middle, keltner_lower). Indicators\n"
      "needing high/low or volume are empty on a close-only series. --set technical: every technical\n"
      "model feature; --list: all of them with their definitions.\n"
      "Prices are split/dividend adjusted (Adj Close). Warm-up rows are empty cells. A value at date t\n"
      "uses only bars up to t.");
  cmd->add_option("--input", o->input, "CSV file (Yahoo layout or wide panel)")->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "output CSV (default: standard output)");
  cmd->add_option("--symbol", o->symbol, "symbol to use from a wide panel");
  cmd->add_option("--set", o->set, "feature set or comma-separated names (default technical9 / technical_raw)");
  cmd->add_flag("--raw", o->raw, "untransformed indicator values");
  cmd->add_flag("--list", o->list, "list every feature with its definition and exit");
  cmd->callback([o] { run_features(*o); });
}

}  // namespace mp::cli
