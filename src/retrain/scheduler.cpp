#include "retrain/scheduler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/error.hpp"

namespace mp::retrain {
namespace {

constexpr std::chrono::seconds kMaxWait{1};  // a changed (or injected) clock is noticed within this

std::chrono::sys_seconds system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

Scheduler::Scheduler(const date::time_zone* zone, Clock clock)
    : zone_(zone), clock_(clock ? std::move(clock) : Clock{system_now}) {
  if (zone_ == nullptr) throw ConfigError("scheduler needs a time zone");
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::add(std::string name, CronExpression cron, std::function<void()> action) {
  std::lock_guard lock(mutex_);
  if (running_) throw Error(fmt::format("cannot add job '{}': scheduler is running", name));
  const bool duplicate = std::any_of(jobs_.begin(), jobs_.end(), [&](const Job& job) { return job.name == name; });
  if (duplicate) throw ConfigError(fmt::format("duplicate scheduled job name '{}'", name));
  const auto next_run = cron.next_after(clock_(), zone_);
  jobs_.push_back(Job{std::move(name), std::move(cron), std::move(action), next_run});
}

void Scheduler::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (running_) throw Error("scheduler already running");
  }
  if (thread_.joinable()) thread_.join();  // left behind by a stop() called from inside an action
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    for (auto& job : jobs_) job.next_run = job.cron.next_after(now, zone_);
    stop_requested_ = false;
    running_ = true;
  }
  thread_ = std::thread(&Scheduler::loop, this);
  spdlog::info("scheduler started: {} job(s), time zone {}", jobs_.size(), zone_->name());
}

void Scheduler::stop() {
  const bool on_worker = thread_.joinable() && std::this_thread::get_id() == thread_.get_id();
  if (on_worker) {  // from inside an action: the thread ends after the action; start() or the owner joins it
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    running_ = false;
    return;
  }
  std::lock_guard lifecycle(lifecycle_mutex_);
  bool was_running = false;
  {
    std::lock_guard lock(mutex_);
    was_running = running_;
    stop_requested_ = true;
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (was_running) spdlog::info("scheduler stopped");
}

bool Scheduler::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::vector<ScheduledJobInfo> Scheduler::jobs() const {
  std::vector<ScheduledJobInfo> out;
  {
    std::lock_guard lock(mutex_);
    out.reserve(jobs_.size());
    for (const auto& job : jobs_) out.push_back({job.name, job.cron.text(), job.next_run});
  }
  std::sort(out.begin(), out.end(), [](const ScheduledJobInfo& a, const ScheduledJobInfo& b) {
    return a.next_run != b.next_run ? a.next_run < b.next_run : a.name < b.name;
  });
  return out;
}

std::vector<std::string> Scheduler::run_due() {
  std::lock_guard run(run_mutex_);
  struct Due {
    std::chrono::sys_seconds at;
    std::string name;
    std::function<void()> action;
  };
  std::vector<Due> due;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    for (auto& job : jobs_) {
      if (job.next_run > now) continue;
      due.push_back({job.next_run, job.name, job.action});
      try {
        job.next_run = job.cron.next_after(std::max(now, job.next_run), zone_);
      } catch (const std::exception& e) {  // cannot happen for a parsed expression; never let it kill the thread
        spdlog::error("scheduled job '{}' disabled: {}", job.name, e.what());
        job.next_run = std::chrono::sys_seconds::max();
      }
    }
  }
  std::sort(due.begin(), due.end(),
            [](const Due& a, const Due& b) { return a.at != b.at ? a.at < b.at : a.name < b.name; });
  std::vector<std::string> names;
  names.reserve(due.size());
  for (auto& job : due) {
    spdlog::info("running scheduled job '{}' (due {})", job.name, format_in_zone(job.at, zone_));
    try {
      if (job.action) job.action();
    } catch (const std::exception& e) {
      spdlog::error("scheduled job '{}' failed: {}", job.name, e.what());
    } catch (...) {
      spdlog::error("scheduled job '{}' failed with a non-standard exception", job.name);
    }
    names.push_back(std::move(job.name));
  }
  return names;
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_requested_) {
    const auto now = clock_();
    std::optional<std::chrono::sys_seconds> earliest;
    for (const auto& job : jobs_) {
      if (!earliest || job.next_run < *earliest) earliest = job.next_run;
    }
    if (earliest && *earliest <= now) {
      lock.unlock();
      run_due();
      lock.lock();
      continue;
    }
    const auto wait = earliest ? std::min<std::chrono::system_clock::duration>(*earliest - now, kMaxWait)
                               : std::chrono::system_clock::duration{kMaxWait};
    wake_.wait_until(lock, std::chrono::system_clock::now() + wait, [this] { return stop_requested_; });
  }
}

}  // namespace mp::retrain
