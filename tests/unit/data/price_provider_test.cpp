// Yahoo and Stooq providers and fetch_universe, against the recorded-format fixtures of
// tests/fixtures/providers (see PROVENANCE.md there) served by a local fixture server
// (local_http_server.hpp).
#include "data/price_provider.hpp"
#include "data/stooq_provider.hpp"
#include "data/yahoo_provider.hpp"

#include "local_http_server.hpp"
#include "test_text.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mp::data {
namespace {

using test::CannedAnswer;
using test::LocalHttpServer;
using test::RecordedRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::StartsWith;

const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "providers";
constexpr const char* kAaplChart = "yahoo_chart_aapl_2013-05-13_2013-05-24.json";
constexpr const char* kAaplDividendChart = "yahoo_chart_aapl_2013-08-05_2013-08-09.json";
constexpr const char* kMsftChart = "yahoo_chart_msft_2000-09-27_2000-10-03.json";
constexpr const char* kNotFound = "yahoo_chart_not_found.json";
constexpr const char* kTruncated = "yahoo_chart_truncated.json";
constexpr const char* kStooqAapl = "stooq_aapl_us_2013-05-13_2013-05-24.csv";

Date d(const char* text) { return *parse_date(text); }

std::string fixture(const std::string& name) { return mp::test::fixture_text(kFixtures / name); }

std::vector<std::string> iso_dates(const SymbolSeries& series) {
  std::vector<std::string> out;
  for (const Date date : series.dates()) out.push_back(format_date(date));
  return out;
}

// The message of the ProviderError that `action` throws.
template <class Action>
std::string error_of(Action action) {
  return mp::test::message_of<ProviderError>(action);
}

// A fake Yahoo (/v8/finance/chart/SYMBOL) and Stooq (/q/d/l/?s=symbol) on one local server,
// answering per symbol.
class ProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.route(R"(/v8/finance/chart/([^/]+))", [](const httplib::Request& req) { return req.matches[1].str(); });
    server_.route("/q/d/l/", [](const httplib::Request& req) { return req.get_param_value("s"); });
    server_.start();
    // Unknown Yahoo symbols get Yahoo's real 404 answer.
    serve_yahoo("DELISTED", kNotFound, 404);
  }

  // `first_status` (if set) answers the first request, with "Service Unavailable".
  void serve_yahoo(const std::string& symbol, const char* file, int status = 200, int first_status = 0) {
    CannedAnswer answer{status, fixture(file), "application/json;charset=utf-8"};
    if (first_status == 0) {
      server_.serve(symbol, std::move(answer));
    } else {
      server_.serve_in_turn(symbol, {{first_status, "Service Unavailable"}, std::move(answer)});
    }
  }
  void serve_stooq(const std::string& stooq_symbol, const std::string& body) {
    server_.serve(stooq_symbol, {200, body, "text/plain; charset=utf-8"});
  }

  // Tiny waits: the retry and rate-limit timing itself is covered by http_client_test.
  ProviderOptions options() const {
    ProviderOptions options;
    options.base_url = server_.base_url() + "/";  // a trailing '/' is ignored
    options.http.timeout_seconds = 2;
    options.http.retries = 3;
    options.http.backoff_seconds = 0.001;
    options.http.max_backoff_seconds = 0.01;
    options.http.min_interval_seconds = 0.001;
    return options;
  }

  LocalHttpServer server_;
};

// ---------------------------------------------------------------- Yahoo

