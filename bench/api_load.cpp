// Loopback load generator for the prediction endpoints: for `seconds`, K keep-alive connections
// per path send requests, all paths at the same time, each connection pausing `pause` ms after
// every answer (0: back to back, which measures throughput; a pause measures the latency clients
// at a moderate rate see, which is what CPU contention shows in). Records every latency and
// prints throughput and p50/p99/max per path. Loopback only; stops by itself.
// Usage: api_load <port> <seconds> <connections per path> <pause ms> <path>...
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct ConnectionResult {
  std::vector<double> latencies_ms;
  std::size_t failures = 0;
};

ConnectionResult hammer(int port, const std::string& path, Clock::time_point until, std::chrono::microseconds pause) {
  ConnectionResult result;
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  while (Clock::now() < until) {
    const auto t0 = Clock::now();
    auto res = client.Get(path.c_str());
    const auto t1 = Clock::now();
    if (!res || res->status != 200) ++result.failures;
    result.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
  }
  return result;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s <port> <seconds> <connections per path> <pause ms> <path>...\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double seconds = std::atof(argv[2]);
  const int connections = std::atoi(argv[3]);
  const std::chrono::microseconds pause{static_cast<long>(std::atof(argv[4]) * 1000)};
  const std::vector<std::string> paths(argv + 5, argv + argc);
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<ConnectionResult> results(paths.size() * static_cast<std::size_t>(connections));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = hammer(port, paths[i % paths.size()], until, pause); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t p = 0; p < paths.size(); ++p) {
    std::vector<double> latencies;
    std::size_t failures = 0;
    for (std::size_t i = p; i < results.size(); i += paths.size()) {
      latencies.insert(latencies.end(), results[i].latencies_ms.begin(), results[i].latencies_ms.end());
      failures += results[i].failures;
    }
    std::sort(latencies.begin(), latencies.end());
    std::printf("%-20s %7zu req  %7.0f req/s  p50 %.3f ms  p99 %.3f ms  max %.3f ms  failures %zu\n", paths[p].c_str(),
                latencies.size(), static_cast<double>(latencies.size()) / seconds, percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies.empty() ? 0 : latencies.back(), failures);
  }
  return 0;
}
