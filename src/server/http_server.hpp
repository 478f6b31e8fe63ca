#pragma once
// cpp-httplib's Server with a whole-request deadline. httplib 0.11 times out each recv() on its
// own, so a client sending one byte every few seconds keeps a worker forever. This subclass
// replaces the per-connection loop (httplib's designated hook, `process_and_close_socket`, the
// one its SSLServer overrides too) and hands httplib's `process_request` a stream that enforces:
//   - the request line and headers within `header_timeout`, at most `max_header_bytes` of them;
//   - the whole request, headers and body, within the read timeout (`set_read_timeout`);
//   - writes within the write timeout; idle keep-alive up to the keep-alive timeout.
// A connection is kept alive only when the request's body was read to its end: a request
// refused before its body (401, 404, 405, 413) closes the connection, after a bounded drain so
// the client sees the answer rather than a reset.
#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace mp::server {

// True when the request's body is sent chunked (Transfer-Encoding compared as httplib does:
// "chunked", case-insensitive).
bool is_chunked(const httplib::Request& req);

class HttpServer : public httplib::Server {
 public:
  HttpServer& set_header_timeout(std::chrono::milliseconds timeout);
  HttpServer& set_max_header_bytes(std::size_t bytes);

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::chrono::milliseconds header_timeout_ = std::chrono::seconds(5);
  std::size_t max_header_bytes_ = 64 * 1024;
};

}  // namespace mp::server
