#include "ml/splits.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <vector>

namespace mp::ml {
namespace {

Date d(const char* text) { return *parse_date(text); }

// Monday..Friday from 2020-01-01 (a Wednesday), `count` of them.
std::vector<Date> business_days(std::size_t count) {
  std::vector<Date> out;
  Date day = d("2020-01-01");
  while (out.size() < count) {
    const std::chrono::weekday wd{day};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) out.push_back(day);
    day += std::chrono::days{1};
  }
  return out;
}

// `symbols` rows per date, sorted by (date, symbol) like a Dataset: row = date_index * symbols + s.
// label_end = the business day `horizon` dates later (the calendar runs past the last row date).
struct Rows {
  std::vector<Date> calendar;  // the row dates followed by `horizon` more business days
  std::vector<Date> date;
  std::vector<Date> label_end;
  std::vector<std::size_t> date_index;
};

Rows make_rows(std::size_t dates, std::size_t symbols, std::size_t horizon) {
  Rows rows;
  rows.calendar = business_days(dates + horizon);
  for (std::size_t i = 0; i < dates; ++i) {
    for (std::size_t s = 0; s < symbols; ++s) {
      rows.date.push_back(rows.calendar[i]);
      rows.label_end.push_back(rows.calendar[i + horizon]);
      rows.date_index.push_back(i);
    }
  }
  return rows;
}

std::size_t index_of(const std::vector<Date>& calendar, Date day) {
  return static_cast<std::size_t>(std::find(calendar.begin(), calendar.end(), day) - calendar.begin());
}

enum class Side { Dropped, Train, Test };

// Checks every structural property of one fold; returns the side of each row.
std::vector<Side> check_fold(const Rows& rows, const Fold& fold, bool walk_forward, const std::string& where) {
  std::vector<Side> side(rows.date.size(), Side::Dropped);
  EXPECT_TRUE(std::is_sorted(fold.train.begin(), fold.train.end())) << where;
  EXPECT_TRUE(std::is_sorted(fold.test.begin(), fold.test.end())) << where;
  for (auto r : fold.train) side[r] = Side::Train;
  for (auto r : fold.test) {
    EXPECT_NE(side[r], Side::Train) << where << " row " << r << " in both train and test";
    side[r] = Side::Test;
  }
  // THE property: no training label window [date, label_end] touches the test rows' span
  // [test_start, last test label end], before or after the block.
  Date test_label_end = fold.test_end;
  for (auto r : fold.test) test_label_end = std::max(test_label_end, rows.label_end[r]);
  EXPECT_EQ(fold.test_label_end, test_label_end) << where;
  for (auto r : fold.train) {
    const bool overlaps = rows.date[r] <= test_label_end && rows.label_end[r] >= fold.test_start;
    EXPECT_FALSE(overlaps) << where << " train row " << r << " date " << format_date(rows.date[r]) << " label_end "
                           << format_date(rows.label_end[r]) << " overlaps test " << format_date(fold.test_start)
                           << ".." << format_date(test_label_end);
    if (walk_forward) {
      EXPECT_LT(rows.date[r], fold.test_start) << where << " row " << r;
    }
  }
  // Test rows are exactly the rows dated inside the test block.
  for (std::size_t r = 0; r < rows.date.size(); ++r) {
    const bool inside = rows.date[r] >= fold.test_start && rows.date[r] <= fold.test_end;
    EXPECT_EQ(inside, side[r] == Side::Test) << where << " row " << r;
  }
  // Every row of one date is on the same side.
  std::map<Date, std::set<Side>> sides_by_date;
  for (std::size_t r = 0; r < rows.date.size(); ++r) sides_by_date[rows.date[r]].insert(side[r]);
  for (const auto& [day, sides] : sides_by_date) EXPECT_EQ(sides.size(), 1u) << where << " date " << format_date(day);
  return side;
}

// ---------------------------------------------------------------- the no-leak property, many shapes

struct Shape {
  std::size_t horizon;
  int embargo;
  int folds;
};

const std::vector<Shape> kShapes = {{0, 0, 5},  {0, 5, 5},  {1, 0, 5},  {1, 10, 3},  {5, 0, 4},   {5, 3, 5},
                                    {5, 10, 5}, {20, 0, 5}, {20, 5, 3}, {20, 30, 5}, {60, 10, 4}, {3, 7, 2}};

TEST(WalkForwardSplits, NoTrainingLabelReachesTheTestBlock) {
  constexpr std::size_t kDates = 300, kSymbols = 3;
  for (const auto& shape : kShapes) {
    const auto rows = make_rows(kDates, kSymbols, shape.horizon);
    const auto folds = walk_forward_splits(rows.date, rows.label_end, shape.folds, shape.embargo);
    ASSERT_EQ(folds.size(), static_cast<std::size_t>(shape.folds));
    const std::size_t blocks = static_cast<std::size_t>(shape.folds) + 1;
    for (std::size_t k = 0; k < folds.size(); ++k) {
      const auto where = fmt::format("h={} embargo={} folds={} fold={}", shape.horizon, shape.embargo, shape.folds, k);
      const auto& fold = folds[k];
      check_fold(rows, fold, true, where);
      // Test block k+1 of folds+1 nearly equal blocks: [(k+1)*300/blocks, (k+2)*300/blocks).
      const std::size_t first = (k + 1) * kDates / blocks, last = (k + 2) * kDates / blocks - 1;
      EXPECT_EQ(fold.test_start, rows.calendar[first]) << where;
      EXPECT_EQ(fold.test_end, rows.calendar[last]) << where;
      EXPECT_EQ(fold.test.size(), (last - first + 1) * kSymbols) << where;
      // Purged: the h dates right before the block; embargoed: the e dates before those (the
      // embargo counts from the purge boundary, so the gap is h + e dates).
      const std::size_t purged_dates = std::min(shape.horizon, first);
      const std::size_t embargoed_dates = std::min(static_cast<std::size_t>(shape.embargo), first - purged_dates);
      EXPECT_EQ(fold.purged, purged_dates * kSymbols) << where;
      EXPECT_EQ(fold.embargoed, embargoed_dates * kSymbols) << where;
      EXPECT_EQ(fold.train.size(), (first - purged_dates - embargoed_dates) * kSymbols) << where;
      // Everything after the test block is neither train nor counted.
      EXPECT_EQ(fold.train.size() + fold.test.size() + fold.purged + fold.embargoed, (last + 1) * kSymbols) << where;
    }
    // Test blocks are disjoint and consecutive; together they cover block 1 to the last date.
    EXPECT_EQ(folds.front().test_start, rows.calendar[kDates / blocks]);
    EXPECT_EQ(folds.back().test_end, rows.calendar[kDates - 1]);
    for (std::size_t k = 1; k < folds.size(); ++k) {
      EXPECT_EQ(index_of(rows.calendar, folds[k].test_start), index_of(rows.calendar, folds[k - 1].test_end) + 1);
    }
  }
}

TEST(PurgedKFoldSplits, NoTrainingLabelReachesTheTestBlock) {
  constexpr std::size_t kDates = 300, kSymbols = 3;
  for (const auto& shape : kShapes) {
    const auto rows = make_rows(kDates, kSymbols, shape.horizon);
    const auto folds = purged_kfold_splits(rows.date, rows.label_end, shape.folds, shape.embargo);
    ASSERT_EQ(folds.size(), static_cast<std::size_t>(shape.folds));
    const auto blocks = static_cast<std::size_t>(shape.folds);
    std::vector<int> times_tested(rows.date.size(), 0);
    for (std::size_t k = 0; k < folds.size(); ++k) {
      const auto where = fmt::format("h={} embargo={} folds={} fold={}", shape.horizon, shape.embargo, shape.folds, k);
      const auto& fold = folds[k];
      check_fold(rows, fold, false, where);
      for (auto r : fold.test) ++times_tested[r];
      const std::size_t first = k * kDates / blocks, last = (k + 1) * kDates / blocks - 1;
      EXPECT_EQ(fold.test_start, rows.calendar[first]) << where;
      EXPECT_EQ(fold.test_end, rows.calendar[last]) << where;
      // Purged: the h dates before the block and the h dates after it (their labels overlap the
      // test labels' span); embargoed: the e dates after those (none past the end).
      const std::size_t purged_after = std::min(shape.horizon, kDates - 1 - last);
      const std::size_t purged_dates = std::min(shape.horizon, first) + purged_after;
      const std::size_t embargoed_dates =
          std::min(static_cast<std::size_t>(shape.embargo), kDates - 1 - last - purged_after);
      EXPECT_EQ(fold.purged, purged_dates * kSymbols) << where;
      EXPECT_EQ(fold.embargoed, embargoed_dates * kSymbols) << where;
      EXPECT_EQ(fold.train.size() + fold.test.size() + fold.purged + fold.embargoed, rows.date.size()) << where;
      // Training after the block starts right after the purge and the embargo.
      for (auto r : fold.train) {
        if (rows.date_index[r] > last) {
          EXPECT_GT(rows.date_index[r], last + purged_after + embargoed_dates) << where;
        }
      }
    }
    // Every row is tested exactly once; the blocks are consecutive from the first date to the last.
    for (std::size_t r = 0; r < rows.date.size(); ++r) EXPECT_EQ(times_tested[r], 1) << "row " << r;
    EXPECT_EQ(folds.front().test_start, rows.calendar[0]);
    EXPECT_EQ(folds.back().test_end, rows.calendar[kDates - 1]);
    for (std::size_t k = 1; k < folds.size(); ++k) {
      EXPECT_EQ(index_of(rows.calendar, folds[k].test_start), index_of(rows.calendar, folds[k - 1].test_end) + 1);
    }
  }
}

TEST(Splits, RowsNeedNotBeSortedAndDatesWithFewerSymbolsStillGroup) {
  // Same property on a shuffled row order where one symbol is missing every 7th date.
  const auto calendar = business_days(220);
  std::vector<Date> date, label_end;
  for (std::size_t i = 0; i < 200; ++i) {
    for (std::size_t s = 0; s < 3; ++s) {
      if (s == 2 && i % 7 == 0) continue;
      date.push_back(calendar[i]);
      label_end.push_back(calendar[i + 10]);
    }
  }
  std::vector<std::size_t> order(date.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = (i * 37) % order.size();  // 37 coprime with 571
  ASSERT_EQ(date.size(), 571u);
  std::vector<Date> shuffled_date, shuffled_end;
  for (auto i : order) {
    shuffled_date.push_back(date[i]);
    shuffled_end.push_back(label_end[i]);
  }
  for (const auto& folds : {walk_forward_splits(shuffled_date, shuffled_end, 4, 5),
                            purged_kfold_splits(shuffled_date, shuffled_end, 4, 5)}) {
    for (const auto& fold : folds) {
      for (auto r : fold.train) {
        EXPECT_FALSE(shuffled_date[r] <= fold.test_label_end && shuffled_end[r] >= fold.test_start);
      }
      for (std::size_t r = 0; r < shuffled_date.size(); ++r) {
        const bool inside = shuffled_date[r] >= fold.test_start && shuffled_date[r] <= fold.test_end;
        EXPECT_EQ(inside, std::binary_search(fold.test.begin(), fold.test.end(), r));
      }
    }
  }
}

// ---------------------------------------------------------------- embargo with no purge

TEST(WalkForwardSplits, EmbargoOfFiveDatesBeforeTheTestBlock) {
  const auto rows = make_rows(300, 3, 0);  // label_end == date: nothing to purge
  const auto folds = walk_forward_splits(rows.date, rows.label_end, 5, 5);
  ASSERT_EQ(folds.size(), 5u);
  for (const auto& fold : folds) {
    EXPECT_EQ(fold.purged, 0u);
    EXPECT_EQ(fold.embargoed, 15u);  // 5 dates x 3 symbols
    const auto first = index_of(rows.calendar, fold.test_start);
    // The training rows are exactly the dates before first - 5.
    ASSERT_EQ(fold.train.size(), (first - 5) * 3);
    EXPECT_EQ(fold.train.back(), (first - 5) * 3 - 1);
    EXPECT_EQ(rows.date[fold.train.back()], rows.calendar[first - 6]);
  }
  // Fold 1: test block [50, 99], train dates 0..44, embargo dates 45..49.
  EXPECT_EQ(folds[0].test_start, rows.calendar[50]);
  EXPECT_EQ(folds[0].train.size(), 135u);
}

TEST(PurgedKFoldSplits, EmbargoOfFiveDatesAfterTheTestBlock) {
  const auto rows = make_rows(300, 3, 0);
  const auto folds = purged_kfold_splits(rows.date, rows.label_end, 5, 5);
  ASSERT_EQ(folds.size(), 5u);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const auto& fold = folds[k];
    EXPECT_EQ(fold.purged, 0u);
    const bool last_block = k + 1 == folds.size();
    EXPECT_EQ(fold.embargoed, last_block ? 0u : 15u) << k;
    const auto first = index_of(rows.calendar, fold.test_start);
    const auto last = index_of(rows.calendar, fold.test_end);
    // Every date before the block trains (no embargo before it); the 5 after it do not.
    std::set<std::size_t> train_dates;
    for (auto r : fold.train) train_dates.insert(rows.date_index[r]);
    for (std::size_t i = 0; i < first; ++i) EXPECT_TRUE(train_dates.count(i)) << "fold " << k << " date " << i;
    for (std::size_t i = last + 1; i < 300; ++i) {
      EXPECT_EQ(train_dates.count(i) == 1, i > last + 5) << "fold " << k << " date " << i;
    }
  }
  // Block 0 = dates [0, 59]: training starts at date 65.
  EXPECT_EQ(rows.date[folds[0].train.front()], rows.calendar[65]);
}

// ---------------------------------------------------------------- a small case by hand

// 12 dates x 3 symbols (row = 3 * date + symbol), label_end = 2 dates later.
TEST(WalkForwardSplits, SmallCaseByHand) {
  const auto rows = make_rows(12, 3, 2);
  // folds 2 -> 3 blocks of 4 dates: tests [4,7] and [8,11]. Embargo 3.
  const auto folds = walk_forward_splits(rows.date, rows.label_end, 2, 3);
  ASSERT_EQ(folds.size(), 2u);
  // Fold 1: dates 2,3 reach date 4 -> purged (6 rows); the embargo's 3 dates before date 2 are
  // dates 0,1 (6 rows): nothing left to train on.
  EXPECT_EQ(folds[0].purged, 6u);
  EXPECT_EQ(folds[0].embargoed, 6u);
  EXPECT_TRUE(folds[0].train.empty());
  EXPECT_EQ(folds[0].test, (std::vector<std::size_t>{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}));
  EXPECT_EQ(folds[0].test_start, rows.calendar[4]);
  EXPECT_EQ(folds[0].test_end, rows.calendar[7]);
  EXPECT_EQ(folds[0].test_label_end, rows.calendar[9]);
  // Fold 2: dates 6,7 purged (6 rows); embargo dates 3..5 (9 rows); train dates 0..2.
  EXPECT_EQ(folds[1].purged, 6u);
  EXPECT_EQ(folds[1].embargoed, 9u);
  EXPECT_EQ(folds[1].train, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(folds[1].test.size(), 12u);
  EXPECT_EQ(folds[1].test.front(), 24u);
  EXPECT_EQ(folds[1].test_end, rows.calendar[11]);
}

TEST(PurgedKFoldSplits, SmallCaseByHand) {
  const auto rows = make_rows(12, 3, 2);
  // folds 3 -> blocks [0,3], [4,7], [8,11]. Embargo 1.
  const auto folds = purged_kfold_splits(rows.date, rows.label_end, 3, 1);
  ASSERT_EQ(folds.size(), 3u);
  // Block [0,3]: its labels end at date 5, so dates 4,5 are purged; date 6 embargoed; train
  // dates 7..11 = rows 21..35.
  EXPECT_EQ(folds[0].test_label_end, rows.calendar[5]);
  EXPECT_EQ(folds[0].purged, 6u);
  EXPECT_EQ(folds[0].embargoed, 3u);
  ASSERT_EQ(folds[0].train.size(), 15u);
  EXPECT_EQ(folds[0].train.front(), 21u);
  EXPECT_EQ(folds[0].train.back(), 35u);
  // Block [4,7]: dates 2,3 and 8,9 purged; date 10 embargoed; train dates 0,1,11.
  EXPECT_EQ(folds[1].purged, 12u);
  EXPECT_EQ(folds[1].embargoed, 3u);
  EXPECT_EQ(folds[1].train, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 33, 34, 35}));
  // Block [8,11]: dates 6,7 purged; nothing after; train dates 0..5.
  EXPECT_EQ(folds[2].purged, 6u);
  EXPECT_EQ(folds[2].embargoed, 0u);
  ASSERT_EQ(folds[2].train.size(), 18u);
  EXPECT_EQ(folds[2].train.back(), 17u);
  EXPECT_EQ(folds[2].test.front(), 24u);
}

