// tagging.h: the one tagging code path of the collector. TagTexts turns stored or about-to-be-stored texts
// (PendingText) into TagRecords with the analysis Tagger, optionally on a TagPool of threads; DrainTagQueue
// (the server's background worker, `touchpoint retag`, `touchpoint import --no-tag` followed by a retag) and
// the import pipeline (collector/importers, which tags a batch in memory and stores the items with their
// tags in one transaction) both call it, so every stored text is tagged the same way.
//
// Thread-safety: TagTexts is reentrant; a TagPool is used by one thread at a time. DrainTagQueue may run in
// several threads at once only on different storages; one drainer per Storage (texts are dequeued by
// PutTags, so two drainers would tag the same batch twice).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

// Persistent worker threads (the tagger's per-thread caches stay warm from batch to batch). Run(n, fn)
// calls fn(i) for every i < n on the workers and the calling thread, and returns when all are done.
class TagPool {
 public:
  // `threads` in total, the calling thread included: 0 = every core, 1 = no extra thread.
  explicit TagPool(int threads = 0);
  ~TagPool();
  TagPool(const TagPool&) = delete;
  TagPool& operator=(const TagPool&) = delete;

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

struct TagTextsOptions {
  TagPool* pool = nullptr;                    // nullptr: tag on the calling thread
  int64_t now_ms = 0;                         // tagged_at_ms of every record; 0: the system clock
  std::vector<std::string>* langs = nullptr;  // optional: per text, the language the tagger used ("" for und)
};

// Tags `texts`: one TagRecord per text, in input order, whatever the number of threads. A text the tagger
// rejects (empty, invalid UTF-8) gets an {"error": ...} tag result, so it leaves the queue like any other.
std::vector<TagRecord> TagTexts(const analysis::Tagger& tagger, std::span<const PendingText> texts,
                                const TagTextsOptions& options = {});

struct DrainOptions {
  int batch = 256;                             // texts per TakePending/PutTags transaction
  const std::atomic<bool>* stop = nullptr;     // checked between batches
  std::function<void(int64_t done)> progress;  // called after each batch, may be empty
  std::function<int64_t()> now_ms;             // clock for tagged_at_ms; default system clock
  TagPool* pool = nullptr;                     // tag each batch on these threads; nullptr: calling thread
};

// Tags queued texts until the queue is empty (or *stop). Returns how many texts were tagged.
Result<int64_t> DrainTagQueue(Storage& storage, const analysis::Tagger& tagger,
                              const DrainOptions& options = {});

}  // namespace touchpoint::collector
