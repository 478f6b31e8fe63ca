// End-to-end: bad input and hostile clients against the real `mpredict serve` on 127.0.0.1. Each
// test is a probe that once broke the server (killed it, starved it, or made it read a body it
// should have refused); the server must answer with a JSON 4xx and keep serving.
#include "raw_http.hpp"
#include "server_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace mp::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ServerHostileTest : public ServerFixture {
 protected:
  // One request over a fresh raw connection (Connection: close), its answer.
  RawReply raw_request(const std::string& request_line, const std::string& headers = "") {
    RawConnection connection(server_->port());
    EXPECT_TRUE(connection.send_all(request_line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n"));
    return connection.read_reply(10s);
  }

  void expect_alive() {
    EXPECT_TRUE(server_->running() && !server_->wait_exit(std::chrono::milliseconds(0))) << "server died; stderr:\n"
                                                                                         << server_->stderr_text();
    const auto health = get("/health");
    EXPECT_EQ(health.status, 200) << health.body;
  }
};

nlohmann::json parsed(const RawReply& reply) { return nlohmann::json::parse(reply.body, nullptr, false); }

TEST_F(ServerHostileTest, InvalidUtf8InPathOrQueryIsABadRequestAndTheServerLives) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  const std::vector<std::pair<std::string, std::string>> probes = {
      {"/%FF", "path"},
      {"/api/predict/%C3%28", "path"},
      {"/api/ranking?symbols=%80", "query parameter 'symbols'"},
      {"/api/ranking?%FE=1", "query parameter name"},
      {"/nope/%ED%A0%80", "path"},  // an encoded UTF-16 surrogate is not UTF-8 either
  };
  for (const auto& [target, what] : probes) {
    const auto reply = raw_request("GET " + target + " HTTP/1.1");
    EXPECT_EQ(reply.status, 400) << target << ": " << reply.head;
    EXPECT_THAT(reply.head, HasSubstr("Content-Type: application/json")) << target;
    const auto body = parsed(reply);
    ASSERT_TRUE(body.is_object()) << target << ": " << reply.body;
    EXPECT_EQ(body["error"]["code"], "bad_request") << target;
    EXPECT_EQ(body["error"]["message"], what + " is not valid UTF-8") << target;
    expect_alive();
  }
  // Valid UTF-8 that names nothing is still an ordinary 404, echoed intact.
  const auto unknown = get("/api/predict/%C3%A9T%C3%A9");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json["error"]["message"], "unknown symbol 'éTé'");
}

TEST_F(ServerHostileTest, PostWithoutContentLengthIsAnEmptyBody) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  // What `curl -X POST URL` sends: no Content-Length, no body.
  const auto rollback = raw_request("POST /api/ml/retraining/rollback HTTP/1.1");
  EXPECT_EQ(rollback.status, 404) << rollback.body;  // nothing to roll back to yet: not 411
  EXPECT_THAT(parsed(rollback)["error"]["message"].get<std::string>(), HasSubstr("no earlier champion"));

  const auto started = Clock::now();
  const auto trigger = raw_request("POST /api/ml/retraining/trigger HTTP/1.1");
  EXPECT_LT(Clock::now() - started, 3s);
  ASSERT_EQ(trigger.status, 202) << trigger.head << "\n" << trigger.body;
  const auto body = parsed(trigger);
  EXPECT_EQ(body["status"], "started");
  ASSERT_TRUE(body["job_id"].is_string()) << trigger.body;
  EXPECT_EQ(wait_job(body["job_id"])["state"], "completed");
  expect_alive();
}