TEST_F(ProviderTest, YahooRequestsTheV8ChartUrl) {
  serve_yahoo("AAPL", kAaplChart);
  YahooProvider yahoo(options());
  yahoo.fetch("aapl", d("2013-05-13"), d("2013-05-24"));
  const RecordedRequest request = server_.last_request();
  EXPECT_EQ(request.path, "/v8/finance/chart/AAPL");
  // A day before and two after the range, as unix seconds at 00:00 UTC.
  EXPECT_EQ(request.param("period1"), "1368316800");  // 2013-05-12
  EXPECT_EQ(request.param("period2"), "1369526400");  // 2013-05-26
  EXPECT_EQ(request.param("interval"), "1d");
  EXPECT_EQ(request.param("events"), "div,split");
  EXPECT_EQ(request.param("includeAdjustedClose"), "true");
  EXPECT_EQ(request.user_agent, "MarketPredictor/0.1 (+self-hosted)");
  EXPECT_EQ(yahoo_chart_url("", "^GSPC", d("2013-05-13"), d("2013-05-24")),
            "https://query1.finance.yahoo.com/v8/finance/chart/%5EGSPC?period1=1368316800&period2=1369526400"
            "&interval=1d&events=div%2Csplit&includeAdjustedClose=true");
}

TEST_F(ProviderTest, YahooParsesBarsAtLocalTradingDates) {
  serve_yahoo("AAPL", kAaplChart);
  YahooProvider yahoo(options());
  const YahooChart chart = yahoo.fetch_chart("AAPL", d("2013-05-13"), d("2013-05-24"));
  EXPECT_EQ(chart.symbol, "AAPL");
  EXPECT_EQ(chart.currency, "USD");
  EXPECT_EQ(chart.exchange_timezone, "America/New_York");
  EXPECT_EQ(chart.gmtoffset, -14400);
  EXPECT_TRUE(chart.dividends.empty());
  EXPECT_TRUE(chart.splits.empty());
  const SymbolSeries& s = chart.series;
  EXPECT_EQ(s.symbol(), "AAPL");
  // 2013-05-17 is absent: Yahoo sent that day with every field null.
  EXPECT_THAT(iso_dates(s), ElementsAre("2013-05-13", "2013-05-14", "2013-05-15", "2013-05-16", "2013-05-20",
                                        "2013-05-21", "2013-05-22", "2013-05-23", "2013-05-24"));
  // Yahoo's float32 values of the sample's 2013-05-13 row.
  const Bar first = s.bar(0);
  EXPECT_FLOAT_EQ(first.open, 64.501427f);
  EXPECT_FLOAT_EQ(first.high, 65.414284f);
  EXPECT_FLOAT_EQ(first.low, 64.5f);
  EXPECT_FLOAT_EQ(first.close, 64.96286f);
  EXPECT_FLOAT_EQ(first.adj_close, 50.961628f);
  EXPECT_EQ(first.volume, 79237200.0);
  const Bar last = s.bar(8);
  EXPECT_FLOAT_EQ(last.close, 63.592857f);
  EXPECT_FLOAT_EQ(last.adj_close, 49.886887f);
  EXPECT_EQ(last.volume, 69041700.0);
}

TEST_F(ProviderTest, YahooNullFieldsWithACloseAreNaN) {
  serve_yahoo("AAPL", kAaplChart);
  YahooProvider yahoo(options());
  const SymbolSeries s = yahoo.fetch("AAPL", d("2013-05-13"), d("2013-05-24"));
  const Bar may22 = s.bar(6);
  ASSERT_EQ(format_date(may22.date), "2013-05-22");
  EXPECT_TRUE(std::isnan(may22.open));
  EXPECT_TRUE(std::isnan(may22.volume));
  EXPECT_FLOAT_EQ(may22.high, 64.050003f);
  EXPECT_FLOAT_EQ(may22.low, 62.602856f);
  EXPECT_FLOAT_EQ(may22.close, 63.049999f);
  EXPECT_FLOAT_EQ(may22.adj_close, 49.461025f);
  EXPECT_FALSE(s.has_volume());
}

TEST_F(ProviderTest, YahooFiltersToTheRequestedDates) {
  serve_yahoo("AAPL", kAaplChart);
  YahooProvider yahoo(options());
  const SymbolSeries s = yahoo.fetch("AAPL", d("2013-05-15"), d("2013-05-21"));
  EXPECT_THAT(iso_dates(s), ElementsAre("2013-05-15", "2013-05-16", "2013-05-20", "2013-05-21"));
  EXPECT_FLOAT_EQ(s.bar(0).close, 61.264286f);
  EXPECT_FLOAT_EQ(s.bar(3).close, 62.808571f);
}

