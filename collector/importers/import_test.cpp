// End-to-end: fixtures imported through ImportStream/ImportFile into a real SQLite storage in a temp dir.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <sstream>

#include "test_helpers.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::collector::importers {
namespace {

using testing::Fixture;
using testing::FixtureDir;

// Forwards to a real Storage; AddFeedback / AddTaggedFeedback fail once `budget` calls have been used (an
// interrupted import).
class FailingStorage : public Storage {
 public:
  FailingStorage(Storage& base, int budget) : base_(base), budget_(budget) {}
  Status PutSurvey(const SurveyRecord& s) override { return base_.PutSurvey(s); }
  Result<SurveyRecord> GetSurvey(const std::string& id) override { return base_.GetSurvey(id); }
  Result<std::vector<SurveyRecord>> ListSurveys() override { return base_.ListSurveys(); }
  Status SetSurveyStatus(const std::string& id, const std::string& st) override {
    return base_.SetSurveyStatus(id, st);
  }
  Status AddResponse(const ResponseRecord& r, std::span<const PendingText> t) override {
    return base_.AddResponse(r, t);
  }
  Status ForEachResponse(const std::string& id,
                         const std::function<bool(const ResponseRecord&)>& fn) override {
    return base_.ForEachResponse(id, fn);
  }
  Result<ImportCounts> AddFeedback(std::span<const FeedbackRecord> items) override {
    ++calls_;
    if (budget_.fetch_sub(1) <= 0) return Error(Code::kIo, "injected: disk full");
    return base_.AddFeedback(items);
  }
  Result<ImportCounts> AddTaggedFeedback(std::span<const FeedbackRecord> items,
                                         std::span<const TagRecord> tags, bool durable) override {
    ++calls_;
    if (budget_.fetch_sub(1) <= 0) return Error(Code::kIo, "injected: disk full");
    return base_.AddTaggedFeedback(items, tags, durable);
  }
  Status ForEachFeedback(const std::string& id,
                         const std::function<bool(const FeedbackRecord&)>& fn) override {
    return base_.ForEachFeedback(id, fn);
  }
  Result<std::vector<PendingText>> TakePending(int limit) override { return base_.TakePending(limit); }
  Status PutTags(std::span<const TagRecord> tags) override { return base_.PutTags(tags); }
  Status ForEachTags(const std::string& id, const std::function<bool(const TagRecord&)>& fn) override {
    return base_.ForEachTags(id, fn);
  }
  Result<int64_t> RequeueSurvey(const std::string& id) override { return base_.RequeueSurvey(id); }
  Result<std::optional<std::string>> GetSetting(const std::string& k) override { return base_.GetSetting(k); }
  Status PutSetting(const std::string& k, const std::string& v) override { return base_.PutSetting(k, v); }
  int calls() const { return calls_; }

 private:
  Storage& base_;
  std::atomic<int> budget_;
  int calls_ = 0;
};

// Tags every text as its own language "uk" (so the stored language shows where it came from) and names the
// text in a stage, so a tag result can be matched to its item.
class FakeTagger : public analysis::Tagger {
 public:
  Result<analysis::Tags> Tag(const analysis::TagInput& in) const override {
    analysis::Tags t;
    t.lang = in.lang.empty() ? "uk" : std::string(in.lang);
    t.stages = {std::string(in.text.substr(0, 12))};
    return t;
  }
  std::string Version() const override { return "fake-7"; }
};

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStorage(dir_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    storage_ = std::move(*opened);
    SurveyRecord s;
    s.id = "cjm";
    s.json = R"({"id":"cjm","default_language":"en","questions":[]})";
    s.status = "open";
    ASSERT_TRUE(storage_->PutSurvey(s).ok());
  }

