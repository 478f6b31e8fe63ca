#include "server/elastic_task_queue.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace mp::server {

ElasticTaskQueue::ElasticTaskQueue(std::size_t min_threads, std::size_t max_threads,
                                   std::chrono::milliseconds idle_timeout)
    : min_threads_(std::max<std::size_t>(min_threads, 1)),
      max_threads_(std::max(max_threads, std::max<std::size_t>(min_threads, 1))),
      idle_timeout_(idle_timeout) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_threads_; ++i) start_worker();
}

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

void ElasticTaskQueue::start_worker() {
  workers_.emplace_front();
  const auto self = workers_.begin();
  *self = std::thread([this, self] { work(self); });
  peak_ = std::max(peak_, workers_.size());
}

void ElasticTaskQueue::enqueue(std::function<void()> task) {
  join_finished();
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return;
    tasks_.push_back(std::move(task));
    // Workers not running a task (idle or still starting) each take one queued task; more
    // queued tasks than that need a new worker.
    if (tasks_.size() > workers_.size() - busy_ && workers_.size() < max_threads_) start_worker();
  }
  wake_.notify_one();
}

void ElasticTaskQueue::work(std::list<std::thread>::iterator self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    const bool woken = wake_.wait_for(lock, idle_timeout_, [this] { return shutting_down_ || !tasks_.empty(); });
    if (tasks_.empty()) {
      if (shutting_down_) return;
      if (!woken && workers_.size() > min_threads_) {  // idle too long above the minimum: retire
        finished_.splice(finished_.end(), workers_, self);
        return;
      }
      continue;
    }
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    ++busy_;
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {  // httplib's tasks do not throw; a worker must not die of one
      spdlog::error("HTTP worker: {}", e.what());
    }
    lock.lock();
    --busy_;
  }
}

void ElasticTaskQueue::join_finished() {
  std::list<std::thread> done;
  {
    std::lock_guard lock(mutex_);
    done.splice(done.end(), finished_);
  }
  for (auto& thread : done) thread.join();
}

void ElasticTaskQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ && workers_.empty()) return;
    shutting_down_ = true;
  }
  wake_.notify_all();
  std::list<std::thread> running;
  {
    std::lock_guard lock(mutex_);
    running.splice(running.end(), workers_);
  }
  for (auto& thread : running) thread.join();
  join_finished();
}

std::size_t ElasticTaskQueue::threads() const {
  std::lock_guard lock(mutex_);
  return workers_.size();
}

std::size_t ElasticTaskQueue::peak_threads() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace mp::server
