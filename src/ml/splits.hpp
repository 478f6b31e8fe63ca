#pragma once
// Time-series cross-validation by DATE across all symbols: every row of one date falls on the
// same side. Purge: a training row whose label window [date, label_end] reaches into the test
// period is dropped, so no training label saw a test-period price. Embargo: `embargo` trading
// dates next to the test block are dropped from training as well, against serial correlation
// of features (walk-forward: before the test block, like a gap; purged k-fold: after it, as in
// López de Prado, AFML ch. 7).
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
  std::size_t purged = 0;     // training rows dropped because their label reached the test period
  std::size_t embargoed = 0;  // training rows dropped by the embargo
};

struct SplitSpec {
  std::string method = "walk-forward";  // walk-forward | purged-kfold | random
  int folds = 5;
  int embargo = 10;         // trading dates
  std::uint64_t seed = 42;  // random only
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