  std::vector<FeedbackRecord> Stored() {
    std::vector<FeedbackRecord> out;
    Status st = storage_->ForEachFeedback("cjm", [&](const FeedbackRecord& r) {
      out.push_back(r);
      return true;
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  Result<ImportSummary> Import(const std::string& fixture, const std::string& format,
                               ImportOptions options = {}, std::vector<RowError>* errors = nullptr,
                               Storage* storage = nullptr) {
    options.survey_id = "cjm";
    options.format = format;
    ImportCallbacks cb;
    cb.on_error = [&](const RowError& e) {
      if (errors) errors->push_back(e);
    };
    return ImportFile(storage ? *storage : *storage_, options, (FixtureDir() / fixture).string(), cb);
  }

  std::vector<TagRecord> Tags() {
    std::vector<TagRecord> out;
    Status st = storage_->ForEachTags("cjm", [&](const TagRecord& t) {
      out.push_back(t);
      return true;
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  // Every customer item has exactly one tag result, made from its own text; nothing is left queued.
  void ExpectEveryItemTaggedOnce() {
    std::map<std::string, std::string> text_by_id;
    for (const FeedbackRecord& r : Stored()) {
      if (!r.is_interviewer) text_by_id[r.id] = r.text;
    }
    std::map<std::string, int> seen;
    for (const TagRecord& t : Tags()) {
      ASSERT_EQ(t.owner_kind, "feedback");
      ASSERT_TRUE(text_by_id.count(t.owner_id)) << "tags of an unknown or interviewer item " << t.owner_id;
      ++seen[t.owner_id];
      EXPECT_EQ(t.tagger_version, "fake-7");
      EXPECT_NE(t.tags_json.find(analysis::JsonString(text_by_id[t.owner_id].substr(0, 12))),
                std::string::npos)
          << t.tags_json << " is not the result of " << text_by_id[t.owner_id];
    }
    EXPECT_EQ(seen.size(), text_by_id.size());
    for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
    Result<std::vector<PendingText>> pending = storage_->TakePending(100);
    ASSERT_TRUE(pending.ok());
    EXPECT_TRUE(pending->empty()) << pending->size() << " items left queued";
  }

  testutil::TempDir dir_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(ImportTest, TaggedImportStoresItemsWithTheirTagsAndQueuesNothing) {
  FakeTagger tagger;
  TagPool pool(3);
  ImportOptions o;
  o.interviewers = {"Maria Petrenko"};
  o.tagger = &tagger;
  o.pool = &pool;
  o.batch_size = 2;
  for (auto [fixture, format] :
       {std::pair{"play_console_reviews.csv", "googleplay"}, std::pair{"amazon_reviews.jsonl", "amazon"},
        std::pair{"interview_zoom.vtt", "vtt"}}) {
    Result<ImportSummary> r = Import(fixture, format, o);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_GT(r->imported, 0);
  }
  ASSERT_EQ(Stored().size(), 4u + 3u + 4u);
  ExpectEveryItemTaggedOnce();
  EXPECT_EQ(Tags().size(), 4u + 3u + 2u) << "interviewer turns are not tagged";
  for (const FeedbackRecord& r : Stored()) EXPECT_FALSE(r.lang.empty()) << r.text;
  // Items of a source without languages got the tagger's.
  bool tagger_lang = false;
  for (const FeedbackRecord& r : Stored()) tagger_lang = tagger_lang || (r.format == "vtt" && r.lang == "uk");
  EXPECT_TRUE(tagger_lang);
  // Re-importing stores nothing and keeps the tags.
  ASSERT_TRUE(Import("amazon_reviews.jsonl", "amazon", o).ok());
  EXPECT_EQ(Tags().size(), 4u + 3u + 2u);
}

TEST_F(ImportTest, InterruptedTaggedImportEndsWithExactlyTheRightRowsAndTags) {
  FakeTagger tagger;
  TagPool pool(2);
  ImportOptions o;
  o.batch_size = 1;
  o.tagger = &tagger;
  o.pool = &pool;
  FailingStorage failing(*storage_, 2);  // dies on the third batch
  Result<ImportSummary> broken = Import("play_console_reviews.csv", "googleplay", o, nullptr, &failing);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message, "injected: disk full");
  EXPECT_EQ(Stored().size(), 2u);
  ExpectEveryItemTaggedOnce();  // the two stored batches came with their tags
  Result<ImportSummary> rerun = Import("play_console_reviews.csv", "googleplay", o);
  ASSERT_TRUE(rerun.ok());
  EXPECT_EQ(rerun->imported, 2);
  EXPECT_EQ(rerun->skipped, 2);
  EXPECT_EQ(Stored().size(), 4u);
  ExpectEveryItemTaggedOnce();
}

TEST_F(ImportTest, EveryFixtureImportsIntoStorage) {
  struct Case {
    const char* fixture;
    const char* format;
    int64_t items;
    const char* map;
  } cases[] = {
      {"play_console_reviews.csv", "googleplay", 4, ""},
      {"appstore_reviews.json", "appstore", 3, ""},
      {"appstore_reviews.csv", "appstore", 3, ""},
      {"trustpilot_reviews.json", "trustpilot", 3, ""},
      {"yelp_reviews.jsonl", "yelp", 3, ""},
      {"amazon_reviews.jsonl", "amazon", 3, ""},
      {"generic_reviews.csv", "csv", 4,
       "text=Review,rating=Stars,date=Date,lang=Language,author=User,id=ReviewId"},
      {"generic_reviews.jsonl", "jsonl", 2, "text=review.body,id=review.id,lang=meta.lang"},
      {"interview_zoom.vtt", "vtt", 4, ""},
      {"interview_voice.vtt", "vtt", 4, ""},
      {"interview.srt", "srt", 3, ""},
      {"interview_otter.txt", "txt", 4, ""},
      {"interview_plain.txt", "txt", 4, ""},
  };
  int64_t total = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    ImportOptions o;
    if (*c.map) o.map = *ParseFieldMap(c.map);
    if (std::string(c.format) == "csv") o.rating_scale = 10;  // the fixture rates 1-10
    std::vector<RowError> errors;
    Result<ImportSummary> s = Import(c.fixture, c.format, o, &errors);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_EQ(s->imported, c.items);
    EXPECT_EQ(s->skipped, 0);
    EXPECT_EQ(s->errors, 0);
    EXPECT_TRUE(errors.empty());
    total += c.items;
  }
  const std::vector<FeedbackRecord> stored = Stored();
  ASSERT_EQ(static_cast<int64_t>(stored.size()), total);
  int interviews = 0;
  for (const FeedbackRecord& r : stored) {
    EXPECT_EQ(r.survey_id, "cjm");
    EXPECT_FALSE(r.text.empty());
    EXPECT_EQ(r.content_hash.size(), 64u);
    if (r.source == "interview") {
      ++interviews;
      EXPECT_FALSE(r.interview.empty());
      EXPECT_TRUE(r.start_ms.has_value() || r.format == "txt");
    } else {
      EXPECT_EQ(r.source, "review");
    }
  }
  EXPECT_EQ(interviews, 19);
  // A stored Play review keeps what the source said.
  bool found = false;
  for (const FeedbackRecord& r : stored) {
    if (r.source_id == "gp:AOqpTOF2") {
      found = true;
      EXPECT_EQ(r.format, "googleplay");
      EXPECT_EQ(r.lang, "en");
      EXPECT_EQ(r.rating, 5.0);
      EXPECT_EQ(r.date, "2026-10-02T17:03:10Z");
      EXPECT_EQ(r.source_file, "play_console_reviews.csv");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ImportTest, ReimportAddsNothing) {
  ImportOptions o;
  o.interviewers = {"Maria Petrenko"};
  for (auto [fixture, format] :
       {std::pair{"play_console_reviews.csv", "googleplay"}, std::pair{"amazon_reviews.jsonl", "amazon"},
        std::pair{"interview_zoom.vtt", "vtt"}}) {
    Result<ImportSummary> first = Import(fixture, format, o);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    EXPECT_GT(first->imported, 0);
  }
  const size_t rows = Stored().size();
  for (auto [fixture, format] :
       {std::pair{"play_console_reviews.csv", "googleplay"}, std::pair{"amazon_reviews.jsonl", "amazon"},
        std::pair{"interview_zoom.vtt", "vtt"}}) {
    Result<ImportSummary> again = Import(fixture, format, o);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->imported, 0) << fixture;
    EXPECT_GT(again->skipped, 0) << fixture;
  }
  EXPECT_EQ(Stored().size(), rows);
  EXPECT_EQ(rows, 4u + 3u + 4u);
}

TEST_F(ImportTest, InterviewerTurnsAreStoredButNotQueuedForTagging) {
  ImportOptions o;
  o.interviewers = {"Maria Petrenko"};
  ASSERT_TRUE(Import("interview_zoom.vtt", "vtt", o).ok());
  std::vector<FeedbackRecord> stored = Stored();
  ASSERT_EQ(stored.size(), 4u);
  int interviewer = 0;
  for (const FeedbackRecord& r : stored) interviewer += r.is_interviewer;
  EXPECT_EQ(interviewer, 2);
  Result<std::vector<PendingText>> pending = storage_->TakePending(100);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 2u);
  for (const PendingText& p : *pending) EXPECT_EQ(p.owner_kind, "feedback");
}

TEST_F(ImportTest, BadRowsAreCountedAndGoodRowsStored) {
  std::vector<RowError> errors;
  Result<ImportSummary> s = Import("bad_rows.jsonl", "yelp", {}, &errors);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->imported, 2);
  EXPECT_EQ(s->errors, 3);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(Stored().size(), 2u);
}

TEST_F(ImportTest, InterruptedImportCompletesOnRerun) {
  // 4 Play reviews in batches of 1; the storage dies on the third batch.
  ImportOptions o;
  o.batch_size = 1;
  FailingStorage failing(*storage_, 2);
  Result<ImportSummary> broken = Import("play_console_reviews.csv", "googleplay", o, nullptr, &failing);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message, "injected: disk full");
  EXPECT_EQ(failing.calls(), 3);  // the parse stopped at the failure
  EXPECT_EQ(Stored().size(), 2u);
  Result<ImportSummary> rerun = Import("play_console_reviews.csv", "googleplay", o);
  ASSERT_TRUE(rerun.ok());
  EXPECT_EQ(rerun->imported, 2);
  EXPECT_EQ(rerun->skipped, 2);
  EXPECT_EQ(Stored().size(), 4u);
}

TEST_F(ImportTest, BatchesBoundTheTransactionSize) {
  std::string jsonl;
  for (int i = 0; i < 2500; ++i) {
    jsonl += R"({"review_id":"r)" + std::to_string(i) +
             R"(","user_id":"u","stars":4,"text":"Review number )" + std::to_string(i) +
             R"( about the courier","date":"2026-01-01 10:00:00"})" + "\n";
  }
  FailingStorage counting(*storage_, 1000);
  ImportOptions o;
  o.survey_id = "cjm";
  o.format = "yelp";
  o.batch_size = 1000;
  std::istringstream in(jsonl);
  int64_t progress_calls = 0, last_items = 0;
  ImportCallbacks cb;
  cb.on_progress = [&](int64_t items, uint64_t bytes) {
    ++progress_calls;
    last_items = items;
    EXPECT_LE(bytes, jsonl.size());
  };
  Result<ImportSummary> s = ImportStream(counting, o, in, "big.jsonl", cb);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->imported, 2500);
  EXPECT_EQ(counting.calls(), 3);
  EXPECT_GT(progress_calls, 2);
  EXPECT_EQ(last_items, 2500);
}

TEST_F(ImportTest, WrongFormatAndMissingFileAreFileErrors) {
  Result<ImportSummary> wrong = Import("interview_zoom.vtt", "googleplay");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "file looks like WebVTT, not a Play Console CSV");
  Result<ImportSummary> missing = Import("no_such_file.csv", "csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kIo);
  EXPECT_EQ(Stored().size(), 0u);
}

}  // namespace
}  // namespace touchpoint::collector::importers
