#pragma once
// Calendar dates as std::chrono::sys_days (int32 days since 1970-01-01), ISO-8601 text.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mp {

using Date = std::chrono::sys_days;

// Parses "YYYY-MM-DD" (also "YYYY/MM/DD"); nullopt if malformed or not a real calendar date.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);
// Days since the epoch, the integer form stored in SQLite and in model specs.
inline int date_to_days(Date date) { return static_cast<int>(date.time_since_epoch().count()); }
inline Date days_to_date(int days) { return Date{std::chrono::days{days}}; }
// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp_now();

}  // namespace mp
