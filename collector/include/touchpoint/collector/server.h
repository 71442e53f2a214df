// server.h: the collector HTTP server (CONTRACT.md "HTTP API", "Server configuration") and the researcher
// token. HttpServer runs Poco's HTTP server on a TCP server of our own making so that overload is answered
// with 503 + Retry-After (admission control) instead of silently dropped connections; it routes requests to
// one handler class per route, applies the per-client rate limit, and runs the background tagging worker.
//
// Thread-safety: HttpServer::Start/Stop are called from one controlling thread; requests are served on the
// server's worker threads. ResearcherAuth::Check is safe from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
  double rate_per_client = 20;  // requests per second per client address; 0 = off
  double burst = 100;
  std::set<std::string> trusted_proxies;
  size_t rate_max_clients = 100000;  // buckets kept at most (least recently seen evicted)
  std::string share_dir;             // locale catalogs (<share>/locale); empty: English pages only
  int tag_batch = 64;
};

// Researcher token check. The token is either fixed (TOUCHPOINT_TOKEN, config auth.token) or stored in the
// data dir as a SHA-256 hash only (read on every check, so `touchpoint token rotate` applies at once).
class ResearcherAuth {
 public:
  static std::shared_ptr<const ResearcherAuth> Fixed(std::string token);
  static std::shared_ptr<const ResearcherAuth> Stored(Storage& storage);  // storage must outlive it
  virtual ~ResearcherAuth() = default;
  // True if `presented` is the token; constant time in the token's content.
  virtual bool Check(std::string_view presented) const = 0;
};

inline constexpr char kTokenHashSetting[] = "auth.token_sha256";
// 32 random bytes as "tp_" + 64 hex digits.
std::string GenerateToken();
// Lower-case hex SHA-256.
std::string HashToken(std::string_view token);
// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// Replaces the stored token hash with that of a new token and returns the token.
Result<std::string> RotateStoredToken(Storage& storage);

// Which token the server uses, for its start-up lines.
struct TokenChoice {
  enum class Source { kEnv, kConfig, kStored, kNew } source = Source::kStored;
  std::string new_token;  // set for kNew only: print it once
  std::shared_ptr<const ResearcherAuth> auth;
};
// env (TOUCHPOINT_TOKEN) wins, then config auth.token, then the stored hash, else a new token is generated
// and its hash stored.
Result<TokenChoice> ChooseToken(const std::string& env_token, const std::string& config_token,
                                Storage& storage);

struct ServerDeps {
  Storage* storage = nullptr;                      // required; outlives the server
  std::shared_ptr<const ResearcherAuth> auth;      // required
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
  // Stops accepting, lets requests in progress finish (bounded by the timeout), stops the tagging worker.
  // Idempotent; also done by the destructor.
  virtual void Stop() = 0;
};

}  // namespace touchpoint::collector
