// The embedded SQLite Storage: one writer connection (guarded by a mutex) for every write, group commit
// for AddResponse (leveldb's DBImpl::Write: the front waiter leads, writes everything queued behind it in
// one transaction, syncs once and wakes the rest), and a pool of read-only connections so reads in WAL mode
// never wait for the writer. Nothing is cached across calls, so changes by another process (the CLI) are
// seen on the next read.
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "migrate.h"
#include "sql.h"
#include "sqlite_db.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector {
namespace {

using sqlite::Db;
using sqlite::StepDone;
using sqlite::Stmt;

constexpr int kPageSize = 256;          // rows per page in ForEach* (no read transaction spans a callback)
constexpr size_t kMaxIdleReaders = 16;  // read connections kept open between calls

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SHA-256 over the content fields of a feedback item, for dedupe when the importer gave no hash.
std::string ContentHash(const FeedbackRecord& item) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  auto field = [&sha](std::string_view v) {
    sha.update(v.data(), v.size());
    sha.update('\x1f');
  };
  field(item.source);
  field(item.format);
  field(item.author);
  field(item.date);
  field(item.rating ? std::to_string(*item.rating) : std::string());
  field(item.lang);
  field(item.text);
  field(item.speaker);
  field(item.interview);
  field(item.start_ms ? std::to_string(*item.start_ms) : std::string());
  field(item.is_interviewer ? "1" : "0");
  return Poco::DigestEngine::digestToHex(sha.digest());
}

// Read-only connections, handed out one per call (a nested call from inside a ForEach callback simply
// takes another one, so there is no lock to deadlock on).
class ReaderPool {
 public:
  ReaderPool(std::string path, int busy_timeout_ms)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Db> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->Return(std::move(db_));
    }
    Db& operator*() const { return *db_; }
    Db* operator->() const { return db_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Db> db_;
  };

  Result<Lease> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        std::unique_ptr<Db> db = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(db));
      }
    }
    auto db = Db::Open(path_, busy_timeout_ms_);
    if (!db) return db.error();
    TP_RETURN_IF_ERROR((*db)->Exec("PRAGMA query_only=1"));
    return Lease(this, std::move(*db));
  }

 private:
  void Return(std::unique_ptr<Db> db) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdleReaders) idle_.push_back(std::move(db));
  }

  const std::string path_;
  const int busy_timeout_ms_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Db>> idle_;  // guarded by mu_
};

SurveyRecord ReadSurvey(const Stmt& stmt) {
  SurveyRecord s;
  s.id = stmt.ColumnText(0);
  s.json = stmt.ColumnText(1);
  s.status = stmt.ColumnText(2);
  s.created_at_ms = stmt.ColumnInt(3);
  s.response_count = stmt.ColumnInt(4);
  return s;
}

