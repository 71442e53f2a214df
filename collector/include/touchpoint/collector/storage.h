// storage.h: the one narrow interface between the collector and its database. Handlers, importers, the
// tagging worker and the CLI only ever talk to a Storage, so a PostgreSQL backend can be added beside the
// embedded SQLite one without touching them.
//
// Durability: AddResponse returns only after the response is durably committed (fsync'ed: survives kill -9
// and power loss). Implementations batch concurrent AddResponse calls into one transaction (group commit).
//
// Thread-safety: a Storage is safe for concurrent use from any number of threads without external locking.
// Several processes may open the same SQLite data dir (CLI next to a running server); changes made by one are
// visible to the others on their next read.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::collector {

struct SurveyRecord {
  std::string id;
  std::string json;    // canonical survey JSON (surveys::SurveyToJson)
  std::string status;  // "open" | "closed"
  int64_t created_at_ms = 0;
  int64_t response_count = 0;  // filled by GetSurvey/ListSurveys
};

struct ResponseRecord {
  std::string id;  // assigned by the caller (unique, e.g. random 128-bit hex); storage does not invent ids
  std::string survey_id;
  int64_t submitted_at_ms = 0;  // UTC milliseconds since the epoch
  std::string language;
  std::string channel;
  std::string respondent;
  std::string answers_json;  // surveys::AnswersToJson
};

// An imported review or interview turn (issue: importers). Dedupe key: (survey_id, source_format, source_id)
// when source_id is set, else (survey_id, content_hash).
struct FeedbackRecord {
  std::string id;
  std::string survey_id;
  std::string source;  // "review" | "interview"
  std::string format;  // importer format id: googleplay, appstore, vtt, ...
  std::string source_file;
  std::string source_id;
  std::string author;
  std::string date;              // ISO 8601 as given/normalized, may be empty
  std::optional<double> rating;  // normalized 1..5
  std::string lang;
  std::string text;
  std::string speaker;              // interviews
  std::string interview;            // interview id
  std::optional<int64_t> start_ms;  // interviews: turn start
  bool is_interviewer = false;      // kept for context, not tagged
  std::string content_hash;
  int64_t imported_at_ms = 0;
};

// Tags of one text: a response's free-text answer (owner_kind "response", question_id set) or a feedback
// item (owner_kind "feedback", question_id empty). tags_json is the tag result object of CONTRACT.md.
struct TagRecord {
  std::string owner_kind;
  std::string owner_id;
  std::string question_id;
  std::string survey_id;
  std::string tags_json;
  int64_t tagged_at_ms = 0;
  std::string tagger_version;
};

// A text waiting for tagging (stored but not yet tagged, or marked for re-tagging).
struct PendingText {
  std::string owner_kind, owner_id, question_id, survey_id;
  std::string text, lang;         // lang: response language / item language, may be empty
  std::string stage, touchpoint;  // question metadata priors, may be empty
};

struct ImportCounts {
  int64_t inserted = 0;
  int64_t duplicates = 0;
};

// Write-path counters since the Storage was opened (for tests, logs and a future /metrics).
struct StorageStats {
  int64_t response_commits = 0;     // group-commit transactions that committed
  int64_t responses_committed = 0;  // responses stored by them
  int64_t max_batch = 0;            // most responses in one committed transaction
  int64_t failed_commits = 0;       // write transactions (any kind) rolled back because COMMIT failed
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Surveys. PutSurvey: kConflict if the id exists.
  virtual Status PutSurvey(const SurveyRecord& survey) = 0;
  virtual Result<SurveyRecord> GetSurvey(const std::string& id) = 0;  // kNotFound
  virtual Result<std::vector<SurveyRecord>> ListSurveys() = 0;
  // Sets "open"/"closed"; kNotFound for an unknown id. Idempotent.
  virtual Status SetSurveyStatus(const std::string& id, const std::string& status) = 0;

  // Responses. Durable on return (group commit). The response's free-text answers are queued for tagging
  // in the same transaction (`texts`), so tagging is never lost even if the process dies before it runs.
  // Each text's owner_kind/owner_id/survey_id are taken from the response ("response", response.id).
  // Errors: kNotFound unknown survey, kConflict closed survey or existing response id, kIo failed commit
  // (then nothing of the batch it was in is stored).
  virtual Status AddResponse(const ResponseRecord& response, std::span<const PendingText> texts) = 0;
  // Visits responses of a survey in submission order; `fn` returns false to stop.
  virtual Status ForEachResponse(const std::string& survey_id,
                                 const std::function<bool(const ResponseRecord&)>& fn) = 0;