// The defect found in review: with a 90-day label and embargo 10, rows dated test_end + 11 ...
// test_end + 90 trained although their labels share up to 79 days of return with the test labels.
TEST(PurgedKFoldSplits, RowsAfterTheBlockWhoseLabelsOverlapTheTestLabelsArePurged) {
  const auto rows = make_rows(1000, 2, 90);
  const auto folds = purged_kfold_splits(rows.date, rows.label_end, 5, 10);
  const auto& fold = folds[1];  // block [200, 399]
  for (auto r : fold.train) {
    const auto d = rows.date_index[r];
    EXPECT_TRUE(d < 200 - 90 || d > 399 + 90 + 10) << "date index " << d << " trains";
  }
  EXPECT_EQ(fold.purged, (90u + 90u) * 2);
  EXPECT_EQ(fold.embargoed, 10u * 2);
}

// In walk-forward the embargo drops rows beyond the purge even when the horizon exceeds it (it
// never dropped a row when horizon >= embargo).
TEST(WalkForwardSplits, EmbargoCountsFromThePurgeBoundary) {
  const auto rows = make_rows(600, 2, 90);
  const auto folds = walk_forward_splits(rows.date, rows.label_end, 5, 10);
  const auto& fold = folds[2];  // block [300, 399]
  EXPECT_EQ(fold.purged, 90u * 2);
  EXPECT_EQ(fold.embargoed, 10u * 2);
  EXPECT_EQ(rows.date_index[fold.train.back()], 300u - 90 - 10 - 1);
}

