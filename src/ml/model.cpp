#include "ml/model.hpp"

#include "core/error.hpp"
#include "ml/xgboost_model.hpp"

#include <fmt/format.h>

namespace mp::ml {

std::vector<double> Model::predict_proba(const Dataset& data, std::span<const std::size_t> rows) const {
  std::vector<double> x;
  x.reserve(rows.size() * data.cols());
  for (auto r : rows) x.insert(x.end(), data.row(r), data.row(r) + data.cols());
  return predict_proba(x, data.cols());
}

const std::vector<ModelInfo>& model_catalog() {
  static const std::vector<ModelInfo> catalog = {
      {"xgboost", "gradient-boosted trees (XGBoost C API, binary:logistic, hist)"},
  };
  return catalog;
}

std::unique_ptr<Model> make_model(const std::string& type, const nlohmann::json& params) {
  if (type == "xgboost") return std::make_unique<XGBoostClassifier>(XGBoostParams::from_json(params));
  std::string known;
  for (const auto& info : model_catalog()) known += (known.empty() ? "" : ", ") + info.type;
  throw NotFoundError(fmt::format("unknown model type '{}'; known: {}", type, known));
}

}  // namespace mp::ml
