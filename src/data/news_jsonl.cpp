#include "data/news_jsonl.hpp"

#include "core/error.hpp"
#include "data/feed_time.hpp"
#include "data/news_json.hpp"
#include "data/news_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace mp::data {

namespace {

using news_json::member;
using news_json::parse_error_detail;
using news_json::unix_seconds;
using news_text::collapse_spaces;
using news_text::quote_text;
using news_text::to_upper;
using news_text::trim;
using nlohmann::json;

// Reads one JSONL news line into an item; errors point at the key's column in the line.
class JsonlLineReader {
 public:
  JsonlLineReader(const std::string& label, std::size_t line, std::string_view text)
      : label_(label), line_(line), text_(text) {}

  NewsItem read() const {
    json object;
    try {
      object = json::parse(text_);
    } catch (const json::parse_error& e) {
      fail(std::max<std::size_t>(e.byte, 1), "malformed JSON: " + parse_error_detail(e));
    }
    if (!object.is_object()) fail(1, "expected one JSON object per line");
    NewsItem item;
    item.published = time_of(object);
    item.title = collapse_spaces(required_text(object, "title"));
    if (item.title.empty()) fail_key("title", "empty title");
    item.text = optional_text(object, "text");
    item.link = optional_text(object, "link");
    if (item.link.empty()) item.link = optional_text(object, "url");
    item.source = optional_text(object, "source");
    if (item.source.empty()) item.source = label_;
    item.symbols = symbols_of(object);
    return item;
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(label_, line_, column, message);
  }
  [[noreturn]] void fail_key(const char* key, const std::string& message) const {
    const std::size_t at = text_.find(fmt::format("\"{}\"", key));
    fail(at == std::string_view::npos ? 1 : at + 1, fmt::format("\"{}\": {}", key, message));
  }

  UtcTime time_of(const json& object) const {
    const json* time = member(object, "time");
    if (time == nullptr) fail(1, "missing \"time\" (ISO-8601 text or unix seconds)");
    if (time->is_string()) {
      const auto& text = time->get_ref<const std::string&>();
      if (auto parsed = parse_iso8601_time(text)) return *parsed;
      fail_key("time", "not an ISO-8601 date-time with a zone (\"2024-03-05T14:30:00Z\"): " + quote_text(text));
    }
    if (auto parsed = unix_seconds(*time)) return *parsed;
    fail_key("time", "expected ISO-8601 text or unix seconds (milliseconds are not accepted), got " + time->dump());
  }

  std::string required_text(const json& object, const char* key) const {
    const json* value = member(object, key);
    if (value == nullptr) fail(1, fmt::format("missing \"{}\"", key));
    if (!value->is_string()) fail_key(key, "expected a string, got " + value->dump());
    return value->get<std::string>();
  }

  std::string optional_text(const json& object, const char* key) const {
    const json* value = member(object, key);
    if (value == nullptr) return {};
    if (!value->is_string()) fail_key(key, "expected a string, got " + value->dump());
    return collapse_spaces(value->get_ref<const std::string&>());
  }

  std::string ticker(const json& value, const char* key) const {
    if (!value.is_string()) fail_key(key, "expected a ticker string, got " + value.dump());
    const std::string symbol = to_upper(trim(value.get_ref<const std::string&>()));
    if (symbol.empty()) fail_key(key, "empty ticker");
    if (symbol.find_first_of(" \t,") != std::string::npos) fail_key(key, "not a ticker: " + quote_text(symbol));
    return symbol;
  }

  std::vector<std::string> symbols_of(const json& object) const {
    const json* one = member(object, "symbol");
    const json* many = member(object, "symbols");
    if (one != nullptr && many != nullptr) fail_key("symbols", "give \"symbol\" or \"symbols\", not both");
    std::vector<std::string> out;
    if (one != nullptr) out.push_back(ticker(*one, "symbol"));
    if (many != nullptr) {
      if (!many->is_array()) fail_key("symbols", "expected an array of tickers, got " + many->dump());
      for (const auto& entry : *many) out.push_back(ticker(entry, "symbols"));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  const std::string& label_;
  std::size_t line_;
  std::string_view text_;
};

}  // namespace

std::vector<NewsItem> parse_news_jsonl(std::string_view text, const std::string& file_label) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<NewsItem> out;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    out.push_back(JsonlLineReader(file_label, line_number, line).read());
  }
  return out;
}

std::vector<NewsItem> import_news_jsonl(const std::filesystem::path& file) {
  return parse_news_jsonl(news_text::read_source_file(file), file.string());
}

}  // namespace mp::data
