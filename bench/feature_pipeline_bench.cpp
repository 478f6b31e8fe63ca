// Feature pipeline throughput: the bundled Dow 30 sample and a generated universe of
// 500 symbols x 5,000 days (random walks with OHLCV). Rows/s = symbol-days per second.
// The "all" benchmark also generates every auxiliary source (daily and monthly FRED series,
// quarterly filings, headlines, Reddit posts, analyst/ownership/insider tables) and times the
// point-in-time joins together with the features, as a training run does them.
// Run: build/bench/feature_pipeline_bench  (Arg = worker threads)
#include "core/thread_pool.hpp"
#include "data/csv_import.hpp"
#include "features/feature_pipeline.hpp"
#include "features/fundamentals_join.hpp"
#include "features/macro_join.hpp"
#include "features/market_breadth.hpp"
#include "features/sentiment_join.hpp"

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

// Parsed auxiliary sources for a generated universe: what the file readers hand to the joins.
struct GeneratedSources {
  std::vector<mp::features::MacroSeriesInput> macro;
  std::map<std::string, std::vector<mp::FundamentalFact>> facts;
  std::vector<mp::ScoredItem> news;
  std::vector<mp::RedditPost> reddit;
  std::vector<mp::AltDataTable> alt;
  std::map<std::string, std::string> sectors;
};

// Quarterly filings as companies make them (10 concepts, filed 35 days after the period ends):
// 10-Qs report the quarter, the 10-K the fiscal year, so every fourth quarter is derived
// (FY - Q1 - Q2 - Q3), as for real EDGAR data.
std::vector<mp::FundamentalFact> generated_filings(mp::Date first, mp::Date last, std::mt19937_64& rng) {
  using namespace std::chrono;
  std::uniform_real_distribution<double> noise(0.9, 1.1);
  std::vector<mp::FundamentalFact> facts;
  const year_month_day start{first};
  double revenue = 1e9;
  double year_to_date = 0;
  for (auto month = start.year() / January;; month += months{3}) {
    const mp::Date end{sys_days{(month + months{2}) / std::chrono::last}};
    const mp::Date filed = end + days{35};
    if (filed > last) break;
    const int quarter = static_cast<int>(static_cast<unsigned>(month.month()) - 1) / 3 + 1;
    const std::string form = quarter == 4 ? "10-K" : "10-Q";
    const std::string period = quarter == 4 ? "FY" : "Q" + std::to_string(quarter);
    revenue *= noise(rng);
    year_to_date = quarter == 1 ? revenue : year_to_date + revenue;
    // The 10-K's flows cover the fiscal year (scaled from the quarter's like the year to date).
    const double scale = quarter == 4 ? year_to_date / revenue : 1.0;
    const mp::Date begin{quarter == 4 ? month.year() / January / 1 : month / 1};
    auto flow = [&](const char* name, double value) {
      value *= scale;
      facts.push_back({name, begin, end, filed, value, form, period, static_cast<int>(month.year())});
    };
    auto stock = [&](const char* name, double value) {
      facts.push_back({name, std::nullopt, end, filed, value, form, period, static_cast<int>(month.year())});
    };
    flow("revenue", revenue);
    flow("net_income", revenue * 0.1 * noise(rng));
    flow("operating_income", revenue * 0.15 * noise(rng));
    flow("eps_diluted", revenue * 0.1 / 1e8);
    flow("operating_cash_flow", revenue * 0.2);
    flow("capex", revenue * 0.05);
    flow("dividends_paid", revenue * 0.03);
    stock("equity", revenue * 3);
    stock("liabilities", revenue * 2);
    stock("shares_outstanding", 1e8);
  }
  return facts;
}

