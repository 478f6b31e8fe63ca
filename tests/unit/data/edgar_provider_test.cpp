// EdgarProvider against the hand-made companyfacts / company_tickers fixtures of
// tests/fixtures/edgar (see PROVENANCE.md there), served by a local fixture server on 127.0.0.1
// (local_http_server.hpp).
#include "data/edgar_provider.hpp"

#include "core/error.hpp"

#include "local_http_server.hpp"
#include "test_text.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mp::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using Clock = std::chrono::steady_clock;

const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "edgar";
constexpr double kM = 1e6;
constexpr const char* kAgent = "MarketPredictor tests test@example.com";

Date d(const char* text) { return *parse_date(text); }

std::string fixture(const std::string& name) { return mp::test::fixture_text(kFixtures / name); }

template <class Action>
std::string error_of(Action action) {
  return mp::test::message_of<ProviderError>(action);
}

// A fake data.sec.gov (/api/xbrl/companyfacts/CIK##########.json) and www.sec.gov
// (/files/company_tickers.json) on one local server; an unknown CIK gets SEC's 404.
class EdgarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.route(R"(/api/xbrl/companyfacts/(CIK\d{10})\.json)",
                  [](const httplib::Request& req) { return req.matches[1].str(); });
    server_.route("/files/company_tickers.json", [](const httplib::Request&) { return "tickers"; });
    server_.serve_unknown({404, "{\"message\":\"Not Found\"}", "application/json"});
    server_.start();
    serve("tickers", 200, fixture("company_tickers.json"));
    serve("CIK0000320193", 200, fixture("companyfacts_aapl.json"));
  }

  void serve(const std::string& key, int status, std::string body) {
    server_.serve(key, {status, std::move(body), "application/json"});
  }

  EdgarOptions options() const {
    EdgarOptions o;
    o.base_url = server_.base_url() + "/";
    o.tickers_url = server_.base_url() + "/files/company_tickers.json";
    o.user_agent = kAgent;
    o.http.timeout_seconds = 2;
    o.http.retries = 1;
    o.http.backoff_seconds = 0.001;
    o.http.max_backoff_seconds = 0.01;
    o.http.min_interval_seconds = 0.001;  // raised to SEC's 0.1 s by the provider
    return o;
  }

  test::LocalHttpServer server_;
};

// The facts of one concept, in the parser's order.
std::vector<FundamentalFact> of(const std::vector<FundamentalFact>& facts, const std::string& concept_name) {
  std::vector<FundamentalFact> out;
  for (const auto& f : facts) {
    if (f.concept_name == concept_name) out.push_back(f);
  }
  return out;
}

// ---------------------------------------------------------------- requests

TEST_F(EdgarTest, RequestsTheTickerMapOnceAndTheZeroPaddedCompanyfactsUrl) {
  EdgarProvider edgar(options());
  EXPECT_EQ(edgar.cik("aapl"), 320193u);
  EXPECT_EQ(edgar.cik("BRK-B"), 1067983u);
  const auto facts = edgar.fetch("AAPL");
  EXPECT_FALSE(facts.empty());
  edgar.fetch("AAPL");
  EXPECT_EQ(server_.hits("tickers"), 1);
  EXPECT_EQ(server_.hits("CIK0000320193"), 2);
  EXPECT_THAT(server_.paths(), ElementsAre("/files/company_tickers.json", "/api/xbrl/companyfacts/CIK0000320193.json",
                                           "/api/xbrl/companyfacts/CIK0000320193.json"));
  EXPECT_EQ(server_.last_request().user_agent, kAgent);
  EXPECT_EQ(companyfacts_url("", 320193), "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json");
  EXPECT_EQ(edgar_cik_name(1067983), "CIK0001067983");
}

TEST_F(EdgarTest, ExplicitCikNeedsNoTickerMap) {
  EdgarOptions o = options();
  o.ciks["old"] = 320193;  // e.g. a delisted ticker company_tickers.json no longer lists
  EdgarProvider edgar(o);
  EXPECT_FALSE(edgar.fetch("OLD").empty());
  EXPECT_EQ(server_.hits("tickers"), 0);
}

