// CronExpression: parsing, matching and DST behaviour. Every expected instant is worked out by hand in the comment
// next to it (2026-01-01 is a Thursday; US DST 2026: Mar 8 and Nov 1; EU: Mar 29 and Oct 25; Sydney: Apr 5 and
// Oct 4), from fixed instants, never from the real clock.
#include "retrain/cron_expression.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace mp::retrain {
namespace {

std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

const date::time_zone* zone(const char* name) { return resolve_time_zone(name); }

std::chrono::sys_seconds next(const char* expression, std::chrono::sys_seconds after, const char* tz = "UTC") {
  return CronExpression::parse(expression).next_after(after, zone(tz));
}

std::string parse_error(const std::string& expression) {
  try {
    (void)CronExpression::parse(expression);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

// ---- syntax -------------------------------------------------------------------------------------------------

TEST(CronExpressionTest, KeepsItsText) { EXPECT_EQ(CronExpression::parse("0 2 * * *").text(), "0 2 * * *"); }

TEST(CronExpressionTest, EveryMinuteIsStrictlyAfter) {
  // 12:00:00 itself matches but is not strictly after; 12:00:30 rounds up to the next whole minute.
  EXPECT_EQ(next("* * * * *", utc(2026, 1, 1, 12, 0, 0)), utc(2026, 1, 1, 12, 1));
  EXPECT_EQ(next("* * * * *", utc(2026, 1, 1, 12, 0, 30)), utc(2026, 1, 1, 12, 1));
}

TEST(CronExpressionTest, StepOverStar) {
  // */15 = minutes 0,15,30,45
  EXPECT_EQ(next("*/15 * * * *", utc(2026, 1, 1, 0, 7)), utc(2026, 1, 1, 0, 15));
  EXPECT_EQ(next("*/15 * * * *", utc(2026, 1, 1, 0, 14, 59)), utc(2026, 1, 1, 0, 15));
  EXPECT_EQ(next("*/15 * * * *", utc(2026, 1, 1, 0, 15)), utc(2026, 1, 1, 0, 30));
  EXPECT_EQ(next("*/15 * * * *", utc(2026, 1, 1, 0, 45)), utc(2026, 1, 1, 1, 0));
}

TEST(CronExpressionTest, StepOverRange) {
  // 1-30/5 = minutes 1,6,11,16,21,26: after 00:26 the next is 01:01
  EXPECT_EQ(next("1-30/5 * * * *", utc(2026, 1, 1, 0, 1)), utc(2026, 1, 1, 0, 6));
  EXPECT_EQ(next("1-30/5 * * * *", utc(2026, 1, 1, 0, 26)), utc(2026, 1, 1, 1, 1));
}

TEST(CronExpressionTest, StepFromValueRunsToFieldMaximum) {
  // 5/15 = 5-59/15 = minutes 5,20,35,50
  EXPECT_EQ(next("5/15 * * * *", utc(2026, 1, 1, 0, 36)), utc(2026, 1, 1, 0, 50));
  EXPECT_EQ(next("5/15 * * * *", utc(2026, 1, 1, 0, 50)), utc(2026, 1, 1, 1, 5));
}

TEST(CronExpressionTest, ListsAndRanges) {
  // minutes 5 and 10 of every hour
  EXPECT_EQ(next("5,10 * * * *", utc(2026, 1, 1, 0, 5)), utc(2026, 1, 1, 0, 10));
  EXPECT_EQ(next("5,10 * * * *", utc(2026, 1, 1, 0, 10)), utc(2026, 1, 1, 1, 5));
  // 09:00 to 17:00 on the hour: after 17:00 comes 09:00 the next day
  EXPECT_EQ(next("0 9-17 * * *", utc(2026, 1, 1, 17, 0)), utc(2026, 1, 2, 9, 0));
  // a list mixing a range, a value and a stepped range: hours 1,2,3,12,20,22
  EXPECT_EQ(next("0 1-3,12,20-23/2 * * *", utc(2026, 1, 1, 3, 0)), utc(2026, 1, 1, 12, 0));
  EXPECT_EQ(next("0 1-3,12,20-23/2 * * *", utc(2026, 1, 1, 20, 0)), utc(2026, 1, 1, 22, 0));
  EXPECT_EQ(next("0 1-3,12,20-23/2 * * *", utc(2026, 1, 1, 22, 0)), utc(2026, 1, 2, 1, 0));
}

TEST(CronExpressionTest, MonthNamesAreCaseInsensitive) {
  // January and July: after 2026-01-31 12:00 the next is 2026-07-01 00:00
  EXPECT_EQ(next("0 0 * jan,JUL *", utc(2026, 1, 31, 12)), utc(2026, 7, 1));
  EXPECT_EQ(next("0 0 1 Mar-may *", utc(2026, 4, 1)), utc(2026, 5, 1));
}

TEST(CronExpressionTest, WeekdayNamesAndSevenIsSunday) {
  // 2026-01-02 is a Friday: the next Monday-to-Friday midnight after it is Monday 2026-01-05
  EXPECT_EQ(next("0 0 * * MON-fri", utc(2026, 1, 2)), utc(2026, 1, 5));
  // 7 and 0 and sun are all Sunday: the first Sunday after Thursday 2026-01-01 is 2026-01-04
  EXPECT_EQ(next("0 0 * * 7", utc(2026, 1, 1)), utc(2026, 1, 4));
  EXPECT_EQ(next("0 0 * * 0", utc(2026, 1, 1)), utc(2026, 1, 4));
  EXPECT_EQ(next("0 0 * * Sun", utc(2026, 1, 1)), utc(2026, 1, 4));
  // 5-7 = Friday, Saturday, Sunday: after Sat 2026-01-03 comes Sun 2026-01-04, then Fri 2026-01-09
  EXPECT_EQ(next("0 0 * * 5-7", utc(2026, 1, 3)), utc(2026, 1, 4));
  EXPECT_EQ(next("0 0 * * 5-7", utc(2026, 1, 4)), utc(2026, 1, 9));
}

TEST(CronExpressionTest, Macros) {
  EXPECT_EQ(next("@hourly", utc(2026, 1, 1, 10, 30)), utc(2026, 1, 1, 11));
  EXPECT_EQ(next("@daily", utc(2026, 1, 1, 10, 30)), utc(2026, 1, 2));
  EXPECT_EQ(next("@midnight", utc(2026, 1, 1, 10, 30)), utc(2026, 1, 2));
  EXPECT_EQ(next("@weekly", utc(2026, 1, 1)), utc(2026, 1, 4));  // Sunday 00:00
  EXPECT_EQ(next("@monthly", utc(2026, 1, 1)), utc(2026, 2, 1));
  EXPECT_EQ(next("@yearly", utc(2026, 1, 1)), utc(2027, 1, 1));
  EXPECT_EQ(next("@annually", utc(2026, 1, 1)), utc(2027, 1, 1));
}

TEST(CronExpressionTest, ExtraWhitespaceBetweenFields) {
  EXPECT_EQ(next("  0\t2  * * *  ", utc(2026, 1, 1)), utc(2026, 1, 1, 2));
}

// ---- errors -------------------------------------------------------------------------------------------------

TEST(CronExpressionTest, ErrorsNameTheExpressionAndTheReason) {
  EXPECT_EQ(parse_error("61 * * * *"), "bad cron expression '61 * * * *': minute value 61 out of range 0-59");
  EXPECT_EQ(parse_error("0 0 * * * *"),
            "bad cron expression '0 0 * * * *': expected 5 fields (minute hour day-of-month month day-of-week), "
            "got 6");
  EXPECT_EQ(parse_error("*/0 * * * *"),
            "bad cron expression '*/0 * * * *': step '0' in minute field must be at least 1");
  EXPECT_EQ(parse_error("0 0 * * mon-"),
            "bad cron expression '0 0 * * mon-': range 'mon-' in day-of-week field has no end");
  EXPECT_EQ(parse_error(""), "bad cron expression '': empty expression");
  EXPECT_EQ(parse_error("   "), "bad cron expression '   ': empty expression");
}

TEST(CronExpressionTest, MoreErrors) {
  EXPECT_EQ(parse_error("0 24 * * *"), "bad cron expression '0 24 * * *': hour value 24 out of range 0-23");
  EXPECT_EQ(parse_error("0 0 0 * *"), "bad cron expression '0 0 0 * *': day-of-month value 0 out of range 1-31");
  EXPECT_EQ(parse_error("0 0 * 13 *"), "bad cron expression '0 0 * 13 *': month value 13 out of range 1-12");
  EXPECT_EQ(parse_error("0 0 * * 8"), "bad cron expression '0 0 * * 8': day-of-week value 8 out of range 0-7");
  EXPECT_EQ(parse_error("0 0 * * funday"),
            "bad cron expression '0 0 * * funday': 'funday' is not a valid day-of-week value");
  EXPECT_EQ(parse_error("0 0 * jan *x"), "bad cron expression '0 0 * jan *x': '*x' is not a valid day-of-week value");
  EXPECT_EQ(parse_error("5-1 * * * *"),
            "bad cron expression '5-1 * * * *': range '5-1' in minute field runs backwards");
  EXPECT_EQ(parse_error("1,,2 * * * *"), "bad cron expression '1,,2 * * * *': empty list item in minute field '1,,2'");
  EXPECT_EQ(parse_error("-5 * * * *"), "bad cron expression '-5 * * * *': range '-5' in minute field has no start");
  EXPECT_EQ(parse_error("*/x * * * *"), "bad cron expression '*/x * * * *': step 'x' in minute field is not a number");
  EXPECT_EQ(parse_error("0 0 * * 1/0"),
            "bad cron expression '0 0 * * 1/0': step '0' in day-of-week field must be at least 1");
  EXPECT_EQ(parse_error("0 0 * jan *"), "(no error)");
  EXPECT_EQ(parse_error("@reboot"), "bad cron expression '@reboot': unknown macro '@reboot'");
  EXPECT_EQ(parse_error("0 0 30 2 *"),
            "bad cron expression '0 0 30 2 *': day-of-month 30 never occurs in the selected months");
  EXPECT_EQ(parse_error("0 0 31 4,6 *"),
            "bad cron expression '0 0 31 4,6 *': day-of-month 31 never occurs in the selected months");
}

// ---- day matching and the calendar --------------------------------------------------------------------------

TEST(CronExpressionTest, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // "0 0 13 * 5": the 13th OR a Friday. April 2026 starts on a Wednesday: Fridays 3, 10, 17, 24, May 1;
  // the 13th is a Monday.
  const auto cron = CronExpression::parse("0 0 13 * 5");
  const auto* tz = zone("UTC");
  auto t = utc(2026, 4, 1);
  const std::chrono::sys_seconds expected[] = {utc(2026, 4, 3),  utc(2026, 4, 10), utc(2026, 4, 13),
                                               utc(2026, 4, 17), utc(2026, 4, 24), utc(2026, 5, 1)};
  for (const auto want : expected) {
    t = cron.next_after(t, tz);
    EXPECT_EQ(t, want);
  }
}

TEST(CronExpressionTest, StarPrefixedDayFieldKeepsTheAndRule) {
  // "*/2" starts with '*', so as in Vixie cron the days must be odd AND Fridays: April 3, 17, then May 1.
  const auto cron = CronExpression::parse("0 0 */2 * fri");
  const auto* tz = zone("UTC");
  EXPECT_EQ(cron.next_after(utc(2026, 4, 1), tz), utc(2026, 4, 3));
  EXPECT_EQ(cron.next_after(utc(2026, 4, 3), tz), utc(2026, 4, 17));
  EXPECT_EQ(cron.next_after(utc(2026, 4, 17), tz), utc(2026, 5, 1));
  // Only the day of month restricted: the 13th only (April 13, then May 13).
  EXPECT_EQ(next("0 0 13 * *", utc(2026, 4, 1)), utc(2026, 4, 13));
  EXPECT_EQ(next("0 0 13 * *", utc(2026, 4, 13)), utc(2026, 5, 13));
}

TEST(CronExpressionTest, FebruaryTwentyNinthFindsTheNextLeapYear) {
  // 2027 is not a leap year; 2028 is; after 2028 comes 2032.
  EXPECT_EQ(next("0 0 29 2 *", utc(2026, 3, 1)), utc(2028, 2, 29));
  EXPECT_EQ(next("0 0 29 2 *", utc(2028, 2, 29)), utc(2032, 2, 29));
}

TEST(CronExpressionTest, ThirtyFirstSkipsShortMonths) {
  // after January 31 comes March 31 (February has none), then May 31 (April has none)
  EXPECT_EQ(next("0 0 31 * *", utc(2026, 1, 31)), utc(2026, 3, 31));
  EXPECT_EQ(next("0 0 31 * *", utc(2026, 3, 31)), utc(2026, 5, 31));
}

TEST(CronExpressionTest, YearRollover) {
  EXPECT_EQ(next("0 0 1 1 *", utc(2026, 12, 31, 23, 59, 30)), utc(2027, 1, 1));
  EXPECT_EQ(next("59 23 31 12 *", utc(2026, 12, 31, 23, 59)), utc(2027, 12, 31, 23, 59));
  EXPECT_EQ(next("*/10 * * * *", utc(2026, 12, 31, 23, 55)), utc(2027, 1, 1));
}

TEST(CronExpressionTest, MatchesLocalMinute) {
  const auto cron = CronExpression::parse("30 9 * * mon-fri");
  // Friday 2026-01-02 09:30 matches; Saturday 2026-01-03 09:30 does not; 09:31 does not.
  const auto friday = date::local_days{date::year{2026} / 1 / 2};
  const auto saturday = date::local_days{date::year{2026} / 1 / 3};
  EXPECT_TRUE(cron.matches(friday + std::chrono::hours{9} + std::chrono::minutes{30}));
  EXPECT_FALSE(cron.matches(saturday + std::chrono::hours{9} + std::chrono::minutes{30}));
  EXPECT_FALSE(cron.matches(friday + std::chrono::hours{9} + std::chrono::minutes{31}));
}

// ---- time zones and DST -------------------------------------------------------------------------------------

TEST(CronExpressionTest, NewYorkSpringForwardGapFiresAfterTheGap) {
  // 2026-03-07T12:00-05:00 = 17:00Z. 02:00 does not exist on 2026-03-08 (02:00 EST -> 03:00 EDT), so the daily
  // 02:00 job fires at the first instant after the gap, 03:00 EDT = 07:00Z; the next is 2026-03-09 02:00 EDT = 06:00Z.
  const auto* ny = zone("America/New_York");
  const auto cron = CronExpression::parse("0 2 * * *");
  const auto first = cron.next_after(utc(2026, 3, 7, 17), ny);
  EXPECT_EQ(first, utc(2026, 3, 8, 7));
  EXPECT_EQ(format_in_zone(first, ny), "2026-03-08T03:00:00-04:00");
  const auto second = cron.next_after(first, ny);
  EXPECT_EQ(second, utc(2026, 3, 9, 6));
  EXPECT_EQ(format_in_zone(second, ny), "2026-03-09T02:00:00-04:00");
  // 02:30 is inside the gap too: also 03:00 EDT.
  EXPECT_EQ(next("30 2 * * *", utc(2026, 3, 7, 17), "America/New_York"), utc(2026, 3, 8, 7));
}

TEST(CronExpressionTest, NewYorkGapFiresOnceForSeveralSkippedTimes) {
  // Every 30 minutes: 01:30 EST = 06:30Z; 02:00 and 02:30 are skipped and fire once at 03:00 EDT = 07:00Z
  // (together with 03:00 itself); then 03:30 EDT = 07:30Z.
  const auto* ny = zone("America/New_York");
  const auto cron = CronExpression::parse("*/30 * * * *");
  EXPECT_EQ(cron.next_after(utc(2026, 3, 8, 6, 0), ny), utc(2026, 3, 8, 6, 30));
  EXPECT_EQ(cron.next_after(utc(2026, 3, 8, 6, 30), ny), utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(cron.next_after(utc(2026, 3, 8, 7, 0), ny), utc(2026, 3, 8, 7, 30));
}

TEST(CronExpressionTest, NewYorkFallBackWeeklyJobAfterTheRepeatedHour) {
  // Sunday 2026-11-01: clocks go 02:00 EDT -> 01:00 EST. 03:00 occurs once, in EST: 08:00Z. A week later:
  // 2026-11-08 03:00 EST = 08:00Z.
  const auto* ny = zone("America/New_York");
  const auto cron = CronExpression::parse("0 3 * * 0");
  const auto first = cron.next_after(utc(2026, 10, 31, 12), ny);
  EXPECT_EQ(first, utc(2026, 11, 1, 8));
  EXPECT_EQ(format_in_zone(first, ny), "2026-11-01T03:00:00-05:00");
  EXPECT_EQ(cron.next_after(first, ny), utc(2026, 11, 8, 8));
}

TEST(CronExpressionTest, NewYorkRepeatedWallTimeFiresOnceAtItsFirstOccurrence) {
  // 01:30 occurs at 05:30Z (EDT) and again at 06:30Z (EST) on 2026-11-01: fire once, at 05:30Z; the next is
  // 2026-11-02 01:30 EST = 06:30Z, also when asked from inside the second 01:xx hour (06:00Z, 06:30Z).
  const auto* ny = zone("America/New_York");
  const auto cron = CronExpression::parse("30 1 * * *");
  const auto first = cron.next_after(utc(2026, 10, 31, 12), ny);
  EXPECT_EQ(first, utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(format_in_zone(first, ny), "2026-11-01T01:30:00-04:00");
  const auto second = cron.next_after(first, ny);
  EXPECT_EQ(second, utc(2026, 11, 2, 6, 30));
  EXPECT_EQ(format_in_zone(second, ny), "2026-11-02T01:30:00-05:00");
  EXPECT_EQ(cron.next_after(utc(2026, 11, 1, 6, 0), ny), utc(2026, 11, 2, 6, 30));
  EXPECT_EQ(cron.next_after(utc(2026, 11, 1, 6, 30), ny), utc(2026, 11, 2, 6, 30));
}

TEST(CronExpressionTest, NewYorkHourlyJobDoesNotRepeatTheFallBackHour) {
  // 01:00 EDT = 05:00Z; 01:00 EST (06:00Z) is the same wall time again and does not fire; next is 02:00 EST = 07:00Z.
  const auto* ny = zone("America/New_York");
  EXPECT_EQ(next("0 * * * *", utc(2026, 11, 1, 4, 30), "America/New_York"), utc(2026, 11, 1, 5));
  EXPECT_EQ(CronExpression::parse("0 * * * *").next_after(utc(2026, 11, 1, 5), ny), utc(2026, 11, 1, 7));
}

TEST(CronExpressionTest, LondonBothTransitions) {
  const auto* london = zone("Europe/London");
  const auto cron = CronExpression::parse("30 1 * * *");
  // 2026-03-29: 01:00 GMT -> 02:00 BST, so 01:30 does not exist: fires at 02:00 BST = 01:00Z; next day 01:30 BST =
  // 00:30Z.
  const auto spring = cron.next_after(utc(2026, 3, 28, 12), london);
  EXPECT_EQ(spring, utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(format_in_zone(spring, london), "2026-03-29T02:00:00+01:00");
  EXPECT_EQ(cron.next_after(spring, london), utc(2026, 3, 30, 0, 30));
  // 2026-10-25: 02:00 BST -> 01:00 GMT, so 01:30 occurs at 00:30Z and 01:30Z: fires at 00:30Z only; then 10-26 01:30Z.
  const auto autumn = cron.next_after(utc(2026, 10, 24, 12), london);
  EXPECT_EQ(autumn, utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(format_in_zone(autumn, london), "2026-10-25T01:30:00+01:00");
  const auto after_autumn = cron.next_after(autumn, london);
  EXPECT_EQ(after_autumn, utc(2026, 10, 26, 1, 30));
  EXPECT_EQ(format_in_zone(after_autumn, london), "2026-10-26T01:30:00+00:00");
}

TEST(CronExpressionTest, KolkataHalfHourOffsetWithoutDst) {
  // Friday 2026-03-06 12:00Z = 17:30 IST. Weekdays at 09:00 IST: Monday 2026-03-09 09:00+05:30 = 03:30Z.
  const auto* kolkata = zone("Asia/Kolkata");
  const auto t = next("0 9 * * mon-fri", utc(2026, 3, 6, 12), "Asia/Kolkata");
  EXPECT_EQ(t, utc(2026, 3, 9, 3, 30));
  EXPECT_EQ(format_in_zone(t, kolkata), "2026-03-09T09:00:00+05:30");
  // No DST: the 02:00 job on the US transition date is plain 02:00 IST = 2026-03-07 20:30Z.
  EXPECT_EQ(next("0 2 * * *", utc(2026, 3, 7, 17), "Asia/Kolkata"), utc(2026, 3, 7, 20, 30));
}

TEST(CronExpressionTest, Utc) {
  // No transitions: 2026-03-08 02:00Z.
  const auto t = next("0 2 * * *", utc(2026, 3, 7, 12), "UTC");
  EXPECT_EQ(t, utc(2026, 3, 8, 2));
  EXPECT_EQ(format_in_zone(t, zone("UTC")), "2026-03-08T02:00:00+00:00");
}

TEST(CronExpressionTest, SydneySouthernHemisphereTransitions) {
  const auto* sydney = zone("Australia/Sydney");
  const auto cron = CronExpression::parse("30 2 * * *");
  // 2026-04-05: 03:00 AEDT -> 02:00 AEST, 02:30 occurs at 15:30Z (+11) and 16:30Z (+10) on 04-04: first only.
  const auto april = cron.next_after(utc(2026, 4, 4, 0), sydney);
  EXPECT_EQ(april, utc(2026, 4, 4, 15, 30));
  EXPECT_EQ(format_in_zone(april, sydney), "2026-04-05T02:30:00+11:00");
  const auto april_next = cron.next_after(april, sydney);
  EXPECT_EQ(april_next, utc(2026, 4, 5, 16, 30));
  EXPECT_EQ(format_in_zone(april_next, sydney), "2026-04-06T02:30:00+10:00");
  // 2026-10-04: 02:00 AEST -> 03:00 AEDT, 02:30 does not exist: fires at 03:00+11:00 = 2026-10-03 16:00Z;
  // then 2026-10-05 02:30+11:00 = 2026-10-04 15:30Z.
  const auto october = cron.next_after(utc(2026, 10, 3, 0), sydney);
  EXPECT_EQ(october, utc(2026, 10, 3, 16, 0));
  EXPECT_EQ(format_in_zone(october, sydney), "2026-10-04T03:00:00+11:00");
  EXPECT_EQ(cron.next_after(october, sydney), utc(2026, 10, 4, 15, 30));
}

TEST(CronExpressionTest, NullZoneIsAnError) {
  EXPECT_THROW((void)CronExpression::parse("* * * * *").next_after(utc(2026, 1, 1), nullptr), Error);
}

// ---- zones --------------------------------------------------------------------------------------------------

TEST(TimeZoneTest, ResolvesIanaNamesAndLocal) {
  EXPECT_EQ(resolve_time_zone("America/New_York")->name(), "America/New_York");
  EXPECT_EQ(resolve_time_zone("local"), date::current_zone());
  EXPECT_EQ(resolve_time_zone(""), date::current_zone());
}

TEST(TimeZoneTest, UnknownZoneIsAConfigErrorNamingIt) {
  try {
    (void)resolve_time_zone("Mars/Olympus_Mons");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown time zone 'Mars/Olympus_Mons' (expected an IANA name such as America/New_York, or \"local\")");
  }
}

TEST(TimeZoneTest, FormatsWithTheOffsetInForceAtThatInstant) {
  const auto* ny = zone("America/New_York");
  EXPECT_EQ(format_in_zone(utc(2026, 1, 15, 17, 5, 9), ny), "2026-01-15T12:05:09-05:00");
  EXPECT_EQ(format_in_zone(utc(2026, 7, 15, 17, 5, 9), ny), "2026-07-15T13:05:09-04:00");
}

}  // namespace
}  // namespace mp::retrain