GeneratedSources generated_sources(const mp::Panel& panel) {
  using namespace std::chrono;
  GeneratedSources sources;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> step(0.0, 0.01);
  const auto& dates = panel.at(panel.symbols().front()).dates();
  const mp::Date first = dates.front();
  const mp::Date last = dates.back();
  // Macro: VIX daily; GS10, GS3M and the dollar index monthly.
  for (const auto& [id, frequency] : std::vector<std::pair<std::string, std::string>>{
           {"VIXCLS", "D"}, {"GS10", "M"}, {"GS3M", "M"}, {"TWEXBMTH", "M"}}) {
    mp::features::MacroSeriesInput series{id, frequency, {}};
    double value = 20.0;
    const int stride = frequency == "D" ? 1 : 30;
    for (mp::Date d = first; d <= last; d += days{stride}) {
      value *= std::exp(step(rng));
      series.observations.emplace_back(d, value);
    }
    sources.macro.push_back(std::move(series));
  }
  // 20 headlines and 10 Reddit posts per symbol and year, a monthly value of each alternative table.
  const auto span_days = (last - first).count();
  std::uniform_int_distribution<long> instant(0, span_days * 86400L);
  std::uniform_real_distribution<double> score(-1.0, 1.0);
  const std::array<mp::AltDataKind, 3> kinds{mp::AltDataKind::AnalystRating, mp::AltDataKind::InstitutionalOwnership,
                                             mp::AltDataKind::InsiderNetBuying};
  for (const auto kind : kinds) sources.alt.push_back({kind, "value", {}});
  const std::array<const char*, 5> sector_names{"Energy", "Financials", "Industrials", "Technology", "Utilities"};
  const auto years = static_cast<std::size_t>(span_days / 365 + 1);
  std::size_t index = 0;
  for (const auto& symbol : panel.symbols()) {
    sources.sectors[symbol] = sector_names[index++ % sector_names.size()];
    sources.facts[symbol] = generated_filings(first, last, rng);
    const mp::UtcTime origin{sys_days{first}};
    for (std::size_t i = 0; i < 20 * years; ++i) {
      sources.news.push_back({origin + seconds{instant(rng)}, {symbol}, score(rng)});
    }
    for (std::size_t i = 0; i < 10 * years; ++i) {
      mp::RedditPost post;
      post.created = origin + seconds{instant(rng)};
      post.score_observed = post.created + days{1};
      post.score = 100.0 * (score(rng) + 1.0);
      post.symbols = {symbol};
      sources.reddit.push_back(std::move(post));
    }
    for (mp::Date d = first; d <= last; d += days{30}) {
      for (auto& table : sources.alt) table.rows.push_back({symbol, d, 3.0 + score(rng)});
    }
  }
  return sources;
}

const GeneratedSources& sources_500x5000() {
  static const GeneratedSources sources = generated_sources(universe_500x5000());
  return sources;
}

// Every auxiliary column the "all" set reads, joined onto the panel's dates.
mp::features::AuxData join_sources(const mp::Panel& panel, const GeneratedSources& sources, mp::ThreadPool& pool) {
  mp::features::AuxData aux;
  mp::features::add_market_columns(aux, panel, sources.sectors, &pool);
  mp::features::add_macro_columns(aux, panel, sources.macro, &pool);
  mp::features::add_fundamental_columns(aux, panel, sources.facts, {}, &pool);
  mp::features::add_sentiment_columns(aux, panel, sources.news, sources.reddit, 3.0, &pool);
  mp::features::add_alt_data_columns(aux, panel, sources.alt);
  return aux;
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

// The whole "all" set from parsed sources: the point-in-time joins, then every model feature.
void BM_All_500x5000(benchmark::State& state) {
  const auto& panel = universe_500x5000();
  const auto& sources = sources_500x5000();
  mp::ThreadPool pool(static_cast<std::size_t>(state.range(0)));
  const auto features = mp::features::FeatureRegistry::builtin().resolve("all");
  for (auto _ : state) {
    const auto aux = join_sources(panel, sources, pool);
    auto frames = mp::features::compute_panel_features(panel, features, pool, &aux);
    benchmark::DoNotOptimize(frames.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * panel.total_bars()));
  state.counters["rows"] = static_cast<double>(panel.total_bars());
  state.counters["features"] = static_cast<double>(features.size());
}

// The features alone, on auxiliary columns joined once before timing.
void BM_AllFeaturesOnly_500x5000(benchmark::State& state) {
  const auto& panel = universe_500x5000();
  mp::ThreadPool pool(static_cast<std::size_t>(state.range(0)));
  const auto aux = join_sources(panel, sources_500x5000(), pool);
  const auto features = mp::features::FeatureRegistry::builtin().resolve("all");
  for (auto _ : state) {
    auto frames = mp::features::compute_panel_features(panel, features, pool, &aux);
    benchmark::DoNotOptimize(frames.data());
  }
}

// The joins alone, to see their share of BM_All; first Arg = family (0 all, 1 market, 2 macro,
// 3 fundamentals, 4 sentiment, 5 alternative data), second = threads.
void BM_AuxJoins_500x5000(benchmark::State& state) {
  const auto& panel = universe_500x5000();
  const auto& s = sources_500x5000();
  mp::ThreadPool pool(static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) {
    mp::features::AuxData aux;
    switch (state.range(0)) {
      case 0:
        aux = join_sources(panel, s, pool);
        break;
      case 1:
        mp::features::add_market_columns(aux, panel, s.sectors, &pool);
        break;
      case 2:
        mp::features::add_macro_columns(aux, panel, s.macro, &pool);
        break;
      case 3:
        mp::features::add_fundamental_columns(aux, panel, s.facts, {}, &pool);
        break;
      case 4:
        mp::features::add_sentiment_columns(aux, panel, s.news, s.reddit, 3.0, &pool);
        break;
      default:
        mp::features::add_alt_data_columns(aux, panel, s.alt);
        break;
    }
    benchmark::DoNotOptimize(aux.size());
  }
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
BENCHMARK(BM_AuxJoins_500x5000)
    ->ArgsProduct({{0, 1, 2, 3, 4, 5}, {2}})
    ->Args({0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AllFeaturesOnly_500x5000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_All_500x5000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
