#include "core/thread_pool.hpp"

#include "core/error.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <future>
#include <memory>

namespace mp {

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
  std::unique_lock lock(mutex_);
  started_.wait(lock, [&] { return tids_.size() == threads; });
}

void ThreadPool::set_niceness(int nice) {
  for (const int tid : worker_tids()) {
    if (::setpriority(PRIO_PROCESS, static_cast<id_t>(tid), nice) != 0) {
      throw IoError(
          fmt::format("cannot set the nice value of pool thread {} to {}: {}", tid, nice, std::strerror(errno)));
    }
  }
}

std::vector<int> ThreadPool::worker_tids() const {
  std::lock_guard lock(mutex_);
  return tids_;
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::worker_loop() {
  ::pthread_setname_np(::pthread_self(), "mp-pool");  // for top -H and /proc/<pid>/task/*/comm
  {
    std::lock_guard lock(mutex_);
    tids_.push_back(static_cast<int>(::gettid()));
  }
  started_.notify_one();
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_ && tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop();
    }
    task();
  }
}

void ThreadPool::parallel_for(std::size_t n, const std::function<void(std::size_t)>& body) {
  if (n == 0) return;
  if (workers_.size() == 1 || n == 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  // Work-stealing by an atomic counter: each task takes the next index until none is left.
  auto next = std::make_shared<std::atomic<std::size_t>>(0);
  const std::size_t task_count = std::min(n, workers_.size());
  std::vector<std::future<void>> done;
  done.reserve(task_count);
  for (std::size_t t = 0; t < task_count; ++t) {
    auto promise = std::make_shared<std::promise<void>>();
    done.push_back(promise->get_future());
    {
      std::lock_guard lock(mutex_);
      tasks_.emplace([next, n, &body, promise] {
        try {
          for (std::size_t i = (*next)++; i < n; i = (*next)++) body(i);
          promise->set_value();
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
      });
    }
    cv_.notify_one();
  }
  std::exception_ptr first_error;
  for (auto& f : done) {
    try {
      f.get();
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

namespace {
std::size_t g_shared_size = 0;
}

void ThreadPool::set_shared_size(std::size_t threads) { g_shared_size = threads; }

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool(g_shared_size != 0 ? g_shared_size : resolve_threads(0));
  return pool;
}

std::size_t resolve_threads(int requested) {
  if (requested > 0) return static_cast<std::size_t>(requested);
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace mp
