#include "features/sentiment_join.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace mp::features {

namespace {

using namespace std::chrono;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Date nth_sunday(int y, unsigned month_number, unsigned n) {
  return sys_days{year{y} / month{month_number} / weekday_indexed{Sunday, n}};
}
Date last_sunday(int y, unsigned month_number) { return sys_days{year{y} / month{month_number} / Sunday[last]}; }

// Whether New York is on daylight time at the close of `date`. The transitions happen at 02:00 on
// a Sunday, when no market is open, so whole dates suffice.
bool new_york_daylight_time(Date date) {
  const int y = static_cast<int>(year_month_day{date}.year());
  Date start{}, end{};
  if (y >= 2007) {  // Energy Policy Act of 2005
    start = nth_sunday(y, 3, 2);
    end = nth_sunday(y, 11, 1);
  } else if (y >= 1987) {
    start = nth_sunday(y, 4, 1);
    end = last_sunday(y, 10);
  } else if (y == 1974) {  // Emergency Daylight Saving Time Energy Conservation Act
    start = sys_days{year{1974} / January / 6};
    end = last_sunday(y, 10);
  } else if (y == 1975) {
    start = sys_days{year{1975} / February / 23};
    end = last_sunday(y, 10);
  } else if (y >= 1967) {  // Uniform Time Act
    start = last_sunday(y, 4);
    end = last_sunday(y, 10);
  } else {
    return true;  // local rules before 1967: assume daylight time, the earlier UTC close (safe)
  }
  return date >= start && date < end;
}

// Days the NYSE has often closed at 13:00: 3 July, 24 December, the Friday after Thanksgiving.
bool possible_early_close(Date date) {
  const year_month_day ymd{date};
  if (ymd.month() == July && ymd.day() == day{3}) return true;
  if (ymd.month() == December && ymd.day() == day{24}) return true;
  if (ymd.month() != November) return false;
  const Date thanksgiving = sys_days{ymd.year() / November / weekday_indexed{Thursday, 4}};
  return date == thanksgiving + days{1};
}

// Per symbol: (published, value) of the items about it.
using Timeline = std::map<std::string, std::vector<std::pair<UtcTime, double>>>;

std::vector<std::pair<std::size_t, double>> rows_of(std::span<const Date> dates,
                                                    const std::vector<std::pair<UtcTime, double>>& items) {
  std::vector<std::pair<std::size_t, double>> events;
  events.reserve(items.size());
  for (const auto& [published, value] : items) events.emplace_back(first_usable_row(dates, published), value);
  return events;
}

// The decayed sum of one symbol's items, NaN before the source's coverage starts at `earliest`.
std::vector<double> column_of(std::span<const Date> dates, const Timeline& timeline, const std::string& symbol,
                              UtcTime earliest, double half_life_days) {
  const std::size_t first_row = first_usable_row(dates, earliest);
  auto it = timeline.find(symbol);
  if (it == timeline.end()) return decayed_sum(dates, {}, half_life_days, first_row);
  return decayed_sum(dates, rows_of(dates, it->second), half_life_days, first_row);
}

void check_half_life(double half_life_days) {
  if (!std::isfinite(half_life_days) || half_life_days <= 0.0) {
    throw ConfigError(fmt::format("sentiment half-life must be a positive number of days, got {}", half_life_days));
  }
}

}  // namespace

UtcTime us_market_close_utc(Date date) {
  minutes local_close = hours{16};
  if (date < sys_days{year{1985} / January / 1}) local_close = hours{15} + minutes{30};
  if (possible_early_close(date)) local_close = hours{13};
  const hours utc_offset = new_york_daylight_time(date) ? hours{4} : hours{5};
  return UtcTime{date} + local_close + utc_offset;
}

std::size_t first_usable_row(std::span<const Date> dates, UtcTime published) {
  const auto it = std::partition_point(dates.begin(), dates.end(),
                                       [&](Date date) { return us_market_close_utc(date) <= published; });
  return static_cast<std::size_t>(it - dates.begin());
}