Status CheckStatusValue(const std::string& status) {
  if (status != "open" && status != "closed") {
    return Error(Code::kInvalid, "status must be \"open\" or \"closed\", not \"" + status + "\"", "status");
  }
  return Ok();
}

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(SqliteOptions options, std::string path, std::unique_ptr<Db> writer)
      : options_(std::move(options)), readers_(path, options_.busy_timeout_ms), writer_(std::move(writer)) {}

  Status PutSurvey(const SurveyRecord& survey) override {
    const std::string status = survey.status.empty() ? "open" : survey.status;
    TP_RETURN_IF_ERROR(CheckStatusValue(status));
    if (survey.id.empty()) return Error(Code::kInvalid, "survey id is empty", "id");
    const int64_t created = survey.created_at_ms != 0 ? survey.created_at_ms : Now();
    return WriteTxn([&](Db& db) -> Status {
      auto stmt = db.Prepare(sql::kInsertSurvey);
      if (!stmt) return stmt.error();
      stmt->Bind(1, survey.id).Bind(2, survey.json).Bind(3, status).Bind(4, created);
      Status st = StepDone(db, *stmt, "storing survey");
      if (!st && st.error().code == Code::kConflict) {
        return Error(Code::kConflict, "survey \"" + survey.id + "\" already exists", "id");
      }
      return st;
    });
  }

  Result<SurveyRecord> GetSurvey(const std::string& id) override {
    auto db = readers_.Acquire();
    if (!db) return db.error();
    auto stmt = (*db)->Prepare(sql::kSelectSurvey);
    if (!stmt) return stmt.error();
    stmt->Bind(1, id);
    const int rc = stmt->Step();
    if (rc == SQLITE_ROW) return ReadSurvey(*stmt);
    if (rc == SQLITE_DONE) return SurveyNotFound(id);
    return (*db)->ErrorFor(rc, "reading survey");
  }

  Result<std::vector<SurveyRecord>> ListSurveys() override {
    auto db = readers_.Acquire();
    if (!db) return db.error();
    auto stmt = (*db)->Prepare(sql::kSelectSurveys);
    if (!stmt) return stmt.error();
    std::vector<SurveyRecord> out;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) out.push_back(ReadSurvey(*stmt));
    if (rc != SQLITE_DONE) return (*db)->ErrorFor(rc, "listing surveys");
    return out;
  }

  Status SetSurveyStatus(const std::string& id, const std::string& status) override {
    TP_RETURN_IF_ERROR(CheckStatusValue(status));
    return WriteTxn([&](Db& db) -> Status {
      auto stmt = db.Prepare(sql::kUpdateSurveyStatus);
      if (!stmt) return stmt.error();
      stmt->Bind(1, id).Bind(2, status);
      TP_RETURN_IF_ERROR(StepDone(db, *stmt, "updating survey status"));
      if (db.Changes() == 0) return SurveyNotFound(id);
      return Ok();
    });
  }

  Status AddResponse(const ResponseRecord& response, std::span<const PendingText> texts) override {
    PendingWrite w(&response, texts);
    std::unique_lock lock(gc_mu_);
    gc_queue_.push_back(&w);
    while (!w.done && gc_queue_.front() != &w) w.cv.wait(lock);
    if (w.done) return w.status;

    // This caller leads: take a prefix of the queue (itself first), write it while others keep queueing.
    std::vector<PendingWrite*> batch;
    const size_t max_batch = static_cast<size_t>(std::max(1, options_.group_commit_max_batch));
    for (PendingWrite* p : gc_queue_) {
      if (batch.size() >= max_batch) break;
      batch.push_back(p);
    }
    lock.unlock();
    try {
      WriteBatch(batch);
    } catch (const std::exception& e) {
      // A bug or a broken environment: the followers must still be woken, never left waiting forever.
      for (PendingWrite* p : batch) p->status = Error(Code::kInternal, std::string("storage: ") + e.what());
    }
    lock.lock();
    for (PendingWrite* p : batch) {
      gc_queue_.pop_front();  // the batch is exactly the queue's prefix: only leaders pop
      if (p != &w) {
        p->done = true;
        p->cv.notify_one();
      }
    }
    if (!gc_queue_.empty()) gc_queue_.front()->cv.notify_one();  // the next leader
    return w.status;
  }

  Status ForEachResponse(const std::string& survey_id,
                         const std::function<bool(const ResponseRecord&)>& fn) override {
    return ForEachPage<ResponseRecord>(survey_id, sql::kSelectResponsesPage, fn, [](const Stmt& s) {
      ResponseRecord r;
      r.id = s.ColumnText(1);
      r.survey_id = s.ColumnText(2);
      r.submitted_at_ms = s.ColumnInt(3);
      r.language = s.ColumnText(4);
      r.channel = s.ColumnText(5);
      r.respondent = s.ColumnText(6);
      r.answers_json = s.ColumnText(7);
      return r;
    });
  }

  Result<ImportCounts> AddFeedback(std::span<const FeedbackRecord> items) override {
    return WriteFeedback(items, {}, true);
  }

  Result<ImportCounts> AddTaggedFeedback(std::span<const FeedbackRecord> items,
                                         std::span<const TagRecord> tags, bool durable) override {
    if (tags.size() != items.size())
      return Error(Code::kInvalid, "one tag record per feedback item expected");
    return WriteFeedback(items, tags, durable);
  }

  Status ForEachFeedback(const std::string& survey_id,
                         const std::function<bool(const FeedbackRecord&)>& fn) override {
    return ForEachPage<FeedbackRecord>(survey_id, sql::kSelectFeedbackPage, fn, [](const Stmt& s) {
      FeedbackRecord f;
      f.id = s.ColumnText(1);
      f.survey_id = s.ColumnText(2);
      f.source = s.ColumnText(3);
      f.format = s.ColumnText(4);
      f.source_file = s.ColumnText(5);
      f.source_id = s.ColumnText(6);
      f.author = s.ColumnText(7);
      f.date = s.ColumnText(8);
      f.rating = s.ColumnOptDouble(9);
      f.lang = s.ColumnText(10);
      f.text = s.ColumnText(11);
      f.speaker = s.ColumnText(12);
      f.interview = s.ColumnText(13);
      f.start_ms = s.ColumnOptInt(14);
      f.is_interviewer = s.ColumnInt(15) != 0;
      f.content_hash = s.ColumnText(16);
      f.imported_at_ms = s.ColumnInt(17);
      return f;
    });
  }

  Result<std::vector<PendingText>> TakePending(int limit) override {
    if (limit <= 0) return std::vector<PendingText>{};
    auto db = readers_.Acquire();
    if (!db) return db.error();
    auto stmt = (*db)->Prepare(sql::kSelectPending);
    if (!stmt) return stmt.error();
    stmt->Bind(1, int64_t{limit});
    std::vector<PendingText> out;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      out.push_back(PendingText{stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnText(2),
                                stmt->ColumnText(3), stmt->ColumnText(4), stmt->ColumnText(5),
                                stmt->ColumnText(6), stmt->ColumnText(7)});
    }
    if (rc != SQLITE_DONE) return (*db)->ErrorFor(rc, "reading the tagging queue");
    return out;
  }

  Status PutTags(std::span<const TagRecord> tags) override {
    const int64_t now = Now();
    return WriteTxn([&](Db& db) -> Status {
      for (size_t i = 0; i < tags.size(); ++i) {
        const TagRecord& t = tags[i];
        const std::string path = "tags[" + std::to_string(i) + "]";
        auto status = SurveyStatus(db, t.survey_id);
        if (!status) return status.error();
        if (!*status)
          return Error(Code::kNotFound, "unknown survey \"" + t.survey_id + "\"", path + ".survey_id");
        if (t.owner_kind == "feedback") {  // tags in the item's row; its queue row goes (cascade)
          auto set = db.Prepare(sql::kSetFeedbackTags);
          if (!set) return set.error();
          set->Bind(1, t.owner_id).Bind(2, t.tags_json);
          set->Bind(3, t.tagged_at_ms != 0 ? t.tagged_at_ms : now).Bind(4, t.tagger_version);
          TP_RETURN_IF_ERROR(StepDone(db, *set, "storing tags " + path));
          auto drop = db.Prepare(sql::kDeleteFeedbackText);
          if (!drop) return drop.error();
          drop->Bind(1, t.owner_id).Bind(2, t.question_id);
          TP_RETURN_IF_ERROR(StepDone(db, *drop, "dequeuing " + path));
          continue;
        }
        auto upsert = db.Prepare(sql::kUpsertTags);
        if (!upsert) return upsert.error();
        upsert->Bind(1, t.owner_kind).Bind(2, t.owner_id).Bind(3, t.question_id).Bind(4, t.survey_id);
        upsert->Bind(5, t.tags_json)
            .Bind(6, t.tagged_at_ms != 0 ? t.tagged_at_ms : now)
            .Bind(7, t.tagger_version);
        TP_RETURN_IF_ERROR(StepDone(db, *upsert, "storing tags " + path));
        auto dequeue = db.Prepare(sql::kDequeueText);
        if (!dequeue) return dequeue.error();
        dequeue->Bind(1, t.owner_kind).Bind(2, t.owner_id).Bind(3, t.question_id);
        TP_RETURN_IF_ERROR(StepDone(db, *dequeue, "dequeuing " + path));
      }
      return Ok();
    });
  }

  // Responses' tags from the tags table, then imported items' tags from their feedback rows.
  Status ForEachTags(const std::string& survey_id, const std::function<bool(const TagRecord&)>& fn) override {
    bool stopped = false;
    const std::function<bool(const TagRecord&)> visit = [&](const TagRecord& t) {
      stopped = !fn(t);
      return !stopped;
    };
    auto read = [](const Stmt& s) {
      return TagRecord{s.ColumnText(1), s.ColumnText(2), s.ColumnText(3), s.ColumnText(4),
                       s.ColumnText(5), s.ColumnInt(6),  s.ColumnText(7)};
    };
    TP_RETURN_IF_ERROR(ForEachPage<TagRecord>(survey_id, sql::kSelectTagsPage, visit, read));
    if (stopped) return Ok();
    return ForEachPage<TagRecord>(survey_id, sql::kSelectFeedbackTagsPage, visit, read);
  }

  Result<int64_t> RequeueSurvey(const std::string& survey_id) override {
    int64_t count = 0;
    const int64_t now = Now();
    Status st = WriteTxn([&](Db& db) -> Status {
      auto status = SurveyStatus(db, survey_id);
      if (!status) return status.error();
      if (!*status) return SurveyNotFound(survey_id);
      auto stage = db.Prepare(sql::kStageSurveyFeedback);
      if (!stage) return stage.error();
      stage->Bind(1, survey_id);
      TP_RETURN_IF_ERROR(StepDone(db, *stage, "re-queueing imported texts"));
      auto enqueue = db.Prepare(sql::kEnqueueSurvey);
      if (!enqueue) return enqueue.error();
      enqueue->Bind(1, survey_id).Bind(2, now);
      TP_RETURN_IF_ERROR(StepDone(db, *enqueue, "re-queueing survey texts"));
      auto counter = db.Prepare(sql::kCountSurveyTexts);
      if (!counter) return counter.error();
      counter->Bind(1, survey_id);
      const int rc = counter->Step();
      if (rc != SQLITE_ROW) return db.ErrorFor(rc, "counting survey texts");
      count = counter->ColumnInt(0);
      return Ok();
    });
    if (!st) return st.error();
    return count;
  }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    auto db = readers_.Acquire();
    if (!db) return db.error();
    auto stmt = (*db)->Prepare(sql::kSelectSetting);
    if (!stmt) return stmt.error();
    stmt->Bind(1, key);
    const int rc = stmt->Step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(stmt->ColumnText(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return (*db)->ErrorFor(rc, "reading setting");
  }

  Status PutSetting(const std::string& key, const std::string& value) override {
    const int64_t now = Now();
    return WriteTxn([&](Db& db) -> Status {
      auto stmt = db.Prepare(sql::kUpsertSetting);
      if (!stmt) return stmt.error();
      stmt->Bind(1, key).Bind(2, value).Bind(3, now);
      return StepDone(db, *stmt, "storing setting \"" + key + "\"");
    });
  }

  StorageStats Stats() const override {
    StorageStats s;
    s.response_commits = response_commits_.load();
    s.responses_committed = responses_committed_.load();
    s.max_batch = max_batch_.load();
    s.failed_commits = failed_commits_.load();
    return s;
  }

 private:
  // One AddResponse call waiting in the group-commit queue. Lives on its caller's stack.
  struct PendingWrite {
    PendingWrite(const ResponseRecord* r, std::span<const PendingText> t) : response(r), texts(t) {}
    const ResponseRecord* response;
    std::span<const PendingText> texts;
    Status status = Ok();
    bool done = false;  // guarded by gc_mu_
    std::condition_variable cv;
  };

  int64_t Now() const { return options_.now_ms ? options_.now_ms() : SystemNowMs(); }

  static Error SurveyNotFound(const std::string& id) {
    return Error(Code::kNotFound, "survey \"" + id + "\" not found");
  }

  // The survey's status, or nullopt if there is no such survey.
  static Result<std::optional<std::string>> SurveyStatus(Db& db, const std::string& id) {
    auto stmt = db.Prepare(sql::kSelectSurveyStatus);
    if (!stmt) return stmt.error();
    stmt->Bind(1, id);
    const int rc = stmt->Step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(stmt->ColumnText(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return db.ErrorFor(rc, "reading survey status");
  }

  // AddFeedback / AddTaggedFeedback: one transaction; `tags` empty or one per item.
  Result<ImportCounts> WriteFeedback(std::span<const FeedbackRecord> items, std::span<const TagRecord> tags,
                                     bool durable) {
    ImportCounts counts;
    const int64_t now = Now();
    Status st = WriteTxn(
        [&](Db& db) -> Status {
          counts = {};
          std::string known_survey;  // the batch's survey, once checked
          for (size_t i = 0; i < items.size(); ++i) {
            const FeedbackRecord& item = items[i];
            const std::string path = "items[" + std::to_string(i) + "]";
            if (item.survey_id.empty() || item.survey_id != known_survey) {
              auto status = SurveyStatus(db, item.survey_id);
              if (!status) return status.error();
              if (!*status)
                return Error(Code::kNotFound, "unknown survey \"" + item.survey_id + "\"",
                             path + ".survey_id");
              known_survey = item.survey_id;
            }
            if (item.id.empty()) return Error(Code::kInvalid, "feedback id is empty", path + ".id");
            auto stmt = db.Prepare(sql::kInsertFeedback);
            if (!stmt) return stmt.error();
            stmt->Bind(1, item.id).Bind(2, item.survey_id).Bind(3, item.source).Bind(4, item.format);
            stmt->Bind(5, item.source_file).Bind(6, item.source_id).Bind(7, item.author).Bind(8, item.date);
            stmt->Bind(9, item.rating).Bind(10, item.lang).BindStatic(11, item.text).Bind(12, item.speaker);
            stmt->Bind(13, item.interview)
                .Bind(14, item.start_ms)
                .Bind(15, int64_t{item.is_interviewer ? 1 : 0});
            stmt->Bind(16, item.content_hash.empty() ? ContentHash(item) : item.content_hash);
            stmt->Bind(17, item.imported_at_ms != 0 ? item.imported_at_ms : now);
            const bool queue = !item.is_interviewer && !item.text.empty();
            const bool tagged = queue && !tags.empty() && !tags[i].tags_json.empty();
            if (tagged) {  // the tags go into the item's own row: no second row, no second index entry
              stmt->BindStatic(18, tags[i].tags_json);
              stmt->Bind(19, tags[i].tagged_at_ms != 0 ? tags[i].tagged_at_ms : now);
              stmt->Bind(20, tags[i].tagger_version);
            } else {
              stmt->BindNull(18).BindNull(19).BindNull(20);
            }
            TP_RETURN_IF_ERROR(StepDone(db, *stmt, "storing feedback " + path));
            if (db.Changes() == 0) {
              ++counts.duplicates;
              continue;
            }
            ++counts.inserted;
            if (!queue || tagged) continue;
            PendingText text{"feedback", item.id, "", item.survey_id, item.text, item.lang, "", ""};
            TP_RETURN_IF_ERROR(StoreAndQueueText(db, text, now));
          }
          return Ok();
        },
        durable);
    if (!st) return st.error();
    return counts;
  }

  static Status StoreAndQueueText(Db& db, const PendingText& t, int64_t now) {
    auto upsert = db.Prepare(sql::kUpsertText);
    if (!upsert) return upsert.error();
    upsert->Bind(1, t.owner_kind).Bind(2, t.owner_id).Bind(3, t.question_id).Bind(4, t.survey_id);
    upsert->Bind(5, t.text).Bind(6, t.lang).Bind(7, t.stage).Bind(8, t.touchpoint);
    const int rc = upsert->Step();
    if (rc != SQLITE_ROW) return db.ErrorFor(rc, "storing text for tagging");
    const int64_t text_id = upsert->ColumnInt(0);
    if (const int done = upsert->Step(); done != SQLITE_DONE)
      return db.ErrorFor(done, "storing text for tagging");
    auto enqueue = db.Prepare(sql::kEnqueueText);
    if (!enqueue) return enqueue.error();
    enqueue->Bind(1, text_id).Bind(2, now);
    return StepDone(db, *enqueue, "queueing text for tagging");
  }

  // COMMIT (after the fault-injection hook); on any failure the transaction is rolled back and kIo returned.
  Status Commit(Db& db) {
    Status st = options_.before_commit ? options_.before_commit() : Ok();
    if (st) st = db.Exec("COMMIT");
    if (!st) {
      (void)db.Exec("ROLLBACK");
      failed_commits_.fetch_add(1);
      return Error(Code::kIo, "commit failed, nothing stored: " + st.error().message);
    }
    return Ok();
  }

  // Runs `body` in one BEGIN IMMEDIATE transaction on the writer connection; rolls back if it fails.
  // `durable` false: this one transaction commits without a sync (synchronous=NORMAL: in WAL mode it is
  // synced by the next durable commit or checkpoint; a power loss may drop it whole, never half of it).
  template <class F>
  Status WriteTxn(F&& body, bool durable = true) {
    std::lock_guard lock(write_mu_);
    Db& db = *writer_;
    if (!durable) TP_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=NORMAL"));
    Status st = WriteTxnLocked(db, body);
    if (!durable) {
      Status full = db.Exec("PRAGMA synchronous=FULL");
      if (st && !full) return full;
    }
    return st;
  }

  template <class F>
  Status WriteTxnLocked(Db& db, F& body) {
    Status begin = db.Exec("BEGIN IMMEDIATE");
    if (!begin) return Error(Code::kIo, "cannot start a write transaction: " + begin.error().message);
    Status st = body(db);
    if (!st) {
      (void)db.Exec("ROLLBACK");
      return st;
    }
    return Commit(db);
  }

  // One response inside the batch transaction, under its own savepoint so a bad one (closed survey,
  // duplicate id) fails alone.
  Status InsertResponse(Db& db, const ResponseRecord& r, std::span<const PendingText> texts, int64_t now) {
    auto status = SurveyStatus(db, r.survey_id);
    if (!status) return status.error();
    if (!*status) return SurveyNotFound(r.survey_id);
    if (**status != "open") return Error(Code::kConflict, "survey \"" + r.survey_id + "\" is closed");
    if (r.id.empty()) return Error(Code::kInvalid, "response id is empty", "id");
    auto insert = db.Prepare(sql::kInsertResponse);
    if (!insert) return insert.error();
    insert->Bind(1, r.id).Bind(2, r.survey_id).Bind(3, r.submitted_at_ms).Bind(4, r.language);
    insert->Bind(5, r.channel).Bind(6, r.respondent).Bind(7, r.answers_json);
    Status st = StepDone(db, *insert, "storing response");
    if (!st) {
      if (st.error().code == Code::kConflict)
        return Error(Code::kConflict, "response \"" + r.id + "\" exists", "id");
      return st;
    }
    for (const PendingText& text : texts) {
      PendingText t = text;
      t.owner_kind = "response";
      t.owner_id = r.id;
      t.survey_id = r.survey_id;
      TP_RETURN_IF_ERROR(StoreAndQueueText(db, t, now));
    }
    return Ok();
  }

  // Writes a group-commit batch in one transaction and sets every member's status.
  void WriteBatch(const std::vector<PendingWrite*>& batch) {
    const int64_t now = Now();
    std::lock_guard lock(write_mu_);
    Db& db = *writer_;
    Status begin = db.Exec("BEGIN IMMEDIATE");
    if (!begin) {
      for (PendingWrite* p : batch)
        p->status = Error(Code::kIo, "cannot start a write transaction: " + begin.error().message);
      return;
    }
    int64_t stored = 0;
    for (PendingWrite* p : batch) {
      Status sp = db.Exec("SAVEPOINT response");
      if (sp) {
        p->status = InsertResponse(db, *p->response, p->texts, now);
        sp = p->status ? db.Exec("RELEASE response") : db.Exec("ROLLBACK TO response; RELEASE response");
        if (p->status && !sp) p->status = sp;
      } else {
        p->status = sp;
      }
      if (p->status) ++stored;
    }
    Status commit = Commit(db);
    if (!commit) {
      for (PendingWrite* p : batch) p->status = commit.error();
      return;
    }
    response_commits_.fetch_add(1);
    responses_committed_.fetch_add(stored);
    int64_t prev = max_batch_.load();
    while (stored > prev && !max_batch_.compare_exchange_weak(prev, stored)) {
    }
  }

  // Visits one survey's rows page by page (keyset on the first column), so no read transaction stays open
  // while `fn` runs. kNotFound for an unknown survey.
  template <class Rec>
  Status ForEachPage(const std::string& survey_id, const char* page_sql,
                     const std::function<bool(const Rec&)>& fn, Rec (*read)(const Stmt&)) {
    auto db = readers_.Acquire();
    if (!db) return db.error();
    auto status = SurveyStatus(**db, survey_id);
    if (!status) return status.error();
    if (!*status) return SurveyNotFound(survey_id);
    int64_t after = 0;
    std::vector<Rec> page;
    for (;;) {
      page.clear();
      {
        auto stmt = (*db)->Prepare(page_sql);
        if (!stmt) return stmt.error();
        stmt->Bind(1, survey_id).Bind(2, after).Bind(3, int64_t{kPageSize});
        int rc;
        while ((rc = stmt->Step()) == SQLITE_ROW) {
          after = stmt->ColumnInt(0);
          page.push_back(read(*stmt));
        }
        if (rc != SQLITE_DONE) return (*db)->ErrorFor(rc, "reading rows");
      }
      for (const Rec& rec : page) {
        if (!fn(rec)) return Ok();
      }
      if (page.size() < static_cast<size_t>(kPageSize)) return Ok();
    }
  }

  const SqliteOptions options_;
  ReaderPool readers_;

  std::mutex write_mu_;
  std::unique_ptr<Db> writer_;  // guarded by write_mu_

  std::mutex gc_mu_;
  std::deque<PendingWrite*> gc_queue_;  // guarded by gc_mu_; front is the current or next leader

  std::atomic<int64_t> response_commits_{0};
  std::atomic<int64_t> responses_committed_{0};
  std::atomic<int64_t> max_batch_{0};
  std::atomic<int64_t> failed_commits_{0};
};

}  // namespace

Result<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir,
                                                   const SqliteOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error(Code::kIo, "cannot create data directory " + data_dir + ": " + ec.message());
  const std::string path = (std::filesystem::path(data_dir) / "touchpoint.db").string();
  auto writer = Db::Open(path, options.busy_timeout_ms);
  if (!writer) return writer.error();
  const int64_t now = options.now_ms ? options.now_ms() : SystemNowMs();
  TP_RETURN_IF_ERROR(sqlite::Migrate(**writer, sql::LatestSchemaVersion(), now));
  // The writer inserts into random-key indexes (ids, source ids, tags); with SQLite's default 2 MB page
  // cache a large import reads most index pages back from the OS on every insert. The cache grows only
  // as far as it is used.
  TP_RETURN_IF_ERROR((*writer)->Exec("PRAGMA cache_size=-65536"));
  // Checkpoints (copying the WAL into the database, with a sync) every 64 MB of WAL instead of every 4 MB:
  // a bulk import syncs a few times instead of hundreds.
  TP_RETURN_IF_ERROR((*writer)->Exec("PRAGMA wal_autocheckpoint=16384"));
  return std::unique_ptr<Storage>(new SqliteStorage(options, path, std::move(*writer)));
}

}  // namespace touchpoint::collector
