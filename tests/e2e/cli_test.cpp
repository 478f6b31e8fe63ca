// End-to-end: the real mpredict binary, run as a user would, on the bundled sample.
#include "cli_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using mp::e2e::CliResult;
using mp::e2e::slurp;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mpredict-e2e-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    // A small, fast configuration: fewer trees, the sample universe.
    std::ofstream(dir_ / "config.toml") << "[data]\nstore = \"" << (dir_ / "market.db").string()
                                        << "\"\nbootstrap = [\"" << sample("dowjones30_close_1990_2001.csv")
                                        << "\"]\n[model]\nn_estimators = 40\nthreads = 2\n"
                                        << "[output]\nmodel_dir = \"" << (dir_ / "model").string() << "\"\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string sample(const std::string& name) {
    return std::string(MP_SOURCE_DIR) + "/data/sample/prices/" + name;
  }

  CliResult run(const std::string& args) { return mp::e2e::run_mpredict(dir_ / "config.toml", args, dir_ / "cli"); }

  fs::path dir_;
};

TEST_F(CliTest, TrainEvaluatePredictOnTheSample) {
  auto train = run("train -q");
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_THAT(train.out, HasSubstr("walk-forward (5 folds"));
  EXPECT_THAT(train.out, HasSubstr("baseline: majority"));
  EXPECT_THAT(train.out, HasSubstr("baseline: always up"));
  for (const auto* file : {"model.json", "spec.json", "metrics.json"}) EXPECT_TRUE(fs::exists(dir_ / "model" / file));
  const auto spec = nlohmann::json::parse(slurp(dir_ / "model" / "spec.json"));
  EXPECT_EQ(spec["features"]["names"].size(), 9U);
  EXPECT_EQ(spec["label"]["horizon"], 90);
  EXPECT_EQ(spec["training"]["symbols"], 30);
  EXPECT_EQ(spec["training"]["first_date"], "1991-10-14");  // 1990-12-31 + 199 warm-up bars
  EXPECT_EQ(spec["model"]["params"]["n_estimators"], 40);

  auto evaluate = run("evaluate -q --json " + (dir_ / "report.json").string());
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  const auto report = nlohmann::json::parse(slurp(dir_ / "report.json"));
  ASSERT_EQ(report["folds"].size(), 5U);
  for (const auto& fold : report["folds"]) {
    EXPECT_GT(fold["train"]["purged"].get<int>(), 0);
    EXPECT_LT(fold["train"]["end"].get<std::string>(), fold["test"]["start"].get<std::string>());
    EXPECT_TRUE(fold["baselines"].contains("majority"));
  }
  EXPECT_EQ(report["pooled"]["model"]["count"], report["pooled"]["baselines"]["always_up"]["count"]);

  auto predict = run("predict --json --model " + (dir_ / "model").string() + " --symbol MSFT");
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  const auto prediction = nlohmann::json::parse(predict.out);
  EXPECT_EQ(prediction["symbol"], "MSFT");
  EXPECT_EQ(prediction["as_of"], "2001-01-02");
  const double p = prediction["probability"];
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 1.0);
  const std::string band = p >= 0.65   ? "STRONG BUY"
                           : p >= 0.55 ? "BUY"
                           : p >= 0.45 ? "HOLD"
                           : p >= 0.35 ? "CONSIDER SELLING"
                                       : "SELL";
  EXPECT_EQ(prediction["signal"], band);

  auto unknown = run("predict --model " + (dir_ / "model").string() + " --symbol NOPE");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("unknown symbol 'NOPE'"));
}

TEST_F(CliTest, ShuffledSplitInflatesTheNumbers) {
  auto honest = run("evaluate -q --json " + (dir_ / "wf.json").string());
  auto leaky = run("evaluate -q --split random --json " + (dir_ / "random.json").string());
  ASSERT_EQ(honest.exit_code, 0) << honest.err;
  ASSERT_EQ(leaky.exit_code, 0) << leaky.err;
  EXPECT_THAT(leaky.out, HasSubstr("WARNING: a shuffled split leaks"));
  const double honest_auc = nlohmann::json::parse(slurp(dir_ / "wf.json"))["pooled"]["model"]["roc_auc"];
  const double leaky_auc = nlohmann::json::parse(slurp(dir_ / "random.json"))["pooled"]["model"]["roc_auc"];
  EXPECT_GT(leaky_auc, honest_auc + 0.05) << "random " << leaky_auc << " vs walk-forward " << honest_auc;
}

