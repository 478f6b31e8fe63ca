#pragma once
// A cron scheduler: named jobs with a CronExpression each, evaluated in one time zone, run by one thread.
// A component with an explicit lifecycle: add jobs, start(), stop() (idempotent; the destructor stops).
//
// The thread sleeps until the earliest next run (each wait capped at 1 s, so a changed clock is noticed), runs the
// due actions in order of next run then name, and gives each a new next run computed from max(now, its previous
// next run): a run missed while the process slept or while another action ran fires once, not in a burst.
// An exception from an action is logged and does not stop the thread or later runs.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "retrain/cron_expression.hpp"

namespace mp::retrain {

struct ScheduledJobInfo {
  std::string name;
  std::string cron;
  std::chrono::sys_seconds next_run;
};

class Scheduler {
 public:
  using Clock = std::function<std::chrono::sys_seconds()>;  // injectable for tests; default: system_clock now

  explicit Scheduler(const date::time_zone* zone, Clock clock = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Only while not running; its first run is the first match strictly after the clock's now.
  // A duplicate name -> mp::ConfigError; while running -> mp::Error.
  void add(std::string name, CronExpression cron, std::function<void()> action);
  // Starts the thread (next runs are recomputed from now, so nothing stale fires on start).
  // Already running -> mp::Error("scheduler already running").
  void start();
  // Idempotent; wakes the thread and joins it. A running action finishes first.
  void stop();
  [[nodiscard]] bool running() const;
  // Sorted by next_run, then name.
  [[nodiscard]] std::vector<ScheduledJobInfo> jobs() const;
  [[nodiscard]] const date::time_zone* zone() const noexcept { return zone_; }
  // Runs every job whose next_run <= now (per the clock) and advances its next_run; returns the names run (in the
  // order run, including actions that threw). Calls are serialised with each other and with the thread.
  std::vector<std::string> run_due();

 private:
  struct Job {
    std::string name;
    CronExpression cron;
    std::function<void()> action;
    std::chrono::sys_seconds next_run;
  };

  void loop();

  const date::time_zone* zone_;
  Clock clock_;
  mutable std::mutex mutex_;  // guards jobs_, running_, stop_requested_
  std::condition_variable wake_;
  std::mutex run_mutex_;        // held while actions run: one run_due at a time
  std::mutex lifecycle_mutex_;  // serialises start() and stop() from outside the thread
  std::vector<Job> jobs_;
  bool running_ = false;
  bool stop_requested_ = false;
  std::thread thread_;
};

}  // namespace mp::retrain
