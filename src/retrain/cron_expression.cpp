#include "retrain/cron_expression.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "core/error.hpp"

namespace mp::retrain {
namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const std::array<const char*, 12>* names;  // names[i] stands for min + i (nullptr entries end the table)
};

constexpr std::array<const char*, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 12> kWeekdayNames{"sun", "mon",   "tue",   "wed",   "thu",   "fri",
                                                    "sat", nullptr, nullptr, nullptr, nullptr, nullptr};

constexpr FieldSpec kMinute{"minute", 0, 59, nullptr};
constexpr FieldSpec kHour{"hour", 0, 23, nullptr};
constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31, nullptr};
constexpr FieldSpec kMonth{"month", 1, 12, &kMonthNames};
constexpr FieldSpec kDayOfWeek{"day-of-week", 0, 7, &kWeekdayNames};

// The most days each month can have (February: 29, in leap years).
constexpr std::array<int, 13> kMaxDaysInMonth{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw ConfigError(fmt::format("bad cron expression '{}': {}", text_, why));
  }

  std::uint64_t parse_field(std::string_view field, const FieldSpec& spec) const {
    std::uint64_t bits = 0;
    std::size_t start = 0;
    while (true) {
      const auto comma = field.find(',', start);
      const auto item = field.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (item.empty()) fail(fmt::format("empty list item in {} field '{}'", spec.name, field));
      bits |= parse_item(item, spec);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return bits;
  }

 private:
  // `*`, `v`, `a-b`, each optionally followed by `/step`; `v/step` means v up to the field's maximum.
  std::uint64_t parse_item(std::string_view item, const FieldSpec& spec) const {
    std::string_view range = item;
    int step = 1;
    bool has_step = false;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const auto step_text = item.substr(slash + 1);
      if (range.empty()) fail(fmt::format("step '{}' in {} field has nothing to step over", item, spec.name));
      const auto parsed = parse_number(step_text);
      if (!parsed) fail(fmt::format("step '{}' in {} field is not a number", step_text, spec.name));
      if (*parsed < 1) fail(fmt::format("step '{}' in {} field must be at least 1", step_text, spec.name));
      step = *parsed;
      has_step = true;
    }
    int low = spec.min;
    int high = spec.max;
    if (range == "*") {
      // the full range
    } else if (const auto dash = range.find('-'); dash != std::string_view::npos) {
      const auto low_text = range.substr(0, dash);
      const auto high_text = range.substr(dash + 1);
      if (low_text.empty()) fail(fmt::format("range '{}' in {} field has no start", range, spec.name));
      if (high_text.empty()) fail(fmt::format("range '{}' in {} field has no end", range, spec.name));
      low = parse_value(low_text, spec);
      high = parse_value(high_text, spec);
      if (low > high) fail(fmt::format("range '{}' in {} field runs backwards", range, spec.name));
    } else {
      low = parse_value(range, spec);
      high = has_step ? spec.max : low;
    }
    std::uint64_t bits = 0;
    for (int v = low; v <= high; v += step) bits |= std::uint64_t{1} << v;
    return bits;
  }

  int parse_value(std::string_view token, const FieldSpec& spec) const {
    if (const auto number = parse_number(token)) {
      if (*number < spec.min || *number > spec.max) {
        fail(fmt::format("{} value {} out of range {}-{}", spec.name, *number, spec.min, spec.max));
      }
      return *number;
    }
    if (spec.names != nullptr && token.size() == 3) {
      for (std::size_t i = 0; i < spec.names->size() && (*spec.names)[i] != nullptr; ++i) {
        const std::string_view name = (*spec.names)[i];
        const bool equal = std::equal(token.begin(), token.end(), name.begin(),
                                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
        if (equal) return spec.min + static_cast<int>(i);
      }
    }
    fail(fmt::format("'{}' is not a valid {} value", token, spec.name));
  }

  static std::optional<int> parse_number(std::string_view token) {
    if (token.empty() || token.size() > 4) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc{} || end != token.data() + token.size() || token.front() == '-' || token.front() == '+') {
      return std::nullopt;
    }
    return value;
  }

  std::string_view text_;
};

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  return fields;
}

std::optional<std::string_view> expand_macro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  return std::nullopt;
}

int lowest_bit(std::uint64_t bits) {
  for (int i = 0; i < 64; ++i) {
    if ((bits >> i) & 1U) return i;
  }
  return -1;
}

