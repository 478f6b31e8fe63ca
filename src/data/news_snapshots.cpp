#include "data/news_snapshots.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace mp::data {

std::vector<NewsItem> unique_news(std::vector<NewsItem> items) {
  std::set<std::tuple<UtcTime, std::string, std::string>> seen;
  std::erase_if(items,
                [&](const NewsItem& item) { return !seen.emplace(item.published, item.title, item.link).second; });
  return items;
}

std::vector<RedditPost> unique_posts(std::vector<RedditPost> posts) {
  // A post without an id cannot be recognised in another snapshot: it is kept as it is.
  std::map<std::string, UtcTime> first_observed;
  for (const auto& post : posts) {
    if (post.id.empty()) continue;
    auto [it, inserted] = first_observed.emplace(post.id, post.score_observed);
    if (!inserted) it->second = std::min(it->second, post.score_observed);
  }
  std::set<std::string> kept;
  std::erase_if(posts, [&](const RedditPost& post) {
    if (post.id.empty()) return false;
    return post.score_observed != first_observed.at(post.id) || !kept.insert(post.id).second;
  });
  return posts;
}

}  // namespace mp::data
