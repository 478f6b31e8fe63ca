#include "data/reddit_listing.hpp"

#include "core/error.hpp"
#include "data/feed_time.hpp"
#include "data/news_json.hpp"
#include "data/news_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace mp::data {

namespace {

using news_json::member;
using news_json::parse_error_detail;
using news_json::unix_seconds;
using news_text::html_to_text;
using news_text::location_of;
using nlohmann::json;

class RedditListingReader {
 public:
  RedditListingReader(const std::string& label, std::string_view text, UtcTime observed_at)
      : label_(label), text_(text), observed_at_(observed_at) {}

  std::vector<RedditPost> read() const {
    json root;
    try {
      root = json::parse(text_);
    } catch (const json::parse_error& e) {
      const auto [line, column] = location_of(text_, e.byte == 0 ? 0 : e.byte - 1);
      throw InputError(label_, line, column, "malformed JSON: " + parse_error_detail(e));
    }
    if (!root.is_object()) fail("", "expected a Reddit listing object {\"kind\":\"Listing\",\"data\":{...}}");
    const json* kind = member(root, "kind");
    if (kind == nullptr || *kind != "Listing") {
      fail("/kind", "not a Reddit listing: expected \"Listing\", got " + (kind ? kind->dump() : "nothing"));
    }
    const json* data = member(root, "data");
    if (data == nullptr || !data->is_object()) fail("/data", "expected an object");
    const json* children = member(*data, "children");
    if (children == nullptr || !children->is_array()) fail("/data/children", "expected an array");
    std::vector<RedditPost> posts;
    for (std::size_t i = 0; i < children->size(); ++i) {
      const json& child = (*children)[i];
      const std::string path = fmt::format("/data/children/{}", i);
      if (!child.is_object()) fail(path, "expected an object");
      const json* child_kind = member(child, "kind");
      if (child_kind == nullptr || !child_kind->is_string()) fail(path + "/kind", "expected a string");
      if (*child_kind != "t3") continue;  // comments ("t1") and "more" stubs carry no post
      const json* post = member(child, "data");
      if (post == nullptr || !post->is_object()) fail(path + "/data", "expected an object");
      posts.push_back(read_post(*post, path + "/data"));
    }
    return posts;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw InputError(label_, 0, 0, fmt::format("{}: {}", path.empty() ? "/" : path, message));
  }

  std::string text(const json& post, const char* key, const std::string& path, bool required) const {
    const json* value = member(post, key);
    if (value == nullptr) {
      if (required) fail(path + "/" + key, "missing");
      return {};
    }
    if (!value->is_string()) fail(path + "/" + key, "expected a string, got " + value->dump());
    return value->get<std::string>();
  }

  RedditPost read_post(const json& post, const std::string& path) const {
    RedditPost out;
    const json* created = member(post, "created_utc");
    if (created == nullptr) fail(path + "/created_utc", "missing");
    const auto time = unix_seconds(*created);
    if (!time) fail(path + "/created_utc", "expected unix seconds, got " + created->dump());
    out.created = *time;
    if (out.created > observed_at_) {
      fail(path + "/created_utc", fmt::format("post created at {}, after the listing was observed ({})",
                                              format_utc_time(out.created), format_utc_time(observed_at_)));
    }
    out.score_observed = observed_at_;
    const json* score = member(post, "score");
    if (score == nullptr) fail(path + "/score", "missing");
    if (!score->is_number() || !std::isfinite(score->get<double>())) {
      fail(path + "/score", "expected a number, got " + score->dump());
    }
    out.score = score->get<double>();
    // Reddit HTML-escapes '&', '<' and '>' in titles and self texts ("&amp;").
    out.title = html_to_text(text(post, "title", path, true));
    out.selftext = html_to_text(text(post, "selftext", path, false));
    out.id = text(post, "id", path, false);
    out.subreddit = text(post, "subreddit", path, false);
    return out;
  }

  const std::string& label_;
  std::string_view text_;
  UtcTime observed_at_;
};

}  // namespace

std::vector<RedditPost> parse_reddit_listing(std::string_view json_text, const std::string& file_label,
                                             UtcTime observed_at) {
  return RedditListingReader(file_label, json_text, observed_at).read();
}

std::vector<RedditPost> import_reddit_listing(const std::filesystem::path& file, UtcTime observed_at) {
  return parse_reddit_listing(news_text::read_source_file(file), file.string(), observed_at);
}

}  // namespace mp::data
