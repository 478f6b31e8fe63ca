// Scheduler: job table, run_due() with an injected clock (no sleeping), the lifecycle, and one test with the real
// thread. Expected instants are worked out in the comments (America/New_York; DST starts 2026-03-08 02:00 EST).
#include "retrain/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"

namespace mp::retrain {
namespace {

using std::chrono::sys_seconds;

sys_seconds utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

// A clock the test sets; readable from the scheduler's thread.
class FakeClock {
 public:
  explicit FakeClock(sys_seconds t) : seconds_(t.time_since_epoch().count()) {}
  void set(sys_seconds t) { seconds_ = t.time_since_epoch().count(); }
  Scheduler::Clock clock() {
    return [this] { return sys_seconds{std::chrono::seconds{seconds_.load()}}; };
  }

 private:
  std::atomic<std::int64_t> seconds_;
};

const date::time_zone* new_york() { return resolve_time_zone("America/New_York"); }

// Polls `done` until it holds or `limit` passes; returns whether it held.
template <typename Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

TEST(SchedulerTest, JobsAreSortedByNextRunThenName) {
  // now = 2026-03-07T17:00Z = 12:00 EST.
  //   hourly   "0 * * * *" -> 13:00 EST = 18:00Z
  //   daily    "0 2 * * *" -> 02:00 on 03-08 does not exist -> 03:00 EDT = 2026-03-08T07:00Z
  //   b-weekly "0 3 * * 0" -> Sunday 2026-03-08 03:00 EDT = 07:00Z, same instant as daily: name order
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  scheduler.add("daily", CronExpression::parse("0 2 * * *"), [] {});
  scheduler.add("hourly", CronExpression::parse("0 * * * *"), [] {});
  scheduler.add("b-weekly", CronExpression::parse("0 3 * * 0"), [] {});
  const auto jobs = scheduler.jobs();
  ASSERT_EQ(jobs.size(), 3U);
  EXPECT_EQ(jobs[0].name, "hourly");
  EXPECT_EQ(jobs[0].cron, "0 * * * *");
  EXPECT_EQ(jobs[0].next_run, utc(2026, 3, 7, 18));
  EXPECT_EQ(jobs[1].name, "b-weekly");
  EXPECT_EQ(jobs[1].next_run, utc(2026, 3, 8, 7));
  EXPECT_EQ(jobs[2].name, "daily");
  EXPECT_EQ(jobs[2].next_run, utc(2026, 3, 8, 7));
  EXPECT_EQ(scheduler.zone()->name(), "America/New_York");
}

TEST(SchedulerTest, DuplicateNameIsAConfigError) {
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  scheduler.add("retrain", CronExpression::parse("0 2 * * *"), [] {});
  try {
    scheduler.add("retrain", CronExpression::parse("0 3 * * *"), [] {});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "duplicate scheduled job name 'retrain'");
  }
  EXPECT_EQ(scheduler.jobs().size(), 1U);
}

TEST(SchedulerTest, NullZoneIsAConfigError) { EXPECT_THROW(Scheduler(nullptr), ConfigError); }

TEST(SchedulerTest, RunDueRunsOnlyDueJobsAndAdvancesThem) {
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  int hourly = 0;
  int daily = 0;
  scheduler.add("hourly", CronExpression::parse("0 * * * *"), [&] { ++hourly; });
  scheduler.add("daily", CronExpression::parse("0 2 * * *"), [&] { ++daily; });

  EXPECT_TRUE(scheduler.run_due().empty());  // 17:00Z: nothing is due (hourly at 18:00Z)

  clock.set(utc(2026, 3, 7, 18));  // exactly hourly's next run: due
  EXPECT_EQ(scheduler.run_due(), std::vector<std::string>{"hourly"});
  EXPECT_EQ(hourly, 1);
  EXPECT_EQ(scheduler.jobs()[0].next_run, utc(2026, 3, 7, 19));  // 14:00 EST
  EXPECT_TRUE(scheduler.run_due().empty());                      // not twice for the same slot
}

TEST(SchedulerTest, MissedRunsFireOnceNotInABurst) {
  // Clock jumps from 17:00Z to 2026-03-08T07:00:30Z: hourly missed 13 slots (18:00Z .. 06:00Z) and runs once;
  // daily (03:00 EDT = 07:00Z) is due too. Order: hourly (due 18:00Z) before daily (due 07:00Z).
  // New next runs: hourly from max(now, 18:00Z) = 07:00:30Z -> 04:00 EDT = 08:00Z;
  //                daily from 07:00:30Z -> 2026-03-09 02:00 EDT = 06:00Z.
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  int hourly = 0;
  scheduler.add("hourly", CronExpression::parse("0 * * * *"), [&] { ++hourly; });
  scheduler.add("daily", CronExpression::parse("0 2 * * *"), [] {});
  clock.set(utc(2026, 3, 8, 7, 0, 30));
  EXPECT_EQ(scheduler.run_due(), (std::vector<std::string>{"hourly", "daily"}));
  EXPECT_EQ(hourly, 1);
  const auto jobs = scheduler.jobs();
  ASSERT_EQ(jobs.size(), 2U);
  EXPECT_EQ(jobs[0].name, "hourly");
  EXPECT_EQ(jobs[0].next_run, utc(2026, 3, 8, 8));
  EXPECT_EQ(jobs[1].name, "daily");
  EXPECT_EQ(jobs[1].next_run, utc(2026, 3, 9, 6));
  EXPECT_TRUE(scheduler.run_due().empty());
}

TEST(SchedulerTest, ThrowingActionDoesNotStopOtherJobsOrLaterRuns) {
  // Both every minute; at 17:01Z both are due, "a-boom" first by name. It throws; "b-count" still runs, and at
  // 17:02Z both run again.
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  int boom = 0;
  int count = 0;
  scheduler.add("a-boom", CronExpression::parse("* * * * *"), [&] {
    ++boom;
    throw std::runtime_error("model training failed");
  });
  scheduler.add("b-count", CronExpression::parse("* * * * *"), [&] { ++count; });
  clock.set(utc(2026, 3, 7, 17, 1));
  EXPECT_EQ(scheduler.run_due(), (std::vector<std::string>{"a-boom", "b-count"}));
  clock.set(utc(2026, 3, 7, 17, 2));
  EXPECT_EQ(scheduler.run_due(), (std::vector<std::string>{"a-boom", "b-count"}));
  EXPECT_EQ(boom, 2);
  EXPECT_EQ(count, 2);
  EXPECT_EQ(scheduler.jobs()[0].next_run, utc(2026, 3, 7, 17, 3));
}

TEST(SchedulerTest, Lifecycle) {
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(new_york(), clock.clock());
  scheduler.add("daily", CronExpression::parse("0 2 * * *"), [] {});
  EXPECT_FALSE(scheduler.running());
  scheduler.stop();  // never started: no-op
  EXPECT_FALSE(scheduler.running());

  // start() recomputes next runs from now: at 2026-03-08T08:00Z (04:00 EDT) the next 02:00 is 03-09 06:00Z.
  clock.set(utc(2026, 3, 8, 8));
  scheduler.start();
  EXPECT_TRUE(scheduler.running());
  EXPECT_EQ(scheduler.jobs()[0].next_run, utc(2026, 3, 9, 6));
  try {
    scheduler.start();
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "scheduler already running");
  }
  EXPECT_THROW(scheduler.add("late", CronExpression::parse("* * * * *"), [] {}), Error);
  scheduler.stop();
  EXPECT_FALSE(scheduler.running());
  scheduler.stop();  // idempotent
  EXPECT_FALSE(scheduler.running());

