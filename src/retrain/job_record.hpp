#pragma once
// One retraining run as the API shows it: state, stage, progress, log lines, outcome.
// Updated by the worker thread and read by request threads: every access goes through the lock.
#include <nlohmann/json.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace mp::retrain {

enum class JobState { Queued, Running, Completed, Failed };
const char* job_state_name(JobState state);

struct JobSnapshot {
  std::string id;
  std::string kind;     // "daily" | "full" | "bootstrap"
  std::string trigger;  // "schedule" | "api" | "cli" | "startup"
  bool force = false;
  JobState state = JobState::Queued;
  std::string created, started, finished;
  std::string stage;
  double progress = 0;
  std::string outcome;  // "promoted" | "provisional" | "forced" | "rejected" (completed jobs)
  std::string candidate_version;
  std::string error;
  nlohmann::json metrics = nullptr;  // candidate's pooled walk-forward metrics + baselines
  nlohmann::json gates = nullptr;
  std::vector<std::string> log;
};

nlohmann::json to_json(const JobSnapshot& job, bool with_log = true);
// The inverse of to_json (a missing log reads as empty); nlohmann::json::exception when malformed.
JobSnapshot job_from_json(const nlohmann::json& json);

class JobRecord {
 public:
  JobRecord(std::string id, std::string kind, std::string trigger, bool force);
  explicit JobRecord(JobSnapshot recorded);  // a job read back from disk
  void start();
  void set_stage(const std::string& stage, double progress);
  void log(const std::string& line);  // also to spdlog
  // The snapshot the job will show once finish()ed, so the service can record the last run
  // before the job is seen finished.
  [[nodiscard]] JobSnapshot completed_snapshot(const std::string& outcome) const;
  [[nodiscard]] JobSnapshot failed_snapshot(const std::string& error) const;
  void finish(JobSnapshot final_state);  // one of the two above
  void set_result(const std::string& version, nlohmann::json metrics, nlohmann::json gates);
  [[nodiscard]] JobSnapshot snapshot() const;
  [[nodiscard]] bool finished() const;

 private:
  mutable std::mutex mutex_;
  JobSnapshot data_;
};

}  // namespace mp::retrain
