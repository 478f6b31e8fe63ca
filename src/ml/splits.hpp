#pragma once
// Time-series cross-validation by DATE across all symbols: every row of one date falls on the
// same side. Purge (López de Prado, AFML ch. 7.4.1): a training row whose label window [date,
// label_end] overlaps [first test date, last test row's label end] is dropped, so no training
// label shares a day of return with a test label, before or after the block. Embargo: `embargo`
// more trading dates beyond the purge are dropped against serial correlation of features
// (walk-forward: before the earliest purged date, so the gap is horizon + embargo; purged k-fold:
// after the last test label's end, AFML 7.4.2).
#include "core/dates.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mp::ml {

struct Fold {
  std::vector<std::size_t> train;  // row indices, increasing
  std::vector<std::size_t> test;
  Date test_start{};
  Date test_end{};
  Date test_label_end{};      // the last date a test row's label looks at (>= test_end)
  std::size_t purged = 0;     // training rows whose [date, label_end] overlaps [test_start, test_label_end]
  std::size_t embargoed = 0;  // training rows dropped by the embargo
};

struct SplitSpec {
  std::string method = "walk-forward";  // walk-forward | purged-kfold | random
  int folds = 5;
  int embargo = 10;         // trading dates
  std::uint64_t seed = 42;  // random only
  bool operator==(const SplitSpec&) const = default;
};

// Expanding window: the labelled dates are cut into folds+1 consecutive blocks; fold k trains
// on blocks 0..k-1 and tests on block k.
std::vector<Fold> walk_forward_splits(std::span<const Date> dates, std::span<const Date> label_end, int folds,
                                      int embargo);

// k blocks of consecutive dates; each is the test block once, training on all other rows
// whose label window does not overlap it, minus the embargo after it.
std::vector<Fold> purged_kfold_splits(std::span<const Date> dates, std::span<const Date> label_end, int folds,
                                      int embargo);

// Shuffled k-fold over rows, no purge, no embargo: leaks on purpose. It exists only to show
// how much a shuffled split inflates the numbers.
std::vector<Fold> random_kfold_splits(std::size_t rows, int folds, std::uint64_t seed);

std::vector<Fold> make_splits(const SplitSpec& spec, std::span<const Date> dates, std::span<const Date> label_end);

}  // namespace mp::ml
