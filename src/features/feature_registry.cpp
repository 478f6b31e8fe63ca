#include "features/feature_registry.hpp"

#include "core/error.hpp"
#include "features/indicators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace mp::features {

std::span<double> Workspace::buffer(std::size_t index, std::size_t size) {
  if (buffers_.size() <= index) buffers_.resize(index + 1);
  if (buffers_[index].size() < size) buffers_[index].resize(size);
  return {buffers_[index].data(), size};
}

const FeatureRegistry& FeatureRegistry::builtin() {
  static const FeatureRegistry registry = [] {
    FeatureRegistry r;
    register_technical9(r);
    register_technical_extended(r);
    register_market_features(r);
    register_fundamental_features(r);
    register_sentiment_features(r);
    register_derived_sets(r);
    return r;
  }();
  return registry;
}

void FeatureRegistry::add(FeatureDef def) {
  if (by_name_.count(def.name)) throw Error(fmt::format("feature '{}' registered twice", def.name));
  by_name_[def.name] = defs_.size();
  defs_.push_back(std::move(def));
}

const FeatureDef& FeatureRegistry::get(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return defs_[it->second];
  std::string known;
  for (const auto& def : defs_) known += (known.empty() ? "" : ", ") + def.name;
  throw NotFoundError(fmt::format("unknown feature '{}'; known features: {}", name, known));
}

void FeatureRegistry::add_set(std::string name, std::vector<std::string> features) {
  for (const auto& feature : features) (void)get(feature);  // every member must exist
  sets_[std::move(name)] = std::move(features);
}

std::vector<const FeatureDef*> FeatureRegistry::resolve(const std::string& set_or_list) const {
  std::vector<std::string> names;
  if (auto it = sets_.find(set_or_list); it != sets_.end()) {
    names = it->second;
  } else if (set_or_list.find(',') != std::string::npos || contains(set_or_list)) {
    std::stringstream stream(set_or_list);
    for (std::string item; std::getline(stream, item, ',');) {
      if (!item.empty()) names.push_back(item);
    }
  } else {
    std::string known;
    for (const auto& [set, members] : sets_) known += (known.empty() ? "" : ", ") + set;
    throw NotFoundError(fmt::format("unknown feature set '{}'; sets: {} (or a comma-separated list of feature names)",
                                    set_or_list, known));
  }
  std::vector<const FeatureDef*> out;
  out.reserve(names.size());
  for (const auto& name : names) out.push_back(&get(name));
  return out;
}

void register_derived_sets(FeatureRegistry& registry) {
  // technical9 first (rsi_14 and volatility_30 are indicators the model sees as they are), then
  // every other model feature in registration order.
  std::vector<std::string> technical = registry.sets().at("technical9");
  std::vector<std::string> all = technical;
  for (const auto& def : registry.all()) {
    if (def.kind != FeatureKind::Model || std::find(all.begin(), all.end(), def.name) != all.end()) continue;
    all.push_back(def.name);
    if (def.category == "technical") technical.push_back(def.name);
  }
  registry.add_set("technical", technical);
  registry.add_set("all", all);
}

}  // namespace mp::features
