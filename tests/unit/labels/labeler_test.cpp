#include "labels/labeler.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace mp::labels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Date d(const char* text) { return *parse_date(text); }

// A series whose adjusted closes are `adj`; the raw close is a constant 50 so that a labeler
// reading close instead of adj_close gives different (all zero) returns.
SymbolSeries series(const std::string& symbol, const std::vector<const char*>& dates, const std::vector<double>& adj) {
  SymbolSeries s(symbol);
  for (std::size_t i = 0; i < dates.size(); ++i) s.push_back(Bar{d(dates[i]), kNaN, kNaN, kNaN, 50.0, adj[i], kNaN});
  return s;
}

// Thu, Fri, then Mon..Thu: end dates follow the trading calendar, not calendar days.
const std::vector<const char*> kSixDates = {"2024-01-04", "2024-01-05", "2024-01-08",
                                            "2024-01-09", "2024-01-10", "2024-01-11"};

std::vector<LabelColumn> label_panel(const LabelSpec& spec, const Panel& panel) {
  return make_labeler(spec)->label(panel);
}

// ---------------------------------------------------------------- forward_return

TEST(ForwardReturnLabeler, HorizonTwoThresholdFivePercent) {
  Panel panel;
  panel.add(series("AAA", kSixDates, {100, 102, 106, 103, 110, 120}));
  const auto columns = label_panel({"forward_return", 2, 0.05}, panel);
  ASSERT_EQ(columns.size(), 1u);
  const auto& c = columns[0];
  ASSERT_EQ(c.label.size(), 6u);
  ASSERT_EQ(c.forward_return.size(), 6u);
  ASSERT_EQ(c.end_date.size(), 6u);

  // t=0: 106/100-1 = 0.06 > 0.05 -> 1;  t=1: 103/102-1 = 0.0098 -> 0
  // t=2: 110/106-1 = 0.0377 -> 0;        t=3: 120/103-1 = 0.1650 -> 1
  EXPECT_NEAR(c.forward_return[0], 0.06, 1e-12);
  EXPECT_NEAR(c.forward_return[1], 103.0 / 102.0 - 1.0, 1e-12);
  EXPECT_NEAR(c.forward_return[2], 110.0 / 106.0 - 1.0, 1e-12);
  EXPECT_NEAR(c.forward_return[3], 120.0 / 103.0 - 1.0, 1e-12);
  EXPECT_EQ(c.label[0], 1.0);
  EXPECT_EQ(c.label[1], 0.0);
  EXPECT_EQ(c.label[2], 0.0);
  EXPECT_EQ(c.label[3], 1.0);

  // The last h = 2 rows have an incomplete horizon: NaN label and return, own date as end.
  EXPECT_TRUE(std::isnan(c.label[4]));
  EXPECT_TRUE(std::isnan(c.label[5]));
  EXPECT_TRUE(std::isnan(c.forward_return[4]));
  EXPECT_TRUE(std::isnan(c.forward_return[5]));

  // end_date = the date of row t+2 (Thu -> Mon across the weekend).
  EXPECT_EQ(c.end_date[0], d("2024-01-08"));
  EXPECT_EQ(c.end_date[1], d("2024-01-09"));
  EXPECT_EQ(c.end_date[2], d("2024-01-10"));
  EXPECT_EQ(c.end_date[3], d("2024-01-11"));
  EXPECT_EQ(c.end_date[4], d("2024-01-10"));
  EXPECT_EQ(c.end_date[5], d("2024-01-11"));
}

TEST(ForwardReturnLabeler, ReturnEqualToThresholdIsClassZero) {
  // 5/4 - 1 = 0.25 exactly in binary floating point: "> threshold" is strict.
  Panel panel;
  panel.add(series("AAA", {"2024-01-04", "2024-01-05", "2024-01-08"}, {4.0, 5.0, 6.5}));
  const auto c = label_panel({"forward_return", 1, 0.25}, panel)[0];
  EXPECT_EQ(c.forward_return[0], 0.25);
  EXPECT_EQ(c.label[0], 0.0);
  EXPECT_NEAR(c.forward_return[1], 0.3, 1e-12);
  EXPECT_EQ(c.label[1], 1.0);
  EXPECT_TRUE(std::isnan(c.label[2]));
}

