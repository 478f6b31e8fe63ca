#pragma once
// Labels and their end dates. A row's label uses prices up to its end date; rows whose horizon
// is not complete yet have no label (NaN): they are excluded from training and are exactly the
// rows that get predicted. Labelers are registered by name and built from a LabelSpec.
#include "core/panel.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mp::labels {

struct LabelSpec {
  std::string type = "forward_return";
  int horizon = 90;
  double threshold = 0.05;
  [[nodiscard]] std::string describe() const;
};

// One symbol's labels, aligned with its dates.
struct LabelColumn {
  std::vector<double> label;           // 1, 0, or NaN when the horizon is incomplete
  std::vector<double> forward_return;  // adj[t+h]/adj[t] - 1, NaN when incomplete
  std::vector<Date> end_date;          // date of t+h; the row's own date when incomplete
};

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
