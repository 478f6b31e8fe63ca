#include "ml/dataset.hpp"

#include "core/error.hpp"
#include "core/hashing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mp::ml {

namespace {

struct RowRef {
  Date date;
  std::uint32_t symbol;
  std::uint32_t index;  // row within the symbol's frame
};

void append_row(Dataset& out, const features::FeatureFrame& frame, const labels::LabelColumn& labels,
                const RowRef& ref) {
  for (const auto& column : frame.columns) out.x.push_back(column[ref.index]);
  out.y.push_back(labels.label[ref.index]);
  out.weight.push_back(1.0);
  out.date.push_back(ref.date);
  out.label_end.push_back(labels.end_date[ref.index]);
  out.symbol_index.push_back(ref.symbol);
}

}  // namespace

double Dataset::positive_rate() const {
  if (y.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
}

std::string Dataset::content_hash() const {
  Fingerprint fp;
  for (const auto& name : feature_names) fp.add(name);
  fp.add(std::span<const double>(x));
  fp.add(std::span<const double>(y));
  for (auto d : date) fp.add(static_cast<std::int64_t>(date_to_days(d)));
  for (auto s : symbol_index) fp.add(static_cast<std::int64_t>(s));
  return fp.hex();
}

Dataset subset_rows(const Dataset& data, const std::vector<std::size_t>& rows) {
  Dataset out;
  out.feature_names = data.feature_names;
  out.symbols = data.symbols;
  out.x.reserve(rows.size() * data.cols());
  for (auto r : rows) {
    out.x.insert(out.x.end(), data.row(r), data.row(r) + data.cols());
    out.y.push_back(data.y[r]);
    out.weight.push_back(data.weight[r]);
    out.date.push_back(data.date[r]);
    out.label_end.push_back(data.label_end[r]);
    out.symbol_index.push_back(data.symbol_index[r]);
  }
  return out;
}

std::string panel_fingerprint(const Panel& panel) {
  Fingerprint fp;
  for (const auto& s : panel.series()) {
    fp.add(s.symbol());
    for (auto d : s.dates()) fp.add(static_cast<std::int64_t>(date_to_days(d)));
    for (auto column : {s.open(), s.high(), s.low(), s.close(), s.adj_close(), s.volume()}) fp.add(column);
  }
  return fp.hex();
}

DatasetBuild build_dataset(const Panel& panel, const features::FeatureList& features, const labels::LabelSpec& label,
                           ThreadPool& pool, const features::AuxData* aux) {
  if (panel.empty()) throw DataError("the universe is empty: no symbols to build a dataset from");
  auto frames = features::compute_panel_features(panel, features, pool, aux);
  auto label_columns = labels::make_labeler(label)->label(panel);
  const auto warmup = static_cast<std::size_t>(features::max_warmup(features));

  DatasetBuild build;
  std::vector<RowRef> labelled_rows, unlabelled_rows;
  for (std::uint32_t s = 0; s < panel.size(); ++s) {
    const auto& frame = frames[s];
    for (std::uint32_t i = 0; i < frame.rows(); ++i) {
      if (i < warmup) {
        ++build.warmup_rows_excluded;
        continue;
      }
      const auto& labels = label_columns[s];
      if (!std::isnan(labels.label[i])) {
        labelled_rows.push_back({frame.dates[i], s, i});
      } else if (labels.pending[i] != 0) {
        unlabelled_rows.push_back({frame.dates[i], s, i});
      } else {
        ++build.no_label_rows_excluded;  // horizon complete, but no bar on its end date (or too few symbols)
      }
    }
  }
  auto by_date_then_symbol = [](const RowRef& a, const RowRef& b) {
    return a.date != b.date ? a.date < b.date : a.symbol < b.symbol;
  };
  for (auto* rows : {&labelled_rows, &unlabelled_rows}) {
    std::sort(rows->begin(), rows->end(), by_date_then_symbol);
    auto& out = rows == &labelled_rows ? build.labelled : build.unlabelled;
    out.feature_names = features::feature_names(features);
    out.symbols = panel.symbols();
    out.x.reserve(rows->size() * features.size());
    for (const auto& ref : *rows) append_row(out, frames[ref.symbol], label_columns[ref.symbol], ref);
  }
  build.data_fingerprint = panel_fingerprint(panel);
  return build;
}

}  // namespace mp::ml