// The horizon counts the universe's trading days: a symbol missing a day does not reach further.
TEST(ForwardReturnLabeler, HorizonCountsTheUniverseCalendar) {
  Panel panel;
  panel.add(series("AAA", kSixDates, {100, 101, 102, 103, 104, 105}));
  panel.add(series("GAP", {"2024-01-04", "2024-01-05", "2024-01-09", "2024-01-10", "2024-01-11"},
                   {100, 110, 120, 130, 140}));  // no bar on 01-08
  const auto columns = label_panel({"forward_return", 2, 0.05}, panel);
  const auto& gap = columns[1];
  // 01-04 + 2 universe days = 01-08: GAP has no bar there -> no label (its own 2 bars would reach 01-09).
  EXPECT_TRUE(std::isnan(gap.label[0]));
  EXPECT_TRUE(std::isnan(gap.forward_return[0]));
  EXPECT_EQ(gap.end_date[0], d("2024-01-08"));
  EXPECT_EQ(gap.pending[0], 0);
  // 01-05 + 2 = 01-09: 120 / 110 - 1.
  EXPECT_NEAR(gap.forward_return[1], 120.0 / 110 - 1, 1e-12);
  EXPECT_EQ(gap.end_date[1], d("2024-01-09"));
  EXPECT_EQ(gap.label[1], 1.0);
  // 01-09 + 2 = 01-11: 140 / 120 - 1; 01-10 and 01-11 are pending.
  EXPECT_NEAR(gap.forward_return[2], 140.0 / 120 - 1, 1e-12);
  EXPECT_EQ(gap.pending[3], 1);
  EXPECT_EQ(gap.pending[4], 1);
  EXPECT_EQ(columns[0].end_date[0], d("2024-01-08"));
}

TEST(ForwardReturnLabeler, ColumnsFollowPanelSymbolOrder) {
  Panel panel;
  panel.add(series("ZZZ", {"2024-01-04", "2024-01-05"}, {10, 8}));
  panel.add(series("AAA", {"2024-01-04", "2024-01-05"}, {10, 12}));
  const auto columns = label_panel({"forward_return", 1, 0.0}, panel);
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_EQ(columns[0].label[0], 1.0);  // AAA: +20%
  EXPECT_EQ(columns[1].label[0], 0.0);  // ZZZ: -20%
  EXPECT_NEAR(columns[0].forward_return[0], 0.2, 1e-12);
  EXPECT_NEAR(columns[1].forward_return[0], -0.2, 1e-12);
}

TEST(ForwardReturnLabeler, SeriesShorterThanHorizonIsAllUnlabelled) {
  Panel panel;
  panel.add(series("AAA", {"2024-01-04", "2024-01-05"}, {10, 12}));
  const auto c = label_panel({"forward_return", 5, 0.0}, panel)[0];
  ASSERT_EQ(c.label.size(), 2u);
  EXPECT_TRUE(std::isnan(c.label[0]));
  EXPECT_TRUE(std::isnan(c.label[1]));
  EXPECT_EQ(c.end_date[0], d("2024-01-04"));
  EXPECT_EQ(c.end_date[1], d("2024-01-05"));
}

// ---------------------------------------------------------------- next_day_direction

