#pragma once
// The one configuration (TOML). Every key is documented with its default in
// config/default.toml; command-line flags override what is read here.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mp {

struct DataConfig {
  std::string store = "data/market.db";  // SQLite MarketStore
  // Imported into an empty store on first use (the bundled sample).
  std::vector<std::string> bootstrap = {"data/sample/prices/dowjones30_close_1990_2001.csv"};
  std::vector<std::string> universe;  // empty: every symbol in the store
};

struct LabelConfig {
  std::string type = "forward_return";  // forward_return | next_day_direction | relative_outperformance
  int horizon = 90;                     // trading days
  double threshold = 0.05;              // forward return above this is class 1
  int min_symbols = 5;                  // relative_outperformance: fewer returns on a date -> no label
};

struct FeatureConfig {
  std::string set = "technical9";
  // Selection inside each training fold: none | kbest_anova | kbest_mutual_info | correlation |
  // rfecv, or steps joined by '+' (e.g. "correlation+kbest_anova").
  std::string selection = "none";
  int selection_k = 20;
  double max_correlation = 0.9;
};

struct ModelConfig {
  int n_estimators = 200;
  int max_depth = 4;
  double learning_rate = 0.05;
  double subsample = 0.9;
  double colsample_bytree = 1.0;
  double min_child_weight = 1.0;
  int seed = 42;
  int threads = 0;  // 0: all cores
};

struct ValidationConfig {
  std::string split = "walk-forward";  // walk-forward | purged-kfold | random
  int folds = 5;
  int embargo = 10;  // trading dates
};

// Where new bars come from when the retraining service refreshes data.
struct ProviderConfig {
  std::string name = "none";  // none (the bundled sample is fixed) | yahoo | stooq
  std::string base_url;       // empty: the provider's public host
  double timeout_seconds = 10;
  int retries = 3;
  double min_interval_seconds = 0.5;  // polite rate limit between requests
  int overlap_days = 10;              // re-fetch this many days before the last stored bar
};

struct RegistryConfig {
  std::string root = "models";  // versions/, registry.json, training_metrics.json, alerts.log
  int keep_last = 10;
};

struct RetrainingConfig {
  bool schedule = true;                   // run the cron jobs below
  std::string timezone = "local";         // IANA name, or "local"
  std::string daily_cron = "0 2 * * *";   // daily retrain on the lookback window
  std::string weekly_cron = "0 3 * * 0";  // weekly full retrain on all history
  int lookback_years = 5;
  int keep_jobs = 50;  // job records kept in <registry>/jobs/ (status and /jobs/{id} after a restart)
  // How often `serve` checks whether the store changed (another process's import) and rebuilds
  // its predictions; 0 = only after each run.
  double store_check_seconds = 30;
  // Training threads (the job's, its OpenMP team, the shared pool) run at this nice value with
  // SCHED_BATCH, below the request threads; 0 = the same priority.
  int training_nice = 10;
};

struct GateConfig {
  double min_f1 = 0.65;
  double min_accuracy = 0.70;
  double max_relative_f1_drop = 0.10;  // candidate F1 >= champion F1 * (1 - this), same window
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string token;  // bearer token for trigger/rollback; env MPREDICT_API_TOKEN overrides
  std::size_t max_body_bytes = 1 << 20;
  int header_timeout_seconds = 5;  // request line and headers must arrive within this (slow clients)
  int read_timeout_seconds = 10;   // the whole request, headers and body
  int write_timeout_seconds = 10;
  int threads = 8;       // workers always present
  int max_threads = 64;  // the pool grows to this many while connections wait
};

// Non-price data joined point-in-time to the bars (read only when a feature needs it).
struct SourcesConfig {
  // FRED files: the long "series,freq,period,value" layout or FRED's CSV download.
  std::vector<std::string> macro_files = {"data/sample/macro/fred_monthly_selected.csv"};
  std::map<std::string, std::string> sectors;  // symbol -> sector; empty: the built-in Dow 30 map
  std::vector<std::string> fundamentals_csv;   // symbol,period_end,filed,concept,value
  // symbol,date,ratio: the splits the prices are adjusted for; per-share values and share counts
  // filed before a split are scaled to match (empty: none, right for as-traded prices).
  std::string splits_csv;
  std::vector<std::string> news_jsonl;
  std::vector<std::string> news_rss;
  std::vector<std::string> reddit_json;
  std::string analyst_csv, institutional_csv, insider_csv;
  double sentiment_half_life_days = 3.0;
  std::string sentiment_scorer = "afinn165_fin";  // features/sentiment_lexicon: make_sentiment_scorer
  std::string lexicon_dir = "data/lexicons";      // the AFINN finance lexicon the headline scorer reads
};

struct Config {
  DataConfig data;
  SourcesConfig sources;
  ProviderConfig provider;
  RegistryConfig registry;
  RetrainingConfig retraining;
  GateConfig gates;
  ServerConfig server;
  LabelConfig label;
  FeatureConfig features;
  ModelConfig model;
  ValidationConfig validation;
  std::string model_dir = "models/current";
};

// Reads a TOML file; unknown keys and wrong types are errors naming the key.
Config load_config(const std::filesystem::path& path);
// The file given, else ./config/default.toml if present, else the built-in defaults.
Config load_config_or_default(const std::string& path);

}  // namespace mp
