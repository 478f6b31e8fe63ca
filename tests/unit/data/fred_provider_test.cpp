// FredProvider against the fixtures of tests/fixtures/fred served by a local httplib server on
// 127.0.0.1 as {base}/graph/fredgraph.csv?id=SERIES.
#include "data/fred_provider.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace mp::data {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kFixtures = std::filesystem::path(MP_FIXTURES_DIR) / "fred";

std::string fixture(const std::string& name) {
  std::ifstream in(kFixtures / name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

template <class Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const ProviderError& e) {
    return e.what();
  }
  return "(no error)";
}

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "text/csv";
};

// A fake FRED: /graph/fredgraph.csv?id=X answers routes_[X] (500 for an unknown id).
class FredProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/graph/fredgraph.csv", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard lock(mutex_);
      last_id_ = req.get_param_value("id");
      const auto it = routes_.find(last_id_);
      if (it == routes_.end()) {
        res.status = 500;
        res.set_content("no route", "text/plain");
        return;
      }
      res.status = it->second.status;
      res.set_content(it->second.body, it->second.content_type);
    });
    server_.set_keep_alive_timeout(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(server_.is_running());
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  void serve(const std::string& id, Answer answer) {
    const std::lock_guard lock(mutex_);
    routes_[id] = std::move(answer);
  }
  std::string last_id() {
    const std::lock_guard lock(mutex_);
    return last_id_;
  }
  FredProvider provider() {
    ProviderOptions options;
    options.base_url = fmt::format("http://127.0.0.1:{}/", port_);
    options.http.retries = 0;
    options.http.min_interval_seconds = 0;
    options.http.timeout_seconds = 5;
    return FredProvider(options);
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, Answer> routes_;
  std::string last_id_;
};

TEST(FredUrl, DefaultBaseAndEncoding) {
  EXPECT_EQ(fred_graph_url("", "GS10"), "https://fred.stlouisfed.org/graph/fredgraph.csv?id=GS10");
  EXPECT_EQ(fred_graph_url("http://127.0.0.1:8080//", "A B"), "http://127.0.0.1:8080/graph/fredgraph.csv?id=A%20B");
}

TEST_F(FredProviderTest, FetchesAndParsesTheSeries) {
  serve("GS10", {200, fixture("fredgraph_gs10_1994-10_1995-06_observation_date_header.csv")});
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
  serve("VIXCLS", {200, fixture("fredgraph_vixcls_2000-06-29_2000-07-06_illustrative.csv")});
  auto fred = provider();
  const FredSeries vix = fred.fetch("VIXCLS");
  EXPECT_EQ(vix.frequency, "D");
  ASSERT_EQ(vix.observations.size(), 6U);
  EXPECT_TRUE(std::isnan(vix.observations[3].value));
}

TEST_F(FredProviderTest, MalformedBodyIsAProviderErrorWithTheLocation) {
  serve("GS10", {200, fixture("fredgraph_gs10_truncated.csv")});
  auto fred = provider();
  EXPECT_EQ(error_of([&] { fred.fetch("GS10"); }),
            "fred: GS10: fredgraph.csv?id=GS10:6:2: expected 2 fields as in the header, found 1");
}

TEST_F(FredProviderTest, HtmlErrorStatusAndWrongSeries) {
  serve("NOPE", {404, "<!DOCTYPE html><html><body>Not Found</body></html>", "text/html"});
  serve("HTML", {200, "<!DOCTYPE html><html></html>", "text/html"});
  serve("EMPTY", {200, "", "text/csv"});
  serve("DGS10", {200, fixture("fredgraph_gs10_1994-10_1995-06_date_header.csv")});
  auto fred = provider();
  EXPECT_EQ(error_of([&] { fred.fetch("NOPE"); }), "fred: NOPE: HTTP 404 (HTML page)");
  EXPECT_EQ(error_of([&] { fred.fetch("HTML"); }), "fred: HTML: an HTML page instead of CSV (unknown series id?)");
  EXPECT_EQ(error_of([&] { fred.fetch("EMPTY"); }), "fred: EMPTY: empty response");
  EXPECT_EQ(error_of([&] { fred.fetch("DGS10"); }), "fred: DGS10: the CSV holds GS10, not the series asked for");
  EXPECT_EQ(error_of([&] { fred.fetch(""); }), "fred: empty series id");
}

}  // namespace
}  // namespace mp::data
