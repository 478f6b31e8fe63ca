// The point-in-time joins give bit-identical columns whether symbols run serially or on a pool.
#include "features/fundamentals_join.hpp"
#include "features/macro_join.hpp"
#include "features/market_breadth.hpp"
#include "features/sentiment_join.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

namespace mp::features {
namespace {

using namespace std::chrono;

const Date kStart{year{2012} / January / 2};

Panel universe(std::size_t symbols, std::size_t days) {
  Panel panel;
  std::mt19937_64 rng(3);
  std::normal_distribution<double> step(0.0, 0.02);
  for (std::size_t s = 0; s < symbols; ++s) {
    SymbolSeries series("S" + std::to_string(s));
    double price = 20.0 + static_cast<double>(s);
    for (std::size_t d = s; d < days; ++d) {  // staggered starts
      price *= std::exp(step(rng));
      series.push_back({kStart + sys_days::duration{d}, price, price * 1.01, price * 0.99, price, price, 1e6});
    }
    panel.add(std::move(series));
  }
  return panel;
}

std::map<std::string, std::vector<FundamentalFact>> filings(const Panel& panel) {
  std::map<std::string, std::vector<FundamentalFact>> out;
  double revenue = 1e9;
  for (const auto& symbol : panel.symbols()) {
    for (int q = 0; q < 8; ++q) {
      const Date begin{sys_days{year_month_day{kStart} + months{3 * q}}};
      const Date end = Date{sys_days{year_month_day{kStart} + months{3 * q + 3}}} - days{1};
      const Date filed = end + days{30};
      revenue *= 1.03;
      out[symbol].push_back({"revenue", begin, end, filed, revenue, "10-Q", "Q1", 2012});
      out[symbol].push_back({"net_income", begin, end, filed, revenue / 10, "10-Q", "Q1", 2012});
      out[symbol].push_back({"shares_outstanding", std::nullopt, end, filed, 1e8, "10-Q", "Q1", 2012});
    }
  }
  return out;
}

void expect_identical(const AuxData& a, const AuxData& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [symbol, columns] : a) {
    ASSERT_EQ(columns.names(), b.at(symbol).names()) << symbol;
    for (const auto& name : columns.names()) {
      const auto& x = *columns.find(name);
      const auto& y = *b.at(symbol).find(name);
      ASSERT_EQ(x.size(), y.size());
      EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(double)), 0) << symbol << " " << name;
    }
  }
}

TEST(ParallelJoins, PoolAndSerialGiveBitIdenticalColumns) {
  const Panel panel = universe(7, 600);
  std::map<std::string, std::string> sectors{{"S0", "A"}, {"S1", "A"}, {"S2", "B"}, {"S3", "B"}, {"S4", "C"}};
  const MacroSeriesInput gs10{"GS10", "M", {{kStart, 2.0}, {kStart + days{31}, 2.1}, {kStart + days{62}, 2.3}}};
  const auto facts = filings(panel);
  std::vector<ScoredItem> news;
  std::vector<RedditPost> reddit;
  for (int i = 0; i < 200; ++i) {
    const UtcTime at{sys_days{kStart + days{i * 3}} + hours{i % 24}};
    news.push_back({at, {"S" + std::to_string(i % 7)}, (i % 5) / 5.0 - 0.4});
    RedditPost post;
    post.created = at;
    post.score_observed = at + days{2};
    post.score = i;
    post.symbols = {"S" + std::to_string(i % 3)};
    reddit.push_back(post);
  }

  auto join = [&](ThreadPool* pool) {
    AuxData aux;
    add_market_columns(aux, panel, sectors, pool);
    add_macro_columns(aux, panel, {gs10}, pool);
    add_fundamental_columns(aux, panel, facts, {}, pool);
    add_sentiment_columns(aux, panel, news, reddit, 3.0, pool);
    return aux;
  };
  ThreadPool pool(2);
  const AuxData serial = join(nullptr);
  const AuxData parallel = join(&pool);
  EXPECT_EQ(serial.at("S3").names().size(), 3U + 2U + 12U + 4U);
  expect_identical(serial, parallel);
}

}  // namespace
}  // namespace mp::features
