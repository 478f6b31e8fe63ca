// mpredict import: CSV files into the market store, all or nothing per run.
#include "cli/commands.hpp"
#include "data/csv_import.hpp"
#include "data/import_merge.hpp"
#include "data/market_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace mp::cli {

namespace {

struct ImportCommandOptions {
  std::vector<std::string> files;
  std::string layout = "auto";
  std::string symbol;
  bool skip_bad_rows = false;
};

data::CsvLayout parse_layout(const std::string& name) {
  if (name == "yahoo") return data::CsvLayout::Yahoo;
  if (name == "wide") return data::CsvLayout::Wide;
  return data::CsvLayout::Auto;
}

void run_import(const ImportCommandOptions& o, const GlobalOptions& global) {
  const auto config = effective_config(global);
  data::ImportOptions options{parse_layout(o.layout), o.symbol, o.skip_bad_rows};
  // Parse and merge every file before writing anything, so one bad file leaves the store untouched.
  const Panel combined = data::import_csv_files(o.files, options, [](const std::string& file, const auto& result) {
    for (const auto& skipped : result.skipped) spdlog::warn("skipped {}", skipped.reason);
    fmt::print("{}: {} layout, {} rows read, {} skipped, {} symbol(s), {} bars\n", file,
               data::layout_name(result.layout), result.rows_read, result.skipped.size(), result.panel.size(),
               result.panel.total_bars());
  });
  data::MarketStore store(config.data.store);
  store.write(combined);
  fmt::print("stored {} bars of {} symbol(s) in {}\n", combined.total_bars(), combined.size(), store.path());
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ImportCommandOptions>();
  auto* cmd = app.add_subcommand("import", "Import daily bars from CSV files into the market store (idempotent)");
  cmd->footer(
      "Layouts: 'yahoo' = Date, Open, High, Low, Close, Adj Close, Volume (header case and spacing\n"
      "free; only Date and Close required), one symbol per file or a Symbol column; 'wide' = date\n"
      "plus one adjusted-close column per symbol. Symbols are upper-cased. A malformed row stops the\n"
      "import naming file:line:column, and nothing is stored; --skip-bad-rows skips and counts such\n"
      "rows instead. Files holding the same symbol are merged; a date they both hold must agree.");
  cmd->add_option("files", o->files, "CSV files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--layout", o->layout, "auto | yahoo | wide")->check(CLI::IsMember({"auto", "yahoo", "wide"}));
  cmd->add_option("--symbol", o->symbol, "symbol of a per-symbol file (default: file name up to the first '_')");
  cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "skip and count malformed rows instead of failing");
  cmd->callback([o, &global] { run_import(*o, global); });
}

}  // namespace mp::cli
