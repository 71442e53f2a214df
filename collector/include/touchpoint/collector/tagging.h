// tagging.h: drains the storage's tagging queue with the analysis Tagger. Used by the server's background
// worker, `touchpoint retag` and `touchpoint import`, so every stored text is tagged by one code path.
//
// Thread-safety: DrainTagQueue may run in several threads at once only on different storages; one drainer
// per Storage (texts are dequeued by PutTags, so two drainers would tag the same batch twice).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

struct DrainOptions {
  int batch = 256;                             // texts per TakePending/PutTags transaction
  const std::atomic<bool>* stop = nullptr;     // checked between batches
  std::function<void(int64_t done)> progress;  // called after each batch, may be empty
  std::function<int64_t()> now_ms;             // clock for tagged_at_ms; default system clock
};

// Tags queued texts until the queue is empty (or *stop). A text the tagger rejects (empty, invalid UTF-8)
// is stored with an {"error": ...} tag result so it leaves the queue. Returns how many texts were tagged.
Result<int64_t> DrainTagQueue(Storage& storage, const analysis::Tagger& tagger,
                              const DrainOptions& options = {});

}  // namespace touchpoint::collector
