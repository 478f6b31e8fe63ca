#include "ml/splits.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace mp::ml {

namespace {

std::vector<Date> unique_dates(std::span<const Date> dates) {
  std::vector<Date> out(dates.begin(), dates.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Boundaries of `blocks` nearly equal blocks over `count` dates: block b is [cut[b], cut[b+1]).
std::vector<std::size_t> block_cuts(std::size_t count, std::size_t blocks) {
  std::vector<std::size_t> cuts(blocks + 1);
  for (std::size_t b = 0; b <= blocks; ++b) cuts[b] = b * count / blocks;
  return cuts;
}

void check_folds(int folds, int embargo, std::size_t dates, std::size_t blocks) {
  if (folds < 2) throw ConfigError(fmt::format("need at least 2 folds, got {}", folds));
  if (embargo < 0) throw ConfigError(fmt::format("embargo must be >= 0 trading dates, got {}", embargo));
  if (dates < blocks * 2) {
    throw DataError(fmt::format("{} labelled dates are too few for {} folds", dates, folds));
  }
}

// Date index of each value in the sorted unique list; dates beyond it map to its size.
std::size_t date_index(const std::vector<Date>& sorted, Date d) {
  return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), d) - sorted.begin());
}

struct TestBlock {
  std::size_t first;  // date indices, inclusive
  std::size_t last;
};

// Where the embargo goes: walk-forward trains only before the test block and embargoes the dates
// before the purge boundary (the earliest purged date), so the gap is horizon + embargo; purged
// k-fold also trains after the block and embargoes the dates after the last test label's end
// (López de Prado, AFML ch. 7.4).
enum class Layout { WalkForward, PurgedKFold };

// The last date any test row's label looks at: the purge covers [test start, this].
Date last_test_label_end(std::span<const Date> dates, std::span<const Date> label_end, Date test_start, Date test_end) {
  Date out = test_end;
  for (std::size_t row = 0; row < dates.size(); ++row) {
    if (dates[row] >= test_start && dates[row] <= test_end) out = std::max(out, label_end[row]);
  }
  return out;
}

// Sorts rows into test, train, purged or embargoed for one test block. Purge: a training row whose
// label window [date, label_end] overlaps [first test date, last test label end]. Embargo:
// `embargo` trading dates beyond the purge, on the side the layout says.
Fold assign_rows(std::span<const Date> dates, std::span<const Date> label_end, const std::vector<Date>& calendar,
                 TestBlock block, std::size_t embargo, Layout layout) {
  Fold fold;
  fold.test_start = calendar[block.first];
  fold.test_end = calendar[block.last];
  fold.test_label_end = last_test_label_end(dates, label_end, fold.test_start, fold.test_end);
  const auto overlaps = [&](std::size_t row) {
    return dates[row] <= fold.test_label_end && label_end[row] >= fold.test_start;
  };
  std::vector<std::size_t> index(dates.size());
  std::size_t purge_first = block.first;  // earliest purged date index before the block
  for (std::size_t row = 0; row < dates.size(); ++row) {
    index[row] = date_index(calendar, dates[row]);
    if (index[row] < block.first && overlaps(row)) purge_first = std::min(purge_first, index[row]);
  }
  // Date indices [embargo_from, embargo_to) are embargoed.
  std::size_t embargo_from = 0, embargo_to = 0;
  if (layout == Layout::WalkForward) {
    embargo_to = purge_first;
    embargo_from = purge_first >= embargo ? purge_first - embargo : 0;
  } else {
    const auto after_purge = static_cast<std::size_t>(
        std::upper_bound(calendar.begin(), calendar.end(), fold.test_label_end) - calendar.begin());
    embargo_from = after_purge;
    embargo_to = after_purge + embargo;
  }
  for (std::size_t row = 0; row < dates.size(); ++row) {
    const std::size_t d = index[row];
    if (d >= block.first && d <= block.last) {
      fold.test.push_back(row);
    } else if (d > block.last && layout == Layout::WalkForward) {
      continue;  // the future of a walk-forward fold is neither trained on nor counted
    } else if (overlaps(row)) {
      ++fold.purged;
    } else if ((d >= embargo_from && d < embargo_to) || (layout == Layout::WalkForward && d >= purge_first)) {
      ++fold.embargoed;
    } else {
      fold.train.push_back(row);
    }
  }
  return fold;
}

}  // namespace

std::vector<Fold> walk_forward_splits(std::span<const Date> dates, std::span<const Date> label_end, int folds,
                                      int embargo) {
  const auto calendar = unique_dates(dates);
  const auto blocks = static_cast<std::size_t>(std::max(folds, 0)) + 1;
  check_folds(folds, embargo, calendar.size(), blocks);
  const auto cuts = block_cuts(calendar.size(), blocks);
  std::vector<Fold> out;
  for (std::size_t b = 1; b < blocks; ++b) {
    TestBlock block{cuts[b], cuts[b + 1] - 1};
    out.push_back(
        assign_rows(dates, label_end, calendar, block, static_cast<std::size_t>(embargo), Layout::WalkForward));
  }
  return out;
}

std::vector<Fold> purged_kfold_splits(std::span<const Date> dates, std::span<const Date> label_end, int folds,
                                      int embargo) {
  const auto calendar = unique_dates(dates);
  const auto blocks = static_cast<std::size_t>(std::max(folds, 0));
  check_folds(folds, embargo, calendar.size(), blocks);
  const auto cuts = block_cuts(calendar.size(), blocks);
  std::vector<Fold> out;
  for (std::size_t b = 0; b < blocks; ++b) {
    TestBlock block{cuts[b], cuts[b + 1] - 1};
    out.push_back(
        assign_rows(dates, label_end, calendar, block, static_cast<std::size_t>(embargo), Layout::PurgedKFold));
  }
  return out;
}

std::vector<Fold> random_kfold_splits(std::size_t rows, int folds, std::uint64_t seed) {
  if (folds < 2) throw ConfigError(fmt::format("need at least 2 folds, got {}", folds));
  std::vector<std::size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<Fold> out(static_cast<std::size_t>(folds));
  for (std::size_t i = 0; i < rows; ++i) {
    const auto k = i % out.size();
    for (std::size_t f = 0; f < out.size(); ++f) (f == k ? out[f].test : out[f].train).push_back(order[i]);
  }
  for (auto& fold : out) {
    std::sort(fold.test.begin(), fold.test.end());
    std::sort(fold.train.begin(), fold.train.end());
  }
  return out;
}

std::vector<Fold> make_splits(const SplitSpec& spec, std::span<const Date> dates, std::span<const Date> label_end) {
  if (spec.method == "walk-forward") return walk_forward_splits(dates, label_end, spec.folds, spec.embargo);
  if (spec.method == "purged-kfold") return purged_kfold_splits(dates, label_end, spec.folds, spec.embargo);
  if (spec.method == "random") {
    auto folds = random_kfold_splits(dates.size(), spec.folds, spec.seed);
    for (auto& fold : folds) {
      auto [lo, hi] = std::minmax_element(fold.test.begin(), fold.test.end(),
                                          [&](std::size_t a, std::size_t b) { return dates[a] < dates[b]; });
      if (lo != fold.test.end()) {
        fold.test_start = dates[*lo];
        fold.test_end = dates[*hi];
      }
    }
    return folds;
  }
  throw ConfigError(fmt::format("unknown split '{}'; known: walk-forward, purged-kfold, random", spec.method));
}

}  // namespace mp::ml
