// WorkerPool: every index runs exactly once, on any number of threads, across repeated runs of one pool.
#include "touchpoint/analysis/worker_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace touchpoint::analysis {
namespace {

TEST(WorkerPoolTest, EveryIndexOnceOnAnyThreadCountAndAcrossRuns) {
  for (int threads : {1, 2, 4}) {
    WorkerPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (size_t n : {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{1000}}) {
      std::vector<std::atomic<int>> hits(n);
      pool.Run(n, [&](size_t i) { hits[i].fetch_add(1); });
      for (size_t i = 0; i < n; ++i)
        ASSERT_EQ(hits[i].load(), 1) << "threads " << threads << " n " << n << " i " << i;
    }
  }
}

TEST(WorkerPoolTest, SpreadsWorkOverItsThreads) {
  WorkerPool pool(2);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> other{false};
  // The caller's items wait (up to 5 s) until an item has run on the pool's own thread.
  pool.Run(64, [&](size_t) {
    if (std::this_thread::get_id() != caller) {
      other = true;
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!other && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  EXPECT_TRUE(other.load());
}

TEST(WorkerPoolTest, ZeroMeansEveryCore) {
  WorkerPool pool(0);
  EXPECT_EQ(pool.threads(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace
}  // namespace touchpoint::analysis
