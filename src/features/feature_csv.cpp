#include "features/feature_csv.hpp"

#include "core/csv_writer.hpp"

#include <algorithm>

namespace mp::features {

namespace {

void write_header(std::ostream& out, const FeatureList& features, bool symbol_column) {
  CsvTextBuffer header;
  if (symbol_column) header.text("symbol");
  header.text("date");
  for (const auto& name : feature_names(features)) header.text(name);
  header.end_row();
  out.write(header.view().data(), static_cast<std::streamsize>(header.size()));
}

// The frames' rows one after another: which frame and which row of it an output row is.
struct RowIndex {
  std::vector<std::size_t> first_row;  // of each frame, in output rows; one extra entry: the total

  explicit RowIndex(const std::vector<FeatureFrame>& frames) {
    first_row.push_back(0);
    for (const auto& frame : frames) first_row.push_back(first_row.back() + frame.rows());
  }
  [[nodiscard]] std::size_t rows() const { return first_row.back(); }
  [[nodiscard]] std::pair<std::size_t, std::size_t> locate(std::size_t row) const {
    const auto it = std::upper_bound(first_row.begin(), first_row.end(), row) - 1;
    return {static_cast<std::size_t>(it - first_row.begin()), row - *it};
  }
};

void write_group(std::ostream& out, const std::vector<FeatureFrame>& frames, bool symbol_column, ThreadPool& pool,
                 std::size_t rows_per_chunk) {
  const RowIndex index(frames);
  write_csv_rows(
      out, index.rows(),
      [&](std::size_t row, CsvTextBuffer& buffer) {
        const auto [f, r] = index.locate(row);
        const FeatureFrame& frame = frames[f];
        if (symbol_column) buffer.text(frame.symbol);
        buffer.date(frame.dates[r]);
        for (const auto& column : frame.columns) buffer.number(column[r]);
      },
      pool, rows_per_chunk);
}

}  // namespace

std::size_t write_features_csv(std::ostream& out, const std::vector<const SymbolSeries*>& series,
                               const FeatureList& features, const AuxData* aux, ThreadPool& pool,
                               const FeatureCsvOptions& options) {
  write_header(out, features, options.symbol_column);
  std::size_t written = 0;
  for (std::size_t first = 0; first < series.size();) {
    std::size_t last = first;
    for (std::size_t rows = 0; last < series.size() && (last == first || rows < options.group_rows); ++last) {
      rows += series[last]->size();
    }
    std::vector<FeatureFrame> frames(last - first);
    pool.parallel_for(frames.size(), [&](std::size_t i) {
      thread_local Workspace workspace;
      const SymbolSeries& one = *series[first + i];
      frames[i] = compute_features(one, features, workspace, aux_for(aux, one.symbol()));
    });
    write_group(out, frames, options.symbol_column, pool, options.rows_per_chunk);
    for (const auto& frame : frames) written += frame.rows();
    first = last;
  }
  return written;
}

}  // namespace mp::features
