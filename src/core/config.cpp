#include "core/config.hpp"

#include "core/error.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace mp {

namespace {

// Reads known keys of one table and rejects the rest, so a typo never passes silently.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string name) : table_(table), name_(std::move(name)) {}

  template <typename T>
  void read(const char* key, T& out) {
    seen_.insert(key);
    if (table_ == nullptr) return;
    const toml::node* node = table_->get(key);
    if (node == nullptr) return;
    if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
      const auto* table = node->as_table();
      if (table == nullptr) fail(key, "a table of strings");
      out.clear();
      for (const auto& [name, value] : *table) {
        auto text = value.template value<std::string>();
        if (!text) fail(key, "a table of strings");
        out[std::string(name.str())] = *text;
      }
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const auto* array = node->as_array();
      if (array == nullptr) fail(key, "an array of strings");
      out.clear();
      for (const auto& item : *array) {
        auto text = item.value<std::string>();
        if (!text) fail(key, "an array of strings");
        out.push_back(*text);
      }
    } else {
      auto value = node->value<T>();
      if (!value) fail(key, type_name<T>());
      out = *value;
    }
  }

  void reject_unknown() const {
    if (table_ == nullptr) return;
    for (const auto& [key, node] : *table_) {
      if (!seen_.count(std::string(key.str()))) {
        throw ConfigError(fmt::format("unknown configuration key '{}.{}'", name_, key.str()));
      }
    }
  }

 private:
  template <typename T>
  static const char* type_name() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    if constexpr (std::is_same_v<T, int>) return "an integer";
    if constexpr (std::is_same_v<T, double>) return "a number";
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    return "a value";
  }
  [[noreturn]] void fail(const char* key, const char* expected) const {
    throw ConfigError(fmt::format("configuration key '{}.{}' must be {}", name_, key, expected));
  }

  const toml::table* table_;
  std::string name_;
  std::set<std::string> seen_;
};

const toml::table* section(const toml::table& root, const char* name) {
  const auto* node = root.get(name);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) throw ConfigError(fmt::format("configuration key '{}' must be a table", name));
  return node->as_table();
}

void read_sources_section(const toml::table& root, Config& config) {
  const auto* table = section(root, "sources");
  TableReader sources(table, "sources");
  auto& s = config.sources;
  sources.read("macro_files", s.macro_files);
  sources.read("fundamentals_csv", s.fundamentals_csv);
  sources.read("splits_csv", s.splits_csv);
  sources.read("news_jsonl", s.news_jsonl);
  sources.read("news_rss", s.news_rss);
  sources.read("reddit_json", s.reddit_json);
  sources.read("analyst_csv", s.analyst_csv);
  sources.read("institutional_csv", s.institutional_csv);
  sources.read("insider_csv", s.insider_csv);
  sources.read("sentiment_half_life_days", s.sentiment_half_life_days);
  sources.read("sentiment_scorer", s.sentiment_scorer);
  sources.read("lexicon_dir", s.lexicon_dir);
  sources.read("sectors", s.sectors);
  sources.reject_unknown();
}