TEST_F(ProviderTest, YahooDividendDay) {
  serve_yahoo("AAPL", kAaplDividendChart);
  YahooProvider yahoo(options());
  const YahooChart chart = yahoo.fetch_chart("AAPL", d("2013-08-05"), d("2013-08-09"));
  ASSERT_EQ(chart.dividends.size(), 1u);
  EXPECT_EQ(format_date(chart.dividends[0].date), "2013-08-08");
  EXPECT_DOUBLE_EQ(chart.dividends[0].amount, 0.435714);
  const SymbolSeries& s = chart.series;
  ASSERT_EQ(s.size(), 5u);
  // The adjustment factor changes on the ex-dividend day: adj/close 0.7845 before, 0.8222 from it.
  EXPECT_EQ(format_date(s.bar(3).date), "2013-08-08");
  EXPECT_FLOAT_EQ(s.bar(2).close, 66.425713f);
  EXPECT_FLOAT_EQ(s.bar(2).adj_close, 52.109192f);
  EXPECT_FLOAT_EQ(s.bar(3).close, 65.858574f);
  EXPECT_FLOAT_EQ(s.bar(3).adj_close, 54.150658f);
  EXPECT_NEAR(s.bar(2).adj_close / s.bar(2).close, 0.784473, 1e-6);
  EXPECT_NEAR(s.bar(3).adj_close / s.bar(3).close, 0.822226, 1e-6);
  // A range that ends before the ex-day leaves the dividend out.
  EXPECT_TRUE(yahoo.fetch_chart("AAPL", d("2013-08-05"), d("2013-08-07")).dividends.empty());
}

TEST_F(ProviderTest, YahooNotFoundIsTheServiceMessageAndNotRetried) {
  YahooProvider yahoo(options());  // retries = 3
  EXPECT_EQ(error_of([&] { yahoo.fetch("DELISTED", d("2013-05-13"), d("2013-05-24")); }),
            "yahoo: DELISTED: Not Found: No data found, symbol may be delisted");
  EXPECT_EQ(server_.hits("DELISTED"), 1);
}

TEST_F(ProviderTest, YahooMalformedJsonNamesSymbolAndPosition) {
  serve_yahoo("BROKEN", kTruncated);
  YahooProvider yahoo(options());
  const std::string truncated = fixture(kTruncated);
  const std::string message = error_of([&] { yahoo.fetch("BROKEN", d("2013-05-13"), d("2013-05-24")); });
  // The input ends inside the "close" array: nlohmann reports the byte after the last one.
  EXPECT_EQ(message, fmt::format("yahoo: BROKEN: malformed JSON at byte {}: syntax error while parsing array - "
                                 "unexpected end of input; expected ']'",
                                 truncated.size() + 1));
}

TEST_F(ProviderTest, YahooRetriesA503ThenSucceeds) {
  serve_yahoo("AAPL", kAaplChart, 200, 503);
  YahooProvider yahoo(options());
  EXPECT_EQ(yahoo.fetch("AAPL", d("2013-05-13"), d("2013-05-24")).size(), 9u);
  EXPECT_EQ(server_.hits("AAPL"), 2);
}

TEST_F(ProviderTest, YahooPersistent503IsAProviderError) {
  server_.serve("BUSY", {503, "Service Unavailable"});
  ProviderOptions o = options();
  o.http.retries = 2;
  YahooProvider yahoo(o);
  EXPECT_EQ(error_of([&] { yahoo.fetch("BUSY", d("2013-05-13"), d("2013-05-24")); }),
            "yahoo: BUSY: HTTP 503 after 3 attempts: Service Unavailable");
  EXPECT_EQ(server_.hits("BUSY"), 3);
}

