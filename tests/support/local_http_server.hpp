#pragma once
// A fake web service for the data and end-to-end tests: a cpp-httplib server on a free port of
// 127.0.0.1, run in its own thread. Routes name the key a request is answered under (the path, a
// part of it, a query parameter); tests give each key its canned answer, or answers in turn; every
// request is recorded (key, path, parameters, User-Agent, arrival time). A delayed answer ends
// early when the server stops, and the destructor stops it, so no test waits on a slow handler at
// tear-down.
#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mp::data::test {

using Clock = std::chrono::steady_clock;

// One answer of the fake service.
struct CannedAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  httplib::Headers headers{};  // e.g. {{"Retry-After", "1"}}
  double delay_seconds = 0;    // answer only after this long (or when the server stops)
};

struct RecordedRequest {
  std::string key;  // the key it was answered under
  std::string path;
  std::multimap<std::string, std::string> params;
  std::string user_agent;
  Clock::time_point arrived;

  // The query parameter's value; "" when absent.
  [[nodiscard]] std::string param(const std::string& name) const {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};

class LocalHttpServer {
 public:
  using KeyOf = std::function<std::string(const httplib::Request&)>;

  LocalHttpServer() = default;
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;
  ~LocalHttpServer() { stop(); }

  static std::string path_of(const httplib::Request& request) { return request.path; }

  // Before start(): GET requests matching `pattern` (httplib's regex, whole path) are answered
  // under key_of(request).
  void route(const std::string& pattern, KeyOf key_of = path_of) {
    server_.Get(pattern,
                [this, key_of = std::move(key_of)](const httplib::Request& request, httplib::Response& response) {
                  answer(key_of(request), request, response);
                });
  }

  // Every request under `key` gets `answer` (replacing what the key had).
  void serve(const std::string& key, CannedAnswer answer) { serve_in_turn(key, {std::move(answer)}); }
  // The n-th request under `key` gets answers[n - 1]; the last answer repeats.
  void serve_in_turn(const std::string& key, std::vector<CannedAnswer> answers) {
    const std::lock_guard lock(mutex_);
    answers_[key] = std::move(answers);
  }
  // What a key without canned answers gets; by default 500 "no canned answer for 'KEY'".
  void serve_unknown(CannedAnswer answer) {
    const std::lock_guard lock(mutex_);
    unknown_ = std::move(answer);
  }

  // Binds a free port of 127.0.0.1 and serves from a thread; throws if it does not come up.
  void start() {
    server_.set_keep_alive_timeout(1);  // stop() waits for open keep-alive connections
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("LocalHttpServer: cannot bind a port of 127.0.0.1");
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      listen_returned_ = true;
    });
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && !listen_returned_ && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!server_.is_running()) throw std::runtime_error("LocalHttpServer: the server did not start");
  }

  void stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    // httplib's stop() does nothing before the listen loop runs: wait for it (or for its failure).
    while (!server_.is_running() && !listen_returned_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server_.stop();
    thread_.join();
  }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return fmt::format("http://127.0.0.1:{}", port_); }
  [[nodiscard]] std::string url(const std::string& path) const { return base_url() + path; }

  // Requests answered under `key` so far.
  [[nodiscard]] int hits(const std::string& key) const {
    const std::lock_guard lock(mutex_);
    return static_cast<int>(std::count_if(requests_.begin(), requests_.end(),
                                          [&](const RecordedRequest& request) { return request.key == key; }));
  }
  // Every request so far, in order of arrival.
  [[nodiscard]] std::vector<RecordedRequest> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  // The latest request; an empty one when there was none.
  [[nodiscard]] RecordedRequest last_request() const {
    const std::lock_guard lock(mutex_);
    return requests_.empty() ? RecordedRequest{} : requests_.back();
  }
  [[nodiscard]] std::vector<std::string> paths() const {
    std::vector<std::string> out;
    for (const auto& request : requests()) out.push_back(request.path);
    return out;
  }
  [[nodiscard]] std::vector<Clock::time_point> arrivals() const {
    std::vector<Clock::time_point> out;
    for (const auto& request : requests()) out.push_back(request.arrived);
    return out;
  }

 private:
  void answer(const std::string& key, const httplib::Request& request, httplib::Response& response) {
    CannedAnswer answer;
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back({key, request.path, request.params, request.get_header_value("User-Agent"), Clock::now()});
      const auto it = answers_.find(key);
      if (it != answers_.end() && !it->second.empty()) {
        const auto n = static_cast<std::size_t>(std::count_if(
            requests_.begin(), requests_.end(), [&](const RecordedRequest& seen) { return seen.key == key; }));
        answer = it->second[std::min(n, it->second.size()) - 1];
      } else {
        answer = unknown_ ? *unknown_ : CannedAnswer{500, fmt::format("no canned answer for '{}'", key)};
      }
    }
    const auto until = Clock::now() + std::chrono::duration<double>(answer.delay_seconds);
    while (!stopping_ && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    response.set_content(answer.body, answer.content_type);
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listen_returned_{false};
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<CannedAnswer>> answers_;
  std::optional<CannedAnswer> unknown_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace mp::data::test
