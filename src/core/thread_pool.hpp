#pragma once
// One shared fixed-size thread pool. parallel_for splits [0, n) into chunks and blocks until
// every chunk ran; exceptions from a chunk are rethrown to the caller (first one wins).
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace mp {

class ThreadPool {
 public:
  explicit ThreadPool(std::size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return workers_.size(); }
  void parallel_for(std::size_t n, const std::function<void(std::size_t)>& body);
  // Sets the nice value of every worker (Linux: per thread). Raising it is always allowed;
  // lowering it again needs CAP_SYS_NICE. The server runs its background work (training,
  // snapshot builds) on this pool, below the request threads. Throws IoError when refused.
  void set_niceness(int nice);
  [[nodiscard]] std::vector<int> worker_tids() const;  // kernel thread ids (threads are named "mp-pool")

  // The process-wide pool, sized by hardware_concurrency unless resized before first use.
  static ThreadPool& shared();
  static void set_shared_size(std::size_t threads);

 private:
  void worker_loop();
  std::vector<std::thread> workers_;
  std::vector<int> tids_;  // filled by the workers as they start; complete when the constructor returns
  std::queue<std::function<void()>> tasks_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable started_;
  bool stopping_ = false;
};

// Threads to use when a setting says 0 ("all cores").
std::size_t resolve_threads(int requested);

}  // namespace mp
