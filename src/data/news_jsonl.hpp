#pragma once
// JSONL news -> mp::NewsItem: one object per line {"time": ISO-8601 or unix seconds, "symbol":
// "AAPL" or "symbols": [...], "title": "...", "text"?: "...", "link"? (or "url"), "source"?}.
// Blank lines are skipped; unknown keys are ignored. "symbol"/"symbols" may be absent (then
// tag_symbols can match the title), not both present. Every malformed line is an mp::InputError
// "file:line:column: ..." pointing at the key; either a whole file parses or nothing does.
#include "core/sentiment_event.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

std::vector<NewsItem> parse_news_jsonl(std::string_view text, const std::string& file_label);
std::vector<NewsItem> import_news_jsonl(const std::filesystem::path& file);  // IoError when unreadable

}  // namespace mp::data
