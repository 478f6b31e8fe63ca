#pragma once
// The model keeps itself fresh: on a schedule (or when asked) it refreshes data, retrains,
// validates behind gates, promotes or rejects, alerts, and can roll back. One retraining at a
// time. A component with an explicit lifecycle: bootstrap() -> start() -> stop().
#include "core/config.hpp"
#include "core/error.hpp"
#include "data/market_store.hpp"
#include "retrain/job_record.hpp"
#include "retrain/job_store.hpp"
#include "retrain/scheduler.hpp"
#include "retrain/server_lock.hpp"
#include "retrain/serving_model.hpp"
#include "tracking/alert_log.hpp"
#include "tracking/model_registry.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace mp::retrain {

struct TriggerRequest {
  bool force = false;  // skip the gates (recorded as forced)
  bool full = false;   // full history (the weekly job) instead of the lookback window
  std::string trigger = "api";
};

// Thrown when a retraining is already running; carries that job.
class JobConflictError : public ConflictError {
 public:
  explicit JobConflictError(JobSnapshot running);
  [[nodiscard]] const JobSnapshot& running() const noexcept { return running_; }

 private:
  JobSnapshot running_;
};

class RetrainingService {
 public:
  using Progress = std::function<void(const std::string& stage, double fraction)>;

  // Takes the registry's server lock first (ConflictError naming the holder when another
  // process serves it), then opens the store and the registry.
  explicit RetrainingService(Config config);
  ~RetrainingService();
  RetrainingService(const RetrainingService&) = delete;
  RetrainingService& operator=(const RetrainingService&) = delete;

  // Serves the champion, training one first (synchronously) when the registry has none.
  void bootstrap(const Progress& progress = {});
  void start();  // the scheduler; requires bootstrap()
  void stop();   // stops the scheduler and waits for a running job
  [[nodiscard]] const char* lifecycle() const;
  void announce_port(int port) { server_lock_.set_port(port); }  // recorded in server.lock

  // Starts a run on a worker thread; JobConflictError while one runs.
  JobSnapshot trigger(const TriggerRequest& request);
  [[nodiscard]] std::optional<JobSnapshot> job(const std::string& id) const;
  // Waits for the running job, if any (tests, `trigger --wait` uses polling instead).
  void wait_idle();
  // To `version` or the previous champion; hot-swaps the serving model. Returns the new champion.
  std::string rollback(const std::string& version, const std::string& trigger);

  // Rebuilds the serving snapshot when the store's content changed since it was built (an
  // import by another process, a data refresh). Runs after every job, whatever its outcome, and
  // every [retraining].store_check_seconds while started. Returns whether it rebuilt.
  bool refresh_serving_if_store_changed();

  [[nodiscard]] nlohmann::json status() const;
  [[nodiscard]] nlohmann::json model_info() const;
  [[nodiscard]] const ServingModel& serving() const noexcept { return serving_; }
  [[nodiscard]] const Config& config() const noexcept { return config_; }

 private:
  // On a new thread: lowers it to [retraining].training_nice, then run_job().
  void run_training_job(const std::shared_ptr<JobRecord>& job, const TriggerRequest& request, const Progress& progress);
  void run_job(const std::shared_ptr<JobRecord>& job, const TriggerRequest& request, const Progress& progress);
  // Runs the job's stages and returns its outcome (promoted, provisional, forced, rejected).
  std::string execute(JobRecord& job, const TriggerRequest& request, const Progress& progress);
  void publish_champion();
  void alert_on_degraded(const ServingState& state);
  void alert(const std::string& level, const std::string& subject, const nlohmann::json& details) noexcept;
  [[nodiscard]] Panel serving_panel() const;  // the bars the serving snapshot scores
  void refresh_serving_after(JobRecord& job);
  void watch_store();  // the periodic store check (a thread between start() and stop())
  std::shared_ptr<JobRecord> begin_job(const TriggerRequest& request, const std::string& kind);
  void remember_finished(const JobSnapshot& job);
  void persist(const JobSnapshot& job);                      // its record in jobs/; errors are logged
  void remember_job(const std::shared_ptr<JobRecord>& job);  // under mutex_; keeps the newest keep_jobs
  // Reads the job records (marking those a dead process left running as failed) and the last run.
  void recover_jobs();

  Config config_;
  ServerLock server_lock_;  // before everything that touches the registry
  data::MarketStore store_;
  tracking::ModelRegistry registry_;
  tracking::AlertLog alerts_;
  JobStore job_store_;
  std::unique_ptr<Scheduler> scheduler_;
  ServingModel serving_;
  std::mutex publish_mutex_;  // one snapshot build at a time: the newest bars are published last

  mutable std::mutex mutex_;  // guards the members below
  std::map<std::string, std::shared_ptr<JobRecord>> jobs_;
  std::deque<std::string> job_order_;  // ids in jobs_, oldest first
  std::shared_ptr<JobRecord> running_;
  std::thread worker_;
  std::thread store_watcher_;
  std::condition_variable store_watch_wakeup_;
  bool store_watch_stop_ = false;
  std::optional<JobSnapshot> last_run_;
  std::size_t job_counter_ = 0;
  nlohmann::json last_degraded_ = nlohmann::json::object();  // what the last degraded alert named
  enum class Lifecycle { Created, Serving, Running, Stopped } lifecycle_ = Lifecycle::Created;
};

}  // namespace mp::retrain