TEST(NextDayDirectionLabeler, IgnoresHorizonAndThreshold) {
  Panel panel;
  panel.add(
      series("AAA", {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"}, {10, 11, 11, 10, 12}));
  // horizon 5 and threshold 0.5 would leave everything NaN / class 0; the labeler uses 1 and 0.
  const auto labeler = make_labeler({"next_day_direction", 5, 0.5});
  EXPECT_EQ(labeler->spec().type, "next_day_direction");
  EXPECT_EQ(labeler->spec().horizon, 1);
  EXPECT_EQ(labeler->spec().threshold, 0.0);
  const auto c = labeler->label(panel)[0];
  ASSERT_EQ(c.label.size(), 5u);
  EXPECT_EQ(c.label[0], 1.0);  // 10 -> 11: +10%
  EXPECT_EQ(c.label[1], 0.0);  // 11 -> 11: a zero return is class 0
  EXPECT_EQ(c.forward_return[1], 0.0);
  EXPECT_EQ(c.label[2], 0.0);  // 11 -> 10
  EXPECT_EQ(c.label[3], 1.0);  // 10 -> 12
  EXPECT_TRUE(std::isnan(c.label[4]));
  EXPECT_EQ(c.end_date[0], d("2024-01-05"));
  EXPECT_EQ(c.end_date[1], d("2024-01-08"));
  EXPECT_EQ(c.end_date[3], d("2024-01-10"));
  EXPECT_EQ(c.end_date[4], d("2024-01-10"));
}

// ---------------------------------------------------------------- relative_outperformance

TEST(RelativeOutperformanceLabeler, ThreeSymbolsBeatTheMedianByMoreThanThreshold) {
  const std::vector<const char*> dates = {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"};
  Panel panel;
  // forward 1-day returns:       d0     d1     d2
  panel.add(series("AAA", dates, {100, 110, 99, 99}));          // +0.10 -0.10  0.00
  panel.add(series("BBB", dates, {100, 105, 105, 110.25}));     // +0.05  0.00 +0.05
  panel.add(series("CCC", dates, {100, 104, 114.4, 121.264}));  // +0.04 +0.10 +0.06
  // medians: d0 0.05, d1 0.00, d2 0.05; threshold 0.02
  // d0: AAA +0.05 -> 1, BBB 0 -> 0, CCC -0.01 -> 0
  // d1: AAA -0.10 -> 0, BBB 0 -> 0, CCC +0.10 -> 1
  // d2: AAA -0.05 -> 0, BBB 0 -> 0, CCC +0.01 (above the median, not by > 0.02) -> 0
  const auto columns = label_panel({"relative_outperformance", 1, 0.02, 3}, panel);
  ASSERT_EQ(columns.size(), 3u);
  const std::vector<std::vector<double>> expected = {{1, 0, 0}, {0, 0, 0}, {0, 1, 0}};
  for (std::size_t k = 0; k < 3; ++k) {
    ASSERT_EQ(columns[k].label.size(), 4u);
    for (std::size_t t = 0; t < 3; ++t) EXPECT_EQ(columns[k].label[t], expected[k][t]) << "symbol " << k << " t " << t;
    EXPECT_TRUE(std::isnan(columns[k].label[3]));
    EXPECT_EQ(columns[k].end_date[0], d("2024-01-05"));
    EXPECT_EQ(columns[k].end_date[2], d("2024-01-09"));
    EXPECT_EQ(columns[k].end_date[3], d("2024-01-09"));
  }
  // forward_return stays the symbol's own return, not the excess return.
  EXPECT_NEAR(columns[0].forward_return[0], 0.10, 1e-12);
  EXPECT_NEAR(columns[1].forward_return[2], 0.05, 1e-12);
  EXPECT_NEAR(columns[2].forward_return[1], 0.10, 1e-12);
  EXPECT_NEAR(columns[2].forward_return[2], 0.06, 1e-12);
}

TEST(RelativeOutperformanceLabeler, EvenCountUsesMeanOfTheMiddleTwo) {
  const std::vector<const char*> dates = {"2024-01-04", "2024-01-05"};
  Panel panel;
  panel.add(series("AAA", dates, {100, 105}));  // +0.05
  panel.add(series("BBB", dates, {100, 104}));  // +0.04
  panel.add(series("CCC", dates, {100, 102}));  // +0.02
  panel.add(series("DDD", dates, {100, 101}));  // +0.01
  // median = (0.04 + 0.02) / 2 = 0.03; threshold 0.015:
  //   AAA +0.02 -> 1 (the upper middle 0.04 as median would give +0.01 -> 0)
  //   BBB +0.01 -> 0 (the lower middle 0.02 as median would give +0.02 -> 1)
  //   CCC -0.01 -> 0, DDD -0.02 -> 0
  const auto columns = label_panel({"relative_outperformance", 1, 0.015, 4}, panel);
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_EQ(columns[0].label[0], 1.0);
  EXPECT_EQ(columns[1].label[0], 0.0);
  EXPECT_EQ(columns[2].label[0], 0.0);
  EXPECT_EQ(columns[3].label[0], 0.0);
  for (const auto& c : columns) EXPECT_TRUE(std::isnan(c.label[1]));
}

TEST(RelativeOutperformanceLabeler, MedianIsOverReturnsEndingOnTheSameDate) {
  Panel panel;
  //                 d0=01-04  d1=01-05  d2=01-08  d3=01-09
  panel.add(series("AAA", {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"}, {100, 110, 121, 121}));
  panel.add(series("BBB", {"2024-01-04", "2024-01-08", "2024-01-09"}, {100, 102, 102}));  // no bar on d1
  panel.add(series("CCC", {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"}, {100, 100, 106, 106}));
  panel.add(series("DDD", {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"}, {100, 101, 101, 101}));
  // 1-day forward returns on the universe calendar d0..d3:
  //   AAA: d0 +0.10, d1 +0.10, d2 0;  BBB: d0 none (no bar on d1), d2 0;  CCC: d0 0, d1 +0.06, d2 0
  //   DDD: d0 +0.01, d1 0, d2 0
  // d0: median{0.10, 0, 0.01} = 0.01 (BBB's +0.02 to d2 ends on another date and is left out;
  //     counting it would make the median 0.015 and DDD's label the same but AAA's margin smaller)
  //     -> AAA +0.09 > 0.03 -> 1, CCC 0, DDD 0; BBB no label
  // d1: AAA, CCC, DDD: median 0.06 -> AAA +0.04 -> 1, CCC 0, DDD 0
  // d2: all 0 -> 0
  const auto columns = label_panel({"relative_outperformance", 1, 0.03, 3}, panel);
  ASSERT_EQ(columns.size(), 4u);
  const auto& a = columns[0];
  const auto& b = columns[1];
  const auto& c = columns[2];
  ASSERT_EQ(b.label.size(), 3u);
  EXPECT_EQ(a.label[0], 1.0);
  EXPECT_EQ(a.label[1], 1.0);
  EXPECT_EQ(a.label[2], 0.0);
  EXPECT_TRUE(std::isnan(a.label[3]));
  EXPECT_TRUE(std::isnan(b.label[0]));
  EXPECT_TRUE(std::isnan(b.forward_return[0]));
  EXPECT_EQ(b.pending[0], 0);                 // not pending: it has no label at all
  EXPECT_EQ(b.end_date[0], d("2024-01-05"));  // the calendar's next date, where it has no bar
  EXPECT_EQ(b.label[1], 0.0);
  EXPECT_TRUE(std::isnan(b.label[2]));
  EXPECT_EQ(b.pending[2], 1);
  EXPECT_EQ(c.label[0], 0.0);
  EXPECT_EQ(c.label[1], 0.0);
  EXPECT_EQ(c.label[2], 0.0);
  EXPECT_EQ(columns[3].label[0], 0.0);
}

// A symbol whose bars run past the others' is not labelled against itself: on those dates the
// median would be over one symbol, fewer than min_symbols.
TEST(RelativeOutperformanceLabeler, DatesWithFewerThanMinSymbolsHaveNoLabel) {
  const std::vector<const char*> three = {"2024-01-04", "2024-01-05", "2024-01-08"};
  const std::vector<const char*> five = {"2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"};
  Panel panel;
  panel.add(series("AAA", five, {100, 110, 120, 130, 140}));
  panel.add(series("BBB", three, {100, 101, 102}));
  panel.add(series("CCC", three, {100, 102, 103}));
  const auto columns = label_panel({"relative_outperformance", 1, 0.0, 3}, panel);
  EXPECT_EQ(columns[0].label[0], 1.0);
  EXPECT_EQ(columns[0].label[1], 1.0);
  for (std::size_t t = 2; t < 4; ++t) {  // d2 -> d3 and d3 -> d4: AAA alone
    EXPECT_TRUE(std::isnan(columns[0].label[t])) << t;
    EXPECT_EQ(columns[0].pending[t], 0) << t;
    EXPECT_NEAR(columns[0].forward_return[t], t == 2 ? 130.0 / 120 - 1 : 140.0 / 130 - 1, 1e-12);
  }
  EXPECT_EQ(columns[0].pending[4], 1);
  // The default min_symbols is 5: three symbols never get a relative label.
  for (const auto& column : label_panel({"relative_outperformance", 1, 0.0}, panel)) {
    for (double label : column.label) EXPECT_TRUE(std::isnan(label));
  }
  EXPECT_THROW(make_labeler({"relative_outperformance", 1, 0.0, 0}), ConfigError);
}

TEST(RelativeOutperformanceLabeler, ThresholdZeroMeansAboveTheMedian) {
  const std::vector<const char*> dates = {"2024-01-04", "2024-01-05"};
  Panel panel;
  panel.add(series("AAA", dates, {100, 103}));
  panel.add(series("BBB", dates, {100, 102}));
  panel.add(series("CCC", dates, {100, 101}));
  const auto columns = label_panel({"relative_outperformance", 1, 0.0, 3}, panel);
  EXPECT_EQ(columns[0].label[0], 1.0);
  EXPECT_EQ(columns[1].label[0], 0.0);  // the median itself is not above the median
  EXPECT_EQ(columns[2].label[0], 0.0);
}

// ---------------------------------------------------------------- factory and catalog

TEST(MakeLabeler, UnknownTypeIsConfigErrorListingKnownTypes) {
  try {
    make_labeler({"moon_phase", 5, 0.0});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("moon_phase"), std::string::npos) << message;
    EXPECT_NE(message.find("forward_return"), std::string::npos) << message;
    EXPECT_NE(message.find("relative_outperformance"), std::string::npos) << message;
  }
}

TEST(MakeLabeler, NonPositiveHorizonIsConfigError) {
  EXPECT_THROW(make_labeler({"forward_return", 0, 0.05}), ConfigError);
  EXPECT_THROW(make_labeler({"forward_return", -3, 0.05}), ConfigError);
  EXPECT_THROW(make_labeler({"relative_outperformance", 0, 0.0}), ConfigError);
}

TEST(MakeLabeler, CatalogListsThreeLabelers) {
  const auto& catalog = labeler_catalog();
  ASSERT_EQ(catalog.size(), 3u);
  EXPECT_EQ(catalog[0].name, "forward_return");
  EXPECT_EQ(catalog[1].name, "next_day_direction");
  EXPECT_EQ(catalog[2].name, "relative_outperformance");
  for (const auto& info : catalog) EXPECT_NO_THROW(make_labeler({info.name, 3, 0.01})) << info.name;
}

TEST(LabelSpec, Describe) {
  EXPECT_EQ((LabelSpec{"forward_return", 90, 0.05}.describe()), "90-day forward return > 5%");
  EXPECT_EQ((LabelSpec{"next_day_direction", 1, 0.0}.describe()), "next day's return > 0");
  EXPECT_EQ((LabelSpec{"relative_outperformance", 20, 0.02}.describe()),
            "20-day return beats the universe median by > 2%");
}

}  // namespace
}  // namespace mp::labels
