#include "tracking/model_registry.hpp"
#include "core/json_text.hpp"

#include "core/atomic_file.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <random>
#include <set>

namespace mp::tracking {

namespace fs = std::filesystem;

namespace {

constexpr std::array kTriggers{"schedule", "api", "cli", "startup"};
constexpr std::array kChampionActions{"promote", "force", "provisional", "rollback"};

bool is_champion_action(const std::string& action) {
  return std::find(kChampionActions.begin(), kChampionActions.end(), action) != kChampionActions.end();
}

void check_trigger(const std::string& trigger, bool allow_empty) {
  if (allow_empty && trigger.empty()) return;
  if (std::find(kTriggers.begin(), kTriggers.end(), trigger) == kTriggers.end()) {
    throw ConfigError(fmt::format("unknown registry trigger '{}' (expected schedule, api, cli or startup)", trigger));
  }
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// "2026-11-24T03:15:00Z" -> "20261124T031500Z".
std::string compact_timestamp(const std::string& iso) {
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

// "20261124T031500Z-3f9a1c" -> "2026-11-24T03:15:00Z" ("" if the id has another shape).
std::string time_of_id(const std::string& id) {
  if (id.size() < 16 || id[8] != 'T' || id[15] != 'Z') return "";
  return fmt::format("{}-{}-{}T{}:{}:{}Z", id.substr(0, 4), id.substr(4, 2), id.substr(6, 2), id.substr(9, 2),
                     id.substr(11, 2), id.substr(13, 2));
}

std::uint32_t random_suffix() {
  static std::mutex mutex;
  static std::mt19937_64 rng;
  static pid_t seeded_for = 0;
  std::lock_guard lock(mutex);
  if (seeded_for != ::getpid()) {  // reseed in a forked child: it must not repeat its parent
    seeded_for = ::getpid();
    std::random_device rd;
    rng.seed((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^ static_cast<std::uint64_t>(seeded_for));
  }
  return static_cast<std::uint32_t>(rng() & 0xffffffu);
}

nlohmann::json parse_json_file(const fs::path& file) {
  try {
    return nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file.string(), 0, 0, fmt::format("malformed JSON: {}", e.what()));
  }
}

}  // namespace

nlohmann::json history_event_to_json(const HistoryEvent& e) {
  return {{"time", e.time},
          {"action", e.action},
          {"version", e.version},
          {"previous", e.previous},
          {"reason", e.reason},
          {"trigger", e.trigger},
          {"details", e.details.is_null() ? nlohmann::json::object() : e.details}};
}

HistoryEvent history_event_from_json(const nlohmann::json& j) {
  HistoryEvent e;
  e.time = j.at("time").get<std::string>();
  e.action = j.at("action").get<std::string>();
  e.version = j.at("version").get<std::string>();
  e.previous = j.value("previous", "");
  e.reason = j.value("reason", "");
  e.trigger = j.value("trigger", "");
  e.details = j.value("details", nlohmann::json::object());
  return e;
}

// An exclusive flock(2) on <root>/registry.lock: serialises writers across processes. The
// kernel releases it when the holder dies, so a killed writer never blocks the next one.
class ModelRegistry::WriteLock {
 public:
  explicit WriteLock(const fs::path& root) {
    const auto file = root / "registry.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw IoError(fmt::format("cannot open '{}': {}", file.string(), std::strerror(errno)));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd_);
      throw IoError(fmt::format("cannot lock '{}': {}", file.string(), std::strerror(err)));
    }
  }
  ~WriteLock() { ::close(fd_); }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_ = -1;
};

ModelRegistry::ModelRegistry(fs::path root, std::size_t keep_last) : root_(std::move(root)), keep_last_(keep_last) {
  fs::create_directories(versions_dir());
  std::lock_guard guard(mutex_);
  WriteLock lock(root_);
  load_state();
  recover();
}

// ---- state file ----------------------------------------------------------------------------

void ModelRegistry::refresh() const {
  FileStamp now;
  struct stat st {};
  if (::stat(registry_file().c_str(), &st) == 0) {
    now = {static_cast<unsigned long long>(st.st_ino), static_cast<unsigned long long>(st.st_size),
           static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec, true};
  }
  if (stale_ || !(now == stamp_)) load_state();
}

void ModelRegistry::load_state() const {
  const auto file = registry_file();
  State state;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {  // a new registry
    state_ = std::move(state);
    stamp_ = {};
    stale_ = false;
    return;
  }
  const std::string content = read_file(file);
  try {
    const auto j = nlohmann::json::parse(content);
    if (!j.is_object() || j.value("format", "") != kFormat) {
      throw InputError(file.string(), 0, 0,
                       fmt::format("not a model registry (format {}, expected \"{}\")",
                                   j.is_object() && j.contains("format") ? j["format"].dump() : "missing", kFormat));
    }
    if (!j.at("champion").is_null()) state.champion = j.at("champion").get<std::string>();
    state.provisional = j.value("provisional", false);
    for (const auto& event : j.at("history")) state.history.push_back(history_event_from_json(event));
    if (j.contains("versions")) {
      state.versions = j.at("versions").get<std::vector<std::string>>();
    } else {  // the minimal form: registered and not pruned, in history order
      for (const auto& e : state.history) {
        if (e.action == "register") state.versions.push_back(e.version);
        if (e.action == "prune") std::erase(state.versions, e.version);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string(), 0, 0, fmt::format("corrupt model registry: {}", e.what()));
  }
  state_ = std::move(state);
  stamp_ = {static_cast<unsigned long long>(st.st_ino), static_cast<unsigned long long>(st.st_size),
            static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec, true};
  stale_ = false;
}

void ModelRegistry::save_state() {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& e : state_.history) history.push_back(history_event_to_json(e));
  const nlohmann::json j = {{"format", kFormat},
                            {"champion", state_.champion ? nlohmann::json(*state_.champion) : nlohmann::json()},
                            {"provisional", state_.champion && state_.provisional},
                            {"versions", state_.versions},
                            {"history", std::move(history)}};
  write_file_atomic(registry_file(), dump_json(j, 2) + "\n");
  stale_ = true;  // re-stat on the next call: the cached stamp must describe the file just written
  refresh();
}

namespace {

nlohmann::json number_at(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_number() ? object[key] : nlohmann::json();
}

// The two files derived from a champion's metrics.json, by file name.
std::vector<std::pair<std::string, std::string>> derived_metrics_files(const std::string& report) {
  const auto parsed = nlohmann::json::parse(report, nullptr, false);
  return {{"training_report.json", report},
          {"training_metrics.json",
           dump_json(flat_training_metrics(parsed.is_discarded() ? nlohmann::json() : parsed), 2) + "\n"}};
}

}  // namespace

nlohmann::json flat_training_metrics(const nlohmann::json& report) {
  const auto pooled = report.is_object() && report.contains("pooled")
                          ? report["pooled"].value("model", nlohmann::json())
                          : nlohmann::json();
  std::vector<double> fold_f1;
  if (report.is_object() && report.contains("folds") && report["folds"].is_array()) {
    for (const auto& fold : report["folds"]) {
      if (const auto f1 = number_at(fold.value("model", nlohmann::json()), "f1"); f1.is_number()) {
        fold_f1.push_back(f1.get<double>());
      }
    }
  }
  nlohmann::json cv_mean, cv_std;
  if (!fold_f1.empty()) {
    const double n = static_cast<double>(fold_f1.size());
    double mean = 0, squares = 0;
    for (const double f1 : fold_f1) mean += f1 / n;
    for (const double f1 : fold_f1) squares += (f1 - mean) * (f1 - mean);
    cv_mean = mean;
    cv_std = std::sqrt(squares / n);
  }
  return {{"f1_score", number_at(pooled, "f1")},
          {"accuracy", number_at(pooled, "accuracy")},
          {"precision", number_at(pooled, "precision")},
          {"recall", number_at(pooled, "recall")},
          {"roc_auc", number_at(pooled, "roc_auc")},
          {"cv_mean", cv_mean},
          {"cv_std", cv_std}};
}

void ModelRegistry::write_training_metrics() {
  if (!state_.champion) return;
  for (const auto& [name, text] :
       derived_metrics_files(read_file(versions_dir() / *state_.champion / "metrics.json"))) {
    write_file_atomic(root_ / name, text);
  }
}

// Finishes whatever a crash interrupted. Runs under the write lock, so no writer is mid-way.
void ModelRegistry::recover() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_)) {  // write_file_atomic temp files
    const auto name = entry.path().filename().string();
    if (starts_with(name, ".registry.json.tmp-") || starts_with(name, ".training_metrics.json.tmp-") ||
        starts_with(name, ".training_report.json.tmp-")) {
      fs::remove(entry.path(), ec);
    }
  }
  std::vector<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(versions_dir())) {
    const auto name = entry.path().filename().string();
    if (starts_with(name, ".")) {
      if (ends_with(name, ".staging") || ends_with(name, ".deleting") || ends_with(name, ".old") ||
          name.find(".tmp-") != std::string::npos) {
        spdlog::info("model registry: removing leftover '{}'", entry.path().string());
        fs::remove_all(entry.path());
      }
    } else if (entry.is_directory()) {
      on_disk.push_back(name);
    }
  }
  std::sort(on_disk.begin(), on_disk.end());

  bool changed = false;
  const std::size_t before = state_.versions.size();
  std::erase_if(state_.versions, [&](const std::string& id) {
    const bool missing = id != state_.champion && !fs::is_directory(versions_dir() / id);
    if (missing) spdlog::warn("model registry: version '{}' has no directory; dropped from the list", id);
    return missing;
  });
  changed |= state_.versions.size() != before;

  const std::set<std::string> known(state_.versions.begin(), state_.versions.end());
  std::set<std::string> pruned;
  for (const auto& e : state_.history) {
    if (e.action == "prune") pruned.insert(e.version);
  }
  for (const auto& id : on_disk) {
    if (known.count(id)) continue;
    const auto dir = versions_dir() / id;
    if (pruned.count(id)) {  // crash between recording the prune and deleting the directory
      fs::remove_all(dir);
    } else if (fs::is_regular_file(dir / "model.json") && fs::is_regular_file(dir / "spec.json") &&
               fs::is_regular_file(dir / "metrics.json")) {
      // Crash between writing the version and registering it: the model is complete, keep it.
      state_.versions.push_back(id);
      append({"", "register", id, state_.champion.value_or(""),
              "recovered on open: complete version directory not yet in registry.json", "startup",
              nlohmann::json{{"recovered", true}}});
      changed = true;
    } else {
      spdlog::warn("model registry: ignoring '{}': not a model version directory", dir.string());
    }
  }
  if (changed) save_state();

  if (state_.champion) {  // the training metrics files are derived: repair them when missing or stale
    try {
      for (const auto& [name, text] :
           derived_metrics_files(read_file(versions_dir() / *state_.champion / "metrics.json"))) {
        const auto file = root_ / name;
        if (!fs::exists(file) || read_file(file) != text) write_file_atomic(file, text);
      }
    } catch (const Error& e) {
      spdlog::warn("model registry: cannot refresh the training metrics files: {}", e.what());
    }
  }
}

