#include "labels/labeler.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace mp::labels {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Forward return over `horizon` trading days of the symbol's own calendar.
LabelColumn forward_returns(const SymbolSeries& s, int horizon) {
  const auto n = s.size();
  const auto h = static_cast<std::size_t>(horizon);
  const auto adj = s.adj_close();
  LabelColumn column;
  column.label.assign(n, kNaN);
  column.forward_return.assign(n, kNaN);
  column.end_date.assign(s.dates().begin(), s.dates().end());
  for (std::size_t t = 0; t + h < n; ++t) {
    column.forward_return[t] = adj[t + h] / adj[t] - 1.0;
    column.end_date[t] = s.dates()[t + h];
  }
  return column;
}

// Class 1 when the forward return beats the threshold: "return over the next h days > x".
class ForwardReturnLabeler : public Labeler {
 public:
  explicit ForwardReturnLabeler(LabelSpec spec) : spec_(std::move(spec)) {}
  const LabelSpec& spec() const override { return spec_; }
  std::vector<LabelColumn> label(const Panel& panel) const override {
    std::vector<LabelColumn> out;
    out.reserve(panel.size());
    for (const auto& s : panel.series()) {
      auto column = forward_returns(s, spec_.horizon);
      for (std::size_t t = 0; t < column.label.size(); ++t) {
        if (!std::isnan(column.forward_return[t]))
          column.label[t] = column.forward_return[t] > spec_.threshold ? 1.0 : 0.0;
      }
      out.push_back(std::move(column));
    }
    return out;
  }

 private:
  LabelSpec spec_;
};

double median_of(std::vector<double>& values) {
  const auto mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

// Class 1 when the symbol's forward return beats the universe's median forward return over
// the same horizon from the same date by more than the threshold (0: above the median).
class RelativeOutperformanceLabeler : public Labeler {
 public:
  explicit RelativeOutperformanceLabeler(LabelSpec spec) : spec_(std::move(spec)) {}
  const LabelSpec& spec() const override { return spec_; }
  std::vector<LabelColumn> label(const Panel& panel) const override {
    std::vector<LabelColumn> out;
    out.reserve(panel.size());
    std::map<Date, std::vector<double>> returns_by_date;
    for (const auto& s : panel.series()) {
      out.push_back(forward_returns(s, spec_.horizon));
      const auto& column = out.back();
      for (std::size_t t = 0; t < s.size(); ++t) {
        if (!std::isnan(column.forward_return[t])) returns_by_date[s.dates()[t]].push_back(column.forward_return[t]);
      }
    }
    std::map<Date, double> median;
    for (auto& [date, values] : returns_by_date) median[date] = median_of(values);
    for (std::size_t k = 0; k < panel.size(); ++k) {
      const auto& s = panel.series()[k];
      auto& column = out[k];
      for (std::size_t t = 0; t < s.size(); ++t) {
        if (std::isnan(column.forward_return[t])) continue;
        column.label[t] = column.forward_return[t] - median.at(s.dates()[t]) > spec_.threshold ? 1.0 : 0.0;
      }
    }
    return out;
  }

 private:
  LabelSpec spec_;
};

}  // namespace

std::string LabelSpec::describe() const {
  if (type == "next_day_direction") return "next day's return > 0";
  if (type == "relative_outperformance") {
    return fmt::format("{}-day return beats the universe median by > {:g}%", horizon, threshold * 100);
  }
  return fmt::format("{}-day forward return > {:g}%", horizon, threshold * 100);
}

const std::vector<LabelerInfo>& labeler_catalog() {
  static const std::vector<LabelerInfo> catalog = {
      {"forward_return", "forward return over `horizon` trading days above `threshold`"},
      {"next_day_direction", "next day's return above 0 (horizon 1, threshold 0)"},
      {"relative_outperformance",
       "forward return above the universe's median over the same horizon by more than `threshold`"},
  };
  return catalog;
}

std::unique_ptr<Labeler> make_labeler(const LabelSpec& spec) {
  if (spec.horizon < 1) throw ConfigError(fmt::format("label horizon must be >= 1, got {}", spec.horizon));
  if (spec.type == "forward_return") return std::make_unique<ForwardReturnLabeler>(spec);
  if (spec.type == "next_day_direction") {
    return std::make_unique<ForwardReturnLabeler>(LabelSpec{spec.type, 1, 0.0});
  }
  if (spec.type == "relative_outperformance") return std::make_unique<RelativeOutperformanceLabeler>(spec);
  std::string known;
  for (const auto& info : labeler_catalog()) known += (known.empty() ? "" : ", ") + info.name;
  throw ConfigError(fmt::format("unknown label type '{}'; known: {}", spec.type, known));
}

}  // namespace mp::labels
