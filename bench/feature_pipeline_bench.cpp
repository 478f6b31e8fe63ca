// Feature pipeline throughput: the bundled Dow 30 sample and a generated universe of
// 500 symbols x 5,000 days (random walks with OHLCV). Rows/s = symbol-days per second.
// Run: build/bench/feature_pipeline_bench  (Arg = worker threads)
#include "core/thread_pool.hpp"
#include "data/csv_import.hpp"
#include "features/feature_pipeline.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <random>

namespace {

mp::Panel generated_universe(std::size_t symbols, std::size_t days) {
  mp::Panel panel;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> step(0.0003, 0.02);
  const mp::Date start{std::chrono::year{1990} / 1 / 1};
  for (std::size_t s = 0; s < symbols; ++s) {
    mp::SymbolSeries series("S" + std::to_string(s));
    series.reserve(days);
    double price = 50.0;
    for (std::size_t d = 0; d < days; ++d) {
      const double open = price;
      price *= std::exp(step(rng));
      const double high = std::max(open, price) * 1.01;
      const double low = std::min(open, price) * 0.99;
      series.push_back({start + std::chrono::days{d}, open, high, low, price, price, 1e6});
    }
    panel.add(std::move(series));
  }
  return panel;
}

const mp::Panel& dow30() {
  static const mp::Panel panel =
      mp::data::import_csv(std::string(MP_SOURCE_DIR) + "/data/sample/prices/dowjones30_close_1990_2001.csv").panel;
  return panel;
}

const mp::Panel& universe_500x5000() {
  static const mp::Panel panel = generated_universe(500, 5000);
  return panel;
}

void run(benchmark::State& state, const mp::Panel& panel, const char* set) {
  mp::ThreadPool pool(static_cast<std::size_t>(state.range(0)));
  const auto features = mp::features::FeatureRegistry::builtin().resolve(set);
  for (auto _ : state) {
    auto frames = mp::features::compute_panel_features(panel, features, pool);
    benchmark::DoNotOptimize(frames.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * panel.total_bars()));
  state.counters["rows"] = static_cast<double>(panel.total_bars());
  state.counters["features"] = static_cast<double>(features.size());
}

void BM_Technical9_Dow30Sample(benchmark::State& state) { run(state, dow30(), "technical9"); }
void BM_Technical9_500x5000(benchmark::State& state) { run(state, universe_500x5000(), "technical9"); }
void BM_Technical9Raw_500x5000(benchmark::State& state) { run(state, universe_500x5000(), "technical9_raw"); }
// Every technical model feature: technical9, the extended family and the weekly features.
void BM_Technical_500x5000(benchmark::State& state) { run(state, universe_500x5000(), "technical"); }
void BM_TechnicalRaw_500x5000(benchmark::State& state) { run(state, universe_500x5000(), "technical_raw"); }

BENCHMARK(BM_Technical9_Dow30Sample)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Technical9_500x5000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Technical9Raw_500x5000)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Technical_500x5000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TechnicalRaw_500x5000)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
