// tag_worker.h: the server's background tagging worker. It drains the storage's tagging queue (TakePending,
// analysis::Tagger, PutTags, as DrainTagQueue in tagging.h) whenever it is woken and every
// idle_poll_ms (texts queued by other processes, e.g. `touchpoint survey submit`). The queue lives in the
// database, so texts queued by a response survive a crash and are tagged after the restart; the 201 path
// never waits for tagging.
//
// Thread-safety: Start/Stop/Wake may be called from any thread; the worker owns one thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/service.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector {

class TagWorker {
 public:
  // `storage` must outlive the worker. idle_poll_ms: how often an idle worker looks for texts queued by
  // other processes (the CLI).
  TagWorker(Storage& storage, std::shared_ptr<const analysis::Tagger> tagger, WallClock clock, int batch = 64,
            int idle_poll_ms = 500);
  ~TagWorker();
  TagWorker(const TagWorker&) = delete;
  TagWorker& operator=(const TagWorker&) = delete;

  void Start();
  void Stop();  // finishes the batch in hand, then returns
  void Wake();  // new texts were queued
  // Tags until the queue is empty; returns how many texts were tagged.
  Result<int64_t> RunOnce();

 private:
  void Loop();

  Storage& storage_;
  std::shared_ptr<const analysis::Tagger> tagger_;
  WallClock clock_;
  const int batch_;
  const int idle_poll_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> stop_flag_{false};
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace touchpoint::collector
