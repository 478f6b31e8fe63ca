// mpredict fundamentals fetch / macro fetch / news fetch: download the non-price sources and keep
// them as files in the documented layouts, so that training, evaluation and serving read them
// offline through [sources] (fundamentals_csv, macro_files, news_rss, reddit_json) and a run never
// depends on a network.
#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hashing.hpp"
#include "data/edgar_provider.hpp"
#include "data/feed_time.hpp"
#include "data/fred_provider.hpp"
#include "data/fundamentals_csv.hpp"
#include "data/market_store.hpp"
#include "data/news_feed.hpp"
#include "data/reddit_listing.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>

namespace mp::cli {

namespace {

data::HttpOptions http_options(const ProviderConfig& provider) {
  data::HttpOptions http;
  http.timeout_seconds = provider.timeout_seconds;
  http.retries = provider.retries;
  http.min_interval_seconds = provider.min_interval_seconds;
  return http;
}

// The symbols asked for (upper-cased, as the price importer stores them), else the configured
// universe, else every stored symbol.
std::vector<std::string> symbols_to_fetch(std::vector<std::string> given, const Config& config) {
  for (auto& symbol : given) {
    std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  if (!given.empty()) return given;
  if (!config.data.universe.empty()) return config.data.universe;
  std::vector<std::string> stored;
  for (const auto& range : data::MarketStore(config.data.store).list()) stored.push_back(range.symbol);
  if (stored.empty()) throw ConfigError("no symbols: name them, set [data].universe, or import bars first");
  return stored;
}

// `mpredict <group> fetch`: the group only holds the fetch subcommand, which is returned.
CLI::App* add_fetch_subcommand(CLI::App& app, const char* group, const char* group_help, const char* fetch_help,
                               const char* footer) {
  auto* parent = app.add_subcommand(group, group_help);
  parent->require_subcommand(1);
  auto* fetch = parent->add_subcommand("fetch", fetch_help);
  fetch->footer(footer);
  return fetch;
}

// One line per failed item, then an error naming how many failed (what succeeded is kept).
void report_failures(const std::vector<std::pair<std::string, std::string>>& errors, std::size_t total,
                     const std::string& kept_in) {
  for (const auto& [item, message] : errors) spdlog::error("{}", message);
  if (!errors.empty()) {
    throw data::ProviderError(
        fmt::format("{} of {} failed (the others were written to {})", errors.size(), total, kept_in));
  }
}

// ---------------------------------------------------------------- fundamentals

struct FundamentalsFetchOptions {
  std::vector<std::string> symbols;
  std::string out = "data/fundamentals/edgar.csv";
  std::string user_agent;
  std::string base_url;
  std::string tickers_url;
};

void run_fundamentals_fetch(const FundamentalsFetchOptions& o, const GlobalOptions& global) {
  const auto config = effective_config(global);
  data::EdgarOptions options;
  options.user_agent = o.user_agent;
  options.base_url = o.base_url;
  options.tickers_url = o.tickers_url;
  options.http = http_options(config.provider);
  data::EdgarProvider provider(options);  // throws on a missing contact User-Agent
  const auto symbols = symbols_to_fetch(o.symbols, config);

  // EDGAR returns a company's whole history: a fetched symbol replaces its rows, others stay.
  data::FactsBySymbol facts;
  if (std::filesystem::exists(o.out)) facts = data::read_fundamentals_csv(o.out);
  std::vector<std::pair<std::string, std::string>> errors;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const auto& symbol = symbols[i];
    try {
      facts[symbol] = provider.fetch(symbol);
      fmt::print("[{}/{}] {}: {} facts\n", i + 1, symbols.size(), symbol, facts[symbol].size());
    } catch (const Error& e) {
      errors.emplace_back(symbol, e.what());
    }
  }
  std::ostringstream text;
  data::write_fundamentals_csv(text, facts);
  std::filesystem::create_directories(std::filesystem::absolute(o.out).parent_path());
  write_file_atomic(o.out, text.str());
  fmt::print("wrote {} symbol(s) to {}; list it in [sources] fundamentals_csv\n", facts.size(), o.out);
  report_failures(errors, symbols.size(), o.out);
}

void add_fundamentals_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<FundamentalsFetchOptions>();
  auto* cmd =
      add_fetch_subcommand(app, "fundamentals", "Quarterly statements from SEC EDGAR, kept as a CSV file",
                           "Download SEC EDGAR companyfacts and write the fundamentals CSV",
                           "Each company's every filed number (restatements kept by filing date) is written in the\n"
                           "layout of docs/fundamentals.md; a symbol fetched again replaces its rows, others stay.\n"
                           "SEC requires a User-Agent with your name and e-mail and allows 10 requests/s (enforced).\n"
                           "Then set [sources] fundamentals_csv = [\"<out>\"] and use --features fundamental or all.");
  cmd->add_option("symbols", o->symbols, "tickers (default: [data].universe, else the stored symbols)");
  cmd->add_option("--out", o->out, "CSV file to write (atomically)")->capture_default_str();
  cmd->add_option("--user-agent", o->user_agent, "\"Your Name you@example.com\" (required by SEC)")->required();
  cmd->add_option("--base-url", o->base_url, "companyfacts host (default https://data.sec.gov)");
  cmd->add_option("--tickers-url", o->tickers_url,
                  "ticker->CIK map (default https://www.sec.gov/files/company_tickers.json)");
  cmd->callback([o, &global] { run_fundamentals_fetch(*o, global); });
}

// ---------------------------------------------------------------- macro

struct MacroFetchOptions {
  std::vector<std::string> series{"VIXCLS", "GS10", "GS3M", "TWEXBMTH"};
  std::string out_dir = "data/macro";
  std::string base_url;
};

void run_macro_fetch(const MacroFetchOptions& o, const GlobalOptions& global) {
  const auto config = effective_config(global);
  data::ProviderOptions options;
  options.base_url = o.base_url;
  options.http = http_options(config.provider);
  data::FredProvider provider(options);
  std::filesystem::create_directories(o.out_dir);
  std::vector<std::pair<std::string, std::string>> errors;
  for (std::size_t i = 0; i < o.series.size(); ++i) {
    const auto& id = o.series[i];
    try {
      const auto series = provider.fetch(id);
      std::ostringstream text;
      data::write_fred_graph_csv(text, series);
      const auto file = std::filesystem::path(o.out_dir) / fmt::format("fredgraph_{}.csv", id);
      write_file_atomic(file, text.str());
      fmt::print("[{}/{}] {}: {} observations ({}), {}\n", i + 1, o.series.size(), id, series.observations.size(),
                 series.frequency, file.string());
    } catch (const Error& e) {
      errors.emplace_back(id, e.what());
    }
  }
  report_failures(errors, o.series.size(), o.out_dir);
}

void add_macro_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<MacroFetchOptions>();
  auto* cmd =
      add_fetch_subcommand(app, "macro", "Macro series from FRED, kept as CSV files",
                           "Download FRED series (whole history) as fredgraph_<ID>.csv files",
                           "The defaults are what the macro features read: VIXCLS (daily VIX), GS10 and GS3M (monthly\n"
                           "Treasury yields) and TWEXBMTH (monthly dollar index). Each file is replaced atomically.\n"
                           "Then list the files in [sources] macro_files (docs/features_macro_market.md).");
  cmd->add_option("series", o->series, "FRED series ids")->capture_default_str();
  cmd->add_option("--out-dir", o->out_dir, "directory for the files")->capture_default_str();
  cmd->add_option("--base-url", o->base_url, "FRED host (default https://fred.stlouisfed.org)");
  cmd->callback([o, &global] { run_macro_fetch(*o, global); });
}