TEST_F(ProviderTest, YahooTimeoutIsAProviderErrorNamingTheSymbol) {
  server_.serve("SLOW", {200, fixture(kAaplChart), "application/json", {}, 2.0});
  ProviderOptions o = options();
  o.http.timeout_seconds = 0.3;
  o.http.retries = 0;
  YahooProvider yahoo(o);
  const std::string message = error_of([&] { yahoo.fetch("SLOW", d("2013-05-13"), d("2013-05-24")); });
  EXPECT_THAT(message, StartsWith("yahoo: SLOW: timeout after 0.3 s ("));
  EXPECT_THAT(message, HasSubstr("; gave up after 1 attempt: GET " + server_.base_url() + "/v8/finance/chart/SLOW?"));
}

// Inline chart bodies for the parser's edge cases.
std::string chart_body(const nlohmann::json& timestamps, const nlohmann::json& quote,
                       const nlohmann::json& extra = nlohmann::json::object(), std::int64_t gmtoffset = -14400) {
  nlohmann::json result = {{"meta", {{"symbol", "X"}, {"gmtoffset", gmtoffset}}},
                           {"timestamp", timestamps},
                           {"indicators", {{"quote", nlohmann::json::array({quote})}}}};
  result.update(extra);
  return nlohmann::json{{"chart", {{"result", nlohmann::json::array({result})}, {"error", nullptr}}}}.dump();
}

TEST(YahooChartParser, TradingDateUsesTheExchangeOffset) {
  EXPECT_EQ(format_date(yahoo_trading_date(1368451800, -14400)), "2013-05-13");  // 09:30 New York
  // Sydney opens at 10:00 AEDT = 23:00 UTC of the previous day.
  EXPECT_EQ(format_date(yahoo_trading_date(1358118000, 39600)), "2013-01-14");
  EXPECT_EQ(format_date(yahoo_trading_date(1358118000, 0)), "2013-01-13");
  // Before 1970 the division must floor: IBM on 1962-01-02 09:30 EST.
  EXPECT_EQ(format_date(yahoo_trading_date(-252322200, -18000)), "1962-01-02");
}

TEST(YahooChartParser, SydneyBarsWithoutAdjCloseTakeTheClose) {
  const std::string body = chart_body(
      {1358118000}, {{"open", {35.0}}, {"high", {35.6}}, {"low", {34.9}}, {"close", {35.5}}, {"volume", {0}}},
      nlohmann::json::object(), 39600);
  const YahooChart chart = parse_yahoo_chart(body, "BHP.AX");
  ASSERT_EQ(chart.series.size(), 1u);
  EXPECT_EQ(format_date(chart.series.dates()[0]), "2013-01-14");
  EXPECT_DOUBLE_EQ(chart.series.bar(0).adj_close, 35.5);
  EXPECT_DOUBLE_EQ(chart.series.bar(0).volume, 0.0);  // zero volume is real, not missing
}

TEST(YahooChartParser, SplitsAndNoTimestamps) {
  const nlohmann::json events = {
      {"events",
       {{"splits",
         {{"1402320600", {{"date", 1402320600}, {"numerator", 7.0}, {"denominator", 1.0}, {"splitRatio", "7:1"}}}}}}}};
  const YahooChart chart = parse_yahoo_chart(chart_body({1402320600}, {{"close", {93.699997}}}, events), "AAPL");
  ASSERT_EQ(chart.splits.size(), 1u);
  EXPECT_EQ(format_date(chart.splits[0].date), "2014-06-09");
  EXPECT_DOUBLE_EQ(chart.splits[0].numerator, 7.0);
  EXPECT_DOUBLE_EQ(chart.splits[0].denominator, 1.0);
  // A range without sessions: Yahoo leaves out "timestamp" and sends an empty quote.
  const std::string empty =
      R"({"chart":{"result":[{"meta":{"gmtoffset":-14400},"indicators":{"quote":[{}]}}],"error":null}})";
  EXPECT_TRUE(parse_yahoo_chart(empty, "AAPL").series.empty());
}

