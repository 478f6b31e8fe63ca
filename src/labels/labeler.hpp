#pragma once
// Labels and their end dates. Horizons count trading days of the UNIVERSE's calendar (every date
// on which any symbol of the panel has a bar), so every symbol's label from date t ends on the
// same date t+h. A row's label uses prices up to its end date. Rows whose horizon is not complete
// yet are pending (NaN): they are excluded from training and are exactly the rows that get
// predicted. A symbol without a bar on its end date has no label (NaN, not pending): its return
// to another date would not be comparable. Labelers are registered by name and built from a
// LabelSpec.
#include "core/panel.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mp::labels {

struct LabelSpec {
  std::string type = "forward_return";
  int horizon = 90;
  double threshold = 0.05;
  // relative_outperformance: a date whose median is over fewer symbols than this has no labels.
  int min_symbols = 5;
  [[nodiscard]] std::string describe() const;
  bool operator==(const LabelSpec&) const = default;
};

// One symbol's labels, aligned with its dates.
struct LabelColumn {
  std::vector<double> label;           // 1, 0, or NaN (pending, or no label)
  std::vector<double> forward_return;  // adj[t+h]/adj[t] - 1, NaN when pending or no bar at t+h
  std::vector<Date> end_date;          // the universe calendar's date t+h; the row's own date when pending
  std::vector<char> pending;           // 1 when the horizon runs past the universe's last date
};

// Every date on which any symbol of the panel has a bar, sorted.
std::vector<Date> universe_calendar(const Panel& panel);

class Labeler {
 public:
  virtual ~Labeler() = default;
  [[nodiscard]] virtual const LabelSpec& spec() const = 0;
  // Columns in the panel's symbol order.
  [[nodiscard]] virtual std::vector<LabelColumn> label(const Panel& panel) const = 0;
};

struct LabelerInfo {
  std::string name;
  std::string description;
};

// Builds the labeler a spec names; an unknown type or a bad horizon throws ConfigError.
std::unique_ptr<Labeler> make_labeler(const LabelSpec& spec);
const std::vector<LabelerInfo>& labeler_catalog();

}  // namespace mp::labels