void read_service_sections(const toml::table& root, Config& config) {
  read_sources_section(root, config);
  TableReader provider(section(root, "provider"), "provider");
  provider.read("name", config.provider.name);
  provider.read("base_url", config.provider.base_url);
  provider.read("timeout_seconds", config.provider.timeout_seconds);
  provider.read("retries", config.provider.retries);
  provider.read("min_interval_seconds", config.provider.min_interval_seconds);
  provider.read("overlap_days", config.provider.overlap_days);
  provider.reject_unknown();

  TableReader registry(section(root, "registry"), "registry");
  registry.read("root", config.registry.root);
  registry.read("keep_last", config.registry.keep_last);
  registry.reject_unknown();

  TableReader retraining(section(root, "retraining"), "retraining");
  retraining.read("schedule", config.retraining.schedule);
  retraining.read("timezone", config.retraining.timezone);
  retraining.read("daily_cron", config.retraining.daily_cron);
  retraining.read("weekly_cron", config.retraining.weekly_cron);
  retraining.read("lookback_years", config.retraining.lookback_years);
  retraining.read("keep_jobs", config.retraining.keep_jobs);
  retraining.read("store_check_seconds", config.retraining.store_check_seconds);
  retraining.read("training_nice", config.retraining.training_nice);
  retraining.reject_unknown();
  if (config.retraining.training_nice < 0 || config.retraining.training_nice > 19) {
    throw ConfigError("configuration key 'retraining.training_nice' must be between 0 and 19");
  }
  if (config.retraining.store_check_seconds < 0) {
    throw ConfigError("configuration key 'retraining.store_check_seconds' must be >= 0");
  }
  if (config.retraining.keep_jobs < 1) throw ConfigError("configuration key 'retraining.keep_jobs' must be >= 1");

  TableReader gates(section(root, "gates"), "gates");
  gates.read("min_f1", config.gates.min_f1);
  gates.read("min_accuracy", config.gates.min_accuracy);
  gates.read("max_relative_f1_drop", config.gates.max_relative_f1_drop);
  gates.reject_unknown();

  TableReader server(section(root, "server"), "server");
  server.read("host", config.server.host);
  server.read("port", config.server.port);
  server.read("token", config.server.token);
  int max_body = static_cast<int>(config.server.max_body_bytes);
  server.read("max_body_bytes", max_body);
  config.server.max_body_bytes = static_cast<std::size_t>(std::max(max_body, 1024));
  server.read("header_timeout_seconds", config.server.header_timeout_seconds);
  server.read("read_timeout_seconds", config.server.read_timeout_seconds);
  server.read("write_timeout_seconds", config.server.write_timeout_seconds);
  server.read("threads", config.server.threads);
  server.read("max_threads", config.server.max_threads);
  server.reject_unknown();
}

}  // namespace

Config load_config(const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw InputError(path.string(), where.line, where.column, std::string(e.description()));
  }
  Config config;
  const std::set<std::string> sections = {"data",     "label",    "features",   "model", "validation", "output",
                                          "provider", "registry", "retraining", "gates", "server",     "sources"};
  for (const auto& [key, node] : root) {
    if (!sections.count(std::string(key.str()))) {
      throw ConfigError(fmt::format("{}: unknown configuration section '{}'", path.string(), key.str()));
    }
  }
  TableReader data(section(root, "data"), "data");
  data.read("store", config.data.store);
  data.read("bootstrap", config.data.bootstrap);
  data.read("universe", config.data.universe);
  data.reject_unknown();

  TableReader label(section(root, "label"), "label");
  label.read("type", config.label.type);
  label.read("horizon", config.label.horizon);
  label.read("threshold", config.label.threshold);
  label.read("min_symbols", config.label.min_symbols);
  label.reject_unknown();

  TableReader features(section(root, "features"), "features");
  features.read("set", config.features.set);
  features.read("selection", config.features.selection);
  features.read("selection_k", config.features.selection_k);
  features.read("max_correlation", config.features.max_correlation);
  features.reject_unknown();

  TableReader model(section(root, "model"), "model");
  model.read("n_estimators", config.model.n_estimators);
  model.read("max_depth", config.model.max_depth);
  model.read("learning_rate", config.model.learning_rate);
  model.read("subsample", config.model.subsample);
  model.read("colsample_bytree", config.model.colsample_bytree);
  model.read("min_child_weight", config.model.min_child_weight);
  model.read("seed", config.model.seed);
  model.read("threads", config.model.threads);
  model.reject_unknown();

  TableReader validation(section(root, "validation"), "validation");
  validation.read("split", config.validation.split);
  validation.read("folds", config.validation.folds);
  validation.read("embargo", config.validation.embargo);
  validation.reject_unknown();
  if (config.validation.embargo < 0) throw ConfigError("configuration key 'validation.embargo' must be >= 0");
  if (config.validation.folds < 2) throw ConfigError("configuration key 'validation.folds' must be >= 2");

  read_service_sections(root, config);

  TableReader output(section(root, "output"), "output");
  output.read("model_dir", config.model_dir);
  output.reject_unknown();
  return config;
}

Config load_config_or_default(const std::string& path) {
  if (!path.empty()) return load_config(path);
  const std::filesystem::path fallback = "config/default.toml";
  if (std::filesystem::exists(fallback)) return load_config(fallback);
  return Config{};
}

}  // namespace mp
