// Timestamps of news sources: RFC 822 (through curl_getdate) and ISO-8601.
#include "data/feed_time.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mp::data {
namespace {

std::string iso(std::optional<UtcTime> time) { return time ? format_utc_time(*time) : "(invalid)"; }

TEST(Rfc822Time, RssSpellings) {
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 GMT")), "2003-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0000")), "2003-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 -0500")), "2003-06-10T09:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0530")), "2003-06-09T22:30:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 03 04:00 EST")), "2003-06-10T09:00:00Z");  // no weekday, 2-digit year
  EXPECT_EQ(iso(parse_rfc822_time("  Sat, 1 jan 2000 23:59:59 edt ")), "2000-01-02T03:59:59Z");
  EXPECT_EQ(iso(parse_rfc822_time("Wed, 31 Dec 1969 23:59:59 UT")), "1969-12-31T23:59:59Z");
}

TEST(Rfc822Time, TwoDigitYearsFollowRfc2822) {
  // 00-49 are 20xx, 50-99 are 19xx (curl_getdate alone would make 50-70 into 2050-2070).
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 49 04:00:00 GMT")), "2049-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 50 04:00:00 GMT")), "1950-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 70 04:00:00 GMT")), "1970-06-10T04:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("10 Jun 99 04:00:00 GMT")), "1999-06-10T04:00:00Z");
}

TEST(Rfc822Time, NamedZones) {
  const std::string base = "Tue, 10 Jun 2003 12:00:00 ";
  EXPECT_EQ(iso(parse_rfc822_time(base + "GMT")), "2003-06-10T12:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "UTC")), "2003-06-10T12:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "Z")), "2003-06-10T12:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "EST")), "2003-06-10T17:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "EDT")), "2003-06-10T16:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "CST")), "2003-06-10T18:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "CDT")), "2003-06-10T17:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "MST")), "2003-06-10T19:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "MDT")), "2003-06-10T18:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "PST")), "2003-06-10T20:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "PDT")), "2003-06-10T19:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time(base + "CET")), "2003-06-10T11:00:00Z");  // one of curl_getdate's further names
  EXPECT_EQ(iso(parse_rfc822_time(base + "-1400")), "2003-06-11T02:00:00Z");
}

TEST(Rfc822Time, AroundTheEpoch) {
  // curl_getdate answers 0 for the second before the epoch (-1 is its error value): told apart.
  EXPECT_EQ(iso(parse_rfc822_time("Thu, 01 Jan 1970 00:00:00 GMT")), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Wed, 31 Dec 1969 18:59:59 EST")), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso(parse_rfc822_time("Wed, 31 Dec 1969 23:59:58 GMT")), "1969-12-31T23:59:58Z");
  EXPECT_EQ(iso(parse_rfc822_time("Mon, 1 Jan 1900 00:00:00 GMT")), "1900-01-01T00:00:00Z");
  EXPECT_EQ(iso(parse_rfc822_time("Tue, 10 Jun 2003 04:00:60 GMT")), "2003-06-10T04:01:00Z");  // a leap second
}

TEST(Rfc822Time, RejectsMalformed) {
  EXPECT_FALSE(parse_rfc822_time("Tue, 31 Jun 2003 04:00:00 GMT"));  // no 31 June
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00"));      // no zone
  EXPECT_FALSE(parse_rfc822_time("Xyz, 10 Jun 2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jux 2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 24:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +2500"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 4:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("2003-06-10T04:00:00Z"));
  EXPECT_FALSE(parse_rfc822_time(""));
  // What curl_getdate alone would accept, and must not be.
  EXPECT_FALSE(parse_rfc822_time("Sat, 29 Feb 2003 04:00:00 GMT"));  // 2003 is no leap year (curl: 1 March)
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003"));               // no time (curl: midnight GMT)
  EXPECT_FALSE(parse_rfc822_time("Jun 10 2003 04:00:00 GMT"));       // fields out of order
  EXPECT_FALSE(parse_rfc822_time("Tuesday, 10 Jun 2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue 10 Jun 2003 04:00:00 GMT"));  // a weekday needs its comma
  EXPECT_FALSE(parse_rfc822_time("10-Jun-2003 04:00:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 A"));      // military zones: signs unreliable
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0160"));  // no 60th minute
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 XYZ"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 0099 04:00:00 GMT"));  // curl would read 1999
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:60:00 GMT"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 GMT extra"));
  EXPECT_FALSE(parse_rfc822_time("Tue, 10 Jun 2003 04:00:00 +0000 (UTC)"));
  EXPECT_FALSE(parse_rfc822_time("garbage"));
}

TEST(Iso8601Time, ZonesFractionsAndBareDates) {
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30:00Z")), "2024-03-05T14:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05 14:30:00z")), "2024-03-05T14:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30:00.999+01:00")), "2024-03-05T13:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T14:30-0500")), "2024-03-05T19:30:00Z");
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05T00:30:00+02")), "2024-03-04T22:30:00Z");
  // A bare date is "some time that day": its last second, so never used too early.
  EXPECT_EQ(iso(parse_iso8601_time("2024-03-05")), "2024-03-05T23:59:59Z");
}

TEST(Iso8601Time, RejectsAmbiguousOrMalformed) {
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00"));  // no zone
  EXPECT_FALSE(parse_iso8601_time("2024-02-30T14:30:00Z"));
  EXPECT_FALSE(parse_iso8601_time("2024/03/05T14:30:00Z"));
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00.Z"));
  EXPECT_FALSE(parse_iso8601_time("2024-03-05T14:30:00Zjunk"));
  EXPECT_FALSE(parse_iso8601_time("1709649000"));
}

}  // namespace
}  // namespace mp::data
