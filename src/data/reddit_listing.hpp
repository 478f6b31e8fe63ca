#pragma once
// A Reddit listing -> mp::RedditPost: {"kind":"Listing","data":{"children":[{"kind":"t3",
// "data":{...}}]}}, t3 posts with title, selftext, score, created_utc (id, subreddit kept).
// Malformed input is an mp::InputError naming the JSON path ("r.json: /data/children/0/data/
// score: ..."); either a whole listing parses or nothing does.
#include "core/sentiment_event.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

// `observed_at` is when the listing was downloaded: a post's score is a snapshot at that time and
// is stamped with it (RedditPost::score_observed, never earlier than created_utc). Children of
// other kinds than t3 (t1 comments, "more") are skipped. Title and selftext are unescaped (Reddit
// sends "&amp;", "&lt;", "&gt;") and their white space collapsed.
std::vector<RedditPost> parse_reddit_listing(std::string_view json_text, const std::string& file_label,
                                             UtcTime observed_at);
std::vector<RedditPost> import_reddit_listing(const std::filesystem::path& file, UtcTime observed_at);

}  // namespace mp::data
