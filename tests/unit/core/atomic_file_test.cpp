// Crash-safe writes: write_file_atomic reports every failed step (the file's fsync, the
// directory's open and fsync) and closes its descriptors on every path; replace_directory_atomic
// never lets a reader see the directory missing.
#include "core/atomic_file.hpp"

#include "core/error.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

// Which fsync(2) calls fail with EIO: the kernel reports a writeback error this way, and no
// test can make a healthy disk do it, so this binary interposes fsync (the executable's
// definition wins over libc's for every object linked into it) and passes everything else to
// the real system call.
enum class FsyncFault { None, RegularFile, Directory };
std::atomic<FsyncFault> g_fsync_fault{FsyncFault::None};
// The inodes of the directories fsync'ed, in order: which renames were made durable.
std::mutex g_synced_mutex;
std::vector<ino_t> g_synced_directories;

}  // namespace

extern "C" int fsync(int fd) {
  struct stat st {};
  const auto fault = g_fsync_fault.load();
  if (fault != FsyncFault::None && ::fstat(fd, &st) == 0 &&
      (fault == FsyncFault::Directory ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))) {
    errno = EIO;
    return -1;
  }
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    std::lock_guard lock(g_synced_mutex);
    g_synced_directories.push_back(st.st_ino);
  }
  return static_cast<int>(::syscall(SYS_fsync, fd));
}

namespace mp {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mp-atomic-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    g_fsync_fault = FsyncFault::None;
    fs::remove_all(dir_);
  }
  std::string error_of_write(const fs::path& file, const std::string& text) {
    try {
      write_file_atomic(file, text);
    } catch (const IoError& e) {
      return e.what();
    }
    return "(no error)";
  }
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesAndReplacesTheContent) {
  const auto file = dir_ / "a.json";
  write_file_atomic(file, "one");
  write_file_atomic(file, "two");
  EXPECT_EQ(read_file(file), "two");
  EXPECT_EQ(entries(), 1U);  // no temp file left
}

TEST_F(AtomicFileTest, FailedFileFsyncIsAnErrorKeepsTheOldContentAndClosesTheDescriptor) {
  const auto file = dir_ / "a.json";
  write_file_atomic(file, "old");
  const auto before = open_descriptors();
  g_fsync_fault = FsyncFault::RegularFile;
  EXPECT_THAT(error_of_write(file, "new"), HasSubstr("cannot flush"));
  g_fsync_fault = FsyncFault::None;
  EXPECT_EQ(open_descriptors(), before);
  EXPECT_EQ(read_file(file), "old");
  EXPECT_EQ(entries(), 1U);  // the temp file is removed
}

TEST_F(AtomicFileTest, FailedDirectoryFsyncIsAnErrorAndClosesTheDescriptor) {
  const auto file = dir_ / "a.json";
  const auto before = open_descriptors();
  g_fsync_fault = FsyncFault::Directory;
  EXPECT_THAT(error_of_write(file, "new"), HasSubstr("cannot sync directory '" + dir_.string() + "'"));
  g_fsync_fault = FsyncFault::None;
  EXPECT_EQ(open_descriptors(), before);
}

// A real fault: the descriptor limit leaves room for the directory but not for the temp file.
TEST_F(AtomicFileTest, DescriptorLimitWhenCreatingTheTempFileIsAnErrorAndLeavesNothing) {
  const auto file = dir_ / "a.json";
  const int first_free = ::open("/dev/null", O_RDONLY);
  const int second_free = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(first_free, 0);
  ASSERT_GT(second_free, first_free);
  ::close(first_free);
  ::close(second_free);
  const auto before = open_descriptors();
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(second_free);  // fds below second_free: one more only
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &tight), 0);
  const auto error = error_of_write(file, "new");
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_THAT(error, HasSubstr("cannot create '" + (dir_ / ".a.json.tmp-").string()));
  EXPECT_THAT(error, HasSubstr("Too many open files"));
  EXPECT_EQ(open_descriptors(), before);
  EXPECT_EQ(entries(), 0U);
}

TEST_F(AtomicFileTest, ReplaceDirectoryCreatesThenSwapsAndRemovesTheOldContent) {
  const auto dir = dir_ / "current";
  const auto staging = dir_ / ".current.staging";
  fs::create_directories(staging);
  write_file_atomic(staging / "model.json", "1");
  replace_directory_atomic(staging, dir);
  EXPECT_EQ(read_file(dir / "model.json"), "1");
  EXPECT_FALSE(fs::exists(staging));

  fs::create_directories(staging);
  write_file_atomic(staging / "model.json", "2");
  replace_directory_atomic(staging, dir);
  EXPECT_EQ(read_file(dir / "model.json"), "2");
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_EQ(entries(), 1U);
  EXPECT_THROW(replace_directory_atomic(dir_ / "missing", dir), IoError);
  EXPECT_EQ(read_file(dir / "model.json"), "2");
}

// The exchange is made durable: the parent directory, whose entries it changed, is fsync'ed after
// it (a new version's directory used not to be).
TEST_F(AtomicFileTest, ReplaceDirectoryFsyncsTheParentAfterTheExchange) {
  const auto dir = dir_ / "current";
  const auto staging = dir_ / ".current.staging";
  fs::create_directories(staging);
  write_file_atomic(staging / "model.json", "1");
  {
    std::lock_guard lock(g_synced_mutex);
    g_synced_directories.clear();
  }
  replace_directory_atomic(staging, dir);
  struct stat parent {};
  ASSERT_EQ(::stat(dir_.c_str(), &parent), 0);
  std::lock_guard lock(g_synced_mutex);
  ASSERT_FALSE(g_synced_directories.empty());
  EXPECT_EQ(g_synced_directories.back(), parent.st_ino);
}

// Two renames (old away, new in) leave a moment without the directory, which a kill there makes
// permanent; the exchange never does. A reader polls while the directory is replaced 300 times.
TEST_F(AtomicFileTest, ReplaceDirectoryNeverLeavesTheDirectoryMissing) {
  const auto dir = dir_ / "current";
  const auto staging = dir_ / ".current.staging";
  fs::create_directories(dir);
  write_file_atomic(dir / "model.json", "0");
  std::atomic<bool> done{false};
  std::atomic<int> missing{0}, checks{0};
  std::thread reader([&] {
    while (!done) {
      struct stat st {};
      if (::stat((dir / "model.json").c_str(), &st) != 0) ++missing;
      ++checks;
    }
  });
  for (int i = 1; i <= 300; ++i) {
    fs::create_directories(staging);
    std::ofstream(staging / "model.json") << i;
    replace_directory_atomic(staging, dir);
  }
  done = true;
  reader.join();
  EXPECT_GT(checks, 300);
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(read_file(dir / "model.json"), "300");
}

}  // namespace
}  // namespace mp
