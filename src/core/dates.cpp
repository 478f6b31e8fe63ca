#include "core/dates.hpp"

#include <fmt/format.h>

#include <charconv>

namespace mp {

namespace {
std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const char sep = text[4];
  if ((sep != '-' && sep != '/') || text[7] != sep) return std::nullopt;
  auto y = parse_digits(text.substr(0, 4));
  auto m = parse_digits(text.substr(5, 2));
  auto d = parse_digits(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string format_date(Date date) {
  std::chrono::year_month_day ymd{date};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string utc_timestamp_now() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto day = std::chrono::floor<std::chrono::days>(now);
  std::chrono::hh_mm_ss hms{now - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", format_date(day), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

}  // namespace mp
