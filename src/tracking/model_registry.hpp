#pragma once
// The on-disk model registry: every trained model is a version, a self-contained ModelBundle
// directory named by UTC timestamp plus a short random id (20261124T031500Z-3f9a1c). The alias
// `champion` names the serving version; a history records every registration, promotion,
// rejection, forced deployment, rollback and pruning with time, reason and trigger.
//
//   <root>/registry.json          {"format":"mpredict-registry/1","champion","provisional",
//                                  "versions":[ids, oldest first],"history":[events]}
//   <root>/versions/<id>/         model.json, spec.json, metrics.json (ml::save_model_bundle)
//   <root>/training_report.json   the champion's metrics.json, whole (the evaluation report)
//   <root>/training_metrics.json  the original system's flat summary of it (flat_training_metrics)
//                                 Both derived: rewritten on every champion change, repaired on
//                                 open when missing or stale.
//   <root>/registry.lock          flock(2) target serialising writers across processes
//
// Crash safety (kill -9 at any instant leaves the registry readable, the champion intact):
// - every file goes through mp::write_file_atomic (temp, fsync, rename, fsync dir);
// - a version directory is written under versions/.<id>.<pid>.staging and exchanged into place before
//   registry.json references it; a complete directory that registry.json does not know about
//   (crash between the two steps) is adopted on open with a "register" event (trigger startup);
// - pruning first drops the id from registry.json, then renames the directory to
//   versions/.<id>.deleting, then removes it; leftovers of either step are finished on open;
// - training_report.json and training_metrics.json are written after registry.json.
// Concurrency: one mutex per object (the server calls from several threads) plus an exclusive
// flock around every write, and every call re-reads registry.json when another process has
// replaced it, so the CLI and the server may act on the same registry.
#include "ml/model_bundle.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mp::tracking {

struct HistoryEvent {
  std::string time;      // UTC ISO-8601, filled by the registry when empty
  std::string action;    // "register" | "promote" | "reject" | "force" | "rollback" | "provisional" | "prune"
  std::string version;   // the version acted on
  std::string previous;  // champion before the event ("" if none)
  std::string reason;
  std::string trigger;  // "schedule" | "api" | "cli" | "startup" ("" for an automatic register/prune)
  nlohmann::json details = nlohmann::json::object();
};

nlohmann::json history_event_to_json(const HistoryEvent& event);
HistoryEvent history_event_from_json(const nlohmann::json& json);  // throws nlohmann::json::exception

// The original system's training_metrics.json from an evaluation report (metrics.json): the
// pooled walk-forward f1_score, accuracy, precision, recall, roc_auc, and cv_mean / cv_std, the
// mean and population standard deviation of the per-fold F1 (folds without an F1 left out).
// A value the report lacks is null.
nlohmann::json flat_training_metrics(const nlohmann::json& report);

struct VersionInfo {
  std::string version;
  std::string created;  // the bundle's creation time, else the time in the id
  std::filesystem::path dir;
  nlohmann::json spec;     // spec.json
  nlohmann::json metrics;  // metrics.json
};

class ModelRegistry {
 public:
  static constexpr const char* kFormat = "mpredict-registry/1";

  // Creates root/versions, loads registry.json, finishes what a crash interrupted (staging and
  // deleting directories, temp files, unregistered complete versions, stale training_metrics.json).
  // Throws mp::InputError naming registry.json if it is corrupt. keep_last = 0 never prunes.
  explicit ModelRegistry(std::filesystem::path root, std::size_t keep_last = 10);