void ModelRegistry::append(HistoryEvent event) {
  if (event.time.empty()) event.time = utc_timestamp_now();
  if (event.details.is_null()) event.details = nlohmann::json::object();
  state_.history.push_back(std::move(event));
}

bool ModelRegistry::present(const std::string& version) const {
  return std::find(state_.versions.begin(), state_.versions.end(), version) != state_.versions.end();
}

template <typename Body>
auto ModelRegistry::write_transaction(Body&& body) {
  std::lock_guard guard(mutex_);
  WriteLock lock(root_);
  refresh();
  try {
    return body();
  } catch (...) {
    stale_ = true;  // the in-memory state may be ahead of the file: re-read it next time
    throw;
  }
}

// ---- writes ---------------------------------------------------------------------------------

std::string ModelRegistry::new_version_id() const {
  std::set<std::string> used(state_.versions.begin(), state_.versions.end());
  for (const auto& e : state_.history) used.insert(e.version);
  for (;;) {
    const auto id = fmt::format("{}-{:06x}", compact_timestamp(utc_timestamp_now()), random_suffix());
    if (used.count(id) || fs::exists(versions_dir() / id)) {
      continue;
    }
    return id;
  }
}

std::string ModelRegistry::add_version(const ml::ModelBundle& bundle, const std::string& trigger) {
  check_trigger(trigger, true);
  if (!bundle.model) throw DataError("cannot register a model bundle without a model");
  return write_transaction([&] {
    const auto id = new_version_id();
    ml::save_model_bundle(bundle, versions_dir() / id);  // staging + exchange: complete or absent
    state_.versions.push_back(id);
    append({"", "register", id, state_.champion.value_or(""), "trained model registered", trigger,
            nlohmann::json{{"created", bundle.created},
                           {"model", bundle.model->type()},
                           {"data_fingerprint", bundle.training.data_fingerprint},
                           {"dataset_hash", bundle.training.dataset_hash}}});
    save_state();
    (void)prune_locked(trigger);
    return id;
  });
}

