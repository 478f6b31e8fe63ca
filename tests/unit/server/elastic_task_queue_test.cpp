// The HTTP workers: grow while tasks wait, never past the bound, shrink back when idle.
#include "server/elastic_task_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mp::server {
namespace {

using namespace std::chrono_literals;

// Tasks that block until released, like connections held by slow clients.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool wait_for_waiting(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(ElasticTaskQueue, StartsAWorkerForEachWaitingTaskUpToTheBound) {
  ElasticTaskQueue queue(2, 5);
  EXPECT_EQ(queue.threads(), 2U);
  Gate gate;
  std::atomic<int> done{0};
  for (int i = 0; i < 8; ++i) {
    queue.enqueue([&] {
      gate.wait();
      ++done;
    });
  }
  ASSERT_TRUE(gate.wait_for_waiting(5));  // five run at once although the minimum is two
  EXPECT_EQ(queue.threads(), 5U);
  EXPECT_EQ(queue.peak_threads(), 5U);
  gate.open();
  queue.shutdown();  // the three queued tasks still run
  EXPECT_EQ(done, 8);
  EXPECT_EQ(queue.threads(), 0U);
}

TEST(ElasticTaskQueue, WorkersAboveTheMinimumRetireWhenIdle) {
  ElasticTaskQueue queue(1, 4, 50ms);
  Gate gate;
  for (int i = 0; i < 4; ++i) queue.enqueue([&] { gate.wait(); });
  ASSERT_TRUE(gate.wait_for_waiting(4));
  EXPECT_EQ(queue.threads(), 4U);
  gate.open();
  for (int i = 0; i < 100 && queue.threads() > 1; ++i) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(queue.threads(), 1U);
  std::atomic<bool> ran{false};  // the remaining worker still serves
  queue.enqueue([&] { ran = true; });
  queue.shutdown();
  EXPECT_TRUE(ran);
}

TEST(ElasticTaskQueue, AnIdleWorkerTakesTheTaskInsteadOfANewThread) {
  ElasticTaskQueue queue(3, 10);
  for (int i = 0; i < 20; ++i) {
    std::atomic<bool> ran{false};
    queue.enqueue([&] { ran = true; });
    while (!ran) std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(queue.peak_threads(), 3U);
}

}  // namespace
}  // namespace mp::server
