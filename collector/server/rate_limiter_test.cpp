#include "rate_limiter.h"

#include <gtest/gtest.h>

#include "client_address.h"

namespace touchpoint::collector {
namespace {

struct FakeClock {
  int64_t now = 1000;
  MonotonicClock fn() {
    return [this] { return now; };
  }
};

TEST(RateLimiterTest, AdmitsABurstThenRefusesWithRetryAfter) {
  FakeClock clock;
  RateLimiter limiter(2, 3, 100, clock.fn());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("10.0.0.1").allowed) << i;
  RateLimiter::Decision d = limiter.Allow("10.0.0.1");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_s, 1);  // one token at 2/s takes 0.5 s, rounded up
  EXPECT_TRUE(limiter.Allow("10.0.0.2").allowed) << "another client has its own bucket";
}

TEST(RateLimiterTest, RefillsAtTheConfiguredRate) {
  FakeClock clock;
  RateLimiter limiter(1, 1, 100, clock.fn());
  EXPECT_TRUE(limiter.Allow("c").allowed);
  EXPECT_FALSE(limiter.Allow("c").allowed);
  clock.now += 999;
  EXPECT_FALSE(limiter.Allow("c").allowed);
  clock.now += 1;
  EXPECT_TRUE(limiter.Allow("c").allowed);
  EXPECT_FALSE(limiter.Allow("c").allowed);
}

TEST(RateLimiterTest, RetryAfterGrowsForSlowRates) {
  FakeClock clock;
  RateLimiter limiter(0.1, 1, 100, clock.fn());  // one request per 10 s
  EXPECT_TRUE(limiter.Allow("c").allowed);
  EXPECT_EQ(limiter.Allow("c").retry_after_s, 10);
}

TEST(RateLimiterTest, ZeroRateDisablesLimiting) {
  FakeClock clock;
  RateLimiter limiter(0, 1, 100, clock.fn());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("c").allowed);
  EXPECT_EQ(limiter.tracked_clients(), 0u);
}

TEST(RateLimiterTest, EvictsTheLeastRecentlySeenClientWhenFull) {
  FakeClock clock;
  RateLimiter limiter(1, 1, 2, clock.fn());
  EXPECT_TRUE(limiter.Allow("a").allowed);
  EXPECT_TRUE(limiter.Allow("b").allowed);
  EXPECT_FALSE(limiter.Allow("a").allowed);  // a is now the most recent
  EXPECT_TRUE(limiter.Allow("c").allowed);   // evicts b
  EXPECT_EQ(limiter.tracked_clients(), 2u);
  EXPECT_FALSE(limiter.Allow("a").allowed) << "a was kept";
  EXPECT_TRUE(limiter.Allow("b").allowed) << "b was evicted and starts with a full bucket";
  EXPECT_EQ(limiter.tracked_clients(), 2u);
}

TEST(ClientAddressTest, IgnoresForwardedForFromUntrustedPeers) {
  EXPECT_EQ(ClientAddress("203.0.113.9", "1.2.3.4", {}), "203.0.113.9");
  EXPECT_EQ(ClientAddress("203.0.113.9", "1.2.3.4", {"10.0.0.1"}), "203.0.113.9");
}

TEST(ClientAddressTest, TakesTheLastUntrustedHopBehindTrustedProxies) {
  const std::set<std::string> trusted = {"10.0.0.1", "10.0.0.2"};
  EXPECT_EQ(ClientAddress("10.0.0.1", "198.51.100.7", trusted), "198.51.100.7");
  // The client may forge the left part; the right-most untrusted hop is what our proxies saw.
  EXPECT_EQ(ClientAddress("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", trusted), "198.51.100.7");
  EXPECT_EQ(ClientAddress("10.0.0.1", " 10.0.0.2 ,10.0.0.1", trusted), "10.0.0.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", "", trusted), "10.0.0.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", "198.51.100.7,", trusted), "10.0.0.1") << "empty last hop: unusable";
}

TEST(ClientAddressTest, ParsesAddressLists) {
  EXPECT_EQ(ParseAddressList("10.0.0.1, 10.0.0.2 ::1"),
            (std::set<std::string>{"10.0.0.1", "10.0.0.2", "::1"}));
  EXPECT_TRUE(ParseAddressList("").empty());
}

}  // namespace
}  // namespace touchpoint::collector
