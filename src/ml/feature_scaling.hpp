#pragma once
// Per-column scaling for models that need it (trees do not: XGBoost is invariant to monotone
// transforms). A scaler is fitted on the training rows of a fold only and applied to any rows
// after: x' = (x - center) / scale. Missing values (NaN, +-inf) are ignored by fit and pass
// through transform unchanged (NaN stays NaN). Like scikit-learn, a column without spread gets
// scale 1; a column without a single finite value gets center 0 and scale 1 (left as is).
// Stored as JSON {"type", "center", "scale"} so a model directory can keep its scaler.
#include "ml/dataset.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mp::ml {

class ColumnScaler {
 public:
  virtual ~ColumnScaler() = default;
  [[nodiscard]] virtual std::string type() const = 0;
  virtual void fit(const Dataset& data, std::span<const std::size_t> rows) = 0;

  // In place on row-major values with cols() columns; DataError on a size mismatch.
  void transform(std::span<double> x) const;
  // In place on every row of a dataset with the fitted column count.
  void transform(Dataset& data) const;
  [[nodiscard]] std::size_t cols() const noexcept { return center_.size(); }
  [[nodiscard]] const std::vector<double>& center() const noexcept { return center_; }
  [[nodiscard]] const std::vector<double>& scale() const noexcept { return scale_; }
  [[nodiscard]] nlohmann::json to_json() const;

 protected:
  void set(std::vector<double> center, std::vector<double> scale);

 private:
  std::vector<double> center_;
  std::vector<double> scale_;
};

// center = mean, scale = population standard deviation (ddof 0), as sklearn's StandardScaler.
class StandardScaler final : public ColumnScaler {
 public:
  [[nodiscard]] std::string type() const override { return "standard"; }
  void fit(const Dataset& data, std::span<const std::size_t> rows) override;
  static StandardScaler from_json(const nlohmann::json& json);
};

// center = median, scale = interquartile range q75 - q25 (linear interpolation between order
// statistics, numpy's default), as sklearn's RobustScaler.
class RobustScaler final : public ColumnScaler {
 public:
  [[nodiscard]] std::string type() const override { return "robust"; }
  void fit(const Dataset& data, std::span<const std::size_t> rows) override;
  static RobustScaler from_json(const nlohmann::json& json);
};

// By name: "standard" | "robust"; "none" gives nullptr. Unknown -> ConfigError listing names.
std::unique_ptr<ColumnScaler> make_scaler(const std::string& type);
// Rebuilds a stored scaler through the same names.
std::unique_ptr<ColumnScaler> scaler_from_json(const nlohmann::json& json);

}  // namespace mp::ml
