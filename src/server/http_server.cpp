#include "server/http_server.hpp"

#include <netdb.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>

namespace mp::server {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Waits for `events` on `fd` until `deadline`, in slices so that a stopping server is noticed.
// Returns false on timeout, error or when `stopping()` says so.
bool wait_for(int fd, short events, Clock::time_point deadline, const std::function<bool()>& stopping) {
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || stopping()) return false;
    pollfd p{fd, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &length)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> service{};
  if (rc != 0 || ::getnameinfo(reinterpret_cast<sockaddr*>(&addr), length, host.data(), host.size(), service.data(),
                               service.size(), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return;
  }
  ip = host.data();
  port = std::atoi(service.data());
}

// One connection's socket as httplib reads and writes it, with the deadlines of the request in
// progress. Reads are buffered (httplib reads headers a byte at a time); the buffer persists
// across the requests of a keep-alive connection, so pipelined bytes are not lost.
class ConnectionStream : public httplib::Stream {
 public:
  struct Limits {
    milliseconds header_timeout, request_timeout, write_timeout;
    std::size_t max_header_bytes;
  };

  ConnectionStream(int fd, Limits limits, std::function<bool()> stopping)
      : fd_(fd), limits_(limits), stopping_(std::move(stopping)) {}

  // Waits up to `idle` for the next request; true when its first bytes are there.
  bool wait_for_request(milliseconds idle) {
    return buffered() > 0 || wait_for(fd_, POLLIN, Clock::now() + idle, stopping_);
  }

  // Starts the deadlines of a request whose first bytes are available.
  void begin_request() {
    const auto now = Clock::now();
    request_deadline_ = now + limits_.request_timeout;
    read_deadline_ = std::min(request_deadline_, now + limits_.header_timeout);
    in_headers_ = true;
    header_bytes_ = 0;
    body_read_ = 0;
    body_length_ = 0;
    chunked_ = false;
  }

  // Called once httplib has parsed the headers: the body, if any, may take until the request deadline.
  void headers_done(const httplib::Request& req) {
    in_headers_ = false;
    read_deadline_ = request_deadline_;
    chunked_ = is_chunked(req);
    if (req.has_header("Content-Length")) {
      body_length_ = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
    }
  }

  // True when the request's headers were parsed and its body read to the end, so the next bytes
  // on the connection start a new request. A chunked body's end is not tracked: not reusable.
  [[nodiscard]] bool request_fully_read() const { return !in_headers_ && !chunked_ && body_read_ >= body_length_; }

  bool is_readable() const override { return buffered() > 0 || wait_for(fd_, POLLIN, read_deadline_, stopping_); }

  bool is_writable() const override { return wait_for(fd_, POLLOUT, Clock::now() + limits_.write_timeout, stopping_); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (buffered() == 0 && !fill()) return -1;
    const auto n = std::min(size, buffered());
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    if (in_headers_) {
      header_bytes_ += n;
      if (header_bytes_ > limits_.max_header_bytes) return -1;
    } else {
      body_read_ += n;
    }
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    return ::send(fd_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, false, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  [[nodiscard]] std::size_t buffered() const { return end_ - begin_; }

  bool fill() {
    if (!wait_for(fd_, POLLIN, read_deadline_, stopping_)) return false;
    const auto n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    if (n <= 0) return false;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    return true;
  }

  int fd_;
  Limits limits_;
  std::function<bool()> stopping_;
  std::array<char, std::size_t{16} * 1024> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
  Clock::time_point request_deadline_{}, read_deadline_{};
  bool in_headers_ = true, chunked_ = false;
  std::size_t header_bytes_ = 0;
  unsigned long long body_read_ = 0, body_length_ = 0;
};

// Closes a connection whose client may still be sending a body we did not read: half-close
// first so the answer is delivered, drain a little, then close. Closing with unread input at
// once would send a reset that can overtake the answer on the client's side.
void lingering_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto deadline = Clock::now() + milliseconds(500);
  std::array<char, std::size_t{16} * 1024> sink{};
  std::size_t drained = 0;
  while (drained < std::size_t{256} * 1024 && wait_for(fd, POLLIN, deadline, [] { return false; })) {
    const auto n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace

bool is_chunked(const httplib::Request& req) {
  return strcasecmp(req.get_header_value("Transfer-Encoding").c_str(), "chunked") == 0;
}

HttpServer& HttpServer::set_header_timeout(milliseconds timeout) {
  header_timeout_ = timeout;
  return *this;
}

HttpServer& HttpServer::set_max_header_bytes(std::size_t bytes) {
  max_header_bytes_ = bytes;
  return *this;
}

// httplib's own loop (detail::process_server_socket) with ConnectionStream in place of its
// SocketStream; the request itself is still parsed, routed and answered by httplib.
bool HttpServer::process_and_close_socket(socket_t sock) {
  using std::chrono::seconds;
  const auto request_timeout = std::chrono::duration_cast<milliseconds>(seconds(read_timeout_sec_) +
                                                                        std::chrono::microseconds(read_timeout_usec_));
  const auto write_timeout = std::chrono::duration_cast<milliseconds>(seconds(write_timeout_sec_) +
                                                                      std::chrono::microseconds(write_timeout_usec_));
  ConnectionStream stream(sock, {header_timeout_, request_timeout, write_timeout, max_header_bytes_},
                          [this] { return svr_sock_ == INVALID_SOCKET; });
  bool ok = false, drain = false;
  for (auto left = keep_alive_max_count_; left > 0; --left) {
    if (!stream.wait_for_request(seconds(keep_alive_timeout_sec_))) break;
    stream.begin_request();
    bool client_closes = false;
    ok = process_request(stream, left == 1, client_closes,
                         [&stream](httplib::Request& req) { stream.headers_done(req); });
    if (!stream.request_fully_read()) {
      drain = true;
      break;
    }
    if (!ok || client_closes) break;
  }
  if (drain) {
    lingering_close(sock);
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return ok;
}

}  // namespace mp::server