// ---------------------------------------------------------------- news

struct NewsFetchOptions {
  std::vector<std::string> rss;
  std::vector<std::string> reddit;
  std::string out_dir = "data/news";
};

// "https://feeds.example.com/markets?x=1" -> "feeds.example.com_markets_x_1-<hash>": readable,
// and distinct for URLs that differ only beyond the shortened part (the hash is of the whole URL).
std::string url_label(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  std::string label;
  for (const char c : rest) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    if (keep)
      label += c;
    else if (!label.empty() && label.back() != '_')
      label += '_';
  }
  while (!label.empty() && label.back() == '_') label.pop_back();
  Fingerprint fingerprint;
  fingerprint.add(url);
  return fmt::format("{}-{}", label.substr(0, 60), fingerprint.hex().substr(0, 8));
}

// "20261124T063000Z": snapshot files sort by the time they were taken.
std::string compact_utc(UtcTime time) {
  auto text = data::format_utc_time(time);  // YYYY-MM-DDTHH:MM:SSZ
  std::erase(text, '-');
  std::erase(text, ':');
  return text;
}

// Downloads one feed, parses it (a malformed body is an error and is not kept), writes it.
// Returns the number of items.
std::size_t fetch_snapshot(data::HttpClient& http, const std::string& url, bool reddit,
                           const std::filesystem::path& dir) {
  const auto response = http.get(url);
  if (response.status != 200)
    throw data::ProviderError(fmt::format("{}: {}", url, data::describe_http_failure(response)));
  const UtcTime now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::size_t items = 0;
  std::string skipped;
  if (reddit) {
    items = data::parse_reddit_listing(response.body, url, now).size();
  } else {
    const auto feed = data::parse_news_feed(response.body, url);  // warns about undated items
    items = feed.items.size();
    if (!feed.undated.empty()) skipped = fmt::format(" ({} undated skipped)", feed.undated.size());
  }
  const auto file = dir / fmt::format("{}-{}.{}", url_label(url), compact_utc(now), reddit ? "json" : "xml");
  std::filesystem::create_directories(dir);
  write_file_atomic(file, response.body);  // as served: the wire format the importers read
  fmt::print("{}: {} {}{} -> {}\n", url, items, reddit ? "posts" : "items", skipped, file.string());
  return items;
}