TEST(YahooChartParser, RejectsWhatTheCsvImporterRejects) {
  const auto error = [](const std::string& body) { return error_of([&] { parse_yahoo_chart(body, "X"); }); };
  // 1368451800 = 2013-05-13, 1368538200 = 2013-05-14 (13:30 UTC).
  EXPECT_EQ(error(chart_body({1368451800, 1368538200}, {{"close", {64.96, 0.0}}})),
            "yahoo: X: 2013-05-14: close must be positive, got 0");
  EXPECT_EQ(error(chart_body({1368451800}, {{"close", {64.96}}, {"open", {-1.0}}})),
            "yahoo: X: 2013-05-13: open must be positive, got -1");
  EXPECT_EQ(error(chart_body({1368451800}, {{"close", {64.96}}, {"volume", {-5}}})),
            "yahoo: X: 2013-05-13: volume must not be negative, got -5");
  EXPECT_EQ(error(chart_body({1368451800}, {{"close", {64.96}}, {"high", {60.0}}, {"low", {61.0}}})),
            "yahoo: X: 2013-05-13: high 60 is below low 61");
  EXPECT_EQ(error(chart_body({1368451800, 1368451900}, {{"close", {64.96, 63.4}}})),
            "yahoo: X: duplicate trading date 2013-05-13");
  EXPECT_EQ(error(chart_body({1368538200, 1368451800}, {{"close", {64.96, 63.4}}})),
            "yahoo: X: trading date 2013-05-13 is before the previous bar's 2013-05-14");
  EXPECT_EQ(error(chart_body({1368451800, 1368538200}, {{"close", {64.96}}})),
            "yahoo: X: unexpected layout: 2 timestamps but 1 values in 'indicators.quote[0].close'");
  EXPECT_EQ(error(chart_body({1368451800}, {{"close", {"64.96"}}})),
            "yahoo: X: unexpected layout: 'close[0]' is \"64.96\"");
  EXPECT_EQ(error(R"({"chart":{"result":[],"error":null}})"), "yahoo: X: unexpected layout: no 'chart.result[0]'");
  EXPECT_EQ(
      error(
          R"({"chart":{"result":null,"error":{"code":"Bad Request","description":"Invalid input - interval=1x is not supported."}}})"),
      "yahoo: X: Bad Request: Invalid input - interval=1x is not supported.");
}

// ---------------------------------------------------------------- Stooq

TEST_F(ProviderTest, StooqParsesTheDailyCsv) {
  serve_stooq("aapl.us", fixture(kStooqAapl));
  StooqProvider stooq(options());
  const SymbolSeries s = stooq.fetch("AAPL", d("2013-05-13"), d("2013-05-24"));
  const RecordedRequest request = server_.last_request();
  EXPECT_EQ(request.path, "/q/d/l/");
  EXPECT_EQ(request.param("s"), "aapl.us");
  EXPECT_EQ(request.param("d1"), "20130513");
  EXPECT_EQ(request.param("d2"), "20130524");
  EXPECT_EQ(request.param("i"), "d");
  EXPECT_EQ(s.symbol(), "AAPL");
  EXPECT_THAT(iso_dates(s), ElementsAre("2013-05-13", "2013-05-14", "2013-05-15", "2013-05-16", "2013-05-17",
                                        "2013-05-20", "2013-05-21", "2013-05-22", "2013-05-23", "2013-05-24"));
  const Bar first = s.bar(0);
  EXPECT_DOUBLE_EQ(first.open, 64.5014);
  EXPECT_DOUBLE_EQ(first.high, 65.4143);
  EXPECT_DOUBLE_EQ(first.low, 64.5);
  EXPECT_DOUBLE_EQ(first.close, 64.9629);
  EXPECT_DOUBLE_EQ(first.adj_close, 64.9629);  // no adjusted close column: adj = close
  EXPECT_DOUBLE_EQ(first.volume, 79237200.0);
  EXPECT_DOUBLE_EQ(s.bar(9).close, 63.5929);
  EXPECT_DOUBLE_EQ(s.bar(9).volume, 69041700.0);
  EXPECT_TRUE(s.has_volume());
}