TEST_F(EdgarTest, UserAgentIsRequired) {
  for (const std::string agent : {"", "   ", "MarketPredictor/0.1"}) {
    EdgarOptions o = options();
    o.user_agent = agent;
    try {
      EdgarProvider edgar(o);
      ADD_FAILURE() << "expected ConfigError for \"" << agent << "\"";
    } catch (const ConfigError& e) {
      EXPECT_THAT(e.what(), HasSubstr("edgar: a User-Agent naming you and a contact e-mail is required"));
      EXPECT_THAT(e.what(), HasSubstr("SEC's fair-access policy"));
    }
  }
  EXPECT_EQ(server_.hits("tickers"), 0);
  // The configured agent replaces HttpOptions' default one.
  EdgarOptions o = options();
  o.user_agent = "  Jane Doe jane@example.com ";
  EXPECT_EQ(EdgarProvider(o).http_options().user_agent, "Jane Doe jane@example.com");
}

TEST_F(EdgarTest, RateLimitKeepsRequestsAtLeastATenthOfASecondApart) {
  EdgarProvider edgar(options());  // asks for 0.001 s
  EXPECT_DOUBLE_EQ(edgar.http_options().min_interval_seconds, 0.1);
  const auto start = Clock::now();
  for (int i = 0; i < 3; ++i) edgar.fetch("AAPL");  // 1 ticker map + 3 companyfacts requests
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(elapsed, 0.3);
  const auto arrivals = server_.arrivals();
  ASSERT_EQ(arrivals.size(), 4u);
  // Arrival stamps carry the server's scheduling delay (a few ms on a loaded machine): each gap
  // with that tolerance, the whole span tighter; without the limit they would be about 1 ms.
  for (std::size_t i = 1; i < arrivals.size(); ++i) {
    EXPECT_GE(std::chrono::duration<double>(arrivals[i] - arrivals[i - 1]).count(), 0.07) << "request " << i;
  }
  EXPECT_GE(std::chrono::duration<double>(arrivals.back() - arrivals.front()).count(), 0.3 - 0.03);
  EdgarOptions slower = options();
  slower.http.min_interval_seconds = 0.5;  // a slower configured pace is kept
  EXPECT_DOUBLE_EQ(EdgarProvider(slower).http_options().min_interval_seconds, 0.5);
}

// ---------------------------------------------------------------- parsing

TEST_F(EdgarTest, ParsesTheCompanyfactsLayoutIntoCanonicalFacts) {
  EdgarProvider edgar(options());
  const auto facts = edgar.fetch("AAPL");
  // Every fixture fact of a mapped tag, one per (period, filing); AccountsPayableCurrent and
  // dei EntityPublicFloat are not read.
  EXPECT_EQ(facts.size(), 116u);
  EXPECT_EQ(of(facts, "revenue").size(), 17u);
  EXPECT_EQ(of(facts, "shares_outstanding").size(), 6u);
  EXPECT_TRUE(of(facts, "diluted_shares").empty());

  // Q1 FY2013 revenue: in its own 10-Q and again as the comparative of the next year's Q1.
  const auto revenue = of(facts, "revenue");
  std::vector<FundamentalFact> q1;
  for (const auto& f : revenue) {
    if (f.period_start == d("2012-09-30") && f.period_end == d("2012-12-29")) q1.push_back(f);
  }
  ASSERT_EQ(q1.size(), 2u);
  EXPECT_EQ(q1[0].filed, d("2013-01-24"));
  EXPECT_EQ(q1[1].filed, d("2014-01-28"));
  EXPECT_DOUBLE_EQ(q1[0].value, 54512 * kM);
  EXPECT_EQ(q1[0].form, "10-Q");
  EXPECT_EQ(q1[0].fiscal_period, "Q1");
  EXPECT_EQ(q1[0].fiscal_year, 2013);
  EXPECT_EQ(q1[1].fiscal_year, 2014);  // fy/fp describe the filing, not the fact's period

  // The restatement stays two facts, each with its own filing date.
  std::vector<std::pair<std::string, double>> q3;
  for (const auto& f : of(facts, "net_income")) {
    if (f.period_start == d("2013-03-31")) q3.emplace_back(format_date(f.filed) + " " + f.form, f.value);
  }
  EXPECT_THAT(q3, ElementsAre(Pair("2013-07-24 10-Q", 6900 * kM), Pair("2013-08-15 10-Q/A", 6700 * kM)));

  // Stocks have no start; shares come from the cover page (dei).
  const auto shares = of(facts, "shares_outstanding");
  EXPECT_FALSE(shares.back().period_start.has_value());
  EXPECT_EQ(shares.back().period_end, d("2014-01-17"));
  EXPECT_DOUBLE_EQ(shares.back().value, 892447000);
  EXPECT_DOUBLE_EQ(of(facts, "eps_diluted").front().value, 27.68);  // FY2011, sorted by period end
}

