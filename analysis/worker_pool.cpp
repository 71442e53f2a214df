#include "touchpoint/analysis/worker_pool.h"

#include <algorithm>

namespace touchpoint::analysis {

WorkerPool::WorkerPool(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int k = 1; k < threads; ++k) workers_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : workers_) t.join();
}

void WorkerPool::Run(size_t n, const std::function<void(size_t)>& fn) {
  if (workers_.empty() || n <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = &fn;
    n_ = n;
    next_.store(0);
    busy_ = workers_.size();
    ++generation_;
  }
  start_.notify_all();
  Work();
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [this] { return busy_ == 0; });
  fn_ = nullptr;
}

void WorkerPool::Work() {
  constexpr size_t kChunk = 16;
  const std::function<void(size_t)>* fn;
  size_t n;
  {
    std::lock_guard<std::mutex> lock(mu_);
    fn = fn_;
    n = n_;
  }
  for (size_t i; (i = next_.fetch_add(kChunk)) < n;) {
    for (size_t j = i; j < std::min(i + kChunk, n); ++j) (*fn)(j);
  }
}

void WorkerPool::Loop() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    Work();
    std::lock_guard<std::mutex> lock(mu_);
    if (--busy_ == 0) done_.notify_one();
  }
}

}  // namespace touchpoint::analysis
