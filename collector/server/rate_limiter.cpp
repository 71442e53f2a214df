#include "rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace touchpoint::collector {

MonotonicClock SteadyClockMs() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
}

RateLimiter::RateLimiter(double rate_per_second, double burst, size_t max_clients, MonotonicClock clock)
    : rate_(rate_per_second),
      burst_(std::max(1.0, burst)),
      max_clients_(std::max<size_t>(1, max_clients)),
      clock_(std::move(clock)) {}

RateLimiter::Decision RateLimiter::Allow(const std::string& client) {
  if (rate_ <= 0) return {};
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(client);
    it = buckets_.emplace(client, Bucket{burst_, now, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru_pos);
    const int64_t elapsed = std::max<int64_t>(0, now - it->second.last_ms);
    it->second.tokens = std::min(burst_, it->second.tokens + static_cast<double>(elapsed) * rate_ / 1000.0);
    it->second.last_ms = now;
  }
  Bucket& b = it->second;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait_s = (1.0 - b.tokens) / rate_;
  return {false, std::max(1, static_cast<int>(std::ceil(wait_s)))};
}

size_t RateLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace touchpoint::collector
