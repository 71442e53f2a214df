// In-process HttpServer tests: admission control (503) and rate limiting (429) made deterministic with the
// request hook and an injected clock.
#include "touchpoint/collector/server.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include "testutil/fixtures.h"
#include "testutil/server_process.h"
#include "testutil/testutil.h"

namespace touchpoint::collector {
namespace {

using testutil::Http;

// Holds every request whose path contains "block" until released.
class Gate {
 public:
  void Hook(const std::string& path) {
    if (path.find("block") == std::string::npos) return;
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void WaitForBlocked(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    ASSERT_TRUE(cv_.wait_for(lock, std::chrono::seconds(10), [&] { return waiting_ >= n; }));
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerConfig cfg) {
    auto s = OpenSqliteStorage(dir_.str());
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    storage_ = std::move(*s);
    cfg.host = "127.0.0.1";
    cfg.port = 0;
    cfg.explicit_token = "secret-token";
    ServerDeps deps;
    deps.storage = storage_.get();
    deps.monotonic_ms = [this] { return now_ms_.load(); };
    deps.request_hook = [this](const std::string& p) { gate_.Hook(p); };
    auto server = HttpServer::Start(cfg, deps);
    ASSERT_TRUE(server.ok()) << server.error().ToString();
    server_ = std::move(*server);
  }
  int port() const { return server_->port(); }

  testutil::TempDir dir_;
  std::unique_ptr<Storage> storage_;
  Gate gate_;
  std::atomic<int64_t> now_ms_{1000};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerTest, AnswersHealthAndChecksTheToken) {
  Start({});
  EXPECT_EQ(Http(port(), "GET", "/healthz").body, "{\"status\":\"ok\"}\n");
  auto r = Http(port(), "GET", "/api/v1/surveys");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("www-authenticate").rfind("Bearer", 0), 0u);
  r = Http(port(), "GET", "/api/v1/surveys", "", "", {{"Authorization", "Bearer wrong"}});
  EXPECT_EQ(r.status, 401);
  r = Http(port(), "GET", "/api/v1/surveys", "", "", {{"Authorization", "Bearer secret-token"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"surveys\":[]}\n");
}

TEST_F(ServerTest, OverloadIsAnswered503WithRetryAfter) {
  ServerConfig cfg;
  cfg.max_threads = 1;
  cfg.max_queued = 1;
  Start(cfg);
  // Connection 1 occupies the only worker; connection 2 waits in the queue; connection 3 is one too many.
  auto first = std::async(std::launch::async, [&] { return Http(port(), "GET", "/block-1"); });
  gate_.WaitForBlocked(1);
  // Connection 2 is connected (in the listen backlog, accepted in order) before connection 3 dials.
  Poco::Net::StreamSocket second;
  second.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port())));
  const std::string req2 = "GET /block-2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  second.sendBytes(req2.data(), static_cast<int>(req2.size()));
  auto third = Http(port(), "GET", "/healthz");
  EXPECT_EQ(third.status, 503) << third.body;
  EXPECT_EQ(third.Header("retry-after"), "1");
  EXPECT_NE(third.body.find("overloaded"), std::string::npos);
  gate_.Open();
  EXPECT_EQ(first.get().status, 404);
  second.setReceiveTimeout(Poco::Timespan(10, 0));
  char buf[64] = {};
  const int n = second.receiveBytes(buf, sizeof buf - 1);
  EXPECT_EQ(std::string(buf, n > 12 ? 12 : 0), "HTTP/1.1 404");
  // Slots are given back when connections end.
  EXPECT_EQ(Http(port(), "GET", "/healthz").status, 200);
}

TEST_F(ServerTest, RateLimitsPerClientWithRetryAfter) {
  ServerConfig cfg;
  cfg.rate_per_client = 1;
  cfg.burst = 2;
  Start(cfg);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/surveys").status, 401);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/surveys").status, 401);
  auto r = Http(port(), "GET", "/api/v1/surveys");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.Header("retry-after"), "1");
  EXPECT_EQ(Http(port(), "GET", "/healthz").status, 200) << "health checks are not limited";
  now_ms_ += 1000;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/surveys").status, 401) << "one token refilled";
  EXPECT_EQ(Http(port(), "GET", "/api/v1/surveys").status, 429);
}

TEST_F(ServerTest, StartFailsCleanlyWhenThePortIsTaken) {
  Start({});
  ServerConfig cfg;
  cfg.host = "127.0.0.1";
  cfg.port = port();
  cfg.explicit_token = "t";
  ServerDeps deps;
  deps.storage = storage_.get();
  auto second = HttpServer::Start(cfg, deps);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, Code::kIo);
  EXPECT_NE(second.error().message.find(std::to_string(port())), std::string::npos) << second.error().message;
  EXPECT_EQ(Http(port(), "GET", "/healthz").status, 200) << "the first server is unaffected";
}

TEST_F(ServerTest, StopsWhileAConnectionIsIdle) {
  Start({});
  Poco::Net::StreamSocket idle;  // a keep-alive client that never sends
  idle.connect(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
  const auto t0 = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));
}

}  // namespace
}  // namespace touchpoint::collector