TEST(EdgarParser, TagChainPreferenceAndDuplicates) {
  const std::string body = R"({"cik":1,"facts":{"us-gaap":{
    "SalesRevenueNet":{"units":{"USD":[
      {"start":"2016-01-01","end":"2016-12-31","val":90,"form":"10-K","filed":"2017-02-01"},
      {"start":"2017-01-01","end":"2017-12-31","val":95,"form":"10-K","filed":"2018-02-01"}]}},
    "Revenues":{"units":{"USD":[
      {"start":"2017-01-01","end":"2017-12-31","val":100,"form":"10-K","filed":"2018-02-01"},
      {"start":"2017-01-01","end":"2017-12-31","val":101,"form":"10-K","filed":"2018-02-01"}],
      "EUR":[{"start":"2017-01-01","end":"2017-12-31","val":7,"form":"10-K","filed":"2018-02-01"}]}}}}})";
  const auto facts = parse_companyfacts(body, "X", 1);
  ASSERT_EQ(facts.size(), 2u);
  // 2016: only SalesRevenueNet has it. 2017: Revenues comes first in the chain; of its two
  // entries of one filing the last one listed wins; the EUR unit is not read.
  EXPECT_EQ(facts[0].period_end, d("2016-12-31"));
  EXPECT_DOUBLE_EQ(facts[0].value, 90);
  EXPECT_EQ(facts[1].period_end, d("2017-12-31"));
  EXPECT_DOUBLE_EQ(facts[1].value, 101);
  EXPECT_EQ(facts[1].concept_name, "revenue");
}

TEST(EdgarParser, LayoutErrorsNameTickerCikAndPath) {
  const auto error = [](const std::string& body) {
    return error_of([&] { parse_companyfacts(body, "AAPL", 320193); });
  };
  EXPECT_EQ(error(R"({"cik":320193,"facts":{"dei":{}}})"),
            "edgar: AAPL: CIK0000320193: no us-gaap facts (the company files no US-GAAP XBRL financial statements)");
  EXPECT_EQ(error(R"({"cik":320193})"), "edgar: AAPL: CIK0000320193: unexpected layout: no \"facts\" object");
  EXPECT_EQ(
      error(
          R"({"facts":{"us-gaap":{"NetIncomeLoss":{"units":{"USD":[{"start":"2013-01-01","end":"2013-03-31","val":"12","filed":"2013-04-20"}]}}}}})"),
      "edgar: AAPL: CIK0000320193: unexpected layout: 'facts.us-gaap.NetIncomeLoss.units.USD[0].val' is \"12\"");
  EXPECT_EQ(
      error(
          R"({"facts":{"us-gaap":{"NetIncomeLoss":{"units":{"USD":[{"end":"2013-03-31","val":12,"filed":"2013-04-20"}]}}}}})"),
      "edgar: AAPL: CIK0000320193: unexpected layout: 'facts.us-gaap.NetIncomeLoss.units.USD[0]' is a duration "
      "without \"start\"");
  EXPECT_EQ(
      error(
          R"({"facts":{"us-gaap":{"Liabilities":{"units":{"USD":[{"end":"2013-02-30","val":12,"filed":"2013-04-20"}]}}}}})"),
      "edgar: AAPL: CIK0000320193: unexpected layout: 'facts.us-gaap.Liabilities.units.USD[0].end' is not a date: "
      "\"2013-02-30\"");
  EXPECT_EQ(error(R"({"facts":{"us-gaap":{"Liabilities":{"units":{"USD":[{"end":"2013-03-31","val":12}]}}}}})"),
            "edgar: AAPL: CIK0000320193: unexpected layout: 'facts.us-gaap.Liabilities.units.USD[0]' has no \"filed\"");
}