// ---------------------------------------------------------------- errors

TEST(Splits, TooFewDatesIsDataError) {
  // walk-forward with 5 folds = 6 blocks needs 12 dates; purged k-fold with 5 folds needs 10.
  const auto eleven = make_rows(11, 3, 1);
  EXPECT_THROW(walk_forward_splits(eleven.date, eleven.label_end, 5, 0), DataError);
  const auto twelve = make_rows(12, 3, 1);
  EXPECT_EQ(walk_forward_splits(twelve.date, twelve.label_end, 5, 0).size(), 5u);
  const auto nine = make_rows(9, 3, 1);
  EXPECT_THROW(purged_kfold_splits(nine.date, nine.label_end, 5, 0), DataError);
  const auto ten = make_rows(10, 3, 1);
  EXPECT_EQ(purged_kfold_splits(ten.date, ten.label_end, 5, 0).size(), 5u);
  const std::vector<Date> none;
  EXPECT_THROW(walk_forward_splits(none, none, 2, 0), DataError);
  EXPECT_THROW(purged_kfold_splits(none, none, 2, 0), DataError);
}

TEST(Splits, FewerThanTwoFoldsIsConfigError) {
  const auto rows = make_rows(100, 3, 1);
  EXPECT_THROW(walk_forward_splits(rows.date, rows.label_end, 1, 0), ConfigError);
  EXPECT_THROW(walk_forward_splits(rows.date, rows.label_end, 0, 0), ConfigError);
  EXPECT_THROW(purged_kfold_splits(rows.date, rows.label_end, 1, 0), ConfigError);
  EXPECT_THROW(purged_kfold_splits(rows.date, rows.label_end, -2, 0), ConfigError);
  EXPECT_THROW(random_kfold_splits(100, 1, 42), ConfigError);
  EXPECT_THROW(make_splits({"walk-forward", 1, 0, 42}, rows.date, rows.label_end), ConfigError);
}