// The instant a matching wall time fires at (see the DST rules in the header).
std::chrono::sys_seconds fire_instant(date::local_seconds wall, const date::time_zone* zone) {
  const auto info = zone->get_info(wall);
  if (info.result == date::local_info::nonexistent) return info.second.begin;  // the first instant after the gap
  // unique, or ambiguous: `first` holds the earlier of the two offsets, i.e. the first occurrence
  return std::chrono::sys_seconds{wall.time_since_epoch() - info.first.offset};
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  CronExpression cron;
  cron.text_ = std::string(text);
  const Parser parser(text);
  std::string_view body = text;
  {
    const auto fields = split_fields(text);
    if (fields.empty()) parser.fail("empty expression");
    if (fields.size() == 1 && fields[0].front() == '@') {
      const auto expanded = expand_macro(fields[0]);
      if (!expanded) parser.fail(fmt::format("unknown macro '{}'", fields[0]));
      body = *expanded;
    }
  }
  const auto fields = split_fields(body);
  if (fields.size() != 5) {
    parser.fail(fmt::format("expected 5 fields (minute hour day-of-month month day-of-week), got {}", fields.size()));
  }
  cron.minutes_ = parser.parse_field(fields[0], kMinute);
  cron.hours_ = static_cast<std::uint32_t>(parser.parse_field(fields[1], kHour));
  cron.days_ = static_cast<std::uint32_t>(parser.parse_field(fields[2], kDayOfMonth));
  cron.months_ = static_cast<std::uint16_t>(parser.parse_field(fields[3], kMonth));
  auto weekdays = parser.parse_field(fields[4], kDayOfWeek);
  if ((weekdays >> 7) & 1U) weekdays = (weekdays | 1U) & 0x7FU;  // 7 = Sunday
  cron.weekdays_ = static_cast<std::uint8_t>(weekdays);
  cron.day_of_month_star_ = fields[2].front() == '*';
  cron.day_of_week_star_ = fields[4].front() == '*';

  // With the AND rule, a day-of-month that no selected month has would never fire ("0 0 30 2 *").
  if (cron.day_of_month_star_ || cron.day_of_week_star_) {
    const int first_day = lowest_bit(cron.days_);
    bool possible = false;
    for (int m = 1; m <= 12; ++m) possible |= ((cron.months_ >> m) & 1U) && first_day <= kMaxDaysInMonth[m];
    if (!possible) parser.fail(fmt::format("day-of-month {} never occurs in the selected months", fields[2]));
  }
  return cron;
}

bool CronExpression::day_matches(date::year_month_day ymd) const {
  const bool dom = (days_ >> static_cast<unsigned>(ymd.day())) & 1U;
  const bool dow = (weekdays_ >> date::weekday{date::sys_days{ymd}}.c_encoding()) & 1U;
  return (day_of_month_star_ || day_of_week_star_) ? (dom && dow) : (dom || dow);
}

bool CronExpression::matches(date::local_seconds local_time) const {
  const auto day = date::floor<date::days>(local_time);
  const date::year_month_day ymd{day};
  const auto minute_of_day = std::chrono::duration_cast<std::chrono::minutes>(local_time - day).count();
  return ((months_ >> static_cast<unsigned>(ymd.month())) & 1U) && day_matches(ymd) &&
         ((hours_ >> (minute_of_day / 60)) & 1U) && ((minutes_ >> (minute_of_day % 60)) & 1U);
}

date::local_seconds CronExpression::next_local_match(date::local_seconds from) const {
  using std::chrono::hours;
  using std::chrono::minutes;
  const auto give_up = date::year_month_day{date::floor<date::days>(from)}.year() + date::years{400};
  date::local_seconds t = from;
  while (true) {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    if (ymd.year() > give_up) throw Error(fmt::format("cron expression '{}' never matches", text_));
    if (!((months_ >> static_cast<unsigned>(ymd.month())) & 1U)) {
      t = date::local_days{(ymd.year() / ymd.month() + date::months{1}) / 1};
      continue;
    }
    if (!day_matches(ymd)) {
      t = day + date::days{1};
      continue;
    }
    const auto minute_of_day = std::chrono::duration_cast<minutes>(t - day).count();
    if (!((hours_ >> (minute_of_day / 60)) & 1U)) {
      t = date::floor<hours>(t) + hours{1};
      continue;
    }
    if (!((minutes_ >> (minute_of_day % 60)) & 1U)) {
      t += minutes{1};
      continue;
    }
    return t;
  }
}

std::chrono::sys_seconds CronExpression::next_after(std::chrono::sys_seconds after, const date::time_zone* zone) const {
  if (zone == nullptr) throw Error(fmt::format("cron expression '{}' evaluated without a time zone", text_));
  // Every matching wall time before the wall time of `after` fires at or before `after` (fire_instant is monotone
  // in the wall time), so the search starts at that minute and skips matches that fire too early, e.g. the
  // repeated hour of a fall-back day after its second occurrence has begun.
  date::local_seconds wall = date::floor<std::chrono::minutes>(zone->to_local(after));
  while (true) {
    const auto match = next_local_match(wall);
    const auto fires = fire_instant(match, zone);
    if (fires > after) return fires;
    wall = match + std::chrono::minutes{1};
  }
}

const date::time_zone* resolve_time_zone(const std::string& name) {
  if (name.empty() || name == "local") {
    try {
      return date::current_zone();
    } catch (const std::exception& e) {
      spdlog::warn("cannot determine the system time zone ({}); using UTC", e.what());
      return date::locate_zone("UTC");
    }
  }
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    throw ConfigError(
        fmt::format("unknown time zone '{}' (expected an IANA name such as America/New_York, or \"local\")", name));
  }
}

std::string format_in_zone(std::chrono::sys_seconds t, const date::time_zone* zone) {
  if (zone == nullptr) throw Error("format_in_zone: no time zone");
  return date::format("%FT%T%Ez", date::make_zoned(zone, t));
}

}  // namespace mp::retrain
