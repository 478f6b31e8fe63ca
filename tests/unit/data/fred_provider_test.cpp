// FredProvider against the fixtures of tests/fixtures/fred served by a local fixture server on
// 127.0.0.1 (local_http_server.hpp) as {base}/graph/fredgraph.csv?id=SERIES.
#include "data/fred_provider.hpp"

#include "local_http_server.hpp"
#include "test_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mp::data {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "fred";

std::string fixture(const std::string& name) { return mp::test::fixture_text(kFixtures / name); }

template <class Action>
std::string error_of(Action action) {
  return mp::test::message_of<ProviderError>(action);
}

// A fake FRED: /graph/fredgraph.csv?id=X answers what serve() gave for X (500 for an unknown id).
class FredProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.route("/graph/fredgraph.csv", [](const httplib::Request& req) { return req.get_param_value("id"); });
    server_.start();
  }

  void serve(const std::string& id, int status, std::string body, std::string content_type = "text/csv") {
    server_.serve(id, {status, std::move(body), std::move(content_type)});
  }
  std::string last_id() const { return server_.last_request().key; }
  FredProvider provider() const {
    ProviderOptions options;
    options.base_url = server_.base_url() + "/";
    options.http.retries = 0;
    options.http.min_interval_seconds = 0;
    options.http.timeout_seconds = 5;
    return FredProvider(options);
  }

 private:
  test::LocalHttpServer server_;
};

TEST(FredUrl, DefaultBaseAndEncoding) {
  EXPECT_EQ(fred_graph_url("", "GS10"), "https://fred.stlouisfed.org/graph/fredgraph.csv?id=GS10");
  EXPECT_EQ(fred_graph_url("http://127.0.0.1:8080//", "A B"), "http://127.0.0.1:8080/graph/fredgraph.csv?id=A%20B");
}

TEST_F(FredProviderTest, FetchesAndParsesTheSeries) {
  serve("GS10", 200, fixture("fredgraph_gs10_1994-10_1995-06_observation_date_header.csv"));
  auto fred = provider();
  const FredSeries gs10 = fred.fetch("GS10");
  EXPECT_EQ(last_id(), "GS10");
  EXPECT_EQ(gs10.id, "GS10");
  EXPECT_EQ(gs10.frequency, "M");
  ASSERT_EQ(gs10.observations.size(), 9U);
  EXPECT_EQ(gs10.observations[5].date, *parse_date("1995-03-01"));
  EXPECT_DOUBLE_EQ(gs10.observations[5].value, 7.2);
}

TEST_F(FredProviderTest, DailySeriesWithAMissingDay) {
  serve("VIXCLS", 200, fixture("fredgraph_vixcls_2000-06-29_2000-07-06_illustrative.csv"));
  auto fred = provider();
  const FredSeries vix = fred.fetch("VIXCLS");
  EXPECT_EQ(vix.frequency, "D");
  ASSERT_EQ(vix.observations.size(), 6U);
  EXPECT_TRUE(std::isnan(vix.observations[3].value));
}

TEST_F(FredProviderTest, MalformedBodyIsAProviderErrorWithTheLocation) {
  serve("GS10", 200, fixture("fredgraph_gs10_truncated.csv"));
  auto fred = provider();
  EXPECT_EQ(error_of([&] { fred.fetch("GS10"); }),
            "fred: GS10: fredgraph.csv?id=GS10:6:2: expected 2 fields as in the header, found 1");
}

TEST_F(FredProviderTest, HtmlErrorStatusAndWrongSeries) {
  serve("NOPE", 404, "<!DOCTYPE html><html><body>Not Found</body></html>", "text/html");
  serve("HTML", 200, "<!DOCTYPE html><html></html>", "text/html");
  serve("EMPTY", 200, "", "text/csv");
  serve("DGS10", 200, fixture("fredgraph_gs10_1994-10_1995-06_date_header.csv"));
  auto fred = provider();
  EXPECT_EQ(error_of([&] { fred.fetch("NOPE"); }), "fred: NOPE: HTTP 404 (HTML page)");
  EXPECT_EQ(error_of([&] { fred.fetch("HTML"); }), "fred: HTML: an HTML page instead of CSV (unknown series id?)");
  EXPECT_EQ(error_of([&] { fred.fetch("EMPTY"); }), "fred: EMPTY: empty response");
  EXPECT_EQ(error_of([&] { fred.fetch("DGS10"); }), "fred: DGS10: the CSV holds GS10, not the series asked for");
  EXPECT_EQ(error_of([&] { fred.fetch(""); }), "fred: empty series id");
}

}  // namespace
}  // namespace mp::data