  // stopped: adding is allowed again, and it can be restarted
  scheduler.add("late", CronExpression::parse("* * * * *"), [] {});
  scheduler.start();
  EXPECT_TRUE(scheduler.running());
}  // the destructor stops it

TEST(SchedulerTest, ThreadRunsDueJobsAndSurvivesThrowingActions) {
  // Both jobs every minute; clock at 17:00:00Z, so the first runs are at 17:01Z. Moving the clock past it makes
  // both due; the thread notices within its 1 s wait cap. "a-boom" throws every time, "b-count" still runs, and
  // after the clock moves past 17:02Z both run again.
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(resolve_time_zone("UTC"), clock.clock());
  std::atomic<int> boom{0};
  std::atomic<int> count{0};
  scheduler.add("a-boom", CronExpression::parse("* * * * *"), [&] {
    ++boom;
    throw std::runtime_error("boom");
  });
  scheduler.add("b-count", CronExpression::parse("* * * * *"), [&] { ++count; });
  scheduler.start();
  EXPECT_EQ(count.load(), 0);

  clock.set(utc(2026, 3, 7, 17, 1, 5));
  ASSERT_TRUE(wait_for([&] { return count.load() == 1; }, std::chrono::milliseconds{2000}));
  EXPECT_EQ(boom.load(), 1);

  clock.set(utc(2026, 3, 7, 17, 2, 5));
  ASSERT_TRUE(wait_for([&] { return count.load() == 2; }, std::chrono::milliseconds{2000}));
  EXPECT_EQ(boom.load(), 2);
  EXPECT_TRUE(scheduler.running());
  EXPECT_EQ(scheduler.jobs()[0].next_run, utc(2026, 3, 7, 17, 3));

  // stop() wakes the sleeping thread (next run a minute away on the fake clock) and joins promptly.
  const auto before = std::chrono::steady_clock::now();
  scheduler.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds{500});
  EXPECT_FALSE(scheduler.running());
}

TEST(SchedulerTest, StopWaitsForARunningAction) {
  // The action is running when stop() is called: stop() returns only after it finished.
  FakeClock clock(utc(2026, 3, 7, 17));
  Scheduler scheduler(resolve_time_zone("UTC"), clock.clock());
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  scheduler.add("slow", CronExpression::parse("* * * * *"), [&] {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    finished = true;
  });
  scheduler.start();
  clock.set(utc(2026, 3, 7, 17, 1));
  ASSERT_TRUE(wait_for([&] { return started.load(); }, std::chrono::milliseconds{2000}));
  scheduler.stop();
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace mp::retrain