TEST_F(ServerHostileTest, KnownPathWithTheWrongMethodIs405WithAllow) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  auto client = server_->client();
  const auto expect_405 = [](const Reply& r, const std::string& allow) {
    EXPECT_EQ(r.status, 405) << r.body;
    EXPECT_EQ(r.header("Allow"), allow);
    EXPECT_EQ(r.json["error"]["code"], "method_not_allowed") << r.body;
  };
  expect_405(to_reply(client->Delete("/health")), "GET, HEAD");
  expect_405(to_reply(client->Post("/health", "", "application/json")), "GET, HEAD");
  expect_405(to_reply(client->Put("/api/predict/MSFT", "", "application/json")), "GET, HEAD");
  expect_405(to_reply(client->Get("/api/ml/retraining/trigger")), "POST");
  expect_405(to_reply(client->Delete("/api/ml/retraining/jobs/job-1")), "GET, HEAD");
  expect_405(to_reply(client->Delete("/docs/swagger-ui.css")), "GET, HEAD");
  const auto message = to_reply(client->Delete("/health")).json["error"]["message"];
  EXPECT_EQ(message, "DELETE is not allowed on /health (allowed: GET, HEAD)");

  const auto unknown = to_reply(client->Delete("/nope"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json["error"]["message"], "no route DELETE /nope");
  EXPECT_EQ(to_reply(client->Head("/health")).status, 200);
  expect_alive();
}

// Sends a chunked body of up to `total` bytes in 1 MiB chunks until the server answers; returns
// the answer and how many body bytes the socket had accepted by then.
std::pair<RawReply, std::size_t> upload_chunked(RawConnection& connection, const std::string& headers,
                                                std::size_t total) {
  EXPECT_TRUE(connection.send_all("POST /api/ml/retraining/trigger HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
                                  "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "100000\r\n" + std::string(1U << 20, 'x') + "\r\n";
  std::size_t sent = 0, offset = 0;
  const auto deadline = Clock::now() + 30s;
  while (sent < total && Clock::now() < deadline && !connection.readable(0ms)) {
    const auto n = connection.send_some(chunk.substr(offset), 50ms);
    if (!n) break;  // reset: the answer, if any, is already in our receive buffer
    sent += *n;
    offset = (offset + *n) % chunk.size();
  }
  if (sent >= total) connection.send_all("0\r\n\r\n");
  return {connection.read_reply(10s), sent};
}

TEST_F(ServerHostileTest, UnauthenticatedChunkedUploadIsRefusedBeforeItIsRead) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates, "s3cret"));
  RawConnection connection(server_->port());
  const auto started = Clock::now();
  const auto [reply, sent] = upload_chunked(connection, "", 200U << 20);
  EXPECT_EQ(reply.status, 401) << reply.head;
  EXPECT_EQ(parsed(reply)["error"]["code"], "unauthorized") << reply.body;
  // Refused on its headers: what was sent is what the two socket buffers hold, not 200 MiB.
  EXPECT_LT(sent, 32U << 20) << "the server read the body before refusing it";
  RecordProperty("body_bytes_sent_before_the_answer", std::to_string(sent));
  EXPECT_LT(Clock::now() - started, 10s);
  EXPECT_TRUE(connection.closed_by_server(5s));
  expect_alive();
}

