// End-to-end: `mpredict fundamentals fetch` and `mpredict macro fetch` against recorded SEC EDGAR
// and FRED bodies served on 127.0.0.1, writing the files training reads offline.
#include "cli_process.hpp"
#include "local_http_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using mp::data::test::LocalHttpServer;
using ::testing::HasSubstr;

namespace {

using mp::e2e::CliResult;
using mp::e2e::slurp;

std::string fixture(const std::string& name) { return slurp(fs::path(MP_FIXTURES_DIR) / name); }

std::size_t lines_containing(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) count += line.find(needle) != std::string::npos;
  return count;
}

class CliFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mpredict-fetch-e2e-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "config.toml") << "[data]\nstore = \"" << (dir_ / "market.db").string() << "\"\n"
                                        << "[provider]\nmin_interval_seconds = 0.01\nretries = 0\n";
    server_.route("/files/company_tickers.json");
    server_.route("/api/xbrl/companyfacts/.*");
    server_.route("/feeds/.*");
    server_.serve("/feeds/markets.xml", {200, fixture("news/market_wire_rss.xml"), "application/rss+xml"});
    server_.serve("/feeds/broken.xml", {200, "<rss version=\"2.0\"><channel><item>", "application/rss+xml"});
    server_.serve("/feeds/r/stocks/new.json", {200, fixture("news/reddit_stocks_new.json"), "application/json"});
    server_.route("/graph/fredgraph.csv", [](const httplib::Request& r) { return r.get_param_value("id"); });
    server_.serve("/files/company_tickers.json", {200, fixture("edgar/company_tickers.json"), "application/json"});
    server_.serve("/api/xbrl/companyfacts/CIK0000320193.json",
                  {200, fixture("edgar/companyfacts_aapl.json"), "application/json"});
    server_.serve("/api/xbrl/companyfacts/CIK0000789019.json",
                  {200, fixture("edgar/companyfacts_truncated.json"), "application/json"});
    server_.serve("GS10",
                  {200, fixture("fred/fredgraph_gs10_1994-10_1995-06_observation_date_header.csv"), "text/csv"});
    server_.serve("VIXCLS", {200, fixture("fred/fredgraph_vixcls_2000-06-29_2000-07-06_illustrative.csv"), "text/csv"});
    server_.serve("NOPE", {404, "<!DOCTYPE html><html><body>Not Found</body></html>", "text/html"});
    server_.start();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliResult run(const std::string& args) { return mp::e2e::run_mpredict(dir_ / "config.toml", args, dir_ / "cli"); }
  std::string edgar_args() const {
    return " --user-agent 'Jane Doe jane@example.com' --base-url " + server_.base_url() + " --tickers-url " +
           server_.url("/files/company_tickers.json");
  }

  LocalHttpServer server_;
  fs::path dir_;
};

TEST_F(CliFetchTest, FundamentalsFetchWritesTheCsvKeepsGoodSymbolsAndNamesTheBadOne) {
  const auto out = dir_ / "fund" / "edgar.csv";
  auto both = run("fundamentals fetch AAPL MSFT --out " + out.string() + edgar_args());
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_THAT(both.err, HasSubstr("MSFT"));
  EXPECT_THAT(both.err, HasSubstr("1 of 2 failed"));
  EXPECT_THAT(both.out, HasSubstr("[1/2] AAPL: "));
  const std::string csv = slurp(out);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "symbol,period_start,period_end,filed,concept,value,form");
  EXPECT_GT(lines_containing(csv, "AAPL,"), 50U);
  EXPECT_EQ(lines_containing(csv, "MSFT,"), 0U);
  // The restated Q3 FY2013 net income is there under both filing dates.
  EXPECT_EQ(lines_containing(csv, "AAPL,2013-03-31,2013-06-29,2013-07-24,net_income,"), 1U);
  EXPECT_EQ(lines_containing(csv, "AAPL,2013-03-31,2013-06-29,2013-08-15,net_income,"), 1U);
  // SEC saw the contact User-Agent on every request.
  for (const auto& request : server_.requests()) EXPECT_EQ(request.user_agent, "Jane Doe jane@example.com");

  // Fetching again (a ticker typed in lower case is the same symbol) replaces AAPL's rows.
  auto again = run("fundamentals fetch aapl --out " + out.string() + edgar_args());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(slurp(out), csv);
}

