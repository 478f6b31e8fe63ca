#pragma once
// Feature rows as CSV, streamed: what `mpredict features` writes. Header "[symbol,]date,<names>",
// then each symbol's rows by date; NaN (warm-up, missing inputs) is an empty cell.
//
// Bounded memory for any input size: symbols are taken in groups of about kGroupRows rows (a
// longer symbol is a group by itself), the group's features computed in parallel, then its rows
// formatted in parallel chunks and written in order (core/csv_writer); only one group's feature
// columns and one chunk of text per thread are in memory at a time.
#include "core/panel.hpp"
#include "core/thread_pool.hpp"
#include "features/feature_pipeline.hpp"

#include <cstddef>
#include <ostream>
#include <vector>

namespace mp::features {

struct FeatureCsvOptions {
  bool symbol_column = false;         // a leading "symbol" column (for more than one symbol)
  std::size_t group_rows = 1U << 18;  // rows of feature columns computed before they are written
  std::size_t rows_per_chunk = 4096;  // rows one thread formats at a time
};

// The rows of `series` in the order given, with `aux` (may be null) joined as in training.
// Returns the number of rows written; IoError when `out` fails.
std::size_t write_features_csv(std::ostream& out, const std::vector<const SymbolSeries*>& series,
                               const FeatureList& features, const AuxData* aux, ThreadPool& pool,
                               const FeatureCsvOptions& options = {});

}  // namespace mp::features
