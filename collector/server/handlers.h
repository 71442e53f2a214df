// handlers.h: the collector's request handlers (one class per route, Poco HTTPTimeServer style) and the
// factory that routes to them. RouteHandler does, once for every route: the test hook, the per-client rate
// limit, the researcher token check, the one try/catch, and error replies (JSON, or HTML for /s/ pages).
// Body limits (411/413/415) live only in ReadBody.
//
// Thread-safety: handlers are created per request on the serving thread; ServerContext is shared and
// thread-safe (its members are).
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "form_body.h"
#include "rate_limiter.h"
#include "router.h"
#include "storage/token.h"
#include "tag_worker.h"
#include "touchpoint/collector/server.h"
#include "touchpoint/collector/service.h"
#include "web/i18n.h"

namespace touchpoint::collector {

struct ServerContext {
  ServerContext(const ServerConfig& cfg, Storage& st, WallClock wall, MonotonicClock mono,
                std::shared_ptr<const web::Catalogs> cats)
      : config(cfg),
        storage(st),
        collector(st, std::move(wall)),
        tokens(st, mono),
        limiter(cfg.rate_per_client, cfg.burst, cfg.rate_max_clients, mono),
        catalogs(std::move(cats)) {}

  const ServerConfig config;
  Storage& storage;
  Collector collector;
  TokenStore tokens;
  RateLimiter limiter;
  std::shared_ptr<const web::Catalogs> catalogs;
  TagWorker* worker = nullptr;  // null: no tagging in this server
  // Language detection for imported items whose source names none (as `touchpoint import`); may be null.
  std::shared_ptr<const analysis::Tagger> tagger;
  std::function<void(const std::string&)> request_hook;
  std::atomic<int> active_requests{0};
};

// What a handler answers when it does not stream.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool sent = false;  // the handler already sent (streamed) the response itself
};

// One request in flight.
struct Exchange {
  Poco::Net::HTTPServerRequest& req;
  Poco::Net::HTTPServerResponse& resp;
  RouteMatch match;
  bool body_read = false;
  std::string lang;  // page language once known (HTML routes)
};

// Reads the request body: 411 without Content-Length or chunking, 413 over max_bytes (declared up front,
// or counted while reading a chunked body, stopping at max_bytes + 1), 415 unless the media type is
// `media_type` (parameters such as charset allowed).
Result<std::string> ReadBody(Exchange& ex, int64_t max_bytes, std::string_view media_type);

class RouteHandler : public Poco::Net::HTTPRequestHandler {
 public:
  RouteHandler(ServerContext& ctx, RouteMatch match) : ctx_(ctx), match_(std::move(match)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) final;

 protected:
  virtual bool researcher() const { return false; }
  virtual bool rate_limited() const { return true; }
  virtual Result<Reply> Serve(Exchange& ex) = 0;
  // Error page/body for `error` (HTML routes override to render a localized page).
  virtual Reply ErrorReply(Exchange& ex, const Error& error);

  ServerContext& ctx_;
  RouteMatch match_;
};

class RequestRouter : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RequestRouter(ServerContext& ctx) : ctx_(ctx) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;
  // Tells every open connection the server stopped; abort = also close connections now (idle keep-alive).
  void StopConnections(bool abort) { serverStopped.notify(this, abort); }

 private:
  ServerContext& ctx_;
};

}  // namespace touchpoint::collector
