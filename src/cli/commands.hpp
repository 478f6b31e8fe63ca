#pragma once
// One function per subcommand file: each adds its subcommand to the app.
#include "cli/common_options.hpp"

#include <CLI/CLI.hpp>

namespace mp::cli {

void add_import_command(CLI::App& app, const GlobalOptions& global);
void add_symbols_command(CLI::App& app, const GlobalOptions& global);
void add_features_command(CLI::App& app, const GlobalOptions& global);
void add_train_command(CLI::App& app, const GlobalOptions& global);
void add_evaluate_command(CLI::App& app, const GlobalOptions& global);
void add_importance_command(CLI::App& app, const GlobalOptions& global);
void add_predict_command(CLI::App& app, const GlobalOptions& global);
void add_serve_command(CLI::App& app, const GlobalOptions& global);
void add_status_command(CLI::App& app, const GlobalOptions& global);
void add_trigger_command(CLI::App& app, const GlobalOptions& global);
void add_rollback_command(CLI::App& app, const GlobalOptions& global);
void add_model_info_command(CLI::App& app, const GlobalOptions& global);
// `fundamentals fetch` (SEC EDGAR), `macro fetch` (FRED), `news fetch` (RSS, Reddit): download
// sources into files.
void add_fetch_source_commands(CLI::App& app, const GlobalOptions& global);

}  // namespace mp::cli
