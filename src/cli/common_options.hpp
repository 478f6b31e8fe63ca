#pragma once
// What every subcommand shares: the global flags, the effective configuration, where the bars
// come from, and the progress display.
#include "core/config.hpp"
#include "core/panel.hpp"

#include <spdlog/sinks/sink.h>
#include <CLI/CLI.hpp>

#include <memory>

#include <string>
#include <vector>

namespace mp::cli {

struct GlobalOptions {
  std::string config_path;  // empty: ./config/default.toml, the installed one, or built-in defaults
  std::string db_path;      // overrides [data].store
  int threads = 0;          // overrides [model].threads
  bool verbose = false;
  bool quiet = false;
};

void add_global_options(CLI::App& app, GlobalOptions& options);
// The configuration file (else the checkout's or the installed config/default.toml, else the
// built-in defaults) with the flags applied and the bundled files it names located
// (data::locate_bundled).
Config effective_config(const GlobalOptions& options);

// Bars for the job: the given CSV files (read in memory, not stored), else the MarketStore
// (bootstrapped from the sample when empty), restricted to the configured universe.
Panel load_universe(const Config& config, const std::vector<std::string>& csv_files);

// Options shared by train and evaluate, applied on top of the configuration.
struct ModelingOptions {
  std::vector<std::string> inputs;
  std::string feature_set, label_type, split, selection;
  int horizon = 0, folds = 0, embargo = -1, seed = -1;
  double threshold = -1;
};
void add_modeling_options(CLI::App& command, ModelingOptions& options);
void apply_modeling_options(const ModelingOptions& options, Config& config);

// The console log sink (coloured lines on stderr) that shares stderr with the progress bar: a
// log line first ends a bar drawn on the current line, and the bar is drawn again below it.
std::shared_ptr<spdlog::sinks::sink> make_console_log_sink();

// A one-line progress bar on stderr when it is a terminal; stage changes only otherwise.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled);
  ~ProgressDisplay();
  void update(const std::string& stage, double fraction);
  void finish();

 private:
  void end_line();  // a newline after a drawn bar

  bool enabled_;
  bool tty_;
  std::string stage_;
  int last_percent_ = -1;
};

}  // namespace mp::cli
