#include "tag_worker.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "touchpoint/collector/tagging.h"

namespace touchpoint::collector {

TagWorker::TagWorker(Storage& storage, std::shared_ptr<const analysis::Tagger> tagger, WallClock clock,
                     int batch, int idle_poll_ms)
    : storage_(storage),
      tagger_(std::move(tagger)),
      clock_(std::move(clock)),
      batch_(batch < 1 ? 1 : batch),
      idle_poll_ms_(idle_poll_ms < 1 ? 1 : idle_poll_ms) {}

TagWorker::~TagWorker() { Stop(); }

void TagWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  stop_flag_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void TagWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    stop_flag_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TagWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

Result<int64_t> TagWorker::RunOnce() {
  DrainOptions options;
  options.batch = batch_;
  options.stop = &stop_flag_;
  options.now_ms = clock_;
  return DrainTagQueue(storage_, *tagger_, options);
}

void TagWorker::Loop() {
  // Tagging is background work: on Linux a thread can have its own nice value, so under load the CPU goes
  // to the request threads (the 201 path) first and the queue, which is durable, catches up afterwards.
  // Failure to lower the priority is harmless.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
      woken_ = false;
    }
    try {
      Result<int64_t> n = RunOnce();
      if (!n) std::fprintf(stderr, "tagging: %s\n", n.error().ToString().c_str());
    } catch (const std::exception& e) {
      // A broken tagger or database must not kill the server; the texts stay queued for the next pass.
      std::fprintf(stderr, "tagging: internal error: %s\n", e.what());
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(idle_poll_ms_), [this] { return stop_ || woken_; });
  }
}

}  // namespace touchpoint::collector
