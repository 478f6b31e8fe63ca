#include "retrain/job_record.hpp"

#include "core/dates.hpp"

#include <spdlog/spdlog.h>

#include <map>

namespace mp::retrain {

const char* job_state_name(JobState state) {
  switch (state) {
    case JobState::Queued:
      return "queued";
    case JobState::Running:
      return "running";
    case JobState::Completed:
      return "completed";
    case JobState::Failed:
      return "failed";
  }
  return "unknown";
}

nlohmann::json to_json(const JobSnapshot& job, bool with_log) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  nlohmann::json j = {{"id", job.id},
                      {"kind", job.kind},
                      {"trigger", job.trigger},
                      {"force", job.force},
                      {"state", job_state_name(job.state)},
                      {"created", job.created},
                      {"started", or_null(job.started)},
                      {"finished", or_null(job.finished)},
                      {"stage", job.stage},
                      {"progress", job.progress},
                      {"outcome", or_null(job.outcome)},
                      {"candidate_version", or_null(job.candidate_version)},
                      {"error", or_null(job.error)},
                      {"metrics", job.metrics},
                      {"gates", job.gates}};
  if (with_log) j["log"] = job.log;
  return j;
}

JobSnapshot job_from_json(const nlohmann::json& j) {
  auto text = [&](const char* key) { return j.at(key).is_null() ? std::string() : j.at(key).get<std::string>(); };
  static const std::map<std::string, JobState> states = {{"queued", JobState::Queued},
                                                         {"running", JobState::Running},
                                                         {"completed", JobState::Completed},
                                                         {"failed", JobState::Failed}};
  JobSnapshot job;
  job.id = text("id");
  job.kind = text("kind");
  job.trigger = text("trigger");
  job.force = j.at("force").get<bool>();
  const auto state = states.find(text("state"));
  if (state == states.end()) throw nlohmann::json::other_error::create(501, "unknown job state " + text("state"), &j);
  job.state = state->second;
  job.created = text("created");
  job.started = text("started");
  job.finished = text("finished");
  job.stage = text("stage");
  job.progress = j.at("progress").get<double>();
  job.outcome = text("outcome");
  job.candidate_version = text("candidate_version");
  job.error = text("error");
  job.metrics = j.value("metrics", nlohmann::json(nullptr));
  job.gates = j.value("gates", nlohmann::json(nullptr));
  job.log = j.value("log", std::vector<std::string>{});
  return job;
}

JobRecord::JobRecord(JobSnapshot recorded) : data_(std::move(recorded)) {}

JobRecord::JobRecord(std::string id, std::string kind, std::string trigger, bool force) {
  data_.id = std::move(id);
  data_.kind = std::move(kind);
  data_.trigger = std::move(trigger);
  data_.force = force;
  data_.created = utc_timestamp_now();
}

void JobRecord::start() {
  std::lock_guard lock(mutex_);
  data_.state = JobState::Running;
  data_.started = utc_timestamp_now();
}

void JobRecord::set_stage(const std::string& stage, double progress) {
  std::lock_guard lock(mutex_);
  data_.stage = stage;
  data_.progress = progress;
}

void JobRecord::log(const std::string& line) {
  spdlog::info("job {}: {}", data_.id, line);
  std::lock_guard lock(mutex_);
  data_.log.push_back(utc_timestamp_now() + " " + line);
}

namespace {
void mark_completed(JobSnapshot& s, const std::string& outcome) {
  s.state = JobState::Completed;
  s.outcome = outcome;
  s.stage = "done";
  s.progress = 1.0;
  s.finished = utc_timestamp_now();
}
void mark_failed(JobSnapshot& s, const std::string& error) {
  s.state = JobState::Failed;
  s.error = error;
  s.finished = utc_timestamp_now();
}
}  // namespace

JobSnapshot JobRecord::completed_snapshot(const std::string& outcome) const {
  auto s = snapshot();
  mark_completed(s, outcome);
  return s;
}

JobSnapshot JobRecord::failed_snapshot(const std::string& error) const {
  auto s = snapshot();
  mark_failed(s, error);
  return s;
}

void JobRecord::finish(JobSnapshot final_state) {
  std::lock_guard lock(mutex_);
  data_ = std::move(final_state);
}

void JobRecord::set_result(const std::string& version, nlohmann::json metrics, nlohmann::json gates) {
  std::lock_guard lock(mutex_);
  data_.candidate_version = version;
  data_.metrics = std::move(metrics);
  data_.gates = std::move(gates);
}

JobSnapshot JobRecord::snapshot() const {
  std::lock_guard lock(mutex_);
  return data_;
}

bool JobRecord::finished() const {
  std::lock_guard lock(mutex_);
  return data_.state == JobState::Completed || data_.state == JobState::Failed;
}

}  // namespace mp::retrain
