#include "tracking/alert_log.hpp"
#include "core/json_text.hpp"

#include "core/dates.hpp"
#include "core/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mp::tracking {

namespace {

constexpr std::size_t kChunk = std::size_t{64} * 1024;

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
  throw IoError(fmt::format("{} '{}': {}", what, path.string(), std::strerror(errno)));
}

// A file descriptor closed on scope exit.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

AlertLog::AlertLog(std::filesystem::path file) : file_(std::move(file)) {
  if (!file_.parent_path().empty()) std::filesystem::create_directories(file_.parent_path());
}

void AlertLog::write(const std::string& level, const std::string& subject, const nlohmann::json& details) {
  if (level != "info" && level != "warning" && level != "error" && level != "critical") {
    throw ConfigError(fmt::format("unknown alert level '{}' (expected info, warning, error or critical)", level));
  }
  const nlohmann::json entry = {{"time", utc_timestamp_now()},
                                {"level", level},
                                {"subject", subject},
                                {"details", details.is_null() ? nlohmann::json::object() : details}};
  std::string line = dump_json(entry) + "\n";  // newlines are escaped: one entry, one line

  std::lock_guard guard(mutex_);
  Fd f{::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)};
  if (f.fd < 0) throw_errno("cannot open", file_);
  while (::flock(f.fd, LOCK_EX) != 0) {
    if (errno != EINTR) throw_errno("cannot lock", file_);
  }
  struct stat st {};
  if (::fstat(f.fd, &st) == 0 && st.st_size > 0) {  // a torn last line: start on a fresh one
    Fd r{::open(file_.c_str(), O_RDONLY | O_CLOEXEC)};
    char last = '\n';
    if (r.fd >= 0 && ::pread(r.fd, &last, 1, st.st_size - 1) == 1 && last != '\n') line.insert(0, "\n");
  }
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(f.fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot append to", file_);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fsync(f.fd) != 0) throw_errno("cannot flush", file_);
}

std::vector<nlohmann::json> AlertLog::tail(std::size_t n) const {
  std::lock_guard guard(mutex_);
  Fd f{::open(file_.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return {};
    throw_errno("cannot open", file_);
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw_errno("cannot stat", file_);
  // Read backwards until the buffer holds n complete lines (plus the one before) or the start.
  std::string buffer;
  auto offset = static_cast<std::size_t>(st.st_size);
  auto newlines = [&buffer] { return static_cast<std::size_t>(std::count(buffer.begin(), buffer.end(), '\n')); };
  while (offset > 0 && (n == 0 || newlines() <= n)) {
    const std::size_t size = std::min(kChunk, offset);
    offset -= size;
    std::string chunk(size, '\0');
    std::size_t got = 0;
    while (got < size) {
      const ssize_t r = ::pread(f.fd, chunk.data() + got, size - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw_errno("cannot read", file_);
      got += static_cast<std::size_t>(r);
    }
    buffer.insert(0, chunk);
  }
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t pos; (pos = buffer.find('\n', start)) != std::string::npos; start = pos + 1) {
    lines.emplace_back(buffer.data() + start, pos - start);
  }
  // Whatever follows the last newline is a torn line: skipped. If the read stopped before the
  // start of the file, the first line may be cut: skipped too.
  if (offset > 0 && !lines.empty()) lines.erase(lines.begin());
  std::vector<nlohmann::json> entries;
  for (auto it = lines.rbegin(); it != lines.rend() && (n == 0 || entries.size() < n); ++it) {
    if (it->empty()) continue;
    auto entry = nlohmann::json::parse(*it, nullptr, false);
    if (!entry.is_discarded() && entry.is_object()) entries.push_back(std::move(entry));
  }
  std::reverse(entries.begin(), entries.end());
  return entries;
}

}  // namespace mp::tracking
