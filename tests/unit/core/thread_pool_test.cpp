// The shared pool's workers: named, and their priority settable per thread.
#include "core/thread_pool.hpp"

#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <string>

namespace mp {
namespace {

struct TaskStat {
  std::string comm;
  int nice = 0;
};

// /proc/self/task/<tid>/stat: "tid (comm) state ..." with the nice value as field 19.
TaskStat task_stat(int tid) {
  const auto text = read_file("/proc/self/task/" + std::to_string(tid) + "/stat");
  const auto open = text.find('('), close = text.rfind(')');
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  for (int i = 3; i < 19; ++i) rest >> field;  // fields 3..18
  TaskStat stat{text.substr(open + 1, close - open - 1), 0};
  rest >> stat.nice;
  return stat;
}

TEST(ThreadPoolTest, WorkersAreNamedAndTheirNicenessIsSetPerThread) {
  ThreadPool pool(3);
  const auto tids = pool.worker_tids();
  ASSERT_EQ(tids.size(), 3U);
  const int before = task_stat(static_cast<int>(::gettid())).nice;
  for (const int tid : tids) {
    EXPECT_EQ(task_stat(tid).comm, "mp-pool");
    EXPECT_EQ(task_stat(tid).nice, before);
  }
  pool.set_niceness(before + 4);
  for (const int tid : tids) EXPECT_EQ(task_stat(tid).nice, before + 4);
  EXPECT_EQ(task_stat(static_cast<int>(::gettid())).nice, before);  // the caller keeps its own

  std::atomic<int> sum{0};
  pool.parallel_for(100, [&](std::size_t i) { sum += static_cast<int>(i); });
  EXPECT_EQ(sum, 4950);
}

}  // namespace
}  // namespace mp
