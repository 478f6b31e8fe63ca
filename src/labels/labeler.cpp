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

// Forward return over `horizon` trading days of the universe's calendar: from the symbol's bar at
// calendar[i] to its bar at calendar[i + h]; NaN when it has no bar there.
LabelColumn forward_returns(const SymbolSeries& s, const std::vector<Date>& calendar, int horizon) {
  const auto n = s.size();
  const auto h = static_cast<std::size_t>(horizon);
  const auto dates = s.dates();
  const auto adj = s.adj_close();
  LabelColumn column;
  column.label.assign(n, kNaN);
  column.forward_return.assign(n, kNaN);
  column.end_date.assign(dates.begin(), dates.end());
  column.pending.assign(n, 1);
  std::size_t c = 0;    // calendar index of dates[t]
  std::size_t end = 0;  // the symbol's first bar at or after calendar[c + h]
  for (std::size_t t = 0; t < n; ++t) {
    while (calendar[c] < dates[t]) ++c;
    if (c + h >= calendar.size()) break;  // this and every later row are pending
    const Date end_date = calendar[c + h];
    while (end < n && dates[end] < end_date) ++end;
    column.pending[t] = 0;
    column.end_date[t] = end_date;
    if (end < n && dates[end] == end_date) column.forward_return[t] = adj[end] / adj[t] - 1.0;
  }
  return column;
}

std::vector<LabelColumn> forward_returns(const Panel& panel, int horizon) {
  const auto calendar = universe_calendar(panel);
  std::vector<LabelColumn> out;
  out.reserve(panel.size());
  for (const auto& s : panel.series()) out.push_back(forward_returns(s, calendar, horizon));
  return out;
}

// Class 1 when the forward return beats the threshold: "return over the next h days > x".
class ForwardReturnLabeler : public Labeler {
 public:
  explicit ForwardReturnLabeler(LabelSpec spec) : spec_(std::move(spec)) {}
  const LabelSpec& spec() const override { return spec_; }
  std::vector<LabelColumn> label(const Panel& panel) const override {
    auto out = forward_returns(panel, spec_.horizon);
    for (auto& column : out) {
      for (std::size_t t = 0; t < column.label.size(); ++t) {
        if (!std::isnan(column.forward_return[t]))
          column.label[t] = column.forward_return[t] > spec_.threshold ? 1.0 : 0.0;
      }
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
// the same horizon from the same date by more than the threshold (0: above the median). The
// median at date t is over the symbols with bars at t and at the calendar's t+h, so every return
// in it ends on the same date; a date with fewer than min_symbols such returns has no labels.
class RelativeOutperformanceLabeler : public Labeler {
 public:
  explicit RelativeOutperformanceLabeler(LabelSpec spec) : spec_(std::move(spec)) {}
  const LabelSpec& spec() const override { return spec_; }
  std::vector<LabelColumn> label(const Panel& panel) const override {
    auto out = forward_returns(panel, spec_.horizon);
    std::map<Date, std::vector<double>> returns_by_date;
    for (std::size_t k = 0; k < panel.size(); ++k) {
      const auto dates = panel.series()[k].dates();
      for (std::size_t t = 0; t < dates.size(); ++t) {
        if (!std::isnan(out[k].forward_return[t])) returns_by_date[dates[t]].push_back(out[k].forward_return[t]);
      }
    }
    std::map<Date, double> median;
    for (auto& [date, values] : returns_by_date) {
      if (values.size() >= static_cast<std::size_t>(spec_.min_symbols)) median[date] = median_of(values);
    }
    for (std::size_t k = 0; k < panel.size(); ++k) {
      const auto dates = panel.series()[k].dates();
      auto& column = out[k];
      for (std::size_t t = 0; t < dates.size(); ++t) {
        const auto it = median.find(dates[t]);
        if (std::isnan(column.forward_return[t]) || it == median.end()) continue;
        column.label[t] = column.forward_return[t] - it->second > spec_.threshold ? 1.0 : 0.0;
      }
    }
    return out;
  }

 private:
  LabelSpec spec_;
};

}  // namespace

std::vector<Date> universe_calendar(const Panel& panel) {
  std::vector<Date> out;
  for (const auto& s : panel.series()) out.insert(out.end(), s.dates().begin(), s.dates().end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string LabelSpec::describe() const {
  if (type == "next_day_direction") return "next day's return > 0";
  if (type == "relative_outperformance") {
    return fmt::format("{}-day return beats the universe median by > {:g}%", horizon, threshold * 100);
  }
  return fmt::format("{}-day forward return > {:g}%", horizon, threshold * 100);
}

const std::vector<LabelerInfo>& labeler_catalog() {
  static const std::vector<LabelerInfo> kCatalog = {
      {"forward_return", "forward return over `horizon` trading days above `threshold`"},
      {"next_day_direction", "next day's return above 0 (horizon 1, threshold 0)"},
      {"relative_outperformance",
       "forward return above the universe's median over the same horizon (returns ending on the same date, at "
       "least `min_symbols` of them) by more than `threshold`"},
  };
  return kCatalog;
}

std::unique_ptr<Labeler> make_labeler(const LabelSpec& spec) {
  if (spec.horizon < 1) throw ConfigError(fmt::format("label horizon must be >= 1, got {}", spec.horizon));
  if (spec.min_symbols < 1) {
    throw ConfigError(fmt::format("label min_symbols must be >= 1, got {}", spec.min_symbols));
  }
  if (spec.type == "forward_return") return std::make_unique<ForwardReturnLabeler>(spec);
  if (spec.type == "next_day_direction") {
    return std::make_unique<ForwardReturnLabeler>(LabelSpec{spec.type, 1, 0.0, spec.min_symbols});
  }
  if (spec.type == "relative_outperformance") return std::make_unique<RelativeOutperformanceLabeler>(spec);
  std::string known;
  for (const auto& info : labeler_catalog()) known += (known.empty() ? "" : ", ") + info.name;
  throw ConfigError(fmt::format("unknown label type '{}'; known: {}", spec.type, known));
}

}  // namespace mp::labels
