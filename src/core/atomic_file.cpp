#include "core/atomic_file.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace mp {

namespace {

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
  throw IoError(fmt::format("{} '{}': {}", what, path.string(), std::strerror(errno)));
}

void fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) throw_errno("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

std::filesystem::path temp_name_for(const std::filesystem::path& path) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return path.parent_path() / fmt::format(".{}.tmp-{}-{:x}", path.filename().string(), ::getpid(), rng());
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path());
  const auto temp = temp_name_for(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("cannot create", temp);
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(temp.c_str());
      throw_errno("cannot write", temp);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    throw_errno("cannot flush", temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw_errno("cannot rename onto", path);
  }
  fsync_directory(path.parent_path());
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
