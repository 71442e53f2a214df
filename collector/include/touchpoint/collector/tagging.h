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
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/analysis/worker_pool.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

// The pool TagTexts spreads a batch over (analysis::WorkerPool; the name is kept for the collector's
// callers).
using TagPool = analysis::WorkerPool;

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