TEST_F(ServerHostileTest, ChunkedBodyOverTheCapIsRefusedWith413) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates, "s3cret"));
  {
    RawConnection connection(server_->port());
    const auto [reply, sent] = upload_chunked(connection, "Authorization: Bearer s3cret\r\n", 2U << 20);
    EXPECT_EQ(reply.status, 413) << reply.head;
    EXPECT_EQ(parsed(reply)["error"]["code"], "payload_too_large") << reply.body;
    EXPECT_EQ(parsed(reply)["error"]["message"], "request body too large: above max_body_bytes (1048576)");
    EXPECT_LT(sent, 32U << 20);
  }
  // A chunked body within the cap is read and ignored; the trigger goes ahead.
  RawConnection small(server_->port());
  ASSERT_TRUE(
      small.send_all("POST /api/ml/retraining/trigger HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
  const auto accepted = small.read_reply(10s);
  ASSERT_EQ(accepted.status, 202) << accepted.head << accepted.body;
  EXPECT_EQ(wait_job(parsed(accepted)["job_id"])["state"], "completed");
  // A declared length over the cap is refused on its header, before a byte of body.
  const auto declared = to_reply(server_->client()->Post(
      "/api/ml/retraining/trigger", {{"Authorization", "Bearer s3cret"}}, std::string(2U << 20, 'x'), "text/plain"));
  EXPECT_EQ(declared.status, 413);
  EXPECT_EQ(declared.json["error"]["code"], "payload_too_large");
  expect_alive();
}

// Eight clients that each send one byte a second hold a connection each; /health and
// predictions keep answering within a second, and the server drops each slow client once its
// headers are overdue (header_timeout_seconds = 5).
TEST_F(ServerHostileTest, EightSlowClientsNeitherStarveHealthNorHoldTheirConnection) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  constexpr int kSlowClients = 8;
  const std::string request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(40, 'p');
  std::vector<std::thread> slow;
  std::vector<std::atomic<long long>> dropped_after_ms(kSlowClients);
  const int port = server_->port();
  for (int c = 0; c < kSlowClients; ++c) {
    dropped_after_ms[c] = -1;
    slow.emplace_back([&, c] {
      RawConnection connection(port);
      const auto started = Clock::now();
      for (std::size_t i = 0; i < request.size() && Clock::now() - started < 15s; ++i) {
        if (!connection.send_all(request.substr(i, 1)) || connection.readable(1000ms)) {
          const auto at = Clock::now() - started;
          if (connection.closed_by_server(2s)) {
            dropped_after_ms[c] = std::chrono::duration_cast<std::chrono::milliseconds>(at).count();
          }
          break;
        }
      }
    });
  }
  std::this_thread::sleep_for(1500ms);  // every slow client holds its connection by now
  auto client = server_->client();
  client->set_read_timeout(1, 0);
  Clock::duration slowest{};
  for (int i = 0; i < 5; ++i) {
    const auto started = Clock::now();
    const auto health = to_reply(client->Get("/health"));
    EXPECT_EQ(health.status, 200) << health.error;
    slowest = std::max(slowest, Clock::now() - started);
    EXPECT_LT(Clock::now() - started, 1s);
    const auto predict = to_reply(client->Get("/api/predict/MSFT"));
    EXPECT_EQ(predict.status, 200) << predict.error;
    std::this_thread::sleep_for(300ms);
  }
  for (auto& thread : slow) thread.join();
  RecordProperty("slowest_health_ms",
                 std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(slowest).count() / 1000.0));
  for (int c = 0; c < kSlowClients; ++c) {
    EXPECT_GE(dropped_after_ms[c], 4000) << "slow client " << c;
    EXPECT_LE(dropped_after_ms[c], 8000) << "slow client " << c << " was not dropped at its header deadline";
  }
  expect_alive();
}

TEST_F(ServerHostileTest, SecondServerOnABusyPortExitsNamingThePort) {
  ASSERT_NO_FATAL_FAILURE(start_server(kDefaultGates));
  const auto port = std::to_string(server_->port());
  const auto config = write_config(kDefaultGates, "", "second");
  ServerProcess second(config, dir_ / "second");
  second.spawn({"-c", config.string(), "serve", "--port", port, "--no-schedule"});
  const auto exit = second.wait_exit(20s);
  ASSERT_TRUE(exit) << "the second server is running on the same port; stderr: " << second.stderr_text();
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 1);
  EXPECT_EQ(second.stdout_text(), "");
  const auto lines = lines_of(second.stderr_text());
  ASSERT_EQ(lines.size(), 1U) << second.stderr_text();
  EXPECT_EQ(lines[0], "error: cannot listen on 127.0.0.1:" + port + ": the port is in use or not permitted");
  const auto versions = dir_ / "second" / "models" / "versions";
  EXPECT_TRUE(!fs::exists(versions) || fs::is_empty(versions)) << "a model was trained before refusing";
  expect_alive();
}

}  // namespace
}  // namespace mp::e2e
