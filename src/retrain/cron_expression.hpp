#pragma once
// A standard five-field cron expression, evaluated in the wall-clock time of an IANA time zone.
//
//   minute(0-59) hour(0-23) day-of-month(1-31) month(1-12 | jan-dec) day-of-week(0-7 | sun-sat, 0 and 7 = Sunday)
//
// Each field is a comma-separated list of items; an item is `*`, a value `5`, a range `1-5`, or any of those with
// a step: `*/15`, `1-30/5`, `5/15` (= 5 up to the field's maximum, every 15). Month and weekday names are
// accepted wherever a number is (`mon-fri`, `jan,jul`), case-insensitively. The macros @yearly (@annually),
// @monthly, @weekly, @daily (@midnight) and @hourly stand for their usual five-field forms.
//
// Day matching follows Vixie cron: when day-of-month and day-of-week are both restricted (neither field starts
// with `*`), a day matches if EITHER matches ("0 0 13 * 5" fires on every 13th and on every Friday); otherwise
// both must match (so a field that starts with `*`, such as "*/2", keeps the AND rule, as in Vixie cron).
//
// Daylight-saving time, as cronie/Vixie cron treat fixed-time jobs:
//  - a wall time that does not exist (spring-forward gap, e.g. 02:30 on the day New York jumps 02:00 -> 03:00)
//    fires once, at the first instant after the gap (03:00 local);
//  - a wall time that occurs twice (fall back, e.g. 01:30 on the day New York goes 02:00 -> 01:00) fires once, at
//    its first occurrence (01:30 EDT); the repeated wall times are not fired again.
// The rule is applied to every expression alike (Vixie cron additionally lets jobs with `*` in both minute and
// hour run through the repeated hour; this implementation does not).
#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace mp::retrain {

class CronExpression {
 public:
  // Throws mp::ConfigError("bad cron expression '<text>': <why>").
  static CronExpression parse(std::string_view text);

  [[nodiscard]] const std::string& text() const noexcept { return text_; }

  // The first instant strictly after `after` at which the expression matches, evaluated in the wall-clock time of
  // `zone` with the DST rules above. Results are whole minutes.
  [[nodiscard]] std::chrono::sys_seconds next_after(std::chrono::sys_seconds after, const date::time_zone* zone) const;

  // Whether the local calendar minute matches (month, day rule, hour, minute); no DST handling.
  [[nodiscard]] bool matches(date::local_seconds local_time) const;

 private:
  CronExpression() = default;
  [[nodiscard]] bool day_matches(date::year_month_day ymd) const;
  // The first matching local minute at or after `from` (which is whole minutes).
  [[nodiscard]] date::local_seconds next_local_match(date::local_seconds from) const;

  std::string text_;
  std::uint64_t minutes_ = 0;  // bit i = minute i
  std::uint32_t hours_ = 0;    // bit i = hour i
  std::uint32_t days_ = 0;     // bit i = day-of-month i (1-31)
  std::uint16_t months_ = 0;   // bit i = month i (1-12)
  std::uint8_t weekdays_ = 0;  // bit i = weekday i (0 = Sunday .. 6; 7 folded into 0)
  bool day_of_month_star_ = false;
  bool day_of_week_star_ = false;
};

// "local" or "" = the system's zone (date::current_zone(); UTC with a warning if it cannot be determined),
// else an IANA name ("America/New_York"). Unknown -> mp::ConfigError naming it.
const date::time_zone* resolve_time_zone(const std::string& name);

// ISO 8601 with the zone's offset at that instant: "2026-03-08T03:00:00-04:00".
std::string format_in_zone(std::chrono::sys_seconds t, const date::time_zone* zone);

}  // namespace mp::retrain
