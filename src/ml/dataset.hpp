#pragma once
// The model's table: rows = symbol x date sorted by (date, symbol), X row-major in double
// (converted to float once, at the XGBoost boundary), labels with their end dates.
#include "core/panel.hpp"
#include "core/thread_pool.hpp"
#include "features/feature_pipeline.hpp"
#include "labels/labeler.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mp::ml {

struct Dataset {
  std::vector<std::string> feature_names;
  std::vector<std::string> symbols;  // symbol_index refers here
  std::vector<double> x;             // rows() * cols(), row-major
  std::vector<double> y;             // 1/0 (NaN in the unlabelled set)
  std::vector<double> weight;        // 1 for now
  std::vector<Date> date;
  std::vector<Date> label_end;  // last date the label looks at
  std::vector<std::uint32_t> symbol_index;

  [[nodiscard]] std::size_t rows() const noexcept { return date.size(); }
  [[nodiscard]] std::size_t cols() const noexcept { return feature_names.size(); }
  [[nodiscard]] const double* row(std::size_t i) const noexcept { return x.data() + i * cols(); }
  [[nodiscard]] double positive_rate() const;
  // Fingerprint of every value in the table (lineage: same data, same hash).
  [[nodiscard]] std::string content_hash() const;
};

struct DatasetBuild {
  Dataset labelled;    // complete horizon: training and evaluation rows
  Dataset unlabelled;  // incomplete horizon: the rows that get predicted
  std::size_t warmup_rows_excluded = 0;
  // Complete horizon but no label: no bar on the label's end date, or (relative label) fewer than
  // min_symbols returns ending there.
  std::size_t no_label_rows_excluded = 0;
  std::string data_fingerprint;  // of the input bars
};

DatasetBuild build_dataset(const Panel& panel, const features::FeatureList& features, const labels::LabelSpec& label,
                           ThreadPool& pool, const features::AuxData* aux = nullptr);

// The listed rows (increasing) of a dataset, every column kept.
Dataset subset_rows(const Dataset& data, const std::vector<std::size_t>& rows);

// Fingerprint of a panel's bars (symbols, dates, every field).
std::string panel_fingerprint(const Panel& panel);

}  // namespace mp::ml