void run_news_fetch(const NewsFetchOptions& o, const GlobalOptions& global) {
  if (o.rss.empty() && o.reddit.empty()) throw ConfigError("name at least one feed: --rss URL or --reddit URL");
  const auto config = effective_config(global);
  data::HttpClient http(http_options(config.provider));
  std::vector<std::pair<std::string, std::string>> errors;
  for (const auto* list : {&o.rss, &o.reddit}) {
    const bool reddit = list == &o.reddit;
    for (const auto& url : *list) {
      try {
        fetch_snapshot(http, url, reddit, std::filesystem::path(o.out_dir) / (reddit ? "reddit" : "rss"));
      } catch (const Error& e) {
        errors.emplace_back(url, e.what());
      }
    }
  }
  report_failures(errors, o.rss.size() + o.reddit.size(), o.out_dir);
}

void add_news_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<NewsFetchOptions>();
  auto* cmd = add_fetch_subcommand(
      app, "news", "Headlines (RSS 2.0, Atom 1.0) and Reddit listings, kept as snapshot files",
      "Download RSS/Atom feeds and Reddit listings as timestamped snapshots",
      "Each URL is saved as served, under <out-dir>/rss/ or <out-dir>/reddit/, named by the URL and\n"
      "the UTC time of the download; a body that does not parse is reported and not kept. Run it on\n"
      "a schedule to build history (a feed shows only its latest items): list the directories in\n"
      "[sources] news_rss and reddit_json; overlapping snapshots count each headline or post once.\n"
      "A Reddit listing's scores are as of the download (the file's time), never back-dated.");
  cmd->add_option("--rss", o->rss, "RSS 2.0 or Atom 1.0 feed URL (repeatable)");
  cmd->add_option("--reddit", o->reddit,
                  "Reddit listing URL, e.g. https://www.reddit.com/r/stocks/new.json (repeatable)");
  cmd->add_option("--out-dir", o->out_dir, "directory for the snapshots")->capture_default_str();
  cmd->callback([o, &global] { run_news_fetch(*o, global); });
}

}  // namespace

void add_fetch_source_commands(CLI::App& app, const GlobalOptions& global) {
  add_fundamentals_command(app, global);
  add_macro_command(app, global);
  add_news_command(app, global);
}

}  // namespace mp::cli
