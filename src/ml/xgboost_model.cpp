#include "ml/xgboost_model.hpp"

#include "core/error.hpp"
#include "core/thread_pool.hpp"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <charconv>
#include <limits>
#include <string_view>

namespace mp::ml {

namespace {

void check(int status, const char* what) {
  if (status == 0) return;
  // XGBoost appends a multi-line stack trace: keep the one-line message.
  std::string message = XGBGetLastError();
  if (auto cut = message.find("\nStack trace:"); cut != std::string::npos) message.resize(cut);
  throw Error(fmt::format("XGBoost {} failed: {}", what, message));
}

// Owns a DMatrix handle.
class DMatrix {
 public:
  DMatrix(const std::vector<float>& x, std::size_t rows, std::size_t cols) {
    check(XGDMatrixCreateFromMat(x.data(), rows, cols, std::numeric_limits<float>::quiet_NaN(), &handle_),
          "DMatrix creation");
  }
  ~DMatrix() { XGDMatrixFree(handle_); }
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  void set_info(const char* field, const std::vector<float>& values) {
    check(XGDMatrixSetFloatInfo(handle_, field, values.data(), values.size()), field);
  }
  DMatrixHandle handle() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

}  // namespace

XGBoostParams XGBoostParams::from_config(const ModelConfig& c) {
  return {c.n_estimators,     c.max_depth,        c.learning_rate, c.subsample,
          c.colsample_bytree, c.min_child_weight, c.seed,          c.threads};
}

XGBoostParams XGBoostParams::from_json(const nlohmann::json& j) {
  XGBoostParams p;
  p.n_estimators = j.value("n_estimators", p.n_estimators);
  p.max_depth = j.value("max_depth", p.max_depth);
  p.learning_rate = j.value("learning_rate", p.learning_rate);
  p.subsample = j.value("subsample", p.subsample);
  p.colsample_bytree = j.value("colsample_bytree", p.colsample_bytree);
  p.min_child_weight = j.value("min_child_weight", p.min_child_weight);
  p.seed = j.value("seed", p.seed);
  p.threads = j.value("threads", p.threads);
  return p;
}

nlohmann::json XGBoostParams::to_json() const {
  return {{"objective", "binary:logistic"},
          {"tree_method", "hist"},
          {"n_estimators", n_estimators},
          {"max_depth", max_depth},
          {"learning_rate", learning_rate},
          {"subsample", subsample},
          {"colsample_bytree", colsample_bytree},
          {"min_child_weight", min_child_weight},
          {"seed", seed},
          {"threads", threads}};
}

XGBoostClassifier::XGBoostClassifier(XGBoostParams params) : params_(params) {}

XGBoostClassifier::~XGBoostClassifier() {
  if (booster_ != nullptr) XGBoosterFree(booster_);
}

void XGBoostClassifier::reset_booster(void* const* matrices, std::size_t count) {
  if (booster_ != nullptr) XGBoosterFree(booster_);
  booster_ = nullptr;
  check(XGBoosterCreate(matrices, count, &booster_), "booster creation");
}

void XGBoostClassifier::apply_params() {
  auto set = [this](const char* key, const std::string& value) {
    check(XGBoosterSetParam(booster_, key, value.c_str()), key);
  };
  set("objective", "binary:logistic");
  set("tree_method", "hist");
  set("max_depth", std::to_string(params_.max_depth));
  set("eta", fmt::format("{}", params_.learning_rate));
  set("subsample", fmt::format("{}", params_.subsample));
  set("colsample_bytree", fmt::format("{}", params_.colsample_bytree));
  set("min_child_weight", fmt::format("{}", params_.min_child_weight));
  set("seed", std::to_string(params_.seed));
  set("nthread", std::to_string(resolve_threads(params_.threads)));
  set("verbosity", "0");
}

void XGBoostClassifier::fit(const Dataset& data, std::span<const std::size_t> rows, const FitProgress& progress) {
  if (rows.empty()) throw DataError("cannot train on zero rows");
  const auto cols = data.cols();
  // The one double -> float conversion, at the XGBoost boundary.
  std::vector<float> x(rows.size() * cols);
  std::vector<float> y(rows.size()), w(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* source = data.row(rows[r]);
    for (std::size_t c = 0; c < cols; ++c) x[r * cols + c] = static_cast<float>(source[c]);
    y[r] = static_cast<float>(data.y[rows[r]]);
    w[r] = static_cast<float>(data.weight[rows[r]]);
  }
  DMatrix train(x, rows.size(), cols);
  train.set_info("label", y);
  train.set_info("weight", w);
  DMatrixHandle handles[] = {train.handle()};
  reset_booster(handles, 1);
  apply_params();
  for (int round = 0; round < params_.n_estimators; ++round) {
    check(XGBoosterUpdateOneIter(booster_, round, train.handle()), "training round");
    if (progress) progress(round + 1, params_.n_estimators);
  }
  feature_count_ = cols;
}

std::vector<double> XGBoostClassifier::predict_proba(std::span<const double> x, std::size_t cols) const {
  if (booster_ == nullptr) throw Error("XGBoost model used before it was trained or loaded");
  if (feature_count_ != 0 && cols != feature_count_) {
    throw DataError(fmt::format("model expects {} features, got {}", feature_count_, cols));
  }
  if (cols == 0 || x.size() % cols != 0) {
    throw DataError(fmt::format("{} feature values do not fill rows of {} columns", x.size(), cols));
  }
  const std::size_t rows = x.size() / cols;
  if (rows == 0) return {};
  std::vector<float> xf(x.begin(), x.end());
  const auto array_interface = fmt::format(R"({{"data":[{},true],"shape":[{},{}],"typestr":"<f4","version":3}})",
                                           reinterpret_cast<std::uintptr_t>(xf.data()), rows, cols);
  // "cache_id":0 is required by XGBoost 1.7's in-place predict config parser.
  const char* config =
      R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,"cache_id":0,"missing":NaN})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  check(XGBoosterPredictFromDense(booster_, array_interface.c_str(), config, nullptr, &shape, &dims, &result),
        "prediction");
  // The output buffer belongs to XGBoost: copy it before the next call.
  return std::vector<double>(result, result + rows);
}

