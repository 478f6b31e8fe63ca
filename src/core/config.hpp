#pragma once
// The one configuration (TOML). Every key is documented with its default in
// config/default.toml; command-line flags override what is read here.
#include <filesystem>
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
};

struct FeatureConfig {
  std::string set = "technical9";
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

struct Config {
  DataConfig data;
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