TEST_F(ProviderTest, StooqFiltersToTheRequestedDates) {
  serve_stooq("aapl.us", fixture(kStooqAapl));  // the fake ignores d1/d2: the provider filters
  StooqProvider stooq(options());
  const SymbolSeries s = stooq.fetch("AAPL", d("2013-05-16"), d("2013-05-20"));
  EXPECT_THAT(iso_dates(s), ElementsAre("2013-05-16", "2013-05-17", "2013-05-20"));
  EXPECT_DOUBLE_EQ(s.bar(1).close, 61.8943);
}

TEST_F(ProviderTest, StooqHitsLimitIsAnErrorAndNotRetried) {
  serve_stooq("limit.us", fixture("stooq_hits_limit.txt"));
  StooqProvider stooq(options());  // retries = 3
  EXPECT_EQ(error_of([&] { stooq.fetch("LIMIT", d("2013-05-13"), d("2013-05-24")); }),
            "stooq: LIMIT: Exceeded the daily hits limit");
  EXPECT_EQ(server_.hits("limit.us"), 1);
}

TEST_F(ProviderTest, StooqNoDataHtmlAndBadRows) {
  serve_stooq("zzzz.us", fixture("stooq_no_data.txt"));
  serve_stooq("html.us", "<!DOCTYPE html>\n<html><head><title>stooq</title></head><body></body></html>");
  serve_stooq("bad.us", "Date,Open,High,Low,Close,Volume\r\n2013-05-13,64.5,65.4,64.5,0,79237200\r\n");
  StooqProvider stooq(options());
  EXPECT_EQ(error_of([&] { stooq.fetch("ZZZZ", d("2013-05-13"), d("2013-05-24")); }), "stooq: ZZZZ: no data");
  EXPECT_EQ(error_of([&] { stooq.fetch("HTML", d("2013-05-13"), d("2013-05-24")); }),
            "stooq: HTML: an HTML page instead of CSV (Stooq may be asking for a browser check)");
  EXPECT_EQ(error_of([&] { stooq.fetch("BAD", d("2013-05-13"), d("2013-05-24")); }),
            "stooq: BAD: bad.us:2:5: column 'Close': price must be positive: \"0\"");
}

// Stooq's CSV goes through the one CSV reader and the importer's checks; a header without rows is
// a range without sessions (no bars), unlike an imported file.
TEST(StooqCsv, HeaderOnlyIsNoBarsAndRowsAreChecked) {
  EXPECT_TRUE(parse_stooq_csv("Date,Open,High,Low,Close,Volume\r\n", "AAPL").empty());
  const SymbolSeries s =
      parse_stooq_csv("\"Date\",Open,High,Low,Close,Volume\r\n2013-05-13,64.5,65.4,64.4,65,7\r\n", "aapl");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s.symbol(), "AAPL");
  EXPECT_EQ(error_of([] { parse_stooq_csv("Date,Open,High,Low,Close,Volume\n2013-05-13,64.5,65.4,64.4,66,7\n", "X"); }),
            "stooq: X: x.us:2:5: column 'Close': close \"66\" is outside [low \"64.4\", high \"65.4\"]");
}

TEST(StooqSymbol, FollowsStooqNaming) {
  EXPECT_EQ(stooq_symbol("AAPL"), "aapl.us");
  EXPECT_EQ(stooq_symbol("BRK-B"), "brk-b.us");
  EXPECT_EQ(stooq_symbol("^SPX"), "^spx");
  EXPECT_EQ(stooq_symbol("VOD.UK"), "vod.uk");
  EXPECT_EQ(stooq_symbol("aapl.us"), "aapl.us");
  EXPECT_EQ(stooq_symbol("CDR.PL"), "cdr");
  EXPECT_EQ(stooq_url("", "AAPL", d("2013-05-13"), d("2013-05-24")),
            "https://stooq.com/q/d/l/?s=aapl.us&d1=20130513&d2=20130524&i=d");
}

// ---------------------------------------------------------------- universe, registry