std::vector<double> decayed_sum(std::span<const Date> dates, std::vector<std::pair<std::size_t, double>> events,
                                double half_life_days, std::size_t first_row) {
  check_half_life(half_life_days);
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> out(dates.size(), kNaN);
  std::size_t next = 0;
  double sum = 0.0;
  for (std::size_t t = 0; t < dates.size(); ++t) {
    if (t > 0) {
      const auto gap = static_cast<double>((dates[t] - dates[t - 1]).count());
      sum *= std::exp2(-gap / half_life_days);
    }
    while (next < events.size() && events[next].first == t) sum += events[next++].second;
    if (t >= first_row) out[t] = sum;
  }
  return out;
}

void add_sentiment_columns(AuxData& aux, const Panel& panel, const std::vector<ScoredItem>& news,
                           const std::vector<RedditPost>& reddit, double half_life_days, ThreadPool* pool) {
  check_half_life(half_life_days);
  Timeline news_score, news_count, mentions, reddit_score;
  UtcTime news_start = UtcTime::max(), mentions_start = UtcTime::max(), scores_start = UtcTime::max();
  for (const auto& item : news) {
    news_start = std::min(news_start, item.published);
    for (const auto& symbol : item.symbols) {
      news_score[symbol].emplace_back(item.published, item.score);
      news_count[symbol].emplace_back(item.published, 1.0);
    }
  }
  for (const auto& post : reddit) {
    // A score snapshot can never be known before the post exists.
    const UtcTime observed = std::max(post.created, post.score_observed);
    mentions_start = std::min(mentions_start, post.created);
    scores_start = std::min(scores_start, observed);
    for (const auto& symbol : post.symbols) {
      mentions[symbol].emplace_back(post.created, 1.0);
      reddit_score[symbol].emplace_back(observed, post.score);
    }
  }
  if (news.empty() && reddit.empty()) return;
  fill_per_symbol(aux, all_series(panel), pool, [&](const SymbolSeries& series, AuxColumns& columns) {
    const auto dates = series.dates();
    const std::string& symbol = series.symbol();
    if (!news.empty()) {
      columns.set(kNewsScoreColumn, column_of(dates, news_score, symbol, news_start, half_life_days));
      columns.set(kNewsCountColumn, column_of(dates, news_count, symbol, news_start, half_life_days));
    }
    if (!reddit.empty()) {
      columns.set(kRedditMentionsColumn, column_of(dates, mentions, symbol, mentions_start, half_life_days));
      columns.set(kRedditScoreColumn, column_of(dates, reddit_score, symbol, scores_start, half_life_days));
    }
  });
}

const std::string& alt_data_column(AltDataKind kind) {
  switch (kind) {
    case AltDataKind::AnalystRating:
      return kAnalystRatingColumn;
    case AltDataKind::InstitutionalOwnership:
      return kInstitutionalOwnershipColumn;
    case AltDataKind::InsiderNetBuying:
      break;
  }
  return kInsiderNetBuyingColumn;
}

void add_alt_data_columns(AuxData& aux, const Panel& panel, const std::vector<AltDataTable>& tables) {
  // column -> symbol -> values, in input order (as_of_join keeps it for equal dates).
  std::map<std::string, std::map<std::string, std::vector<PublishedValue>>> by_column;
  for (const auto& table : tables) {
    auto& by_symbol = by_column[alt_data_column(table.kind)];
    for (const auto& row : table.rows) {
      by_symbol[row.symbol].push_back(PublishedValue{row.published + days{1}, row.value});
    }
  }
  for (auto& [column, by_symbol] : by_column) {
    for (auto& [symbol, values] : by_symbol) {
      const SymbolSeries* series = panel.find(symbol);
      if (series == nullptr) continue;
      aux[symbol].set(column, as_of_join(series->dates(), std::move(values)));
    }
  }
}

}  // namespace mp::features
