// worker_pool.h: persistent worker threads for tagging many texts (the tagger's per-thread word and stem
// caches stay warm from batch to batch). Run(n, fn) calls fn(i) for every i < n, spread over the workers and
// the calling thread in chunks, and returns when all are done. Used by `touchpoint tag` and by the
// collector's tagging path (collector::TagTexts).
//
// Thread-safety: Run is called by one thread at a time; fn must be safe to call from several threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace touchpoint::analysis {

class WorkerPool {
 public:
  // `threads` in total, the calling thread included: 0 = every core, 1 = no extra thread.
  explicit WorkerPool(int threads = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  void Run(size_t n, const std::function<void(size_t)>& fn);

 private:
  void Work();
  void Loop();

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable start_, done_;
  const std::function<void(size_t)>* fn_ = nullptr;  // guarded by mu_ (set for the duration of Run)
  size_t n_ = 0, busy_ = 0;                          // guarded by mu_
  uint64_t generation_ = 0;                          // guarded by mu_
  bool stop_ = false;                                // guarded by mu_
  std::atomic<size_t> next_{0};
};

}  // namespace touchpoint::analysis