void ModelRegistry::promote(const std::string& version, const std::string& action, const std::string& reason,
                            const std::string& trigger, bool provisional, nlohmann::json details) {
  if (action != "promote" && action != "force" && action != "provisional") {
    throw ConfigError(fmt::format("unknown promotion action '{}' (expected promote, force or provisional)", action));
  }
  check_trigger(trigger, false);
  write_transaction([&] {
    if (!present(version)) throw NotFoundError(fmt::format("no model version '{}'", version));
    const bool flag = provisional || action == "provisional";
    if (details.is_null()) details = nlohmann::json::object();
    details["provisional"] = flag;
    const auto previous = state_.champion.value_or("");
    state_.champion = version;
    state_.provisional = flag;
    append({"", action, version, previous, reason, trigger, std::move(details)});
    save_state();
    write_training_metrics();
  });
}

void ModelRegistry::reject(const std::string& version, const std::string& reason, const std::string& trigger,
                           nlohmann::json details) {
  check_trigger(trigger, false);
  write_transaction([&] {
    if (!present(version)) throw NotFoundError(fmt::format("no model version '{}'", version));
    append({"", "reject", version, state_.champion.value_or(""), reason, trigger, std::move(details)});
    save_state();
  });
}

std::string ModelRegistry::rollback(const std::string& version, const std::string& reason, const std::string& trigger) {
  check_trigger(trigger, false);
  return write_transaction([&] {
    std::string target = version;
    if (target.empty()) {
      const auto found = rollback_target_locked();
      if (!found) throw NotFoundError("no earlier champion to roll back to");
      target = *found;
    } else if (!present(target)) {
      throw NotFoundError(fmt::format("no model version '{}'", target));
    }
    if (target == state_.champion) throw ConflictError(fmt::format("version '{}' already is the champion", target));
    const bool flag = !passed_gates_locked(target);  // a version keeps its own verdict
    const auto previous = state_.champion.value_or("");
    state_.champion = target;
    state_.provisional = flag;
    append({"", "rollback", target, previous, reason, trigger, nlohmann::json{{"provisional", flag}}});
    save_state();
    write_training_metrics();
    return target;
  });
}

