// server.h: the collector HTTP server (CONTRACT.md "HTTP API", "Server configuration") and the researcher
// token. HttpServer runs Poco's HTTP server on a TCP server of our own making so that overload is answered
// with 503 + Retry-After (admission control) instead of silently dropped connections; it routes requests to
// one handler class per route, applies the per-client rate limit, and runs the background tagging worker.
//
// Thread-safety: HttpServer::Start/Stop are called from one controlling thread; requests are served on the
// server's worker threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/service.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0: an ephemeral port (see HttpServer::port())
  int max_threads = 16;  // requests served at once
  int max_queued = 64;   // connections waiting for a thread; more get 503
  int timeout_s = 30;    // socket receive/send and keep-alive timeout
  int64_t max_body_bytes = 1048576;
  int64_t max_import_bytes = 64 * 1048576;  // body of POST .../imports (a whole file)
  double rate_per_client = 20;              // requests per second per client address; 0 = off
  double burst = 100;
  std::set<std::string> trusted_proxies;
  size_t rate_max_clients = 100000;  // buckets kept at most (least recently seen evicted)
  std::string share_dir;             // locale catalogs (<share>/locale); empty: English pages only
  // The researcher token when given explicitly (TOUCHPOINT_TOKEN, else config auth.token); otherwise the
  // token hashed in the data dir is used, and generated on first start (HttpServer::new_token()).
  std::optional<std::string> explicit_token;
  int tag_batch = 64;
};

// Replaces the researcher token stored (hashed) in the data dir with a new one and returns it to print once
// (`touchpoint token rotate`). A running server sees the new token within a second.
Result<std::string> RotateResearcherToken(Storage& storage);

struct ServerDeps {
  Storage* storage = nullptr;                      // required; outlives the server
  std::shared_ptr<const analysis::Tagger> tagger;  // null: no tagging worker (texts stay queued)
  WallClock wall_clock;                            // empty: system clock
  std::function<int64_t()> monotonic_ms;           // empty: steady clock (rate limiter)
  // Test hook: called on the worker thread at the start of every routed request, with the path. Lets
  // tests hold a worker busy to exercise admission control deterministically. Empty in production.
  std::function<void(const std::string& path)> request_hook;
};

class HttpServer {
 public:
  // Binds host:port and starts serving. kIo if the address cannot be bound or catalogs cannot be loaded.
  static Result<std::unique_ptr<HttpServer>> Start(const ServerConfig& config, ServerDeps deps);
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  // The token generated on this first start (print it once), or nullopt.
  virtual const std::optional<std::string>& new_token() const = 0;
  // Stops accepting, lets requests in progress finish (bounded by the timeout), stops the tagging worker.
  // Idempotent; also done by the destructor.
  virtual void Stop() = 0;
};

}  // namespace touchpoint::collector
