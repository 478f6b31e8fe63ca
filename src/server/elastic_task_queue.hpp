#pragma once
// The HTTP server's workers: cpp-httplib runs one connection per task until it closes, so a fixed
// pool is held by as many slow or idle keep-alive clients as it has threads. This queue keeps
// `min_threads` workers and starts another whenever a task arrives while none is idle, up to
// `max_threads`; a worker above the minimum exits after `idle_timeout` without work. Together
// with the per-request deadlines of HttpServer, a slow client holds a worker for a bounded time
// and never the last one. (httplib's own ThreadPool is fixed; core's ThreadPool is for
// parallel_for: neither grows, hence this small class.)
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace mp::server {

class ElasticTaskQueue : public httplib::TaskQueue {
 public:
  ElasticTaskQueue(std::size_t min_threads, std::size_t max_threads,
                   std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~ElasticTaskQueue() override;
  ElasticTaskQueue(const ElasticTaskQueue&) = delete;
  ElasticTaskQueue& operator=(const ElasticTaskQueue&) = delete;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;  // runs the queued tasks, then joins every worker

  [[nodiscard]] std::size_t threads() const;  // workers alive now
  [[nodiscard]] std::size_t peak_threads() const;

 private:
  void start_worker();  // mutex_ held
  void work(std::list<std::thread>::iterator self);
  void join_finished();  // mutex_ not held

  const std::size_t min_threads_, max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::list<std::thread> workers_;   // running
  std::list<std::thread> finished_;  // exited on idle, joined by the next enqueue or shutdown
  std::size_t busy_ = 0, peak_ = 0;  // busy_: workers running a task
  bool shutting_down_ = false;
};

}  // namespace mp::server
