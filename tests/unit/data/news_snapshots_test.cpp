// Overlapping snapshots of one feed: each headline and post counts once.
#include "data/news_snapshots.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace mp::data {
namespace {

UtcTime at(long seconds) { return UtcTime{std::chrono::seconds{seconds}}; }

NewsItem headline(long published, std::string title, std::string link) {
  NewsItem item;
  item.published = at(published);
  item.title = std::move(title);
  item.link = std::move(link);
  return item;
}

RedditPost post(std::string id, long created, long observed, double score) {
  RedditPost p;
  p.id = std::move(id);
  p.created = at(created);
  p.score_observed = at(observed);
  p.score = score;
  return p;
}

TEST(NewsSnapshots, AHeadlineSeenInTwoSnapshotsCountsOnce) {
  const auto unique =
      unique_news({headline(100, "Apple beats", "https://x/1"), headline(200, "IBM misses", "https://x/2"),
                   headline(100, "Apple beats", "https://x/1"),    // the next day's snapshot
                   headline(100, "Apple beats", "https://x/1b"),   // another link: another item
                   headline(300, "Apple beats", "https://x/1")});  // republished later: another item
  ASSERT_EQ(unique.size(), 4U);
  EXPECT_EQ(unique[0].link, "https://x/1");
  EXPECT_EQ(unique[1].title, "IBM misses");
  EXPECT_EQ(unique[2].link, "https://x/1b");
  EXPECT_EQ(unique[3].published, at(300));
}

TEST(NewsSnapshots, APostKeepsItsFirstObservedScoreOnly) {
  // Snapshots are read in file order, which need not be time order.
  const auto unique = unique_posts({post("b", 50, 900, 40), post("a", 10, 500, 12), post("a", 10, 100, 3),
                                    post("c", 60, 100, 1), post("a", 10, 100, 3)});
  ASSERT_EQ(unique.size(), 3U);
  EXPECT_EQ(unique[0].id, "b");
  EXPECT_EQ(unique[1].id, "a");
  EXPECT_EQ(unique[1].score_observed, at(100));  // the earliest snapshot, not the later higher score
  EXPECT_EQ(unique[1].score, 3);
  EXPECT_EQ(unique[2].id, "c");
}

TEST(NewsSnapshots, PostsWithoutAnIdAreAllKept) {
  const auto unique = unique_posts({post("", 10, 100, 1), post("", 20, 100, 2), post("a", 30, 100, 3)});
  EXPECT_EQ(unique.size(), 3U);
}

}  // namespace
}  // namespace mp::data
