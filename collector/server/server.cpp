// HttpServer: Poco's HTTP connection handling on a TCPServer we assemble ourselves (HTTPServer would make
// its own connection factory), so that admission control can count connections and answer 503.
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <thread>

#include "admission.h"
#include "handlers.h"
#include "storage/token.h"
#include "tag_worker.h"
#include "touchpoint/collector/server.h"

namespace touchpoint::collector {
namespace {

class HttpServerImpl : public HttpServer {
 public:
  ~HttpServerImpl() override { Stop(); }
  uint16_t port() const override { return port_; }
  const std::optional<std::string>& new_token() const override { return new_token_; }

  void Stop() override {
    if (stopped_) return;
    stopped_ = true;
    if (!tcp_) {  // Start failed before serving
      if (worker_) worker_->Stop();
      return;
    }
    tcp_->stop();  // no new connections
    // Let requests in progress finish, bounded by the socket timeout.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(ctx_->config.timeout_s);
    while (ctx_->active_requests.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // Idle keep-alive connections: abort them rather than wait out their timeout.
    router_->StopConnections(true);
    pool_->joinAll();
    if (worker_) worker_->Stop();
  }

  std::unique_ptr<ServerContext> ctx_;
  std::unique_ptr<AdmissionCounter> admission_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  Poco::SharedPtr<RequestRouter> router_;
  std::unique_ptr<Poco::Net::TCPServer> tcp_;
  std::unique_ptr<TagWorker> worker_;
  uint16_t port_ = 0;
  std::optional<std::string> new_token_;
  bool stopped_ = false;
};

}  // namespace

Result<std::string> RotateResearcherToken(Storage& storage) {
  TokenStore tokens(storage);
  return tokens.Rotate();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerConfig& config, ServerDeps deps) {
  if (deps.storage == nullptr) return Error(Code::kInternal, "HttpServer needs a storage");
  std::shared_ptr<const web::Catalogs> catalogs;
  if (config.share_dir.empty()) {
    catalogs = std::make_shared<const web::Catalogs>();
  } else {
    Result<std::shared_ptr<const web::Catalogs>> loaded = web::Catalogs::Load(config.share_dir);
    if (!loaded) return loaded.error();
    catalogs = *loaded;
  }
  auto impl = std::make_unique<HttpServerImpl>();
  WallClock wall = deps.wall_clock ? deps.wall_clock : SystemWallClock();
  MonotonicClock mono = deps.monotonic_ms ? deps.monotonic_ms : SteadyClockMs();
  impl->ctx_ = std::make_unique<ServerContext>(config, *deps.storage, wall, mono, catalogs);
  Result<std::optional<std::string>> token = impl->ctx_->tokens.Init(config.explicit_token);
  if (!token) return token.error();
  impl->new_token_ = *token;
  impl->ctx_->request_hook = deps.request_hook;
  impl->ctx_->tagger = deps.tagger;
  if (deps.tagger) {
    impl->worker_ = std::make_unique<TagWorker>(*deps.storage, deps.tagger, wall, config.tag_batch);
    impl->ctx_->worker = impl->worker_.get();
  }

  const int threads = config.max_threads < 1 ? 1 : config.max_threads;
  const int queued = config.max_queued < 0 ? 0 : config.max_queued;
  Poco::Net::ServerSocket socket;
  try {
    socket.bind(Poco::Net::SocketAddress(config.host, static_cast<Poco::UInt16>(config.port)),
                /*reuseAddress=*/true,
                /*reusePort=*/false);  // never share the port with a second server
    socket.listen(256);
  } catch (const Poco::Exception& e) {
    return Error(Code::kIo, "cannot listen on " + config.host + ":" + std::to_string(config.port) + ": " +
                                e.displayText());
  }
  impl->port_ = socket.address().port();

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(threads);
  // Our admission counter refuses first, so Poco's own queue never fills (it would drop silently).
  params->setMaxQueued(threads + queued + 64);
  const int timeout_s = config.timeout_s < 1 ? 1 : config.timeout_s;
  params->setTimeout(Poco::Timespan(timeout_s, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(timeout_s < 5 ? timeout_s : 5, 0));
  params->setMaxKeepAliveRequests(1000);
  params->setServerName("touchpoint");

  impl->admission_ = std::make_unique<AdmissionCounter>(threads + queued);
  impl->pool_ = std::make_unique<Poco::ThreadPool>(1, threads, 60);
  impl->router_ = new RequestRouter(*impl->ctx_);
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory = impl->router_;
  impl->tcp_ = std::make_unique<Poco::Net::TCPServer>(
      new CountingConnectionFactory(*impl->admission_, params, factory), *impl->pool_, socket, params);
  impl->tcp_->setConnectionFilter(new AdmissionFilter(*impl->admission_, 1));
  impl->tcp_->start();
  if (impl->worker_) impl->worker_->Start();
  return std::unique_ptr<HttpServer>(std::move(impl));
}

}  // namespace touchpoint::collector