std::vector<std::string> ModelRegistry::prune(const std::string& trigger) {
  check_trigger(trigger, true);
  return write_transaction([&] { return prune_locked(trigger); });
}

std::vector<std::string> ModelRegistry::prune_locked(const std::string& trigger) {
  if (keep_last_ == 0 || state_.versions.size() <= keep_last_) return {};
  const auto target = rollback_target_locked();
  const std::size_t first_kept = state_.versions.size() - keep_last_;
  std::vector<std::string> doomed;
  for (std::size_t i = 0; i < first_kept; ++i) {
    const auto& id = state_.versions[i];
    if (id != state_.champion && id != target) doomed.push_back(id);
  }
  if (doomed.empty()) return {};
  for (const auto& id : doomed) {
    std::erase(state_.versions, id);
    append({"", "prune", id, state_.champion.value_or(""), fmt::format("beyond keep_last = {}", keep_last_), trigger,
            nlohmann::json{{"keep_last", keep_last_}}});
  }
  save_state();  // first forget the versions, then delete them: a crash leaves only garbage
  for (const auto& id : doomed) {
    const auto dir = versions_dir() / id;
    const auto trash = versions_dir() / ("." + id + ".deleting");
    std::error_code ec;
    fs::remove_all(trash, ec);
    fs::rename(dir, trash, ec);
    fs::remove_all(ec ? dir : trash, ec);
    if (ec) spdlog::warn("model registry: cannot delete '{}': {}", dir.string(), ec.message());
  }
  return doomed;
}

