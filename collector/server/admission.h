// admission.h: admission control for the collector's TCP server. Poco's TCPServer silently drops
// connections once its queue is full; instead we count every accepted connection until it is finished
// (queued or being served) and answer further ones at once with a small 503 + Retry-After, so a client
// under overload learns to back off rather than seeing a reset.
//
// AdmissionCounter: thread-safe (atomics). AdmissionFilter runs on the acceptor thread; the connections made
// by CountingConnectionFactory release their slot when destroyed, on whatever worker thread ran them.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <memory>

namespace touchpoint::collector {

class AdmissionCounter {
 public:
  // limit: connections admitted at once (being served + queued), at least 1.
  explicit AdmissionCounter(int limit) : limit_(limit < 1 ? 1 : limit) {}
  // Takes a slot if one is free.
  bool TryEnter();
  void Leave() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }
  int in_flight() const { return in_flight_.load(std::memory_order_acquire); }
  int limit() const { return limit_; }
  int64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> in_flight_{0};
  std::atomic<int64_t> rejected_{0};
};

// Accepts a connection if the counter has a free slot; otherwise writes a complete 503 response (JSON,
// Retry-After, Connection: close) to the socket and rejects it (Poco then closes it). The counter must
// outlive the filter.
class AdmissionFilter : public Poco::Net::TCPServerConnectionFilter {
 public:
  AdmissionFilter(AdmissionCounter& counter, int retry_after_s)
      : counter_(counter), retry_after_s_(retry_after_s) {}
  bool accept(const Poco::Net::StreamSocket& socket) override;

 private:
  AdmissionCounter& counter_;
  const int retry_after_s_;
};

// Makes Poco HTTPServerConnections that call counter.Leave() when they end. Used with a plain TCPServer in
// place of Poco::Net::HTTPServer (which would create its own factory). The counter must outlive the server.
class CountingConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  CountingConnectionFactory(AdmissionCounter& counter, Poco::Net::HTTPServerParams::Ptr params,
                            Poco::Net::HTTPRequestHandlerFactory::Ptr factory)
      : counter_(counter), params_(std::move(params)), factory_(std::move(factory)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  AdmissionCounter& counter_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
};

}  // namespace touchpoint::collector
