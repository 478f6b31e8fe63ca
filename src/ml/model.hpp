#pragma once
// The model interface. Models are registered by type name and rebuilt from (type, params),
// the way XGBoost rebuilds its own parts from registry names: a saved model stores both.
#include "ml/dataset.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mp::ml {

// Called after each boosting round with (done, total); may be empty.
using FitProgress = std::function<void(int, int)>;

class Model {
 public:
  virtual ~Model() = default;
  [[nodiscard]] virtual std::string type() const = 0;
  [[nodiscard]] virtual nlohmann::json params() const = 0;
  virtual void fit(const Dataset& data, std::span<const std::size_t> rows, const FitProgress& progress = {}) = 0;
  // P(class 1) for row-major features with `cols` columns.
  [[nodiscard]] virtual std::vector<double> predict_proba(std::span<const double> x, std::size_t cols) const = 0;
  [[nodiscard]] std::vector<double> predict_proba(const Dataset& data, std::span<const std::size_t> rows) const;
  // The model's own file format (XGBoost JSON) and back.
  [[nodiscard]] virtual std::string serialize() const = 0;
  virtual void deserialize(const std::string& content) = 0;
};

struct ModelInfo {
  std::string type;
  std::string description;
};

// Builds a model by type name with its parameters; unknown type -> NotFoundError listing types.
std::unique_ptr<Model> make_model(const std::string& type, const nlohmann::json& params);
const std::vector<ModelInfo>& model_catalog();

}  // namespace mp::ml