// ---- reads ----------------------------------------------------------------------------------

std::optional<std::string> ModelRegistry::champion() const {
  std::lock_guard guard(mutex_);
  refresh();
  return state_.champion;
}

bool ModelRegistry::champion_provisional() const {
  std::lock_guard guard(mutex_);
  refresh();
  return state_.champion && state_.provisional;
}

std::optional<std::string> ModelRegistry::rollback_target() const {
  std::lock_guard guard(mutex_);
  refresh();
  return rollback_target_locked();
}

// The champions in the order they served, replayed from the history: a promotion pushes its
// version; a rollback to a version below the top walks back to it (dropping the ones above), a
// rollback to any other version pushes it. The top is the champion.
std::vector<std::string> ModelRegistry::champion_lineage_locked() const {
  std::vector<std::string> lineage;
  for (const auto& e : state_.history) {
    if (!is_champion_action(e.action)) continue;
    if (e.action == "rollback" && lineage.size() >= 2) {
      const auto below_top = std::find(lineage.rbegin() + 1, lineage.rend(), e.version);
      if (below_top != lineage.rend()) {
        lineage.erase(below_top.base(), lineage.end());
        continue;
      }
    }
    lineage.push_back(e.version);
  }
  return lineage;
}

std::optional<std::string> ModelRegistry::rollback_target_locked() const {
  if (!state_.champion) return std::nullopt;
  const auto lineage = champion_lineage_locked();
  for (auto it = lineage.rbegin(); it != lineage.rend(); ++it) {
    if (*it != *state_.champion && present(*it)) return *it;
  }
  return std::nullopt;
}

// Passed = promoted, or forced while its gates passed; a version only rejected, served
// provisionally, forced past failed gates or never evaluated did not.
bool ModelRegistry::passed_gates_locked(const std::string& version) const {
  return std::any_of(state_.history.begin(), state_.history.end(), [&](const HistoryEvent& e) {
    return e.version == version && (e.action == "promote" || e.action == "force") &&
           !e.details.value("provisional", false);
  });
}

VersionInfo ModelRegistry::info_locked(const std::string& version) const {
  if (!present(version)) throw NotFoundError(fmt::format("no model version '{}'", version));
  VersionInfo info;
  info.version = version;
  info.dir = versions_dir() / version;
  info.spec = parse_json_file(info.dir / "spec.json");
  info.metrics = parse_json_file(info.dir / "metrics.json");
  info.created = info.spec.is_object() ? info.spec.value("created", "") : "";
  if (info.created.empty()) info.created = time_of_id(version);
  return info;
}

std::vector<VersionInfo> ModelRegistry::versions() const {
  std::lock_guard guard(mutex_);
  refresh();
  std::vector<VersionInfo> out;
  for (auto it = state_.versions.rbegin(); it != state_.versions.rend(); ++it) out.push_back(info_locked(*it));
  return out;
}

std::vector<std::string> ModelRegistry::version_ids() const {
  std::lock_guard guard(mutex_);
  refresh();
  return {state_.versions.rbegin(), state_.versions.rend()};
}

VersionInfo ModelRegistry::version_info(const std::string& version) const {
  std::lock_guard guard(mutex_);
  refresh();
  return info_locked(version);
}

std::vector<HistoryEvent> ModelRegistry::history(std::size_t last_n) const {
  std::lock_guard guard(mutex_);
  refresh();
  const auto& h = state_.history;
  const std::size_t from = last_n == 0 || last_n >= h.size() ? 0 : h.size() - last_n;
  return {h.begin() + static_cast<std::ptrdiff_t>(from), h.end()};
}

ml::ModelBundle ModelRegistry::load(const std::string& version) const {
  fs::path dir;
  {
    std::lock_guard guard(mutex_);
    refresh();
    if (!present(version)) throw NotFoundError(fmt::format("no model version '{}'", version));
    dir = versions_dir() / version;
  }
  return ml::load_model_bundle(dir);  // outside the lock: readers never wait on file IO
}

}  // namespace mp::tracking