  // Writes versions/<id>/ and records "register"; then prunes. Returns the new id.
  std::string add_version(const ml::ModelBundle& bundle, const std::string& trigger = "");
  // action: "promote" | "force" | "provisional" ("provisional" implies provisional = true).
  // Unknown version -> NotFoundError; unknown action or trigger -> ConfigError.
  void promote(const std::string& version, const std::string& action, const std::string& reason,
               const std::string& trigger, bool provisional, nlohmann::json details = {});
  // Records that `version` failed to become champion; the champion is unchanged.
  void reject(const std::string& version, const std::string& reason, const std::string& trigger,
              nlohmann::json details = {});
  // To `version`, or (empty) to rollback_target(). NotFoundError if there is none or the version
  // is unknown; ConflictError if it already is the champion. The restored champion keeps its own
  // verdict: provisional unless it ever passed its gates (a "promote", or a "force" whose gates
  // passed). Returns the new champion.
  std::string rollback(const std::string& version, const std::string& reason, const std::string& trigger);

  [[nodiscard]] std::optional<std::string> champion() const;
  [[nodiscard]] bool champion_provisional() const;
  // What rollback("") would return to: the champion before the current one in the champion
  // lineage (still present), so repeated rollbacks walk back v3 -> v2 -> v1. The lineage is the
  // history replayed: a promotion pushes, a rollback to an earlier champion walks back to it, a
  // rollback to any other version pushes it.
  [[nodiscard]] std::optional<std::string> rollback_target() const;
  [[nodiscard]] std::vector<VersionInfo> versions() const;                        // newest first
  [[nodiscard]] std::vector<std::string> version_ids() const;                     // newest first, no file reads
  [[nodiscard]] VersionInfo version_info(const std::string& version) const;       // NotFoundError
  [[nodiscard]] std::vector<HistoryEvent> history(std::size_t last_n = 0) const;  // newest last; 0 = all
  [[nodiscard]] ml::ModelBundle load(const std::string& version) const;           // NotFoundError
  // Deletes versions beyond keep_last (oldest first), never the champion or rollback target;
  // records one "prune" event per deleted version; returns the deleted ids, oldest first.
  std::vector<std::string> prune(const std::string& trigger = "");

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::filesystem::path versions_dir() const { return root_ / "versions"; }
  [[nodiscard]] std::filesystem::path registry_file() const { return root_ / "registry.json"; }
  [[nodiscard]] std::filesystem::path alerts_file() const { return root_ / "alerts.log"; }
  [[nodiscard]] std::size_t keep_last() const { return keep_last_; }

 private:
  struct State {
    std::optional<std::string> champion;
    bool provisional = false;
    std::vector<std::string> versions;  // oldest first
    std::vector<HistoryEvent> history;
  };
  struct FileStamp {
    unsigned long long inode = 0, size = 0;
    long long mtime_ns = 0;
    bool exists = false;
    bool operator==(const FileStamp&) const = default;
  };
  class WriteLock;  // flock on registry.lock for the lifetime of a write

  void refresh() const;           // re-reads registry.json if another process replaced it
  void load_state() const;        // unconditionally
  void save_state();              // registry.json, then the cached stamp
  void write_training_metrics();  // champion's metrics.json -> training_report.json, training_metrics.json
  void recover();                 // the crash repairs done on open
  void append(HistoryEvent event);
  [[nodiscard]] bool present(const std::string& version) const;
  [[nodiscard]] std::optional<std::string> rollback_target_locked() const;
  [[nodiscard]] std::vector<std::string> champion_lineage_locked() const;  // oldest first, top = champion
  [[nodiscard]] bool passed_gates_locked(const std::string& version) const;
  [[nodiscard]] std::vector<std::string> prune_locked(const std::string& trigger);
  [[nodiscard]] std::string new_version_id() const;
  [[nodiscard]] VersionInfo info_locked(const std::string& version) const;
  // Mutex + write lock + refresh around `body`; on an exception the state is re-read next time.
  template <typename Body>
  auto write_transaction(Body&& body);

  std::filesystem::path root_;
  std::size_t keep_last_;
  mutable std::mutex mutex_;
  mutable State state_;
  mutable FileStamp stamp_;
  mutable bool stale_ = true;  // force a re-read on the next refresh()
};

}  // namespace mp::tracking
