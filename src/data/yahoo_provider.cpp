#include "data/yahoo_provider.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>

namespace mp::data {

namespace {

using nlohmann::json;

constexpr const char* kName = "yahoo";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kSecondsPerDay = 86400;

[[noreturn]] void fail(const std::string& symbol, const std::string& reason) {
  throw ProviderError(kName, symbol, reason);
}

// object[key] when object is an object holding a non-null key, else nullptr.
const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// The first element of an array member ("quote":[{...}]), else nullptr.
const json* first_of(const json& object, const char* key) {
  const json* array = member(object, key);
  return array != nullptr && array->is_array() && !array->empty() ? &(*array)[0] : nullptr;
}

std::string text_of(const json& object, const char* key) {
  const json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

// "Not Found: No data found, symbol may be delisted" when the body is a chart error, else nullopt.
std::optional<std::string> chart_error(const json& root) {
  const json* chart = member(root, "chart");
  const json* error = chart != nullptr ? member(*chart, "error") : nullptr;
  if (error == nullptr) return std::nullopt;
  if (!error->is_object()) return "error: " + error->dump();
  const std::string code = text_of(*error, "code");
  const std::string description = text_of(*error, "description");
  if (code.empty()) return description.empty() ? "error without a description" : description;
  return description.empty() ? code : code + ": " + description;
}

json parse_json(std::string_view body, const std::string& symbol) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    // what() = "[json.exception.parse_error.101] parse error at line 1, column 9: <detail>".
    const std::string what = e.what();
    const auto colon = what.find(": ", what.find("parse error"));
    const std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    fail(symbol, fmt::format("malformed JSON at byte {}: {}", e.byte, detail));
  }
}

// A numeric array of the quote ("close", ...): nullptr when absent; its length must match.
const json* series_array(const json* parent, const char* key, std::size_t rows, const std::string& path,
                         const std::string& symbol) {
  const json* array = parent != nullptr ? member(*parent, key) : nullptr;
  if (array == nullptr) return nullptr;
  if (!array->is_array()) fail(symbol, fmt::format("unexpected layout: '{}.{}' is not an array", path, key));
  if (array->size() != rows) {
    fail(symbol,
         fmt::format("unexpected layout: {} timestamps but {} values in '{}.{}'", rows, array->size(), path, key));
  }
  return array;
}

// One bar's field: null (or an absent array) is NaN; anything but a number is a layout error.
double value_at(const json* array, std::size_t i, const char* key, const std::string& symbol) {
  if (array == nullptr) return kNaN;
  const json& v = (*array)[i];
  if (v.is_null()) return kNaN;
  if (!v.is_number()) fail(symbol, fmt::format("unexpected layout: '{}[{}]' is {}", key, i, v.dump()));
  return v.get<double>();
}

std::int64_t timestamp_of(const json& value, const std::string& what, const std::string& symbol) {
  if (!value.is_number_integer()) fail(symbol, fmt::format("unexpected layout: {} is {}", what, value.dump()));
  return value.get<std::int64_t>();
}

// The same rules as the CSV importer: prices positive, volume not negative, high not below low,
// dates strictly increasing. Nothing is dropped silently.
void validate(const Bar& bar, std::optional<Date> previous, const std::string& symbol) {
  const std::string day = format_date(bar.date);
  const std::pair<const char*, double> prices[] = {
      {"open", bar.open}, {"high", bar.high}, {"low", bar.low}, {"close", bar.close}, {"adjclose", bar.adj_close}};
  for (const auto& [field, value] : prices) {
    if (!std::isnan(value) && !(value > 0.0))
      fail(symbol, fmt::format("{}: {} must be positive, got {}", day, field, value));
  }
  if (bar.volume < 0.0) fail(symbol, fmt::format("{}: volume must not be negative, got {}", day, bar.volume));
  if (bar.high < bar.low) fail(symbol, fmt::format("{}: high {} is below low {}", day, bar.high, bar.low));
  if (previous && bar.date == *previous) fail(symbol, fmt::format("duplicate trading date {}", day));
  if (previous && bar.date < *previous) {
    fail(symbol, fmt::format("trading date {} is before the previous bar's {}", day, format_date(*previous)));
  }
}

void read_bars(const json& result, std::int64_t gmtoffset, const std::string& symbol, SymbolSeries& series) {
  const json* timestamps = member(result, "timestamp");
  if (timestamps == nullptr) return;  // Yahoo's answer for a range without sessions
  if (!timestamps->is_array()) fail(symbol, "unexpected layout: 'timestamp' is not an array");
  const std::size_t rows = timestamps->size();
  const json* indicators = member(result, "indicators");
  const json* quote = indicators != nullptr ? first_of(*indicators, "quote") : nullptr;
  if (quote == nullptr && rows > 0) fail(symbol, "unexpected layout: no 'indicators.quote[0]'");
  const std::string q = "indicators.quote[0]";
  const json* close = series_array(quote, "close", rows, q, symbol);
  if (close == nullptr && rows > 0) fail(symbol, "unexpected layout: no 'indicators.quote[0].close'");
  const json* open = series_array(quote, "open", rows, q, symbol);
  const json* high = series_array(quote, "high", rows, q, symbol);
  const json* low = series_array(quote, "low", rows, q, symbol);
  const json* volume = series_array(quote, "volume", rows, q, symbol);
  const json* adj_block = indicators != nullptr ? first_of(*indicators, "adjclose") : nullptr;
  const json* adj = series_array(adj_block, "adjclose", rows, "indicators.adjclose[0]", symbol);

  series.reserve(rows);
  std::optional<Date> previous;
  for (std::size_t i = 0; i < rows; ++i) {
    const double c = value_at(close, i, "close", symbol);
    if (std::isnan(c)) continue;  // a day without trades: Yahoo sends every field null
    const auto t = timestamp_of((*timestamps)[i], fmt::format("'timestamp[{}]'", i), symbol);
    Bar bar{yahoo_trading_date(t, gmtoffset),
            value_at(open, i, "open", symbol),
            value_at(high, i, "high", symbol),
            value_at(low, i, "low", symbol),
            c,
            value_at(adj, i, "adjclose", symbol),
            value_at(volume, i, "volume", symbol)};
    if (std::isnan(bar.adj_close)) bar.adj_close = bar.close;  // no adjustment known
    validate(bar, previous, symbol);
    series.push_back(bar);
    previous = bar.date;
  }
}

// events.dividends / events.splits: objects keyed by the timestamp, each holding its own "date".
template <class Event, class Make>
std::vector<Event> read_events(const json& result, const char* kind, std::int64_t gmtoffset, const std::string& symbol,
                               Make make) {
  std::vector<Event> out;
  const json* events = member(result, "events");
  const json* table = events != nullptr ? member(*events, kind) : nullptr;
  if (table == nullptr) return out;
  if (!table->is_object()) fail(symbol, fmt::format("unexpected layout: 'events.{}' is not an object", kind));
  for (const auto& [key, event] : table->items()) {
    const std::string what = fmt::format("'events.{}.{}'", kind, key);
    if (!event.is_object()) fail(symbol, fmt::format("unexpected layout: {} is not an object", what));
    const json* date = member(event, "date");
    if (date == nullptr) fail(symbol, fmt::format("unexpected layout: {} has no date", what));
    out.push_back(make(event, yahoo_trading_date(timestamp_of(*date, what + ".date", symbol), gmtoffset), what));
  }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.date < b.date; });
  return out;
}