TEST_F(CliTest, BadCsvIsOneLineErrorAndNothingIsStored) {
  const auto bad = dir_ / "bad.csv";
  std::ofstream(bad) << "Date,Open,High,Low,Close,Adj Close,Volume\n"
                     << "2020-01-02,10,11,9,10.5,10.5,100\n"
                     << "2020-01-03,10,11,9,abc,10.5,100\n";
  auto result = run("import " + bad.string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: " + bad.string() + ":3:5: column 'Close': not a number: \"abc\"\n");
  auto symbols = run("symbols");
  EXPECT_EQ(symbols.exit_code, 0);
  EXPECT_THAT(symbols.out, HasSubstr("holds no bars"));

  auto skipped = run("import --skip-bad-rows " + bad.string());
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_THAT(skipped.out, HasSubstr("2 rows read, 1 skipped"));
  symbols = run("symbols");
  EXPECT_THAT(symbols.out, HasSubstr("BAD        2020-01-02 2020-01-02       1"));
}

TEST_F(CliTest, ImportIsIdempotent) {
  ASSERT_EQ(run("import " + sample("msft_ohlcv_2000_2001.csv")).exit_code, 0);
  ASSERT_EQ(run("import " + sample("msft_ohlcv_2000_2001.csv")).exit_code, 0);
  auto symbols = run("symbols");
  EXPECT_THAT(symbols.out, HasSubstr("MSFT       2000-09-27 2001-09-27     249"));
}

TEST_F(CliTest, RawFeaturesCsvHasTheNamedColumns) {
  const auto out = dir_ / "features.csv";
  auto result = run("features --raw --input " + sample("aapl_ohlcv_2013_2018.csv") + " --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream in(out);
  std::string header, first_full;
  std::getline(in, header);
  EXPECT_EQ(header,
            "date,sma_50,sma_200,rsi_14,volatility_30,momentum_10,macd,macd_signal,bb_upper,bb_lower,atr_14,adx_14,"
            "stoch_k,stoch_d,obv,vwap_20,willr_14,cci_20,sar,ichimoku_tenkan,ichimoku_kijun,ichimoku_senkou_a,"
            "ichimoku_senkou_b,keltner_upper,keltner_middle,keltner_lower");
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 1260U);
}

// The cells of a features CSV: the header's names, then rows of text cells.
struct CsvTable {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::size_t column(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    return static_cast<std::size_t>(it - names.begin());
  }
};

CsvTable read_table(const fs::path& file) {
  CsvTable table;
  std::ifstream in(file);
  const auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  };
  std::string line;
  std::getline(in, line);
  table.names = split(line);
  while (std::getline(in, line)) table.rows.push_back(split(line));
  return table;
}

