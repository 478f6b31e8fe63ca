#include "ml/model_bundle.hpp"
#include "core/json_text.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ml/aux_data_builder.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace mp::ml {

namespace {

constexpr const char* kFormat = "mpredict-model/1";

nlohmann::json parse_json_file(const std::filesystem::path& file) {
  try {
    return nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file.string(), 0, 0, fmt::format("malformed JSON: {}", e.what()));
  }
}

Date date_from_json(const nlohmann::json& j, const std::filesystem::path& file) {
  auto date = parse_date(j.get<std::string>());
  if (!date) throw InputError(file.string(), 0, 0, fmt::format("bad date '{}'", j.get<std::string>()));
  return *date;
}

nlohmann::json coverage_to_json(const std::map<std::string, FeatureCoverage>& coverage) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [feature, c] : coverage) out[feature] = {{"with_data", c.with_data}, {"with_gaps", c.with_gaps}};
  return out;
}

std::map<std::string, FeatureCoverage> coverage_from_json(const nlohmann::json& json) {
  std::map<std::string, FeatureCoverage> out;
  for (const auto& [feature, c] : json.items()) {
    out[feature] = {c.at("with_data").get<std::vector<std::string>>(),
                    c.at("with_gaps").get<std::vector<std::string>>()};
  }
  return out;
}

// Staging directories `.<name>.<pid>.staging` of processes that died while writing (kill -9), and
// `.<name>.staging` of versions before the pid was in the name.
void remove_stale_staging(const std::filesystem::path& parent, const std::string& name) {
  const std::string prefix = "." + name + ".", suffix = ".staging";
  std::error_code ec;
  std::filesystem::remove_all(parent / (prefix.substr(0, prefix.size() - 1) + suffix), ec);
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    const auto file = entry.path().filename().string();
    if (file.size() <= prefix.size() + suffix.size() || file.rfind(prefix, 0) != 0 ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const auto pid_text = file.substr(prefix.size(), file.size() - prefix.size() - suffix.size());
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0' || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace

nlohmann::json spec_to_json(const ModelBundle& b) {
  return {{"format", kFormat},
          {"created", b.created},
          {"model", {{"type", b.model->type()}, {"params", b.model->params()}}},
          {"features",
           {{"set", b.feature_set},
            {"candidates", b.candidate_features},
            {"selection", to_json(b.selection)},
            {"column_settings", b.column_settings},
            {"names", b.feature_names},
            {"coverage", coverage_to_json(b.coverage)}}},
          {"universe", b.universe},
          {"label",
           {{"type", b.label.type},
            {"horizon", b.label.horizon},
            {"threshold", b.label.threshold},
            {"min_symbols", b.label.min_symbols},
            {"description", b.label.describe()}}},
          {"training",
           {{"first_date", format_date(b.training.first)},
            {"last_date", format_date(b.training.last)},
            {"rows", b.training.rows},
            {"symbols", b.training.symbols},
            {"positive_rate", b.training.positive_rate},
            {"data_fingerprint", b.training.data_fingerprint},
            {"dataset_hash", b.training.dataset_hash}}}};
}

void save_model_bundle(const ModelBundle& bundle, const std::filesystem::path& requested) {
  namespace fs = std::filesystem;
  // "models/current/" names the same directory as "models/current".
  const auto dir = requested.has_filename() ? requested : requested.parent_path();
  const auto parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  fs::create_directories(parent);
  const auto name = dir.filename().string();
  remove_stale_staging(parent, name);
  // Named by this process, so two `train` runs writing the same directory never mix their files.
  const auto staging = parent / fmt::format(".{}.{}.staging", name, ::getpid());
  fs::remove_all(staging);
  try {
    write_file_atomic(staging / "model.json", bundle.model->serialize());
    write_file_atomic(staging / "spec.json", dump_json(spec_to_json(bundle), 2) + "\n");
    write_file_atomic(staging / "metrics.json", dump_json(bundle.metrics, 2) + "\n");
    replace_directory_atomic(staging, dir);  // one exchange: `dir` is never missing
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
}

ModelBundle load_model_bundle(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw NotFoundError(fmt::format("no model directory '{}' (train one with `mpredict train`)", dir.string()));
  }
  const auto spec_file = dir / "spec.json";
  const auto spec = parse_json_file(spec_file);
  ModelBundle bundle;
  try {
    if (spec.at("format") != kFormat) {
      throw InputError(spec_file.string(), 0, 0, fmt::format("unsupported model format {}", spec.at("format").dump()));
    }
    bundle.created = spec.at("created").get<std::string>();
    try {
      bundle.model = make_model(spec.at("model").at("type").get<std::string>(), spec.at("model").at("params"));
    } catch (const NotFoundError& e) {
      throw InputError(spec_file.string(), 0, 0, e.what());
    }
    bundle.feature_set = spec.at("features").at("set").get<std::string>();
    const auto& features = spec.at("features");
    bundle.feature_names = features.at("names").get<std::vector<std::string>>();
    bundle.candidate_features = features.value("candidates", bundle.feature_names);
    if (features.contains("selection")) bundle.selection = selection_spec_from_json(features.at("selection"));
    bundle.column_settings = features.value("column_settings", nlohmann::json());
    (void)with_column_settings({}, bundle.column_settings);  // validates it now, with this file's name
    if (features.contains("coverage")) bundle.coverage = coverage_from_json(features.at("coverage"));
    bundle.universe = spec.value("universe", std::vector<std::string>{});
    const auto& label = spec.at("label");
    bundle.label = {label.at("type").get<std::string>(), label.at("horizon").get<int>(),
                    label.at("threshold").get<double>(), label.value("min_symbols", 5)};
    const auto& training = spec.at("training");
    bundle.training.first = date_from_json(training.at("first_date"), spec_file);
    bundle.training.last = date_from_json(training.at("last_date"), spec_file);
    bundle.training.rows = training.at("rows").get<std::size_t>();
    bundle.training.symbols = training.at("symbols").get<std::size_t>();
    bundle.training.positive_rate = training.at("positive_rate").get<double>();
    bundle.training.data_fingerprint = training.at("data_fingerprint").get<std::string>();
    bundle.training.dataset_hash = training.at("dataset_hash").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(spec_file.string(), 0, 0, fmt::format("malformed model spec: {}", e.what()));
  } catch (const ConfigError& e) {  // an invalid selection spec
    throw InputError(spec_file.string(), 0, 0, fmt::format("malformed model spec: {}", e.what()));
  }
  try {
    bundle.model->deserialize(read_file(dir / "model.json"));
  } catch (const NotFoundError&) {
    throw;
  } catch (const Error& e) {
    throw InputError((dir / "model.json").string(), 0, 0, e.what());
  }
  bundle.metrics = parse_json_file(dir / "metrics.json");
  return bundle;
}

}  // namespace mp::ml