TEST_F(CliFetchTest, FundamentalsFetchRefusesAnAnonymousClient) {
  auto result = run("fundamentals fetch AAPL --user-agent anonymous --base-url " + server_.base_url());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("a User-Agent naming you and a contact e-mail is required"));
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(CliFetchTest, MacroFetchWritesOneGraphCsvPerSeries) {
  const auto out = dir_ / "macro";
  auto result = run("macro fetch GS10 VIXCLS NOPE --out-dir " + out.string() + " --base-url " + server_.base_url());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("fred: NOPE"));
  EXPECT_THAT(result.err, HasSubstr("1 of 3 failed"));
  EXPECT_THAT(result.out, HasSubstr("GS10: 9 observations (M)"));
  const std::string gs10 = slurp(out / "fredgraph_GS10.csv");
  EXPECT_EQ(gs10.substr(0, gs10.find('\n')), "observation_date,GS10");
  EXPECT_THAT(gs10, HasSubstr("1995-03-01,7.2\n"));
  EXPECT_THAT(slurp(out / "fredgraph_VIXCLS.csv"), HasSubstr("2000-07-04,\n"));  // missing stays missing
  EXPECT_FALSE(fs::exists(out / "fredgraph_NOPE.csv"));
}

TEST_F(CliFetchTest, NewsFetchKeepsParsedSnapshotsAndRejectsABrokenFeed) {
  const auto out = dir_ / "news";
  auto result = run("news fetch --out-dir " + out.string() + " --rss " + server_.url("/feeds/markets.xml") + " --rss " +
                    server_.url("/feeds/broken.xml") + " --reddit " + server_.url("/feeds/r/stocks/new.json"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("broken.xml"));
  EXPECT_THAT(result.err, HasSubstr("1 of 3 failed"));
  EXPECT_THAT(result.out, HasSubstr("4 items"));
  EXPECT_THAT(result.out, HasSubstr("3 posts"));
  std::vector<fs::path> rss, reddit;
  for (const auto& f : fs::directory_iterator(out / "rss")) rss.push_back(f.path());
  for (const auto& f : fs::directory_iterator(out / "reddit")) reddit.push_back(f.path());
  ASSERT_EQ(rss.size(), 1U);  // the broken feed left no file
  ASSERT_EQ(reddit.size(), 1U);
  EXPECT_THAT(rss[0].filename().string(), ::testing::StartsWith("127.0.0.1_"));
  EXPECT_THAT(rss[0].filename().string(),
              ::testing::MatchesRegex(".*feeds_markets.xml-[0-9a-f]{8}-[0-9]{8}T[0-9]{6}Z\\.xml"));
  EXPECT_EQ(slurp(rss[0]), fixture("news/market_wire_rss.xml"));  // kept as served
  EXPECT_EQ(slurp(reddit[0]), fixture("news/reddit_stocks_new.json"));

  auto none = run("news fetch");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("--rss URL or --reddit URL"));
}

TEST_F(CliFetchTest, NewsFetchReadsAtomAndWindows1252AndSkipsUndatedItems) {
  server_.serve("/feeds/atom.xml", {200, fixture("news/market_wire_atom.xml"), "application/atom+xml"});
  server_.serve("/feeds/cp1252.xml", {200, fixture("news/cp1252_rss.xml"), "application/rss+xml"});
  server_.serve("/feeds/undated.xml",
                {200,
                 "<rss version=\"2.0\"><channel><title>U</title>\n"
                 "<item><title>Dated</title><pubDate>Tue, 14 May 2013 09:00:00 GMT</pubDate></item>\n"
                 "<item><title>Undated</title></item>\n</channel></rss>\n",
                 "application/rss+xml"});
  const auto out = dir_ / "news";
  auto result = run("news fetch --out-dir " + out.string() + " --rss " + server_.url("/feeds/atom.xml") + " --rss " +
                    server_.url("/feeds/cp1252.xml") + " --rss " + server_.url("/feeds/undated.xml"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("/feeds/atom.xml: 3 items -> "));
  EXPECT_THAT(result.out, HasSubstr("/feeds/cp1252.xml: 1 items -> "));
  EXPECT_THAT(result.out, HasSubstr("/feeds/undated.xml: 1 items (1 undated skipped) -> "));
  EXPECT_THAT(result.err,
              HasSubstr("/feeds/undated.xml: 1 undated <item> skipped (no <pubDate> or <dc:date>), at 3:1; 1 kept"));
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(out / "rss")) files += f.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 3U);
}

}  // namespace
