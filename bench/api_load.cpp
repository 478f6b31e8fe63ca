// Loopback load generator for the prediction endpoints: K keep-alive connections, each sending
// requests back to back for a bounded count, recording every latency. Prints throughput and
// p50/p99/max per path. Loopback only; stops by itself.
// Usage: api_load <port> <requests per connection> <connections> <path>...
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

struct PathResult {
  std::vector<double> latencies_ms;
  std::size_t failures = 0;
  double seconds = 0;
};

PathResult load(int port, int requests, int connections, const std::string& path) {
  std::vector<std::vector<double>> per_thread(static_cast<std::size_t>(connections));
  std::vector<std::size_t> failures(static_cast<std::size_t>(connections), 0);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      auto& latencies = per_thread[static_cast<std::size_t>(c)];
      latencies.reserve(static_cast<std::size_t>(requests));
      for (int i = 0; i < requests; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto res = client.Get(path.c_str());
        const auto t1 = std::chrono::steady_clock::now();
        if (!res || res->status != 200) ++failures[static_cast<std::size_t>(c)];
        latencies.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  for (auto& t : threads) t.join();
  PathResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t c = 0; c < per_thread.size(); ++c) {
    result.latencies_ms.insert(result.latencies_ms.end(), per_thread[c].begin(), per_thread[c].end());
    result.failures += failures[c];
  }
  std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
  return result;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s <port> <requests per connection> <connections> <path>...\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const int requests = std::atoi(argv[2]);
  const int connections = std::atoi(argv[3]);
  for (int a = 4; a < argc; ++a) {
    const auto r = load(port, requests, connections, argv[a]);
    std::printf("%-32s %7zu req  %8.0f req/s  p50 %.3f ms  p99 %.3f ms  max %.3f ms  failures %zu\n", argv[a],
                r.latencies_ms.size(), static_cast<double>(r.latencies_ms.size()) / r.seconds,
                percentile(r.latencies_ms, 0.50), percentile(r.latencies_ms, 0.99), r.latencies_ms.back(), r.failures);
  }
  return 0;
}
