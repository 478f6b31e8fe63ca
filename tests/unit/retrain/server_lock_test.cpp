// One server per registry: the second one is refused naming the holder; a released or
// killed holder blocks nobody.
#include "retrain/server_lock.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>

namespace mp::retrain {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ServerLockTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = fs::temp_directory_path() / ("mp-lock-" + std::to_string(std::random_device{}())); }
  void TearDown() override { fs::remove_all(root_); }
  std::string error_of_second_lock() const {
    try {
      ServerLock second(root_);
    } catch (const ConflictError& e) {
      return e.what();
    }
    return "(no error)";
  }
  fs::path root_;
};

TEST_F(ServerLockTest, SecondHolderIsRefusedNamingThePidAndPort) {
  auto first = std::make_unique<ServerLock>(root_);
  const auto pid = std::to_string(::getpid());
  EXPECT_THAT(error_of_second_lock(), HasSubstr("pid " + pid + ", port not yet bound, since "));
  first->set_port(8123);
  const auto record = nlohmann::json::parse(read_file(root_ / "server.lock"));
  EXPECT_EQ(record["pid"], ::getpid());
  EXPECT_EQ(record["port"], 8123);
  EXPECT_EQ(record["started"].get<std::string>().size(), 20U);
  const auto error = error_of_second_lock();
  EXPECT_THAT(error, HasSubstr("registry '" + root_.string() + "' is in use by another mpredict serve (pid " + pid +
                               ", port 8123, since "));
  first.reset();
  EXPECT_EQ(error_of_second_lock(), "(no error)");
  EXPECT_EQ(read_file(root_ / "server.lock"), "");  // emptied on release
}

TEST_F(ServerLockTest, RecordLeftByAKilledHolderDoesNotBlock) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = fork();
  if (child == 0) {
    ServerLock lock(root_);
    lock.set_port(9000);
    const char byte = 1;
    if (::write(ready[1], &byte, 1) != 1) _exit(1);
    ::pause();  // until killed
    _exit(0);
  }
  ASSERT_GT(child, 0);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);  // the child holds the lock
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_THAT(error_of_second_lock(), HasSubstr("(pid " + std::to_string(child) + ", port 9000"));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_EQ(nlohmann::json::parse(read_file(root_ / "server.lock"))["port"], 9000);  // the stale record
  ServerLock after(root_);
  after.set_port(9001);
  EXPECT_EQ(nlohmann::json::parse(read_file(root_ / "server.lock"))["port"], 9001);
}

}  // namespace
}  // namespace mp::retrain
