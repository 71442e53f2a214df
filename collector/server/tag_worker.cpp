#include "tag_worker.h"

#include <chrono>
#include <cstdio>

#include "json_out.h"

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
  // The same steps as DrainTagQueue (tagging.h), which passes owner ids to TagsToJson unquoted although
  // that takes a JSON token (tagger.h), so its results are not valid JSON; here the id is quoted.
  const std::string version = tagger_->Version();
  int64_t done = 0;
  for (int64_t rounds = 0; rounds < 1'000'000; ++rounds) {  // each round dequeues at least one text
    if (stop_flag_.load()) break;
    Result<std::vector<PendingText>> pending = storage_.TakePending(batch_);
    if (!pending) return pending.error();
    if (pending->empty()) break;
    std::vector<TagRecord> records;
    records.reserve(pending->size());
    for (const PendingText& p : *pending) {
      analysis::TagInput in;
      in.text = p.text;
      in.lang = p.lang;
      in.stage_prior = p.stage;
      in.touchpoint_prior = p.touchpoint;
      Result<analysis::Tags> tags = tagger_->Tag(in);
      const std::string id = JsonQuote(p.owner_id);
      records.push_back(TagRecord{
          p.owner_kind, p.owner_id, p.question_id, p.survey_id,
          tags ? analysis::TagsToJson(*tags, id) : analysis::ErrorLineJson(id, tags.error().message),
          clock_(), version});
    }
    TP_RETURN_IF_ERROR(storage_.PutTags(records));
    done += static_cast<int64_t>(records.size());
  }
  return done;
}

void TagWorker::Loop() {
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