TEST_F(ProviderTest, FetchUniverseKeepsGoodSymbolsAndRecordsTheBadOne) {
  serve_yahoo("AAPL", kAaplChart);
  serve_yahoo("MSFT", kMsftChart);
  YahooProvider yahoo(options());
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const RefreshResult result =
      fetch_universe(yahoo, {"AAPL", "DELISTED", "MSFT"}, d("2000-01-01"), d("2013-12-31"),
                     [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  EXPECT_THAT(result.panel.symbols(), ElementsAre("AAPL", "MSFT"));
  EXPECT_EQ(result.panel.at("AAPL").size(), 9u);
  const SymbolSeries& msft = result.panel.at("MSFT");
  EXPECT_THAT(iso_dates(msft), ElementsAre("2000-09-27", "2000-09-28", "2000-09-29", "2000-10-02", "2000-10-03"));
  EXPECT_DOUBLE_EQ(msft.bar(0).close, 60.625);
  EXPECT_DOUBLE_EQ(msft.bar(4).open, 59.5625);
  EXPECT_THAT(result.errors,
              ElementsAre(Pair("DELISTED", "yahoo: DELISTED: Not Found: No data found, symbol may be delisted")));
  EXPECT_TRUE(result.empty.empty());
  EXPECT_THAT(calls, ElementsAre(Pair(1u, 3u), Pair(2u, 3u), Pair(3u, 3u)));
}

TEST_F(ProviderTest, FetchUniverseStopsAskingOnceTheDailyLimitIsHit) {
  serve_stooq("aapl.us", fixture(kStooqAapl));
  serve_stooq("limit.us", fixture("stooq_hits_limit.txt"));
  serve_stooq("msft.us", fixture(kStooqAapl));
  StooqProvider stooq(options());
  const RefreshResult result = fetch_universe(stooq, {"AAPL", "LIMIT", "MSFT"}, d("2013-05-13"), d("2013-05-24"));
  EXPECT_THAT(result.panel.symbols(), ElementsAre("AAPL"));
  EXPECT_THAT(result.errors, ElementsAre(Pair("LIMIT", "stooq: LIMIT: Exceeded the daily hits limit"),
                                         Pair("MSFT", "stooq: MSFT: not requested: Exceeded the daily hits limit")));
  EXPECT_EQ(server_.hits("msft.us"), 0);
}

TEST_F(ProviderTest, FetchUniverseListsSymbolsWithoutBarsInTheRange) {
  serve_yahoo("AAPL", kAaplChart);
  YahooProvider yahoo(options());
  const RefreshResult result = fetch_universe(yahoo, {"AAPL"}, d("2014-01-01"), d("2014-01-31"));
  EXPECT_TRUE(result.panel.empty());
  EXPECT_TRUE(result.errors.empty());
  EXPECT_THAT(result.empty, ElementsAre("AAPL"));
}

TEST(ProviderRegistry, CatalogFactoryAndUnknownName) {
  const auto& catalog = provider_catalog();
  ASSERT_EQ(catalog.size(), 2u);
  EXPECT_EQ(catalog[0].name, "stooq");
  EXPECT_EQ(catalog[1].name, "yahoo");
  EXPECT_FALSE(catalog[1].description.empty());
  EXPECT_EQ(make_provider("yahoo", {})->name(), "yahoo");
  EXPECT_EQ(make_provider("stooq", {})->name(), "stooq");
  try {
    make_provider("bloomberg", {});
    FAIL() << "expected NotFoundError";
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "unknown price provider 'bloomberg'; known providers: stooq, yahoo");
  }
}

TEST(ProviderErrorMessage, JoinsProviderSymbolAndReason) {
  const ProviderError full("yahoo", "AAPL", "Not Found: gone");
  EXPECT_STREQ(full.what(), "yahoo: AAPL: Not Found: gone");
  EXPECT_STREQ(full.code(), "provider_error");
  EXPECT_EQ(full.symbol(), "AAPL");
  EXPECT_EQ(full.reason(), "Not Found: gone");
  EXPECT_FALSE(full.affects_all_symbols());
  EXPECT_STREQ(ProviderError("timeout").what(), "timeout");
}

}  // namespace
}  // namespace mp::data
