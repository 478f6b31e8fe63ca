#pragma once
// Every feature is registered by name with a one-line description, its category, the price
// fields it needs and its warm-up. `mpredict features --list`, the pipeline and a saved
// model's feature spec all go through this registry; an unknown name fails listing the names.
#include "core/dates.hpp"
#include "features/aux_columns.hpp"

#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace mp::features {

// Inputs of one symbol. Prices are split/dividend adjusted (see feature_pipeline.hpp); `aux`
// holds its point-in-time auxiliary columns (may be null).
struct PriceInputs {
  std::span<const double> open, high, low, close, volume;
  std::span<const Date> dates;
  const AuxColumns* aux = nullptr;
};

// Scratch columns reused across features and symbols so kernels never allocate per row.
class Workspace {
 public:
  std::span<double> buffer(std::size_t index, std::size_t size);

 private:
  std::vector<std::vector<double>> buffers_;
};

enum class PriceField { Close, HighLow, Volume };

enum class FeatureKind {
  Indicator,  // the indicator's own value, in price units where it has them (--raw)
  Model,      // a scale-free transform the model sees, comparable across symbols
};

struct FeatureDef {
  std::string name;
  FeatureKind kind = FeatureKind::Model;
  std::string category;     // technical | fundamental | sentiment | macro
  std::string parameters;   // e.g. "period=14"
  std::string description;  // one line: the definition
  std::vector<PriceField> inputs;
  int warmup = 0;  // leading rows that are NaN by construction
  std::function<void(const PriceInputs&, std::span<double> out, Workspace&)> compute;
  // Auxiliary columns the feature reads (e.g. "macro.gs10"); missing -> the feature is NaN.
  std::vector<std::string> aux_inputs = {};
};

class FeatureRegistry {
 public:
  // The registry of built-in features.
  static const FeatureRegistry& builtin();

  void add(FeatureDef def);  // a duplicate name is a programming error (throws)
  [[nodiscard]] const FeatureDef& get(const std::string& name) const;  // NotFoundError
  [[nodiscard]] bool contains(const std::string& name) const { return by_name_.count(name) > 0; }
  [[nodiscard]] const std::vector<FeatureDef>& all() const noexcept { return defs_; }

  // Named feature sets ("technical9", "technical9_raw"); a set name, or a comma-separated
  // list of feature names, resolves to the features in order.
  void add_set(std::string name, std::vector<std::string> features);
  [[nodiscard]] std::vector<const FeatureDef*> resolve(const std::string& set_or_list) const;
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& sets() const noexcept { return sets_; }

 private:
  std::vector<FeatureDef> defs_;
  std::map<std::string, std::size_t> by_name_;
  std::map<std::string, std::vector<std::string>> sets_;
};

// Registers the original system's nine technical indicators and their model transforms.
void register_technical9(FeatureRegistry& registry);
// The other feature families, one file each.
void register_technical_extended(FeatureRegistry& registry);
void register_market_features(FeatureRegistry& registry);
void register_fundamental_features(FeatureRegistry& registry);
void register_sentiment_features(FeatureRegistry& registry);
// Sets derived from the registered features: "technical" (every technical model feature) and
// "all" (every model feature).
void register_derived_sets(FeatureRegistry& registry);

}  // namespace mp::features
