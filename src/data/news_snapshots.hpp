#pragma once
// Several saved snapshots of one source, read together. They overlap (a feed fetched daily
// repeats yesterday's items), so each item must count once.
#include "core/sentiment_event.hpp"

#include <vector>

namespace mp::data {

// One item per (published, title, link), the first one seen; order kept.
std::vector<NewsItem> unique_news(std::vector<NewsItem> items);
// One post per id, the snapshot observed first (its score is known from then on; later snapshots
// of the same post are dropped, so a score is never back-dated); posts without an id are all
// kept; order kept.
std::vector<RedditPost> unique_posts(std::vector<RedditPost> posts);

}  // namespace mp::data