// ---------------------------------------------------------------- random k-fold

TEST(RandomKFoldSplits, PartitionsAllRowsDeterministically) {
  const auto folds = random_kfold_splits(103, 5, 7);
  ASSERT_EQ(folds.size(), 5u);
  std::vector<int> tested(103, 0);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const auto& fold = folds[k];
    EXPECT_EQ(fold.test.size(), k < 3 ? 21u : 20u);  // 103 = 3 x 21 + 2 x 20
    EXPECT_EQ(fold.train.size() + fold.test.size(), 103u);
    EXPECT_TRUE(std::is_sorted(fold.test.begin(), fold.test.end()));
    EXPECT_TRUE(std::is_sorted(fold.train.begin(), fold.train.end()));
    std::vector<std::size_t> all;
    std::merge(fold.train.begin(), fold.train.end(), fold.test.begin(), fold.test.end(), std::back_inserter(all));
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], i);  // train and test partition 0..102
    for (auto r : fold.test) ++tested[r];
    EXPECT_EQ(fold.purged, 0u);
    EXPECT_EQ(fold.embargoed, 0u);
  }
  for (int t : tested) EXPECT_EQ(t, 1);

  const auto again = random_kfold_splits(103, 5, 7);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(again[k].test, folds[k].test);
    EXPECT_EQ(again[k].train, folds[k].train);
  }
  const auto other = random_kfold_splits(103, 5, 8);
  bool differs = false;
  for (std::size_t k = 0; k < folds.size(); ++k) differs = differs || other[k].test != folds[k].test;
  EXPECT_TRUE(differs);
  // Shuffled: a test fold is not one contiguous run of rows.
  EXPECT_NE(folds[0].test.back() - folds[0].test.front() + 1, folds[0].test.size());
}