  // Feedback items (imports): one transaction for the whole batch; duplicates are skipped and counted.
  // Items that are not interviewer turns are queued for tagging in the same transaction. An empty
  // content_hash is computed by the storage (SHA-256 of the item's content fields). An item naming an
  // unknown survey fails the whole batch (kNotFound, field "items[i].survey_id").
  virtual Result<ImportCounts> AddFeedback(std::span<const FeedbackRecord> items) = 0;
  virtual Status ForEachFeedback(const std::string& survey_id,
                                 const std::function<bool(const FeedbackRecord&)>& fn) = 0;
  // Feedback items together with their tags, computed by the caller before storing (the import pipeline
  // tags a batch in memory with collector::TagTexts): one transaction for the batch, so an interrupted
  // import leaves no item without its tags. tags[i] belongs to items[i] (tags.size() == items.size(), else
  // kInvalid). A new item is stored with its tags and not queued; an item whose tags[i].tags_json is empty
  // is queued for tagging as by AddFeedback; interviewer turns get no tags. Duplicates are skipped, their
  // stored tags kept. `durable` false lets the backend skip the sync of this transaction: after a power
  // loss it may be missing (never half of it) together with other non-durable ones after the last durable
  // transaction; an import passes false for every batch but its last, and a re-run restores what was lost.
  // The default implementation stores through AddFeedback and PutTags (two transactions; tags of
  // duplicates are replaced).
  virtual Result<ImportCounts> AddTaggedFeedback(std::span<const FeedbackRecord> items,
                                                 std::span<const TagRecord> tags, bool durable = true);

  // Tagging queue and results.
  virtual Result<std::vector<PendingText>> TakePending(
      int limit) = 0;                                           // oldest first; stays queued until PutTags
  virtual Status PutTags(std::span<const TagRecord> tags) = 0;  // stores and dequeues, one transaction
  virtual Status ForEachTags(const std::string& survey_id,
                             const std::function<bool(const TagRecord&)>& fn) = 0;
  // Re-queues every text of a survey for tagging (retag after lexicon changes). Returns how many texts the
  // survey has queued afterwards. kNotFound for an unknown survey.
  virtual Result<int64_t> RequeueSurvey(const std::string& survey_id) = 0;

  // Small key/value settings (e.g. the researcher token hash).
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // Write-path counters; backends without them return zeros.
  virtual StorageStats Stats() const { return {}; }
};

inline Result<ImportCounts> Storage::AddTaggedFeedback(std::span<const FeedbackRecord> items,
                                                       std::span<const TagRecord> tags, bool /*durable*/) {
  if (tags.size() != items.size()) return Error(Code::kInvalid, "one tag record per feedback item expected");
  Result<ImportCounts> counts = AddFeedback(items);
  if (!counts) return counts;
  std::vector<TagRecord> tagged;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_interviewer && !tags[i].tags_json.empty()) tagged.push_back(tags[i]);
  }
  if (!tagged.empty()) TP_RETURN_IF_ERROR(PutTags(tagged));
  return counts;
}

struct SqliteOptions {
  int group_commit_max_batch = 512;  // responses per transaction at most (1 = one fsync per response)
  int busy_timeout_ms = 5000;
  // Clock for bookkeeping timestamps (migrations, queue, settings, defaults of zero timestamps): UTC
  // milliseconds since the epoch. Empty: the system clock.
  std::function<int64_t()> now_ms;
  // Fault injection for tests: called just before every COMMIT of a write transaction; an Error makes that
  // transaction roll back, and every caller whose write was in it gets kIo. Empty: no hook.
  std::function<Status()> before_commit;
};

// Fault injection for tests: set `options.before_commit = faults.Hook()`, then `faults.FailNext(3)` makes
// the next three write transactions fail (kIo, nothing of them stored). Thread-safe; copies share one
// counter.
class CommitFaults {
 public:
  void FailNext(int n) { remaining_->store(n); }
  int remaining() const { return remaining_->load(); }
  std::function<Status()> Hook() const {
    return [remaining = remaining_]() -> Status {
      int n = remaining->load();
      while (n > 0 && !remaining->compare_exchange_weak(n, n - 1)) {
      }
      if (n > 0) return Error(Code::kIo, "injected commit failure");
      return Ok();
    };
  }

 private:
  std::shared_ptr<std::atomic<int>> remaining_ = std::make_shared<std::atomic<int>>(0);
};

// Opens (creating and migrating as needed) `<data_dir>/touchpoint.db` in WAL mode with synchronous=FULL.
// Errors: kIo naming the path and the SQLite message.
Result<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir,
                                                   const SqliteOptions& options = {});

}  // namespace touchpoint::collector
