// The TOML configuration: the shipped default.toml, the [sources] section, and clear errors.
#include "core/config.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

namespace mp {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = fs::temp_directory_path() / ("mp-config-" + std::to_string(std::random_device{}()) + ".toml");
  }
  void TearDown() override { fs::remove(file_); }
  Config load(const std::string& text) {
    write_file_atomic(file_, text);
    return load_config(file_);
  }
  std::string error_of(const std::string& text) {
    try {
      load(text);
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  }
  fs::path file_;
};

TEST_F(ConfigTest, ShippedDefaultFileMatchesTheBuiltInDefaults) {
  const auto shipped = load_config(fs::path(MP_SOURCE_DIR) / "config" / "default.toml");
  const Config built_in;
  EXPECT_EQ(shipped.features.set, built_in.features.set);
  EXPECT_EQ(shipped.features.selection, built_in.features.selection);
  EXPECT_EQ(shipped.model.n_estimators, built_in.model.n_estimators);
  EXPECT_EQ(shipped.label.horizon, built_in.label.horizon);
  EXPECT_EQ(shipped.validation.embargo, built_in.validation.embargo);
  EXPECT_EQ(shipped.sources.macro_files, built_in.sources.macro_files);
  EXPECT_EQ(shipped.sources.splits_csv, "");
  EXPECT_EQ(shipped.sources.sentiment_half_life_days, 3.0);
  EXPECT_EQ(shipped.server.header_timeout_seconds, built_in.server.header_timeout_seconds);
  EXPECT_EQ(shipped.server.read_timeout_seconds, built_in.server.read_timeout_seconds);
  EXPECT_EQ(shipped.server.threads, built_in.server.threads);
  EXPECT_EQ(shipped.server.max_threads, built_in.server.max_threads);
  EXPECT_EQ(shipped.server.max_body_bytes, built_in.server.max_body_bytes);
  EXPECT_EQ(shipped.retraining.keep_jobs, built_in.retraining.keep_jobs);
  EXPECT_EQ(shipped.retraining.store_check_seconds, built_in.retraining.store_check_seconds);
  EXPECT_EQ(shipped.retraining.training_nice, built_in.retraining.training_nice);
}

TEST_F(ConfigTest, ServerLimitsAreRead) {
  const auto config = load("[server]\nheader_timeout_seconds = 2\nthreads = 3\nmax_threads = 12\n");
  EXPECT_EQ(config.server.header_timeout_seconds, 2);
  EXPECT_EQ(config.server.threads, 3);
  EXPECT_EQ(config.server.max_threads, 12);
  EXPECT_THROW(load("[server]\nheader_timeout = 2\n"), ConfigError);
}

TEST_F(ConfigTest, SourcesSectionIsRead) {
  const auto config = load(
      "[sources]\n"
      "macro_files = [\"m1.csv\", \"m2.csv\"]\n"
      "fundamentals_csv = [\"f.csv\"]\n"
      "splits_csv = \"splits.csv\"\n"
      "news_rss = [\"feed.xml\"]\n"
      "insider_csv = \"insider.csv\"\n"
      "sentiment_half_life_days = 5.5\n"
      "[sources.sectors]\n"
      "AAPL = \"Information Technology\"\n");
  EXPECT_EQ(config.sources.macro_files, (std::vector<std::string>{"m1.csv", "m2.csv"}));
  EXPECT_EQ(config.sources.fundamentals_csv, (std::vector<std::string>{"f.csv"}));
  EXPECT_EQ(config.sources.splits_csv, "splits.csv");
  EXPECT_EQ(config.sources.news_rss, (std::vector<std::string>{"feed.xml"}));
  EXPECT_EQ(config.sources.insider_csv, "insider.csv");
  EXPECT_EQ(config.sources.sentiment_half_life_days, 5.5);
  EXPECT_EQ(config.sources.sectors.at("AAPL"), "Information Technology");
}

TEST_F(ConfigTest, TyposAndWrongTypesAreNamed) {
  EXPECT_THAT(error_of("[sources]\nsplit_csv = \"s.csv\"\n"),
              HasSubstr("unknown configuration key 'sources.split_csv'"));
  EXPECT_THAT(error_of("[source]\n"), HasSubstr("unknown configuration section 'source'"));
  EXPECT_THAT(error_of("[sources]\nmacro_files = \"one.csv\"\n"),
              HasSubstr("'sources.macro_files' must be an array of strings"));
  EXPECT_THAT(error_of("[model]\nn_estimators = \"many\"\n"), HasSubstr("'model.n_estimators' must be an integer"));
  EXPECT_THAT(error_of("[validation]\nfolds = 1\n"), HasSubstr("'validation.folds' must be >= 2"));
}

TEST_F(ConfigTest, ServiceLifecycleKeysAreReadAndChecked) {
  const Config defaults;
  EXPECT_EQ(defaults.retraining.keep_jobs, 50);
  EXPECT_EQ(defaults.retraining.store_check_seconds, 30.0);
  EXPECT_EQ(defaults.retraining.training_nice, 10);
  const auto config = load("[retraining]\nkeep_jobs = 5\nstore_check_seconds = 0.5\ntraining_nice = 0\n");
  EXPECT_EQ(config.retraining.keep_jobs, 5);
  EXPECT_EQ(config.retraining.store_check_seconds, 0.5);
  EXPECT_EQ(config.retraining.training_nice, 0);
  EXPECT_EQ(load("[retraining]\nstore_check_seconds = 0\n").retraining.store_check_seconds, 0.0);
  EXPECT_THAT(error_of("[retraining]\nkeep_jobs = 0\n"), HasSubstr("'retraining.keep_jobs' must be >= 1"));
  EXPECT_THAT(error_of("[retraining]\nstore_check_seconds = -1\n"),
              HasSubstr("'retraining.store_check_seconds' must be >= 0"));
  EXPECT_THAT(error_of("[retraining]\ntraining_nice = 20\n"),
              HasSubstr("'retraining.training_nice' must be between 0 and 19"));
  EXPECT_THAT(error_of("[retraining]\ntraining_nice = -5\n"),
              HasSubstr("'retraining.training_nice' must be between 0 and 19"));
}

TEST_F(ConfigTest, TomlSyntaxErrorPointsAtFileAndLine) {
  const auto message = error_of("[model]\nn_estimators = = 3\n");
  EXPECT_THAT(message, HasSubstr(file_.string() + ":2:"));
}

}  // namespace
}  // namespace mp
