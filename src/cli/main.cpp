// mpredict: the MarketPredictor command line. Errors inside are exceptions; here, at the
// edge, they become one line on stderr and a non-zero exit code.
#include "cli/commands.hpp"
#include "core/error.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

namespace {

void configure_logging(const mp::cli::GlobalOptions& options) {
  auto logger = std::make_shared<spdlog::logger>("mpredict", mp::cli::make_console_log_sink());
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(options.verbose ? spdlog::level::debug
                                    : (options.quiet ? spdlog::level::warn : spdlog::level::info));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "MarketPredictor: daily market data in, an honestly evaluated model out.\n"
      "Features at date t use only data known at t's close; every evaluation splits by date with\n"
      "purge and embargo and is reported beside naive baselines.",
      "mpredict"};
  app.set_version_flag("--version", "mpredict 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global flags are accepted after the subcommand too
  mp::cli::GlobalOptions global;
  mp::cli::add_global_options(app, global);
  mp::cli::add_import_command(app, global);
  mp::cli::add_fetch_source_commands(app, global);
  mp::cli::add_symbols_command(app, global);
  mp::cli::add_features_command(app, global);
  mp::cli::add_train_command(app, global);
  mp::cli::add_evaluate_command(app, global);
  mp::cli::add_importance_command(app, global);
  mp::cli::add_predict_command(app, global);
  mp::cli::add_serve_command(app, global);
  mp::cli::add_status_command(app, global);
  mp::cli::add_trigger_command(app, global);
  mp::cli::add_rollback_command(app, global);
  mp::cli::add_model_info_command(app, global);
  app.parse_complete_callback([&] { configure_logging(global); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const mp::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
