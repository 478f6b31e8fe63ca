#include "ml/aux_data_builder.hpp"

#include "core/error.hpp"
#include "data/alt_data_csv.hpp"
#include "data/fred_csv.hpp"
#include "data/fundamentals_csv.hpp"
#include "data/news_feed.hpp"
#include "data/news_jsonl.hpp"
#include "data/news_snapshots.hpp"
#include "data/reddit_listing.hpp"
#include "data/share_splits_csv.hpp"
#include "data/symbol_matcher.hpp"
#include "features/fundamentals_join.hpp"
#include "features/macro_join.hpp"
#include "features/market_breadth.hpp"
#include "features/sentiment_join.hpp"
#include "features/sentiment_lexicon.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace mp::ml {

namespace {

// Whether any feature reads a column whose name starts with `prefix` ("macro.", "market.", ...).
bool needs_prefix(const features::FeatureList& features, const std::string& prefix) {
  for (const auto* def : features) {
    for (const auto& input : def->aux_inputs) {
      if (input.rfind(prefix, 0) == 0) return true;
    }
  }
  return false;
}

bool is_fred_long_layout(const std::string& file) {
  std::ifstream in(file);
  std::string header;
  std::getline(in, header);
  return header.rfind("series,", 0) == 0;
}

std::vector<features::MacroSeriesInput> read_macro(const std::vector<std::string>& files) {
  std::vector<features::MacroSeriesInput> inputs;
  for (const auto& file : files) {
    const auto all = is_fred_long_layout(file) ? data::read_fred_long_csv(file) : data::read_fred_graph_csv(file);
    for (const auto& series : all) {
      features::MacroSeriesInput input{series.id, series.frequency, {}};
      input.observations.reserve(series.observations.size());
      for (const auto& o : series.observations) input.observations.emplace_back(o.date, o.value);
      inputs.push_back(std::move(input));
    }
  }
  return inputs;
}

// A Reddit listing's scores are a snapshot at download time: the file's modification time.
UtcTime observed_at(const std::filesystem::path& file) {
  const auto written = std::filesystem::last_write_time(file);
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::file_clock::to_sys(written));
}

// The files a [sources] list names: a file as given, a directory as its files ending in
// `extension` (sorted by name: `mpredict news fetch` names snapshots by their UTC time).
std::vector<std::filesystem::path> source_files(const std::vector<std::string>& entries, std::string_view extension) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : entries) {
    if (!std::filesystem::is_directory(entry)) {
      files.emplace_back(entry);
      continue;
    }
    std::vector<std::filesystem::path> inside;
    for (const auto& file : std::filesystem::directory_iterator(entry)) {
      if (file.is_regular_file() && file.path().extension() == extension) inside.push_back(file.path());
    }
    if (inside.empty()) spdlog::warn("{}: a source directory without *{} files", entry, extension);
    std::sort(inside.begin(), inside.end());
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return files;
}

void add_sentiment(features::AuxData& aux, const Panel& panel, const SourcesConfig& sources) {
  std::vector<NewsItem> news;
  for (const auto& file : source_files(sources.news_rss, ".xml")) {
    auto items = data::import_news_feed(file).items;  // undated items are logged and skipped
    news.insert(news.end(), items.begin(), items.end());
  }
  for (const auto& file : source_files(sources.news_jsonl, ".jsonl")) {
    auto items = data::import_news_jsonl(file);
    news.insert(news.end(), items.begin(), items.end());
  }
  std::vector<RedditPost> posts;
  for (const auto& file : source_files(sources.reddit_json, ".json")) {
    auto listing = data::import_reddit_listing(file, observed_at(file));
    posts.insert(posts.end(), listing.begin(), listing.end());
  }
  // Snapshots of one feed overlap: every headline and post counts once.
  news = data::unique_news(std::move(news));
  posts = data::unique_posts(std::move(posts));
  if (news.empty() && posts.empty()) return;
  const data::SymbolMatcher matcher(panel.symbols());
  data::tag_symbols(news, matcher);
  data::tag_symbols(posts, matcher);
  const auto scorer = features::make_sentiment_scorer(sources.sentiment_scorer, sources.lexicon_dir);
  features::add_sentiment_columns(aux, panel, features::score_news(news, *scorer), posts,
                                  sources.sentiment_half_life_days, &ThreadPool::shared());
}