// A panel without --symbol: every symbol, a leading symbol column, sorted by symbol then date.
TEST_F(CliTest, FeaturesOfAPanelHaveASymbolColumn) {
  const auto out = dir_ / "dow.csv";
  auto result = run("features --input " + sample("dowjones30_close_1990_2001.csv") + " --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto table = read_table(out);
  ASSERT_EQ(table.names.size(), 11U);
  EXPECT_EQ(table.names[0], "symbol");
  EXPECT_EQ(table.names[1], "date");
  EXPECT_EQ(table.names[2], "close_to_sma_50");
  ASSERT_EQ(table.rows.size(), 30U * 2529U);
  EXPECT_EQ(table.rows.front()[0], "AA");
  EXPECT_EQ(table.rows.front()[1], "1990-12-31");
  EXPECT_EQ(table.rows.back()[0], "XOM");
  EXPECT_EQ(table.rows.back()[1], "2001-01-02");
  EXPECT_THAT(result.err, HasSubstr("wrote 75870 rows x 9 features of 30 symbols"));
}

// `--set all` joins the [sources] macro series and the input's market breadth as training does.
TEST_F(CliTest, FeaturesSetAllJoinsMacroAndMarketData) {
  std::ofstream(dir_ / "config.toml", std::ios::app)
      << "[sources]\nmacro_files = [\"" << MP_SOURCE_DIR << "/data/sample/macro/fred_monthly_selected.csv\"]\n";
  const auto out = dir_ / "all.csv";
  auto result = run("features --set all --symbol msft --input " + sample("dowjones30_close_1990_2001.csv") + " --out " +
                    out.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto table = read_table(out);
  EXPECT_EQ(table.names[0], "date");
  ASSERT_EQ(table.rows.size(), 2529U);
  const auto row =
      std::find_if(table.rows.begin(), table.rows.end(), [](const auto& cells) { return cells[0] == "1995-06-01"; });
  ASSERT_NE(row, table.rows.end());
  // GS10 for May 1995 is 6.63 %: usable from the first trading day after May ends.
  EXPECT_EQ((*row)[table.column("macro_treasury_10y")], "6.63");
  // The share of the 30 input symbols above their 50-day SMA: a multiple of 1/30, not 0 or 1 of one.
  const double share = std::stod((*row)[table.column("market_share_above_sma_50")]);
  EXPECT_GT(share, 0.0);
  EXPECT_LT(share, 1.0);
  EXPECT_NEAR(share * 30, std::round(share * 30), 1e-9);
}

TEST_F(CliTest, ImportMergesFilesOfOneSymbol) {
  std::ofstream(dir_ / "a.csv") << "Date,Close\n2020-01-02,10\n2020-01-03,11\n";
  std::ofstream(dir_ / "b.csv") << "Date,Close\n2020-01-03,11\n2020-01-06,12\n";
  auto result = run("import --symbol xyz " + (dir_ / "a.csv").string() + " " + (dir_ / "b.csv").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto symbols = run("symbols");
  EXPECT_THAT(symbols.out, HasSubstr("XYZ        2020-01-02 2020-01-06       3"));
}

TEST_F(CliTest, ImportRefusesADateTwoFilesDisagreeOn) {
  const auto a = dir_ / "a.csv";
  const auto b = dir_ / "b.csv";
  std::ofstream(a) << "Date,Close\n2020-01-02,10\n2020-01-03,11\n";
  std::ofstream(b) << "Date,Close\n2020-01-03,11.5\n2020-01-06,12\n";
  auto result = run("import --symbol XYZ " + a.string() + " " + b.string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: " + b.string() + ":2:1: XYZ 2020-01-03 differs from " + a.string() +
                            ":3: close 11 there, 11.5 here\n");
  EXPECT_THAT(run("symbols").out, HasSubstr("holds no bars"));
}

TEST_F(CliTest, HelpExplainsTheCommands) {
  auto help = run("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const auto* command : {"import", "symbols", "features", "train", "evaluate", "predict"}) {
    EXPECT_THAT(help.out, HasSubstr(command));
  }
}

}  // namespace

// predict scores against the model's own universe and refuses to print a number computed without
// data the model was trained with (issue 8: MSFT 0.669 -> 0.756 after 60 unrelated imports, and
// 0.921 with the macro file removed, exit 0).
TEST_F(CliTest, PredictKeepsTheTrainingUniverseAndRefusesMissingFeatures) {
  const std::string macro = std::string(MP_SOURCE_DIR) + "/data/sample/macro/fred_monthly_selected.csv";
  std::ofstream(dir_ / "config.toml", std::ios::app) << "[sources]\nmacro_files = [\"" << macro << "\"]\n";
  const std::string model = " --model " + (dir_ / "model").string();
  auto train = run("train -q --features rsi_14,macro_treasury_10y,market_advance_decline,market_share_above_sma_50");
  ASSERT_EQ(train.exit_code, 0) << train.err;
  auto before = run("predict --json --symbol MSFT" + model);
  ASSERT_EQ(before.exit_code, 0) << before.err;

  // 60 unrelated symbols that rose on every date: breadth over every stored symbol would change.
  {
    std::ofstream wide(dir_ / "others.csv");
    wide << "date";
    for (int s = 0; s < 60; ++s) wide << ",X" << s;
    wide << "\n";
    const auto prices = mp::e2e::slurp(sample("dowjones30_close_1990_2001.csv"));
    std::istringstream lines(prices);
    std::string line;
    std::getline(lines, line);  // header
    for (int row = 0; std::getline(lines, line); ++row) {
      wide << line.substr(0, line.find(','));
      for (int s = 0; s < 60; ++s) wide << "," << 10.0 + 0.01 * row;
      wide << "\n";
    }
  }
  auto imported = run("import " + (dir_ / "others.csv").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto after = run("predict --json --symbol MSFT" + model);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(nlohmann::json::parse(after.out)["probability"], nlohmann::json::parse(before.out)["probability"]);

  // The same model without its macro file: an error naming the feature and its source.
  auto config = mp::e2e::slurp(dir_ / "config.toml");
  config.replace(config.find("macro_files = [\""), std::string("macro_files = [\"").size() + macro.size() + 2,
                 "macro_files = []");
  std::ofstream(dir_ / "config.toml") << config;
  auto degraded = run("predict --symbol MSFT" + model);
  EXPECT_EQ(degraded.exit_code, 1);
  EXPECT_TRUE(degraded.out.empty()) << degraded.out;
  EXPECT_EQ(degraded.err,
            "error: MSFT 2001-01-02: no data for macro_treasury_10y from macro data ([sources] macro_files) (the model "
            "had data for them in training)\n");
}
