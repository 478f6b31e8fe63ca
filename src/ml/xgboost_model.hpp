#pragma once
// Gradient-boosted trees through XGBoost's C API: binary:logistic on the hist tree method,
// missing = NaN, seeded and deterministic for a fixed thread count.
#include "core/config.hpp"
#include "ml/model.hpp"

namespace mp::ml {

struct XGBoostParams {
  int n_estimators = 200;
  int max_depth = 4;
  double learning_rate = 0.05;
  double subsample = 0.9;
  double colsample_bytree = 1.0;
  double min_child_weight = 1.0;
  int seed = 42;
  int threads = 0;  // 0: all cores

  static XGBoostParams from_config(const ModelConfig& config);
  static XGBoostParams from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

class XGBoostClassifier final : public Model {
 public:
  explicit XGBoostClassifier(XGBoostParams params);
  ~XGBoostClassifier() override;
  XGBoostClassifier(const XGBoostClassifier&) = delete;
  XGBoostClassifier& operator=(const XGBoostClassifier&) = delete;

  [[nodiscard]] std::string type() const override { return "xgboost"; }
  [[nodiscard]] nlohmann::json params() const override { return params_.to_json(); }
  void fit(const Dataset& data, std::span<const std::size_t> rows, const FitProgress& progress = {}) override;
  [[nodiscard]] std::vector<double> predict_proba(std::span<const double> x, std::size_t cols) const override;
  using Model::predict_proba;
  [[nodiscard]] std::string serialize() const override;
  void deserialize(const std::string& content) override;
  // Total gain of every split on each column (XGBoost's "total_gain"), one value per trained
  // column in column order; 0 for a column no tree splits on.
  [[nodiscard]] std::vector<double> gain_importance() const;

 private:
  void reset_booster(void* const* matrices, std::size_t count);
  void apply_params();
  XGBoostParams params_;
  void* booster_ = nullptr;  // BoosterHandle
  std::size_t feature_count_ = 0;
};

}  // namespace mp::ml