// ---------------------------------------------------------------- make_splits

TEST(MakeSplits, DispatchesByMethodName) {
  const auto rows = make_rows(120, 3, 4);
  const auto wf = make_splits({"walk-forward", 3, 2, 1}, rows.date, rows.label_end);
  const auto wf_direct = walk_forward_splits(rows.date, rows.label_end, 3, 2);
  ASSERT_EQ(wf.size(), 3u);
  for (std::size_t k = 0; k < wf.size(); ++k) {
    EXPECT_EQ(wf[k].train, wf_direct[k].train);
    EXPECT_EQ(wf[k].test, wf_direct[k].test);
    EXPECT_EQ(wf[k].purged, wf_direct[k].purged);
  }
  const auto pk = make_splits({"purged-kfold", 4, 2, 1}, rows.date, rows.label_end);
  const auto pk_direct = purged_kfold_splits(rows.date, rows.label_end, 4, 2);
  ASSERT_EQ(pk.size(), 4u);
  for (std::size_t k = 0; k < pk.size(); ++k) {
    EXPECT_EQ(pk[k].train, pk_direct[k].train);
    EXPECT_EQ(pk[k].embargoed, pk_direct[k].embargoed);
  }
  // Random: the test dates span of each fold is the min/max date of its rows.
  const auto rnd = make_splits({"random", 4, 2, 11}, rows.date, rows.label_end);
  const auto rnd_direct = random_kfold_splits(rows.date.size(), 4, 11);
  ASSERT_EQ(rnd.size(), 4u);
  for (std::size_t k = 0; k < rnd.size(); ++k) {
    EXPECT_EQ(rnd[k].test, rnd_direct[k].test);
    Date lo = rows.date[rnd[k].test.front()], hi = lo;
    for (auto r : rnd[k].test) {
      lo = std::min(lo, rows.date[r]);
      hi = std::max(hi, rows.date[r]);
    }
    EXPECT_EQ(rnd[k].test_start, lo);
    EXPECT_EQ(rnd[k].test_end, hi);
  }
}

TEST(MakeSplits, UnknownMethodIsConfigError) {
  const auto rows = make_rows(120, 3, 4);
  try {
    make_splits({"shuffled", 3, 2, 1}, rows.date, rows.label_end);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("shuffled"), std::string::npos) << message;
    EXPECT_NE(message.find("purged-kfold"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace mp::ml