TEST_F(EdgarTest, MalformedJsonNamesTickerCikAndPosition) {
  const std::string truncated = fixture("companyfacts_truncated.json");
  serve("CIK0000000042", 200, truncated);
  EdgarOptions o = options();
  o.ciks["BRKN"] = 42;
  EdgarProvider edgar(o);
  EXPECT_EQ(
      error_of([&] { edgar.fetch("BRKN"); }),
      fmt::format("edgar: BRKN: CIK0000000042: malformed JSON at byte {}: syntax error while parsing object key - "
                  "invalid string: missing closing quote; last read: '\"US'; expected string literal",
                  truncated.size() + 1));
}

TEST_F(EdgarTest, UnknownTickerMissingCompanyAndRefusal) {
  EdgarOptions o = options();
  o.ciks["GONE"] = 77;  // the fake answers 404 for every CIK it does not know
  o.ciks["DENIED"] = 78;
  EdgarProvider edgar(o);
  serve("CIK0000000078", 403, "<html><body>Your Request Originates from an Undeclared Automated Tool</body></html>");
  EXPECT_EQ(error_of([&] { edgar.fetch("ZZZZ"); }),
            "edgar: ZZZZ: no CIK for this ticker in company_tickers.json (it lists current listings only; give the CIK "
            "of a delisted or renamed company explicitly)");
  EXPECT_EQ(error_of([&] { edgar.fetch("GONE"); }),
            "edgar: GONE: CIK0000000077: no companyfacts (HTTP 404: SEC holds no XBRL financial data for this CIK)");
  EXPECT_EQ(error_of([&] { edgar.fetch("DENIED"); }),
            "edgar: DENIED: CIK0000000078: HTTP 403 (HTML page) (SEC refuses requests without a "
            "User-Agent naming the requester and a contact e-mail, and clients above 10 requests/s)");
}

TEST_F(EdgarTest, FetchFundamentalsKeepsGoingAfterAFailure) {
  EdgarProvider edgar(options());
  const auto result = fetch_fundamentals(edgar, {"AAPL", "ZZZZ", "MSFT"});
  EXPECT_EQ(result.facts.size(), 1u);
  EXPECT_EQ(result.facts.at("AAPL").size(), 116u);
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0].first, "ZZZZ");
  EXPECT_EQ(result.errors[1].first, "MSFT");
  EXPECT_EQ(result.errors[1].second,
            "edgar: MSFT: CIK0000789019: no companyfacts (HTTP 404: SEC holds no XBRL financial data for this CIK)");
}

TEST(EdgarTickers, ParsesTheRealLayout) {
  const auto tickers = parse_company_tickers(fixture("company_tickers.json"));
  EXPECT_THAT(tickers, ElementsAre(Pair("AAPL", 320193u), Pair("BRK-B", 1067983u), Pair("MSFT", 789019u)));
  EXPECT_EQ(
      error_of([] { parse_company_tickers(R"({"0":{"cik_str":"320193","ticker":"AAPL"}})"); }),
      "edgar: company_tickers.json: unexpected layout: entry \"0\" is {\"cik_str\":\"320193\",\"ticker\":\"AAPL\"}");
  EXPECT_THAT(error_of([] { parse_company_tickers("{\"0\":"); }),
              HasSubstr("edgar: company_tickers.json: malformed JSON at byte 6: "));
}

}  // namespace
}  // namespace mp::data
