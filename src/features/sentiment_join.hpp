#pragma once
// Point-in-time joins of news, Reddit and alternative data onto a panel's trading dates, as
// auxiliary columns (features/aux_columns.hpp) that the sentiment features read by name.
//
// When an item counts: an item published at UTC instant p is usable from the first trading date
// (of the symbol's own series) whose US market close is after p: a headline at 15:59 New York
// time counts that day, one at 16:01 from the next trading day. The close is computed without a
// time-zone database (mp_features does not link date-tz): 16:00 America/New_York with the US
// daylight-saving rules of 1967-2006 and 2007 on (incl. the 1974/75 exceptions), i.e. 21:00 UTC
// in winter and 20:00 UTC in summer; before 1985, 15:30 (the NYSE closed at 15:30 until the
// 1970s: an earlier close than the true one only delays items, it never leaks them); and 13:00
// on the days the NYSE has often closed early (3 July, 24 December, the Friday after US
// Thanksgiving) whether or not it did that year, for the same reason.
//
// Daily aggregation with exponential decay (half-life h calendar days): the column at row t is
// sum_i v_i * 2^(-(date_t - date(u_i)) / h) over the items i usable at or before t, u_i the
// row from which item i is usable. Before a source's coverage starts (the first row at which any
// of its items, about any symbol, is usable) the columns are NaN: unknown, not "no news". A
// symbol without items of its own in covered rows gets 0 counts (and a NaN mean, see the
// features). Adding one item changes rows from its first usable row on, never before.
#include "core/panel.hpp"
#include "core/sentiment_event.hpp"
#include "features/aux_columns.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mp::features {

// Column names (AuxColumns).
inline const std::string kNewsScoreColumn = "sentiment.news_score";            // decayed sum of scores
inline const std::string kNewsCountColumn = "sentiment.news_count";            // decayed count of headlines
inline const std::string kRedditMentionsColumn = "sentiment.reddit_mentions";  // decayed count of posts
inline const std::string kRedditScoreColumn = "sentiment.reddit_score";        // decayed sum of post scores
inline const std::string kAnalystRatingColumn = "alt.analyst_rating";
inline const std::string kInstitutionalOwnershipColumn = "alt.institutional_ownership";
inline const std::string kInsiderNetBuyingColumn = "alt.insider_net_buying";

// The instant of the US equity close on `date` (see above), in UTC.
UtcTime us_market_close_utc(Date date);
// The first row of `dates` (sorted) whose close is after `published`; dates.size() if none.
std::size_t first_usable_row(std::span<const Date> dates, UtcTime published);

// out[t] = sum over events (row, value) with row <= t of value * 2^(-(dates[t] - dates[row]) / h);
// NaN for rows before `first_row`. Events at rows >= dates.size() are ignored. O(n + m).
std::vector<double> decayed_sum(std::span<const Date> dates, std::vector<std::pair<std::size_t, double>> events,
                                double half_life_days, std::size_t first_row);

// Adds, per symbol of the panel, sentiment.news_score and sentiment.news_count (when `news` is
// not empty) and sentiment.reddit_mentions and sentiment.reddit_score (when `reddit` is not
// empty). A Reddit post counts as a mention from its created_utc; its score only from when it was
// observed (RedditPost::score_observed). Items about symbols outside the panel are ignored.
// Throws ConfigError unless half_life_days is finite and > 0.
// Symbols are joined in parallel on `pool` when one is given.
void add_sentiment_columns(AuxData& aux, const Panel& panel, const std::vector<ScoredItem>& news,
                           const std::vector<RedditPost>& reddit, double half_life_days = 3.0,
                           ThreadPool* pool = nullptr);

// The column an alternative-data kind fills.
const std::string& alt_data_column(AltDataKind kind);
// Adds alt.analyst_rating, alt.institutional_ownership and alt.insider_net_buying from the tables
// (several tables of one kind are merged): a value published on date D is usable from the first
// trading date after D (as_of_join with available = D + 1 day), and stays until replaced; for
// one symbol and date the later row wins (a restatement). Only symbols with rows get a column.
void add_alt_data_columns(AuxData& aux, const Panel& panel, const std::vector<AltDataTable>& tables);

}  // namespace mp::features
