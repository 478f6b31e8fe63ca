#include "data/feed_time.hpp"

#include "core/dates.hpp"
#include "data/news_text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <regex>
#include <string>

namespace mp::data {

namespace {

using news_text::is_digit;

// ---------------------------------------------------------------- RFC 822 through curl_getdate

// [weekday ","] day month year clock zone; the numeric zone's hours at most 14, minutes at most 59.
const std::regex& rfc822_shape() {
  static const std::regex kShape(
      R"(\s*(?:([A-Za-z]{3})\s*,\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2}|[1-9]\d{3})\s+(\d{2}:\d{2}(?::\d{2})?))"
      R"(\s+([Zz]|[A-Za-z]{2,4}|[+-](?:0\d|1[0-4])[0-5]\d)\s*)");
  return kShape;
}

UtcTime from_time_t(std::time_t seconds) { return UtcTime{std::chrono::seconds{seconds}}; }

// The fields of a date-time in the order curl_getdate reads unambiguously.
std::string rfc822_text(const std::string& weekday, int day, const std::string& month, int year,
                        const std::string& clock, const std::string& zone) {
  return fmt::format("{}{} {} {} {} {}", weekday.empty() ? "" : weekday + ", ", day, month, year, clock, zone);
}

// curl_getdate, with its one blind spot: -1 is its error value, so it answers 0 both for the
// epoch and for the second before it. A 0 is asked again 400 years later (the Gregorian calendar
// repeats every 146097 days) to tell the two apart.
std::optional<UtcTime> curl_time(const std::string& weekday, int day, const std::string& month, int year,
                                 const std::string& clock, const std::string& zone) {
  const std::time_t seconds = curl_getdate(rfc822_text(weekday, day, month, year, clock, zone).c_str(), nullptr);
  if (seconds == -1) return std::nullopt;
  if (seconds != 0) return from_time_t(seconds);
  constexpr std::time_t kFourCenturies = std::time_t{146097} * 86400;
  const std::time_t later = curl_getdate(rfc822_text(weekday, day, month, year + 400, clock, zone).c_str(), nullptr);
  if (later == -1) return std::nullopt;
  return from_time_t(later - kFourCenturies);
}

// curl_getdate rolls a day the month lacks into the next month ("31 Jun" -> 1 July): the day it
// finds at that date's midnight must be the day written.
bool is_calendar_day(int day, const std::string& month, int year) {
  const auto midnight = curl_time("", day, month, year, "00:00:00", "GMT");
  if (!midnight) return false;
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(*midnight)};
  return static_cast<unsigned>(ymd.day()) == static_cast<unsigned>(day);
}

// ---------------------------------------------------------------- ISO-8601 by hand

std::optional<int> digits_value(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), is_digit)) return std::nullopt;
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// A civil UTC date-time minus an offset east of UTC; nullopt if not a real time. A leap second
// (:60) is accepted and lands on the next minute.
std::optional<UtcTime> make_time(Date date, int hour, int minute, int second, int offset_minutes) {
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return UtcTime{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second} -
         std::chrono::minutes{offset_minutes};
}

// "HH:MM" or "HH:MM:SS", two digits each.
bool parse_clock(std::string_view text, int& hour, int& minute, int& second) {
  if (text.size() != 5 && text.size() != 8) return false;
  if (text[2] != ':' || (text.size() == 8 && text[5] != ':')) return false;
  auto h = digits_value(text.substr(0, 2));
  auto m = digits_value(text.substr(3, 2));
  auto s = text.size() == 8 ? digits_value(text.substr(6, 2)) : std::optional<int>(0);
  if (!h || !m || !s) return false;
  hour = *h;
  minute = *m;
  second = *s;
  return true;
}

// "Z", "+hh:mm", "+hhmm", "+hh" (or '-') -> minutes east of UTC.
std::optional<int> zone_offset(std::string_view text) {
  if (text == "Z" || text == "z") return 0;
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  const std::string_view rest = text.substr(1);
  std::optional<int> hours, minutes;
  if (rest.size() == 4) {
    hours = digits_value(rest.substr(0, 2));
    minutes = digits_value(rest.substr(2, 2));
  } else if (rest.size() == 5 && rest[2] == ':') {
    hours = digits_value(rest.substr(0, 2));
    minutes = digits_value(rest.substr(3, 2));
  } else if (rest.size() == 2) {
    hours = digits_value(rest);
    minutes = 0;
  }
  if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
  return sign * (*hours * 60 + *minutes);
}

}  // namespace

std::optional<UtcTime> parse_rfc822_time(std::string_view text) {
  std::match_results<std::string_view::const_iterator> fields;
  if (!std::regex_match(text.begin(), text.end(), fields, rfc822_shape())) return std::nullopt;
  const std::string weekday = fields[1].str();
  const int day = std::stoi(fields[2].str());
  const std::string month = fields[3].str();
  int year = std::stoi(fields[4].str());
  if (fields[4].length() == 2) year += year >= 50 ? 1900 : 2000;  // RFC 2822 4.3
  if (!is_calendar_day(day, month, year)) return std::nullopt;
  return curl_time(weekday, day, month, year, fields[5].str(), fields[6].str());
}

std::optional<UtcTime> parse_iso8601_time(std::string_view text) {
  text = news_text::trim(text);
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return UtcTime{*date} + std::chrono::seconds{86399};
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  const std::string_view rest = text.substr(11);
  const std::size_t zone_at = rest.find_first_of("Zz+-");
  if (zone_at == std::string_view::npos) return std::nullopt;  // no zone: ambiguous
  std::string_view clock = rest.substr(0, zone_at);
  if (const std::size_t dot = clock.find_first_of(".,"); dot != std::string_view::npos) {
    const std::string_view fraction = clock.substr(dot + 1);
    if (dot != 8 || fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), is_digit)) return std::nullopt;
    clock = clock.substr(0, dot);  // fractions of a second are truncated
  }
  int hour = 0, minute = 0, second = 0;
  const auto offset = zone_offset(rest.substr(zone_at));
  if (!offset || !parse_clock(clock, hour, minute, second)) return std::nullopt;
  return make_time(*date, hour, minute, second, *offset);
}

std::string format_utc_time(UtcTime time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::hh_mm_ss clock{time - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", format_date(day), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

}  // namespace mp::data
