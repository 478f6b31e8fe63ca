#include "core/atomic_file.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <stdio.h>  // renameat2 (glibc 2.28+)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

namespace mp {

namespace {

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path, int error = errno) {
  throw IoError(fmt::format("{} '{}': {}", what, path.string(), std::strerror(error)));
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
}

// A descriptor closed on every path out of the scope that opened it.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  // close(2) reports the last deferred write errors: callers that care check it.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

Descriptor open_directory(const std::filesystem::path& dir) {
  Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open directory", dir);
  return fd;
}

void sync_directory(const Descriptor& dir_fd, const std::filesystem::path& dir) {
  if (::fsync(dir_fd.get()) != 0) throw_errno("cannot sync directory", dir);
}

std::string temp_name_for(const std::filesystem::path& path) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format(".{}.tmp-{}-{:x}", path.filename().string(), ::getpid(), rng());
}

void write_all(int fd, std::string_view content, const std::filesystem::path& temp) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", temp);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

void fsync_directory(const std::filesystem::path& dir) {
  const auto fd = open_directory(dir);
  sync_directory(fd, dir);
}

// The directory is opened first and the temp file created relative to it, so the file, its
// rename and the directory's fsync all refer to the same directory even if a path component is
// renamed meanwhile.
void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const auto dir = directory_of(path);
  std::filesystem::create_directories(dir);
  const auto dir_fd = open_directory(dir);
  const auto temp_name = temp_name_for(path);
  const auto temp = dir / temp_name;
  Descriptor fd(::openat(dir_fd.get(), temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw_errno("cannot create", temp);
  try {
    write_all(fd.get(), content, temp);
    if (::fsync(fd.get()) != 0) throw_errno("cannot flush", temp);
    if (fd.close() != 0) throw_errno("cannot flush", temp);
    if (::renameat(dir_fd.get(), temp_name.c_str(), dir_fd.get(), path.filename().c_str()) != 0) {
      throw_errno("cannot rename onto", path);
    }
  } catch (...) {
    ::unlinkat(dir_fd.get(), temp_name.c_str(), 0);
    throw;
  }
  sync_directory(dir_fd, dir);
}

void replace_directory_atomic(const std::filesystem::path& staging, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const auto parent = directory_of(dir);
  if (!fs::is_directory(staging)) throw IoError(fmt::format("no directory '{}' to move into place", staging.string()));
  const auto parent_fd = open_directory(parent);
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
    sync_directory(parent_fd, parent);
    fs::remove_all(staging);  // the old content
    return;
  }
  if (errno == ENOENT) {  // nothing to exchange with: a new directory
    if (::rename(staging.c_str(), dir.c_str()) != 0) throw_errno("cannot rename onto", dir);
  } else if (errno == EINVAL) {
    // The filesystem cannot exchange (NFS, some FUSE): two renames, with a moment in between
    // where `dir` is missing and a crash leaves the old content under `.<name>.old`.
    spdlog::warn("{}: the filesystem cannot exchange directories atomically; replacing in two steps", dir.string());
    const auto old = parent / fmt::format(".{}.old", dir.filename().string());
    fs::remove_all(old);
    fs::rename(dir, old);
    fs::rename(staging, dir);
    sync_directory(parent_fd, parent);
    fs::remove_all(old);
    return;
  } else {
    throw_errno(fmt::format("cannot move '{}' onto", staging.string()), dir);
  }
  sync_directory(parent_fd, parent);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) throw NotFoundError(fmt::format("no such file '{}'", path.string()));
    throw IoError(fmt::format("cannot read '{}'", path.string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace mp
