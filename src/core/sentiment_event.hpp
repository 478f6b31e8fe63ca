#pragma once
// Plain records of news, Reddit and alternative data, shared by the parsers (mp::data, which fill
// them) and the sentiment joins (mp::features, which turn them into point-in-time columns). No
// behaviour here: the modules must not include each other, so what they exchange lives in core.
// Instants are UTC (std::chrono::sys_seconds); publication dates of alternative data are dates.
#include "core/dates.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace mp {

using UtcTime = std::chrono::sys_seconds;

// One headline from a news feed (RSS 2.0, Atom 1.0) or a JSONL import.
struct NewsItem {
  UtcTime published{};               // the instant it became public (RSS pubDate, Atom published, JSONL "time")
  std::vector<std::string> symbols;  // upper-case tickers it is about (JSONL gives them; RSS is matched)
  std::string title;                 // the headline, plain text (entities decoded, markup stripped)
  std::string text;                  // body or summary (RSS <description>, JSONL "text"); may be empty
  std::string link;
  std::vector<std::string> categories;
  std::string source;  // the feed's channel title or the file label
};

// A headline reduced to what the daily aggregation needs: when, about whom, how positive.
struct ScoredItem {
  UtcTime published{};
  std::vector<std::string> symbols;  // empty = matched no symbol (still proves the feed was running)
  double score = 0.0;                // in [-1, 1]
};

// One Reddit submission (a "t3" child of a listing).
struct RedditPost {
  UtcTime created{};  // created_utc
  // When `score` was read. A listing's score is the score at download time, not at creation: it
  // may only be used from then on (see docs/sentiment.md), never back-dated to `created`.
  UtcTime score_observed{};
  std::string id;
  std::string subreddit;
  std::string title;
  std::string selftext;
  double score = 0.0;                // upvotes minus downvotes as Reddit reports it
  std::vector<std::string> symbols;  // matched tickers (cashtags, whole words)
};

// The documented alternative-data CSV layouts (docs/sentiment.md).
enum class AltDataKind {
  AnalystRating,           // consensus rating, 1 = strong sell .. 5 = strong buy
  InstitutionalOwnership,  // percent of shares outstanding held by institutions
  InsiderNetBuying,        // net shares (or value) bought by insiders, negative = net selling
};

// A value published on a date: usable from the next trading day on.
struct AltDataPoint {
  std::string symbol;
  Date published{};
  double value = 0.0;
};

struct AltDataTable {
  AltDataKind kind = AltDataKind::AnalystRating;
  std::string value_column;        // as the file's header names it ("rating", "net_shares", "net_value", ...)
  std::vector<AltDataPoint> rows;  // file order
};

}  // namespace mp
