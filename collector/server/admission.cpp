#include "admission.h"

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Timespan.h>

#include <string>

namespace touchpoint::collector {

bool AdmissionCounter::TryEnter() {
  int cur = in_flight_.load(std::memory_order_acquire);
  while (cur < limit_) {
    if (in_flight_.compare_exchange_weak(cur, cur + 1, std::memory_order_acq_rel)) return true;
  }
  rejected_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

namespace {

// Reads whatever the client already sent (bounded in bytes and time) so closing the socket does not turn
// into a reset that could discard our answer before the client reads it.
void DrainInput(Poco::Net::StreamSocket& socket, int wait_ms) {
  char buf[4096];
  for (int i = 0; i < 16; ++i) {
    if (!socket.poll(Poco::Timespan(0, wait_ms * 1000), Poco::Net::Socket::SELECT_READ)) return;
    if (socket.receiveBytes(buf, sizeof buf) <= 0) return;
    wait_ms = 0;
  }
}

class CountedConnection : public Poco::Net::HTTPServerConnection {
 public:
  CountedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr factory, AdmissionCounter& counter)
      : HTTPServerConnection(socket, std::move(params), std::move(factory)), counter_(counter) {}
  ~CountedConnection() override { counter_.Leave(); }

 private:
  AdmissionCounter& counter_;
};

}  // namespace

bool AdmissionFilter::accept(const Poco::Net::StreamSocket& socket) {
  if (counter_.TryEnter()) return true;
  try {
    Poco::Net::StreamSocket s(socket);
    s.setSendTimeout(Poco::Timespan(0, 200 * 1000));
    s.setReceiveTimeout(Poco::Timespan(0, 50 * 1000));
    DrainInput(s, 20);
    const std::string body = "{\"error\":\"server overloaded, retry later\"}";
    const std::string reply =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Retry-After: " +
        std::to_string(retry_after_s_) +
        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    s.sendBytes(reply.data(), static_cast<int>(reply.size()));
    s.shutdownSend();
    DrainInput(s, 20);
  } catch (const Poco::Exception&) {
    // The client went away; nothing to tell it.
  }
  return false;
}

Poco::Net::TCPServerConnection* CountingConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  try {
    return new CountedConnection(socket, params_, factory_, counter_);
  } catch (...) {
    counter_.Leave();
    throw;
  }
}

}  // namespace touchpoint::collector
