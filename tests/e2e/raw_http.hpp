#pragma once
// A raw TCP client for the hostile-client tests: sends exactly the bytes a test chooses (slowly,
// chunked, without Content-Length, undecodable paths) and reads whatever the server answers.
// httplib's client cannot send such requests, so this is the one hand-written HTTP client.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

namespace mp::e2e {

// The status line and headers of an answer, and as much of its body as arrived.
struct RawReply {
  int status = -1;  // -1: the connection ended without a status line
  std::string head;
  std::string body;
};

class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `data`; false when the server closed or reset the connection.
  bool send_all(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Sends what the socket takes without blocking for longer than `wait`; returns the bytes sent
  // (0 when the buffers are full), nullopt when the connection is closed or reset.
  std::optional<std::size_t> send_some(const std::string& data, std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return 0;
    if ((p.revents & (POLLERR | POLLHUP)) != 0) return std::nullopt;
    const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN ? std::optional<std::size_t>(0) : std::nullopt;
    return static_cast<std::size_t>(n);
  }

  // True when the server has sent something (or closed) within `wait`.
  bool readable(std::chrono::milliseconds wait) const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

  // Reads until the head is complete and `Content-Length` body bytes arrived, the server closes,
  // or `timeout` passes.
  RawReply read_reply(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string data;
    RawReply reply;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !readable(left)) break;
      char buffer[4096];
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      data.append(buffer, static_cast<std::size_t>(n));
      if (complete(data)) break;
    }
    const auto end = data.find("\r\n\r\n");
    reply.head = data.substr(0, end);
    if (end != std::string::npos) reply.body = data.substr(end + 4);
    if (data.rfind("HTTP/1.1 ", 0) == 0 && data.size() >= 12) reply.status = std::stoi(data.substr(9, 3));
    return reply;
  }

  // True once the server has closed its side: recv returns 0 (or a reset) within `wait`.
  bool closed_by_server(std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !readable(left)) return false;
      char buffer[4096];
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return true;
    }
  }

 private:
  static bool complete(const std::string& data) {
    const auto end = data.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto head = data.substr(0, end);
    const auto at = head.find("Content-Length: ");
    if (at == std::string::npos) return true;
    return data.size() - end - 4 >= std::stoul(head.substr(at + 16));
  }

  int fd_;
};

}  // namespace mp::e2e