void add_alt_data(features::AuxData& aux, const Panel& panel, const SourcesConfig& sources) {
  std::vector<AltDataTable> tables;
  for (const auto* file : {&sources.analyst_csv, &sources.institutional_csv, &sources.insider_csv}) {
    if (!file->empty()) tables.push_back(data::import_alt_data_csv(*file));
  }
  if (!tables.empty()) features::add_alt_data_columns(aux, panel, tables);
}

}  // namespace

std::string feature_source(const features::FeatureDef& feature) {
  static const std::vector<std::pair<std::string, std::string>> kSources = {
      {"macro.", "macro data ([sources] macro_files)"},
      {"market.", "market breadth over the model's universe (its symbols' prices in the store)"},
      {"fund.", "fundamentals ([sources] fundamentals_csv)"},
      {"sentiment.", "news and Reddit ([sources] news_rss, news_jsonl, reddit_json)"},
      {"alt.", "alternative data ([sources] analyst_csv, institutional_csv, insider_csv)"},
  };
  for (const auto& input : feature.aux_inputs) {
    for (const auto& [prefix, source] : kSources) {
      if (input.rfind(prefix, 0) == 0) return source;
    }
  }
  std::string fields = "close";
  for (auto field : feature.inputs) {
    if (field == features::PriceField::HighLow) fields += ", high/low";
    if (field == features::PriceField::Volume) fields += ", volume";
  }
  return "price bars (" + fields + ")";
}

bool needs_aux_data(const features::FeatureList& features) {
  for (const auto* def : features) {
    if (!def->aux_inputs.empty()) return true;
  }
  return false;
}

nlohmann::json column_settings(const SourcesConfig& sources) {
  return {{"sentiment_half_life_days", sources.sentiment_half_life_days},
          {"sentiment_scorer", sources.sentiment_scorer},
          {"sectors", sources.sectors}};
}

SourcesConfig with_column_settings(SourcesConfig sources, const nlohmann::json& settings) {
  if (settings.is_null() || settings.empty()) return sources;
  try {
    sources.sentiment_half_life_days = settings.at("sentiment_half_life_days").get<double>();
    sources.sentiment_scorer = settings.at("sentiment_scorer").get<std::string>();
    sources.sectors = settings.at("sectors").get<std::map<std::string, std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(fmt::format("malformed features.column_settings: {}", e.what()));
  }
  return sources;
}

features::AuxData build_aux_data(const Panel& panel, const SourcesConfig& sources,
                                 const features::FeatureList& features, const std::vector<std::string>& universe) {
  features::AuxData aux;
  if (needs_prefix(features, "market.")) {
    features::add_market_columns(aux, panel, sources.sectors.empty() ? features::dow30_sectors() : sources.sectors,
                                 &ThreadPool::shared(), universe.empty() ? nullptr : &universe);
  }
  if (needs_prefix(features, "macro.") && !sources.macro_files.empty()) {
    features::add_macro_columns(aux, panel, read_macro(sources.macro_files), &ThreadPool::shared());
  }
  if (needs_prefix(features, "fund.") && !sources.fundamentals_csv.empty()) {
    // Without a splits file, as-filed per-share values meet the prices unscaled (docs/fundamentals.md).
    features::FundamentalJoinOptions options;
    if (!sources.splits_csv.empty()) options.splits = data::read_share_splits_csv(sources.splits_csv);
    features::add_fundamental_columns(aux, panel, data::read_fundamentals_csv_files(sources.fundamentals_csv), options,
                                      &ThreadPool::shared());
  }
  if (needs_prefix(features, "sentiment.")) add_sentiment(aux, panel, sources);
  if (needs_prefix(features, "alt.")) add_alt_data(aux, panel, sources);
  spdlog::debug("auxiliary data: {} symbols", aux.size());
  return aux;
}

}  // namespace mp::ml
