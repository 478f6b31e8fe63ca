#pragma once
// One server per registry: an exclusive flock(2) on <registry>/server.lock, held for the
// service's life. The file says who holds it, {"pid":..,"port":..,"started":..} (port null until
// the server has bound), so a second `serve` can name the holder. The kernel drops the flock
// when the holder dies, so the file a kill -9 leaves behind blocks nobody. (registry.lock is a
// different lock: it serialises the registry's writers for one call each.)
#include <filesystem>
#include <string>

namespace mp::retrain {

class ServerLock {
 public:
  // Creates the registry directory if needed and takes the lock; ConflictError naming the
  // holder's pid, port and start time if another process has it, IoError if it cannot lock.
  explicit ServerLock(const std::filesystem::path& registry_root);
  ~ServerLock();  // empties the file, then releases the lock
  ServerLock(const ServerLock&) = delete;
  ServerLock& operator=(const ServerLock&) = delete;

  void set_port(int port);  // rewrites the holder's record with the port it listens on
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

 private:
  void write_record(int port);  // port < 0: not bound yet

  std::filesystem::path file_;
  int fd_ = -1;
  std::string started_;
};

}  // namespace mp::retrain
