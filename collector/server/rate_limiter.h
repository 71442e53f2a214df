// rate_limiter.h: per-client token-bucket rate limiting for the collector (config limits.rate_per_client,
// limits.burst). Each client key (an address) owns a bucket of `burst` tokens refilled at `rate` per second;
// a request takes one token or is refused with the seconds to wait (Retry-After). The map of buckets is
// bounded: when full, the least recently seen client is evicted (an evicted client starts with a full
// bucket, which only ever errs towards admitting).
//
// Thread-safety: Allow() may be called from any number of threads (one internal mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace touchpoint::collector {

// Monotonic milliseconds; injected so tests control time.
using MonotonicClock = std::function<int64_t()>;
MonotonicClock SteadyClockMs();

class RateLimiter {
 public:
  // rate_per_second <= 0 disables limiting (Allow always admits).
  RateLimiter(double rate_per_second, double burst, size_t max_clients, MonotonicClock clock);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  struct Decision {
    bool allowed = true;
    int retry_after_s = 0;  // when refused: whole seconds until one token is available (>= 1)
  };
  Decision Allow(const std::string& client);
  size_t tracked_clients() const;

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
    std::list<std::string>::iterator lru_pos;
  };
  const double rate_;
  const double burst_;
  const size_t max_clients_;
  MonotonicClock clock_;
  mutable std::mutex mu_;
  std::list<std::string> lru_;  // front = most recently seen
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace touchpoint::collector
