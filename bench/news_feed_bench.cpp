// Reading news feeds: a 500-item RSS 2.0 feed (RFC 822 dates through curl_getdate), the same
// items as Atom 1.0 (ISO-8601 dates), and the RFC 822 date parser alone.
//   ./build/bench/news_feed_bench
#include "data/feed_time.hpp"
#include "data/news_feed.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

namespace {

constexpr int kItems = 500;

std::string rss_feed() {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<rss version=\"2.0\"><channel><title>B</title>\n";
  for (int i = 0; i < kItems; ++i) {
    xml += fmt::format(
        "<item><title>\x93Headline\x94 {} about $AAPL</title><description>&lt;p&gt;Some text {}&lt;/p&gt;</description>"
        "<link>https://news.example.com/{}</link><pubDate>Tue, {:02d} Jun 2003 {:02d}:{:02d}:00 "
        "-0400</pubDate></item>\n",
        i, i, i, 1 + i % 28, i % 24, i % 60);
  }
  return xml + "</channel></rss>\n";
}

std::string atom_feed() {
  std::string xml = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>B</title>\n";
  for (int i = 0; i < kItems; ++i) {
    xml += fmt::format(
        "<entry><title>Headline {} about $AAPL</title><summary type=\"html\">&lt;p&gt;Some text {}&lt;/p&gt;</summary>"
        "<link href=\"https://news.example.com/{}\"/><published>2003-06-{:02d}T{:02d}:{:02d}:00-04:00</published>"
        "</entry>\n",
        i, i, i, 1 + i % 28, i % 24, i % 60);
  }
  return xml + "</feed>\n";
}

void BM_RssFeed500Items(benchmark::State& state) {
  const std::string xml = rss_feed();
  for (auto _ : state) benchmark::DoNotOptimize(mp::data::parse_news_feed(xml, "bench.xml"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(xml.size()));
}
BENCHMARK(BM_RssFeed500Items)->Unit(benchmark::kMicrosecond);

void BM_AtomFeed500Entries(benchmark::State& state) {
  const std::string xml = atom_feed();
  for (auto _ : state) benchmark::DoNotOptimize(mp::data::parse_news_feed(xml, "bench.xml"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(xml.size()));
}
BENCHMARK(BM_AtomFeed500Entries)->Unit(benchmark::kMicrosecond);

void BM_Rfc822Time(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mp::data::parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 -0400"));
}
BENCHMARK(BM_Rfc822Time);

}  // namespace

BENCHMARK_MAIN();
