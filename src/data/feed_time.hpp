#pragma once
// The timestamps news and social sources carry, as UTC instants (core/sentiment_event.hpp).
#include "core/sentiment_event.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mp::data {

// RFC 822 / RFC 2822 date-time as RSS <pubDate> uses it: "[Tue, ]10 Jun 2003 04:00[:00] GMT".
// The shape is checked here: an optional three-letter weekday and a comma, a day of one or two
// digits, a month name, a year of two or four digits, HH:MM or HH:MM:SS (two digits each) and a
// zone, which is required (a feed's time without one is ambiguous). libcurl's curl_getdate
// (curl_getdate(3)) reads the fields: month and weekday names, the zone (GMT, UT, UTC, Z, the US
// names EST/EDT/CST/CDT/MST/MDT/PST/PDT, curl's other names such as CET or JST, and +hhmm /
// -hhmm), the ranges (hour 0-23, a leap second :60 lands on the next minute) and the arithmetic.
// Where curl_getdate is more lenient or differs, this function keeps the RFC's rule:
//  - a missing time or zone is refused (curl assumes 00:00:00 GMT: an item dated too early);
//  - a day the month does not have (31 Jun, 29 Feb 2003) is refused (curl rolls it over);
//  - two-digit years are 19xx when >= 50, else 20xx (RFC 2822 4.3; curl's pivot is 70);
//  - single-letter military zones other than Z are refused (RFC 822 got their signs wrong);
//  - 1969-12-31T23:59:59Z is returned (curl_getdate answers 0 for it, as -1 is its error value);
//  - the weekday name is checked to be one, not checked against the date.
// nullopt when malformed or not a real date.
std::optional<UtcTime> parse_rfc822_time(std::string_view text);

// ISO-8601 / RFC 3339 (Atom, dc:date, JSONL): "2024-03-05T14:30:00Z", fractions of a second
// (truncated), offsets "+01:00", "-0500", "+01"; a space may replace the 'T'. A time without a
// zone is rejected (ambiguous). A bare date "2024-03-05" means "some time that day" and is taken
// as its last second, 23:59:59 UTC, so it is never used before it could have been known.
// Read by hand: curl_getdate does not read ISO-8601, and no other library linked here does.
std::optional<UtcTime> parse_iso8601_time(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc_time(UtcTime time);

}  // namespace mp::data
