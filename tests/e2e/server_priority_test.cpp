// End-to-end: what runs at what priority in `mpredict serve` while a retraining runs, read from
// /proc/<pid>/task/*/stat: the training threads (the job's "mp-train" thread with its OpenMP team,
// the shared "mp-pool") at [retraining].training_nice, every other thread (the request threads
// among them) at the default.
#include "server_process.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mp::e2e {
namespace {

struct Task {
  std::string comm;
  int nice = 0;
  char state = '?';
};

std::map<int, Task> tasks_of(pid_t pid) {
  std::map<int, Task> tasks;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    const auto text = slurp(entry.path() / "stat");
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;  // the thread just ended
    std::istringstream rest(text.substr(close + 2));
    Task task{text.substr(open + 1, close - open - 1), 0, '?'};
    std::string field;
    rest >> task.state;
    for (int i = 4; i < 19; ++i) rest >> field;  // fields 4..18
    rest >> task.nice;
    tasks[std::stoi(entry.path().filename().string())] = task;
  }
  return tasks;
}

class ServerPriorityTest : public ServerFixture {};

TEST_F(ServerPriorityTest, TrainingThreadsRunBelowTheRequestThreads) {
  ASSERT_NO_FATAL_FAILURE(start_server(kPassingGates));
  auto running = post("/api/ml/retraining/trigger?full=true");
  ASSERT_EQ(running.status, 202) << running.body;
  const std::string id = running.json["job_id"];
  // Sample until the job's OpenMP team has started beside it (>= 2 mp-train threads).
  std::map<int, Task> sample;
  const auto deadline = Clock::now() + 60s;
  for (;;) {
    sample = tasks_of(server_->pid());
    std::size_t training = 0;
    for (const auto& [tid, task] : sample) training += task.comm == "mp-train";
    if (training >= 2 || Clock::now() > deadline) break;
    std::this_thread::sleep_for(5ms);
  }
  std::size_t training = 0, pool = 0, serving = 0;
  for (const auto& [tid, task] : sample) {
    if (task.comm == "mp-train" || task.comm == "mp-pool") {
      EXPECT_EQ(task.nice, 10) << "thread " << tid << " (" << task.comm << ")";
      (task.comm == "mp-train" ? training : pool) += 1;
    } else {
      EXPECT_EQ(task.nice, 0) << "thread " << tid << " (" << task.comm << ")";
      ++serving;
    }
  }
  EXPECT_GE(training, 2U);  // the job's thread and its OpenMP worker ([model] threads = 2)
  EXPECT_GE(pool, 2U);      // the pool's two workers, and the OpenMP teams they started for predictions
  EXPECT_GE(serving, 9U);   // the main thread and [server].threads = 8 request threads
  EXPECT_EQ(wait_job(id)["state"], "completed");
}

}  // namespace
}  // namespace mp::e2e