std::string XGBoostClassifier::serialize() const {
  if (booster_ == nullptr) throw Error("cannot save an untrained XGBoost model");
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check(XGBoosterSaveModelToBuffer(booster_, R"({"format":"json"})", &length, &bytes), "model save");
  return std::string(bytes, length);
}

void XGBoostClassifier::deserialize(const std::string& content) {
  reset_booster(nullptr, 0);
  check(XGBoosterLoadModelFromBuffer(booster_, content.data(), content.size()), "model load");
  apply_params();
  bst_ulong features = 0;
  check(XGBoosterGetNumFeature(booster_, &features), "feature count");
  feature_count_ = features;
}

std::vector<double> XGBoostClassifier::gain_importance() const {
  if (booster_ == nullptr) throw Error("XGBoost model used before it was trained or loaded");
  bst_ulong count = 0, dims = 0;
  const char** names = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  check(XGBoosterFeatureScore(booster_, R"({"importance_type":"total_gain","feature_map":"","feature_names":null})",
                              &count, &names, &dims, &shape, &scores),
        "feature importance");
  // Only columns some tree splits on are listed, named f<column> since no names are set.
  std::vector<double> gain(feature_count_, 0.0);
  for (bst_ulong i = 0; i < count; ++i) {
    const std::string_view name = names[i];
    std::size_t column = gain.size();
    if (name.size() > 1 && name[0] == 'f') std::from_chars(name.data() + 1, name.data() + name.size(), column);
    if (column >= gain.size()) throw Error(fmt::format("XGBoost reported an unknown feature '{}'", name));
    gain[column] = scores[i];
  }
  return gain;
}

}  // namespace mp::ml
