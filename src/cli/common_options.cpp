#include "cli/common_options.hpp"

#include "core/thread_pool.hpp"
#include "data/import_merge.hpp"
#include "data/market_store.hpp"
#include "data/sample_data.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace mp::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("-c,--config", options.config_path,
                 "TOML configuration (default: ./config/default.toml if present, else the installed "
                 "share/marketpredictor/config/default.toml)");
  app.add_option("--db", options.db_path, "SQLite market store (overrides [data].store)");
  app.add_option("--threads", options.threads, "worker threads, 0 = all cores (overrides [model].threads)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-v,--verbose", options.verbose, "debug logging");
  app.add_flag("-q,--quiet", options.quiet, "warnings and errors only, no progress bar");
}

namespace {

// No --config: ./config/default.toml (a checkout), else the installed default configuration.
std::string config_file(const GlobalOptions& options) {
  if (!options.config_path.empty() || std::filesystem::exists("config/default.toml")) return options.config_path;
  const auto installed = data::locate_bundled("config/default.toml");
  return std::filesystem::exists(installed) ? installed.string() : "";
}

// The bundled files the configuration names relative to the top of the tree are found wherever
// the program is installed; the store and the registry stay relative to the working directory.
void locate_bundled_files(Config& config) {
  for (auto& file : config.data.bootstrap) file = data::locate_bundled(file).string();
  for (auto& file : config.sources.macro_files) file = data::locate_bundled(file).string();
  config.sources.lexicon_dir = data::locate_bundled(config.sources.lexicon_dir).string();
}

}  // namespace

Config effective_config(const GlobalOptions& options) {
  Config config = load_config_or_default(config_file(options));
  locate_bundled_files(config);
  if (!options.db_path.empty()) config.data.store = options.db_path;
  if (options.threads > 0) config.model.threads = options.threads;
  ThreadPool::set_shared_size(resolve_threads(config.model.threads));
  return config;
}

Panel load_universe(const Config& config, const std::vector<std::string>& csv_files) {
  Panel panel;
  if (!csv_files.empty()) {
    panel = data::import_csv_files(csv_files, {});
  } else {
    data::MarketStore store(config.data.store);
    if (auto imported = data::bootstrap_store_if_empty(store, config.data.bootstrap); imported > 0) {
      spdlog::info("empty store {}: imported {} bundled sample file(s)", config.data.store, imported);
    }
    panel = store.load(config.data.universe);
  }
  // Files given on the command line are the universe; the configured list applies to the store.
  return panel;
}

void add_modeling_options(CLI::App& command, ModelingOptions& o) {
  command.add_option("--input", o.inputs, "CSV file(s) to use instead of the market store")->check(CLI::ExistingFile);
  command.add_option("--features", o.feature_set, "feature set or comma-separated feature names (default technical9)");
  command.add_option("--selection", o.selection,
                     "feature selection inside each training fold: none | kbest_anova | kbest_mutual_info | "
                     "correlation | rfecv, or steps joined by '+'");
  command.add_option("--label", o.label_type, "forward_return | next_day_direction | relative_outperformance");
  command.add_option("--horizon", o.horizon, "label horizon in trading days (default 90)")->check(CLI::PositiveNumber);
  command.add_option("--threshold", o.threshold, "label return threshold, e.g. 0.05 for 5%");
  command.add_option("--split", o.split, "walk-forward | purged-kfold | random (leaky, for comparison only)")
      ->check(CLI::IsMember({"walk-forward", "purged-kfold", "random"}));
  command.add_option("--folds", o.folds, "number of test folds (default 5)")->check(CLI::Range(2, 100));
  command.add_option("--embargo", o.embargo, "trading dates embargoed beside each test block (default 10)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--seed", o.seed, "random seed (default 42)")->check(CLI::NonNegativeNumber);
}

void apply_modeling_options(const ModelingOptions& o, Config& config) {
  if (!o.feature_set.empty()) config.features.set = o.feature_set;
  if (!o.selection.empty()) config.features.selection = o.selection;
  if (!o.label_type.empty()) config.label.type = o.label_type;
  if (o.horizon > 0) config.label.horizon = o.horizon;
  if (o.threshold >= 0) config.label.threshold = o.threshold;
  if (!o.split.empty()) config.validation.split = o.split;
  if (o.folds > 0) config.validation.folds = o.folds;
  if (o.embargo >= 0) config.validation.embargo = o.embargo;
  if (o.seed >= 0) config.model.seed = o.seed;
}

namespace {

// The bar currently drawn on stderr without its newline (empty: none), shared by the progress
// display and the log sink; its mutex orders their writes.
struct ProgressLine {
  std::mutex mutex;
  std::string drawn;
};

ProgressLine& progress_line() {
  static ProgressLine line;
  return line;
}

class ProgressAwareSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ProgressAwareSink(spdlog::sink_ptr console) : console_(std::move(console)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    auto& line = progress_line();
    std::lock_guard lock(line.mutex);
    if (!line.drawn.empty()) std::fputs("\n", stderr);
    console_->log(message);
    console_->flush();
    if (!line.drawn.empty()) {
      std::fputs(line.drawn.c_str(), stderr);
      std::fflush(stderr);
    }
  }
  void flush_() override { console_->flush(); }
  // The console sink formats (and colours) the lines: it gets the logger's pattern.
  void set_pattern_(const std::string& pattern) override { console_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
    console_->set_formatter(std::move(formatter));
  }

 private:
  spdlog::sink_ptr console_;
};

}  // namespace

std::shared_ptr<spdlog::sinks::sink> make_console_log_sink() {
  return std::make_shared<ProgressAwareSink>(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
}

ProgressDisplay::ProgressDisplay(bool enabled) : enabled_(enabled), tty_(::isatty(STDERR_FILENO) == 1) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::update(const std::string& stage, double fraction) {
  if (!enabled_) return;
  const int percent = static_cast<int>(fraction * 100.0);
  if (stage != stage_) {
    if (tty_) end_line();
    if (!tty_) spdlog::info("{}...", stage);
    stage_ = stage;
    last_percent_ = -1;
  }
  if (!tty_ || percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int width = 30;
  const int filled = percent * width / 100;
  auto bar = fmt::format("\r{:<10} [{}{}] {:3d}%", stage, std::string(static_cast<std::size_t>(filled), '#'),
                         std::string(static_cast<std::size_t>(width - filled), '.'), percent);
  auto& line = progress_line();
  std::lock_guard lock(line.mutex);
  std::fputs(bar.c_str(), stderr);
  std::fflush(stderr);
  line.drawn = std::move(bar);
}

void ProgressDisplay::finish() {
  if (enabled_ && tty_) end_line();
  stage_.clear();
}

void ProgressDisplay::end_line() {
  auto& line = progress_line();
  std::lock_guard lock(line.mutex);
  if (!line.drawn.empty()) std::fputs("\n", stderr);
  line.drawn.clear();
}

}  // namespace mp::cli
