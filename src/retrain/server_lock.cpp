#include "retrain/server_lock.hpp"
#include "core/json_text.hpp"

#include "core/dates.hpp"
#include "core/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace mp::retrain {

namespace {

std::string read_all(int fd) {
  std::string content;
  char buffer[512];
  for (off_t offset = 0;;) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
    if (n <= 0) return content;
    content.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
}

// "pid 1234, port 8000, since 2026-11-24T03:15:00Z" from the holder's record.
std::string describe_holder(const std::string& record) {
  const auto j = nlohmann::json::parse(record, nullptr, false);
  if (!j.is_object() || !j.contains("pid")) return "pid unknown: it is starting";
  const auto port = j.value("port", nlohmann::json(nullptr));
  return fmt::format("pid {}, port {}, since {}", j["pid"].dump(), port.is_null() ? "not yet bound" : port.dump(),
                     j.value("started", "?"));
}

}  // namespace

ServerLock::ServerLock(const std::filesystem::path& registry_root)
    : file_(registry_root / "server.lock"), started_(utc_timestamp_now()) {
  std::filesystem::create_directories(registry_root);
  fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError(fmt::format("cannot open '{}': {}", file_.string(), std::strerror(errno)));
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    const auto holder = read_all(fd_);
    ::close(fd_);
    if (error == EWOULDBLOCK) {
      throw ConflictError(
          fmt::format("registry '{}' is in use by another mpredict serve ({}); stop it or use "
                      "another [registry].root",
                      registry_root.string(), describe_holder(holder)));
    }
    throw IoError(fmt::format("cannot lock '{}': {}", file_.string(), std::strerror(error)));
  }
  try {
    write_record(-1);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

ServerLock::~ServerLock() {
  // Tidiness only: a stale record under a released lock blocks nobody, so a failure is ignored.
  [[maybe_unused]] const int truncated = ::ftruncate(fd_, 0);
  ::close(fd_);
}

void ServerLock::set_port(int port) { write_record(port); }

// In place, not through write_file_atomic: a rename would put a new inode under the name, and a
// second server would lock that one instead of ours.
void ServerLock::write_record(int port) {
  const nlohmann::json record = {
      {"pid", ::getpid()}, {"port", port < 0 ? nlohmann::json(nullptr) : nlohmann::json(port)}, {"started", started_}};
  const auto text = dump_json(record) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    throw IoError(fmt::format("cannot write '{}': {}", file_.string(), std::strerror(errno)));
  }
}

}  // namespace mp::retrain