double event_number(const json& event, const char* key, const std::string& what, const std::string& symbol) {
  const json* value = member(event, key);
  if (value == nullptr || !value->is_number()) fail(symbol, fmt::format("unexpected layout: {} has no {}", what, key));
  return value->get<double>();
}

std::int64_t unix_seconds(Date date) { return static_cast<std::int64_t>(date_to_days(date)) * kSecondsPerDay; }

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string base_or_default(const std::string& base_url) {
  std::string base = base_url.empty() ? YahooProvider::kDefaultBaseUrl : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

Date yahoo_trading_date(std::int64_t timestamp, std::int64_t gmtoffset) {
  const std::int64_t local = timestamp + gmtoffset;
  std::int64_t days = local / kSecondsPerDay;
  if (local % kSecondsPerDay < 0) --days;  // floor, not truncation, before 1970
  return days_to_date(static_cast<int>(days));
}

YahooChart parse_yahoo_chart(std::string_view body, const std::string& symbol) {
  const json root = parse_json(body, symbol);
  if (auto error = chart_error(root)) fail(symbol, *error);
  const json* chart = member(root, "chart");
  const json* result = chart != nullptr ? first_of(*chart, "result") : nullptr;
  if (result == nullptr || !result->is_object()) fail(symbol, "unexpected layout: no 'chart.result[0]'");

  YahooChart out;
  out.series = SymbolSeries(symbol);
  if (const json* meta = member(*result, "meta")) {
    out.symbol = text_of(*meta, "symbol");
    out.currency = text_of(*meta, "currency");
    out.exchange_timezone = text_of(*meta, "exchangeTimezoneName");
    if (const json* offset = member(*meta, "gmtoffset"))
      out.gmtoffset = timestamp_of(*offset, "'meta.gmtoffset'", symbol);
  }
  read_bars(*result, out.gmtoffset, symbol, out.series);
  out.dividends = read_events<Dividend>(*result, "dividends", out.gmtoffset, symbol,
                                        [&](const json& e, Date date, const std::string& what) {
                                          return Dividend{date, event_number(e, "amount", what, symbol)};
                                        });
  out.splits = read_events<Split>(
      *result, "splits", out.gmtoffset, symbol, [&](const json& e, Date date, const std::string& what) {
        return Split{date, event_number(e, "numerator", what, symbol), event_number(e, "denominator", what, symbol)};
      });
  return out;
}

std::string yahoo_chart_url(const std::string& base_url, const std::string& symbol, Date first, Date last) {
  const std::int64_t period1 = unix_seconds(first - std::chrono::days{1});
  const std::int64_t period2 = unix_seconds(last + std::chrono::days{2});
  return fmt::format(
      "{}/v8/finance/chart/{}?period1={}&period2={}&interval=1d&events=div%2Csplit"
      "&includeAdjustedClose=true",
      base_or_default(base_url), url_encode(upper(symbol)), period1, period2);
}

YahooProvider::YahooProvider(const ProviderOptions& options)
    : base_url_(base_or_default(options.base_url)), http_(options.http) {}

YahooChart YahooProvider::fetch_chart(const std::string& symbol, Date first, Date last) {
  if (symbol.empty()) fail(symbol, "empty symbol");
  if (last < first) fail(symbol, fmt::format("empty date range {} .. {}", format_date(first), format_date(last)));
  HttpResponse response;
  try {
    response = http_.get(yahoo_chart_url(base_url_, symbol, first, last));
  } catch (const ProviderError& e) {
    fail(symbol, e.reason());
  }
  if (response.status != 200) {
    // Yahoo explains most failures in a chart error body (404 "Not Found", 400 "Bad Request").
    const json root = json::parse(response.body, nullptr, false);
    if (!root.is_discarded()) {
      if (auto error = chart_error(root)) fail(symbol, *error);
    }
    fail(symbol, describe_http_failure(response));
  }
  YahooChart chart = parse_yahoo_chart(response.body, symbol);
  chart.series = filter_dates(chart.series, first, last);
  const auto outside = [&](const auto& event) { return event.date < first || event.date > last; };
  std::erase_if(chart.dividends, outside);
  std::erase_if(chart.splits, outside);
  return chart;
}

SymbolSeries YahooProvider::fetch(const std::string& symbol, Date first, Date last) {
  return fetch_chart(symbol, first, last).series;
}

}  // namespace mp::data
