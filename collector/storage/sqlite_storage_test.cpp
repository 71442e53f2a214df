// GCC 12 reports false -Wrestrict errors inside std::string assignment when it inlines these test helpers
// (GCC bug 105329); the code is correct, so the warning is off for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "migrate.h"
#include "sql.h"
#include "sqlite_db.h"
#include "testutil/testutil.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector {
namespace {

#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    const auto& tp_r_ = (expr);                                           \
    ASSERT_TRUE(tp_r_.ok()) << #expr << ": " << tp_r_.error().ToString(); \
  } while (0)

std::unique_ptr<Storage> MustOpen(const std::string& dir, const SqliteOptions& options = {}) {
  auto storage = OpenSqliteStorage(dir, options);
  if (!storage) throw std::runtime_error("open failed: " + storage.error().ToString());
  return std::move(*storage);
}

SurveyRecord Survey(const std::string& id, const std::string& status = "open") {
  SurveyRecord s;
  s.id = id;
  s.json = "{\"id\":\"" + id + "\"}";
  s.status = status;
  s.created_at_ms = 1000;
  return s;
}

ResponseRecord Response(const std::string& id, const std::string& survey_id, int64_t at = 2000) {
  ResponseRecord r;
  r.id = id;
  r.survey_id = survey_id;
  r.submitted_at_ms = at;
  r.language = "uk";
  r.channel = "web";
  r.respondent = "resp-" + id;
  r.answers_json = "{\"nps\":4}";
  return r;
}

PendingText Text(const std::string& question, const std::string& text) {
  PendingText t;
  t.question_id = question;
  t.text = text;
  t.lang = "uk";
  t.stage = "purchase";
  t.touchpoint = "delivery_courier";
  return t;
}

FeedbackRecord Review(const std::string& id, const std::string& survey_id, const std::string& source_id,
                      const std::string& text) {
  FeedbackRecord f;
  f.id = id;
  f.survey_id = survey_id;
  f.source = "review";
  f.format = "googleplay";
  f.source_file = "reviews.csv";
  f.source_id = source_id;
  f.author = "A";
  f.date = "2026-11-01";
  f.rating = 2.0;
  f.lang = "en";
  f.text = text;
  return f;
}

std::vector<ResponseRecord> AllResponses(Storage& s, const std::string& survey_id) {
  std::vector<ResponseRecord> out;
  Status st = s.ForEachResponse(survey_id, [&](const ResponseRecord& r) {
    out.push_back(r);
    return true;
  });
  if (!st) throw std::runtime_error(st.error().ToString());
  return out;
}

std::vector<FeedbackRecord> AllFeedback(Storage& s, const std::string& survey_id) {
  std::vector<FeedbackRecord> out;
  Status st = s.ForEachFeedback(survey_id, [&](const FeedbackRecord& f) {
    out.push_back(f);
    return true;
  });
  if (!st) throw std::runtime_error(st.error().ToString());
  return out;
}

std::vector<TagRecord> AllTags(Storage& s, const std::string& survey_id) {
  std::vector<TagRecord> out;
  Status st = s.ForEachTags(survey_id, [&](const TagRecord& t) {
    out.push_back(t);
    return true;
  });
  if (!st) throw std::runtime_error(st.error().ToString());
  return out;
}

int64_t QueryInt(const std::string& db_path, const char* sql) {
  auto db = sqlite::Db::Open(db_path, 1000);
  if (!db) throw std::runtime_error(db.error().ToString());
  auto stmt = (*db)->Prepare(sql);
  if (!stmt) throw std::runtime_error(stmt.error().ToString());
  if (stmt->Step() != SQLITE_ROW) throw std::runtime_error(std::string("no row: ") + sql);
  return stmt->ColumnInt(0);
}

// "<prefix><a>" or "<prefix><a>-<b>" (built with append: GCC 12 warns falsely on literal + to_string).
std::string Key(std::string_view prefix, int a, int b = -1) {
  std::string key(prefix);
  key.append(std::to_string(a));
  if (b >= 0) key.append("-").append(std::to_string(b));
  return key;
}

std::string DbPath(const testutil::TempDir& dir) { return (dir.path() / "touchpoint.db").string(); }

// --- Opening and migrations ---

TEST(SqliteStorageTest, OpenCreatesDataDirAndDatabaseAtLatestVersion) {
  testutil::TempDir tmp;
  const std::string dir = (tmp.path() / "nested" / "data").string();
  auto storage = OpenSqliteStorage(dir);
  ASSERT_OK(storage);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / "touchpoint.db"));
  storage->reset();
  EXPECT_EQ(QueryInt(dir + "/touchpoint.db", "SELECT MAX(version) FROM schema_migrations"),
            sql::LatestSchemaVersion());
  EXPECT_EQ(QueryInt(dir + "/touchpoint.db", "SELECT COUNT(*) FROM schema_migrations"),
            sql::LatestSchemaVersion());
}

TEST(SqliteStorageTest, OpenSetsWalAndRecordsMigrationTimeFromInjectedClock) {
  testutil::TempDir tmp;
  SqliteOptions options;
  options.now_ms = [] { return int64_t{1234567}; };
  MustOpen(tmp.str(), options).reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(DbPath(tmp).c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT MIN(applied_at) FROM schema_migrations"), 1234567);
}

TEST(SqliteStorageTest, ConnectionsAreDurableWalWithForeignKeysAndBusyTimeout) {
  testutil::TempDir tmp;
  auto db = sqlite::Db::Open(DbPath(tmp), 4321);
  ASSERT_OK(db);
  auto pragma = [&](const char* sql) {
    auto stmt = (*db)->Prepare(sql);
    EXPECT_TRUE(stmt.ok());
    EXPECT_EQ(stmt->Step(), SQLITE_ROW);
    return stmt->ColumnText(0);
  };
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma("PRAGMA busy_timeout"), "4321");
}

TEST(SqliteStorageTest, ReopenKeepsDataAndDoesNotReapplyMigrations) {
  testutil::TempDir tmp;
  {
    auto s = MustOpen(tmp.str());
    ASSERT_OK(s->PutSurvey(Survey("s1")));
  }
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->GetSurvey("s1"));
  s.reset();
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM schema_migrations"), sql::LatestSchemaVersion());
}

TEST(SqliteStorageTest, OpenUpgradesAnOlderDatabase) {
  testutil::TempDir tmp;
  {
    auto db = sqlite::Db::Open(DbPath(tmp), 1000);
    ASSERT_OK(db);
    ASSERT_OK(sqlite::Migrate(**db, 1, 42));
    ASSERT_OK((*db)->Exec(
        "INSERT INTO surveys(id, json, status, created_at_ms) VALUES('old', '{}', 'open', 1);"
        "INSERT INTO surveys(id, json, status, created_at_ms) VALUES('empty', '{}', 'open', 2);"
        "INSERT INTO responses(id, survey_id, submitted_at_ms, language, channel, respondent, answers_json)"
        " VALUES('o1', 'old', 1, 'en', 'web', '', '{}'), ('o2', 'old', 2, 'en', 'web', '', '{}');"));
    auto version = sqlite::SchemaVersion(**db);
    ASSERT_OK(version);
    EXPECT_EQ(*version, 1);
  }
  auto s = MustOpen(tmp.str());
  auto old = s->GetSurvey("old");
  ASSERT_OK(old);
  EXPECT_EQ(old->status, "open");
  EXPECT_EQ(old->response_count, 2) << "the counter is backfilled by the upgrade";
  EXPECT_EQ(s->GetSurvey("empty")->response_count, 0);
  ASSERT_OK(s->AddResponse(Response("o3", "old"), {}));
  EXPECT_EQ(s->GetSurvey("old")->response_count, 3);
  EXPECT_EQ(AllResponses(*s, "old").size(), 3u);
  // The tables of later steps exist and work.
  FeedbackRecord f = Review("f1", "old", "r1", "Slow delivery");
  ASSERT_OK(s->AddFeedback(std::span(&f, 1)));
  s.reset();
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT MAX(version) FROM schema_migrations"), sql::LatestSchemaVersion());
}

TEST(SqliteStorageTest, OpenRefusesANewerSchemaNamingBothVersions) {
  testutil::TempDir tmp;
  MustOpen(tmp.str()).reset();
  {
    auto db = sqlite::Db::Open(DbPath(tmp), 1000);
    ASSERT_OK(db);
    ASSERT_OK((*db)->Exec("INSERT INTO schema_migrations(version, applied_at) VALUES(999, 0)"));
  }
  auto s = OpenSqliteStorage(tmp.str());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIo);
  EXPECT_NE(s.error().message.find("999"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(std::to_string(sql::LatestSchemaVersion())), std::string::npos)
      << s.error().message;
}

TEST(SqliteStorageTest, ConcurrentFirstOpensMigrateOnce) {
  testutil::TempDir tmp;
  constexpr int kOpeners = 6;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i) {
    threads.emplace_back([&] {
      auto s = OpenSqliteStorage(tmp.str());
      if (!s.ok()) {
        std::printf("open failed: %s\n", s.error().ToString().c_str());
        failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM schema_migrations"), sql::LatestSchemaVersion());
}

TEST(SqliteStorageTest, OpenFailsWithIoWhenDataDirIsAFile) {
  testutil::TempDir tmp;
  testutil::WriteFile(tmp.path() / "file", "x");
  auto s = OpenSqliteStorage((tmp.path() / "file").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIo);
}

// --- Surveys ---

TEST(SqliteStorageTest, PutGetListSurveys) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("b")));
  SurveyRecord a = Survey("a");
  a.created_at_ms = 500;
  ASSERT_OK(s->PutSurvey(a));
  auto got = s->GetSurvey("b");
  ASSERT_OK(got);
  EXPECT_EQ(got->json, "{\"id\":\"b\"}");
  EXPECT_EQ(got->status, "open");
  EXPECT_EQ(got->created_at_ms, 1000);
  EXPECT_EQ(got->response_count, 0);
  auto list = s->ListSurveys();
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "a");  // creation order
  EXPECT_EQ((*list)[1].id, "b");
}

TEST(SqliteStorageTest, PutSurveyConflictAndGetNotFound) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  auto dup = s->PutSurvey(Survey("a"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Code::kConflict);
  EXPECT_EQ(dup.error().field, "id");
  auto missing = s->GetSurvey("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  auto bad = s->PutSurvey(Survey("c", "archived"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalid);
}

TEST(SqliteStorageTest, PutSurveyDefaultsStatusAndCreationTime) {
  testutil::TempDir tmp;
  SqliteOptions options;
  options.now_ms = [] { return int64_t{777}; };
  auto s = MustOpen(tmp.str(), options);
  SurveyRecord r = Survey("a", "");
  r.created_at_ms = 0;
  ASSERT_OK(s->PutSurvey(r));
  auto got = s->GetSurvey("a");
  ASSERT_OK(got);
  EXPECT_EQ(got->status, "open");
  EXPECT_EQ(got->created_at_ms, 777);
}

TEST(SqliteStorageTest, SetSurveyStatusIsIdempotentAndKnowsUnknownIds) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->SetSurveyStatus("a", "closed"));
  ASSERT_OK(s->SetSurveyStatus("a", "closed"));
  EXPECT_EQ(s->GetSurvey("a")->status, "closed");
  ASSERT_OK(s->SetSurveyStatus("a", "open"));
  EXPECT_EQ(s->GetSurvey("a")->status, "open");
  auto missing = s->SetSurveyStatus("zzz", "closed");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  auto bad = s->SetSurveyStatus("a", "paused");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalid);
}

// --- Responses ---

TEST(SqliteStorageTest, AddResponseStoresInOrderAndCounts) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->PutSurvey(Survey("b")));
  ASSERT_OK(s->AddResponse(Response("r2", "a", 5), {}));
  ASSERT_OK(s->AddResponse(Response("r1", "a", 9), {}));
  ASSERT_OK(s->AddResponse(Response("r3", "b"), {}));
  auto rs = AllResponses(*s, "a");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].id, "r2");
  EXPECT_EQ(rs[0].submitted_at_ms, 5);
  EXPECT_EQ(rs[0].language, "uk");
  EXPECT_EQ(rs[0].channel, "web");
  EXPECT_EQ(rs[0].respondent, "resp-r2");
  EXPECT_EQ(rs[0].answers_json, "{\"nps\":4}");
  EXPECT_EQ(rs[1].id, "r1");
  EXPECT_EQ(s->GetSurvey("a")->response_count, 2);
  EXPECT_EQ(s->GetSurvey("b")->response_count, 1);
}

TEST(SqliteStorageTest, AddResponseErrors) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("open")));
  ASSERT_OK(s->PutSurvey(Survey("closed", "closed")));
  auto unknown = s->AddResponse(Response("r1", "nope"), {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Code::kNotFound);
  auto closed = s->AddResponse(Response("r1", "closed"), {});
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, Code::kConflict);
  ASSERT_OK(s->AddResponse(Response("r1", "open"), {}));
  const PendingText t = Text("q", "text of a duplicate");
  auto dup = s->AddResponse(Response("r1", "open"), std::span(&t, 1));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Code::kConflict);
  EXPECT_EQ(AllResponses(*s, "open").size(), 1u);
  auto pending = s->TakePending(10);
  ASSERT_OK(pending);
  EXPECT_TRUE(pending->empty()) << "a rejected response must not leave its texts queued";
}

TEST(SqliteStorageTest, ForEachStopsWhenCallbackReturnsFalseAndSpansPages) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  constexpr int kN = 600;  // more than one page
  for (int i = 0; i < kN; ++i) ASSERT_OK(s->AddResponse(Response(Key("r", i), "a"), {}));
  std::vector<std::string> ids;
  ASSERT_OK(s->ForEachResponse("a", [&](const ResponseRecord& r) {
    ids.push_back(r.id);
    return true;
  }));
  ASSERT_EQ(ids.size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; ++i) EXPECT_EQ(ids[static_cast<size_t>(i)], Key("r", i));
  int seen = 0;
  ASSERT_OK(s->ForEachResponse("a", [&](const ResponseRecord&) { return ++seen < 3; }));
  EXPECT_EQ(seen, 3);
  auto missing = s->ForEachResponse("nope", [](const ResponseRecord&) { return true; });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
}

TEST(SqliteStorageTest, NestedCallsFromACallbackDoNotDeadlock) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->AddResponse(Response("r1", "a"), {}));
  int inner = 0;
  ASSERT_OK(s->ForEachResponse("a", [&](const ResponseRecord&) {
    EXPECT_TRUE(s->GetSurvey("a").ok());
    EXPECT_TRUE(s->AddResponse(Response("r2", "a"), {}).ok());  // a write while a read is in progress
    inner++;
    return true;
  }));
  EXPECT_EQ(inner, 1);
  EXPECT_EQ(AllResponses(*s, "a").size(), 2u);
}

TEST(SqliteStorageTest, ResponsesSurviveCloseAndReopen) {
  testutil::TempDir tmp;
  {
    auto s = MustOpen(tmp.str());
    ASSERT_OK(s->PutSurvey(Survey("a")));
    for (int i = 0; i < 20; ++i) ASSERT_OK(s->AddResponse(Response(Key("r", i), "a"), {}));
    ASSERT_OK(s->PutSetting("k", "v"));
  }
  auto s = MustOpen(tmp.str());
  EXPECT_EQ(AllResponses(*s, "a").size(), 20u);
  EXPECT_EQ(s->GetSetting("k")->value_or(""), "v");
}

TEST(SqliteStorageTest, ASecondInstanceSeesChangesAtOnce) {
  testutil::TempDir tmp;
  auto server = MustOpen(tmp.str());
  auto cli = MustOpen(tmp.str());
  ASSERT_OK(cli->PutSurvey(Survey("a")));
  auto seen = server->GetSurvey("a");
  ASSERT_OK(seen);
  EXPECT_EQ(seen->status, "open");
  ASSERT_OK(server->AddResponse(Response("r1", "a"), {}));
  ASSERT_OK(cli->SetSurveyStatus("a", "closed"));  // the CLI closes the survey while the server runs
  EXPECT_EQ(server->GetSurvey("a")->status, "closed");
  auto late = server->AddResponse(Response("r2", "a"), {});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, Code::kConflict);
  EXPECT_EQ(cli->GetSurvey("a")->response_count, 1);
}

// --- Group commit ---

TEST(SqliteStorageTest, ConcurrentAddResponseStoresEachExactlyOnceInBatches) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = Key("t", t, i);
        const PendingText text = Text("q", "text " + id);
        if (!s->AddResponse(Response(id, "a"), std::span(&text, 1)).ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(failures.load(), 0);
  auto rs = AllResponses(*s, "a");
  ASSERT_EQ(rs.size(), static_cast<size_t>(kThreads * kPerThread));
  std::set<std::string> ids;
  for (const auto& r : rs) ids.insert(r.id);
  EXPECT_EQ(ids.size(), rs.size());
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) EXPECT_TRUE(ids.count(Key("t", t, i)));
  }
  auto pending = s->TakePending(kThreads * kPerThread + 10);
  ASSERT_OK(pending);
  EXPECT_EQ(pending->size(), static_cast<size_t>(kThreads * kPerThread));
  const StorageStats stats = s->Stats();
  EXPECT_EQ(stats.responses_committed, kThreads * kPerThread);
  EXPECT_EQ(s->GetSurvey("a")->response_count, kThreads * kPerThread);
  EXPECT_GT(stats.max_batch, 1) << "group commit never batched";
  EXPECT_LT(stats.response_commits, kThreads * kPerThread);
  EXPECT_LE(stats.max_batch, SqliteOptions{}.group_commit_max_batch);
  std::printf("[ stats    ] %d responses from %d threads in %.2f s (%.0f/s), %lld commits, max batch %lld\n",
              kThreads * kPerThread, kThreads, secs, kThreads * kPerThread / secs,
              static_cast<long long>(stats.response_commits), static_cast<long long>(stats.max_batch));
}

TEST(SqliteStorageTest, GroupCommitRespectsMaxBatch) {
  testutil::TempDir tmp;
  SqliteOptions options;
  options.group_commit_max_batch = 3;
  auto s = MustOpen(tmp.str(), options);
  ASSERT_OK(s->PutSurvey(Survey("a")));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        EXPECT_TRUE(s->AddResponse(Response(Key("", t, i), "a"), {}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(AllResponses(*s, "a").size(), 240u);
  EXPECT_LE(s->Stats().max_batch, 3);
  EXPECT_GE(s->Stats().response_commits, 80);
}

TEST(SqliteStorageTest, BadResponseInABatchFailsAloneOthersCommit) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->PutSurvey(Survey("closed", "closed")));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool bad = (i % 5) == 0;
        auto st = s->AddResponse(Response(Key("", t, i), bad ? "closed" : "a"), {});
        if (st.ok()) {
          ok++;
        } else if (st.error().code == Code::kConflict) {
          conflict++;
        } else {
          other++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(conflict.load(), kThreads * kPerThread / 5);
  EXPECT_EQ(ok.load(), kThreads * kPerThread * 4 / 5);
  EXPECT_EQ(AllResponses(*s, "a").size(), static_cast<size_t>(ok.load()));
}

// The test a failing disk would be: every waiter of a failed commit gets kIo, nothing of that batch is
// stored, and nothing stored before is lost.
TEST(SqliteStorageTest, InjectedCommitFailureReachesEveryWaiterAndKeepsEarlierData) {
  testutil::TempDir tmp;
  std::atomic<int> fail_next{0};
  SqliteOptions options;
  options.before_commit = [&]() -> Status {
    if (fail_next.load() > 0) {
      fail_next--;
      return Error(Code::kIo, "injected: disk full");
    }
    return Ok();
  };
  auto s = MustOpen(tmp.str(), options);
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->AddResponse(Response("before", "a"), {}));

  fail_next = 1 << 20;  // every commit fails while the threads run
  constexpr int kThreads = 8;
  std::atomic<int> io_errors{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const PendingText text = Text("q", "lost");
        auto st = s->AddResponse(Response(Key("", t, i), "a"), std::span(&text, 1));
        if (!st.ok() && st.error().code == Code::kIo) {
          io_errors++;
        } else {
          other++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(io_errors.load(), kThreads * 10);
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(s->Stats().failed_commits, 1);
  fail_next = 0;

  auto rs = AllResponses(*s, "a");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].id, "before");
  EXPECT_TRUE(s->TakePending(100)->empty());
  // Other writes fail the same way and leave nothing behind.
  fail_next = 1;
  auto put = s->PutSetting("k", "v");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kIo);
  EXPECT_FALSE(s->GetSetting("k")->has_value());
  // And the storage works again afterwards, also after reopening.
  ASSERT_OK(s->AddResponse(Response("after", "a"), {}));
  s.reset();
  auto reopened = MustOpen(tmp.str());
  auto after = AllResponses(*reopened, "a");
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].id, "after");
  EXPECT_EQ(reopened->GetSurvey("a")->response_count, 2) << "rolled-back inserts are not counted";
}

TEST(SqliteStorageTest, OneFailedCommitFailsOnlyItsBatch) {
  testutil::TempDir tmp;
  CommitFaults faults;
  SqliteOptions options;
  options.before_commit = faults.Hook();
  auto s = MustOpen(tmp.str(), options);
  ASSERT_OK(s->PutSurvey(Survey("a")));
  faults.FailNext(1);
  auto first = s->AddResponse(Response("r1", "a"), {});
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, Code::kIo);
  EXPECT_NE(first.error().message.find("injected"), std::string::npos);
  EXPECT_EQ(faults.remaining(), 0);
  ASSERT_OK(s->AddResponse(Response("r1", "a"), {}));  // the retry of the same id succeeds
  EXPECT_EQ(AllResponses(*s, "a").size(), 1u);
  faults.FailNext(2);
  EXPECT_FALSE(s->SetSurveyStatus("a", "closed").ok());
  EXPECT_FALSE(s->PutSetting("k", "v").ok());
  ASSERT_OK(s->SetSurveyStatus("a", "closed"));
  EXPECT_EQ(s->GetSurvey("a")->status, "closed");
  EXPECT_EQ(s->Stats().failed_commits, 3);
}

// --- Feedback ---

TEST(SqliteStorageTest, AddFeedbackDedupesBySourceIdAndContentHash) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  std::vector<FeedbackRecord> items = {Review("f1", "a", "gp-1", "Courier was late"),
                                       Review("f2", "a", "gp-2", "Courier was late"),  // same text, other id
                                       Review("f3", "a", "", "No source id here"),
                                       Review("f4", "a", "", "Another without id")};
  items[2].content_hash = "hash-3";
  auto first = s->AddFeedback(items);
  ASSERT_OK(first);
  EXPECT_EQ(first->inserted, 4);
  EXPECT_EQ(first->duplicates, 0);
  // Re-import: same source ids, same content hashes (given or computed), new item ids.
  std::vector<FeedbackRecord> again = items;
  for (auto& f : again) f.id += "-again";
  auto second = s->AddFeedback(again);
  ASSERT_OK(second);
  EXPECT_EQ(second->inserted, 0);
  EXPECT_EQ(second->duplicates, 4);
  // Same source id in another format is a different item.
  FeedbackRecord other = Review("f5", "a", "gp-1", "Courier was late");
  other.format = "appstore";
  auto third = s->AddFeedback(std::span(&other, 1));
  ASSERT_OK(third);
  EXPECT_EQ(third->inserted, 1);
  auto all = AllFeedback(*s, "a");
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, "f1");
  EXPECT_EQ(all[0].rating.value_or(0), 2.0);
  EXPECT_EQ(all[0].format, "googleplay");
  EXPECT_EQ(all[2].content_hash, "hash-3");
  EXPECT_EQ(all[3].content_hash.size(), 64u) << "computed SHA-256 hex";
  EXPECT_FALSE(all[0].start_ms.has_value());
}

TEST(SqliteStorageTest, AddFeedbackQueuesCustomerTurnsButNotInterviewerTurns) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  FeedbackRecord q = Review("t1", "a", "", "How was the delivery?");
  q.source = "interview";
  q.format = "vtt";
  q.speaker = "Interviewer";
  q.interview = "int-1";
  q.start_ms = 1000;
  q.is_interviewer = true;
  FeedbackRecord answer = q;
  answer.id = "t2";
  answer.text = "It was two days late";
  answer.speaker = "Customer";
  answer.start_ms = 5000;
  answer.is_interviewer = false;
  const std::vector<FeedbackRecord> items = {q, answer};
  ASSERT_OK(s->AddFeedback(items));
  auto pending = s->TakePending(10);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].owner_kind, "feedback");
  EXPECT_EQ((*pending)[0].owner_id, "t2");
  EXPECT_EQ((*pending)[0].question_id, "");
  EXPECT_EQ((*pending)[0].text, "It was two days late");
  auto all = AllFeedback(*s, "a");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].is_interviewer);
  EXPECT_EQ(all[0].start_ms.value_or(-1), 1000);
  EXPECT_EQ(all[1].speaker, "Customer");
}

TEST(SqliteStorageTest, AddFeedbackForUnknownSurveyFailsTheWholeBatch) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  const std::vector<FeedbackRecord> items = {Review("f1", "a", "1", "fine"), Review("f2", "nope", "2", "x")};
  auto r = s->AddFeedback(items);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kNotFound);
  EXPECT_EQ(r.error().field, "items[1].survey_id");
  EXPECT_TRUE(AllFeedback(*s, "a").empty());
  EXPECT_TRUE(s->TakePending(10)->empty());
}

// --- Tagging queue ---

TEST(SqliteStorageTest, QueueOldestFirstPutTagsReplacesAndDequeues) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  const std::vector<PendingText> texts = {Text("delivery", "Кур'єр запізнився"), Text("other", "Все добре")};
  ASSERT_OK(s->AddResponse(Response("r1", "a"), texts));
  ASSERT_OK(s->AddResponse(Response("r2", "a"), std::span(texts).subspan(0, 1)));
  auto pending = s->TakePending(2);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].owner_kind, "response");
  EXPECT_EQ((*pending)[0].owner_id, "r1");
  EXPECT_EQ((*pending)[0].question_id, "delivery");
  EXPECT_EQ((*pending)[0].survey_id, "a");
  EXPECT_EQ((*pending)[0].text, "Кур'єр запізнився");
  EXPECT_EQ((*pending)[0].lang, "uk");
  EXPECT_EQ((*pending)[0].stage, "purchase");
  EXPECT_EQ((*pending)[0].touchpoint, "delivery_courier");
  EXPECT_EQ((*pending)[1].question_id, "other");
  // TakePending does not dequeue.
  EXPECT_EQ(s->TakePending(10)->size(), 3u);
  EXPECT_TRUE(s->TakePending(0)->empty());

  TagRecord tag{"response", "r1", "delivery", "a", "{\"sentiment\":\"negative\"}", 10, "v1"};
  ASSERT_OK(s->PutTags(std::span(&tag, 1)));
  pending = s->TakePending(10);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].question_id, "other");
  EXPECT_EQ((*pending)[1].owner_id, "r2");

  tag.tags_json = "{\"sentiment\":\"neutral\"}";
  tag.tagger_version = "v2";
  ASSERT_OK(s->PutTags(std::span(&tag, 1)));
  auto tags = AllTags(*s, "a");
  ASSERT_EQ(tags.size(), 1u) << "re-tagging replaces per owner and question";
  EXPECT_EQ(tags[0].tags_json, "{\"sentiment\":\"neutral\"}");
  EXPECT_EQ(tags[0].tagger_version, "v2");
  EXPECT_EQ(tags[0].tagged_at_ms, 10);

  TagRecord bad{"response", "r1", "delivery", "nope", "{}", 0, "v"};
  auto unknown = s->PutTags(std::span(&bad, 1));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Code::kNotFound);
}

TEST(SqliteStorageTest, RequeueSurveyQueuesEveryTextOnceAgain) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  ASSERT_OK(s->PutSurvey(Survey("b")));
  const std::vector<PendingText> texts = {Text("q1", "one"), Text("q2", "two")};
  ASSERT_OK(s->AddResponse(Response("r1", "a"), texts));
  ASSERT_OK(s->AddResponse(Response("r2", "b"), std::span(texts).subspan(0, 1)));
  FeedbackRecord f = Review("f1", "a", "x", "three");
  ASSERT_OK(s->AddFeedback(std::span(&f, 1)));
  // Tag everything.
  auto pending = s->TakePending(10);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 4u);
  std::vector<TagRecord> tags;
  for (const auto& p : *pending)
    tags.push_back({p.owner_kind, p.owner_id, p.question_id, p.survey_id, "{}", 1, "v1"});
  ASSERT_OK(s->PutTags(tags));
  EXPECT_TRUE(s->TakePending(10)->empty());

  auto n = s->RequeueSurvey("a");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 3);
  auto again = s->RequeueSurvey("a");  // already queued: no duplicates
  ASSERT_OK(again);
  EXPECT_EQ(*again, 3);
  pending = s->TakePending(10);
  ASSERT_EQ(pending->size(), 3u);
  std::set<std::string> owners;
  for (const auto& p : *pending) {
    EXPECT_EQ(p.survey_id, "a");
    owners.insert(p.owner_id + "/" + p.question_id);
  }
  EXPECT_EQ(owners, (std::set<std::string>{"r1/q1", "r1/q2", "f1/"}));
  auto missing = s->RequeueSurvey("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
}

TEST(SqliteStorageTest, QueueSurvivesReopen) {
  testutil::TempDir tmp;
  {
    auto s = MustOpen(tmp.str());
    ASSERT_OK(s->PutSurvey(Survey("a")));
    const PendingText t = Text("q", "keep me");
    ASSERT_OK(s->AddResponse(Response("r1", "a"), std::span(&t, 1)));
  }
  auto s = MustOpen(tmp.str());
  auto pending = s->TakePending(5);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].text, "keep me");
}

// --- Settings ---

TEST(SqliteStorageTest, SettingsRoundTripAndOverwrite) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  auto none = s->GetSetting("auth.token_sha256");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_OK(s->PutSetting("auth.token_sha256", "abc"));
  ASSERT_OK(s->PutSetting("auth.token_sha256", "def"));
  ASSERT_OK(s->PutSetting("quote'; DROP TABLE settings; --", "x"));
  EXPECT_EQ(s->GetSetting("auth.token_sha256")->value_or(""), "def");
  EXPECT_EQ(s->GetSetting("quote'; DROP TABLE settings; --")->value_or(""), "x");
}

// Not a timing assertion: prints the group-commit speed-up over one fsync per response under 64 clients
// (the number in the storage report). Both runs store every response.
TEST(SqliteStorageStressTest, GroupCommitVersusOneCommitPerResponse) {
  constexpr int kClients = 64;
  constexpr int kPerClient = 10;
  auto run = [&](int max_batch) {
    testutil::TempDir tmp;
    SqliteOptions options;
    options.group_commit_max_batch = max_batch;
    auto s = MustOpen(tmp.str(), options);
    EXPECT_TRUE(s->PutSurvey(Survey("a")).ok());
    std::atomic<int> failures{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kClients; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerClient; ++i) {
          const PendingText text = Text("q", "free text answer");
          if (!s->AddResponse(Response(Key("", t, i), "a"), std::span(&text, 1)).ok()) failures++;
        }
      });
    }
    for (auto& th : threads) th.join();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(AllResponses(*s, "a").size(), static_cast<size_t>(kClients * kPerClient));
    const StorageStats stats = s->Stats();
    std::printf(
        "[ stats    ] max_batch=%d: %d responses, %d clients, %.2f s, %.0f responses/s, %lld commits\n",
        max_batch, kClients * kPerClient, kClients, secs, kClients * kPerClient / secs,
        static_cast<long long>(stats.response_commits));
    return kClients * kPerClient / secs;
  };
  const double naive = run(1);
  const double grouped = run(SqliteOptions{}.group_commit_max_batch);
  std::printf("[ stats    ] group commit speed-up: %.1fx\n", grouped / naive);
}

TEST(SqliteStorageTest, UpgradeToSchema5MovesImportedTagsIntoFeedbackAndDropsTheirTextCopies) {
  testutil::TempDir tmp;
  {
    // A data dir written by schema 4: f1 tagged, f2 still queued, a response answer tagged.
    auto db = sqlite::Db::Open(DbPath(tmp), 1000);
    ASSERT_OK(db);
    ASSERT_OK(sqlite::Migrate(**db, 4, 42));
    ASSERT_OK((*db)->Exec(
        "INSERT INTO surveys(id, json, status, created_at_ms) VALUES('a', '{}', 'open', 1);"
        "INSERT INTO feedback(id, survey_id, source, format, source_file, source_id, author, date, rating, "
        "lang,"
        "  text, speaker, interview, start_ms, is_interviewer, content_hash, imported_at_ms) VALUES"
        " ('f1', 'a', 'review', 'yelp', 'x.jsonl', 's1', '', '', 4, 'en', 'Fast courier', '', '', NULL, 0, "
        "'h1', 5),"
        " ('f2', 'a', 'review', 'yelp', 'x.jsonl', 's2', '', '', 1, 'en', 'Lost parcel', '', '', NULL, 0, "
        "'h2', 5);"
        "INSERT INTO texts(id, owner_kind, owner_id, question_id, survey_id, text, lang, stage, touchpoint) "
        "VALUES"
        " (1, 'feedback', 'f1', '', 'a', 'Fast courier', 'en', '', ''),"
        " (2, 'feedback', 'f2', '', 'a', 'Lost parcel', 'en', '', ''),"
        " (3, 'response', 'r1', 'q', 'a', 'Slow site', 'en', '', '');"
        "INSERT INTO tag_queue(text_id, enqueued_at_ms) VALUES (2, 7);"
        "INSERT INTO tags VALUES ('feedback', 'f1', '', 'a', '{\"f\":1}', 8, 'v1'),"
        " ('response', 'r1', 'q', 'a', '{\"r\":1}', 9, 'v1');"));
  }
  auto s = MustOpen(tmp.str());
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT MAX(version) FROM schema_migrations"), sql::LatestSchemaVersion());
  auto tags = AllTags(*s, "a");
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].owner_id, "r1");
  EXPECT_EQ(tags[1].owner_kind, "feedback");
  EXPECT_EQ(tags[1].owner_id, "f1");
  EXPECT_EQ(tags[1].question_id, "");
  EXPECT_EQ(tags[1].tags_json, "{\"f\":1}");
  EXPECT_EQ(tags[1].tagged_at_ms, 8);
  EXPECT_EQ(tags[1].tagger_version, "v1");
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM tags WHERE owner_kind = 'feedback'"), 0);
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM texts WHERE owner_kind = 'feedback'"), 1)
      << "only the queued item keeps its texts row";
  // The queued item is still taken and, once tagged, leaves no copy of its text behind.
  auto pending = s->TakePending(10);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].owner_id, "f2");
  EXPECT_EQ((*pending)[0].text, "Lost parcel");
  TagRecord t{"feedback", "f2", "", "a", "{\"f\":2}", 10, "v2"};
  ASSERT_OK(s->PutTags(std::span(&t, 1)));
  EXPECT_TRUE(s->TakePending(10)->empty());
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM texts WHERE owner_kind = 'feedback'"), 0);
  EXPECT_EQ(AllTags(*s, "a").size(), 3u);
  // Retag re-queues imported items from their feedback rows.
  auto n = s->RequeueSurvey("a");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(s->TakePending(10)->size(), 3u);
}

TEST(SqliteStorageTest, AddTaggedFeedbackStoresItemsAndTagsInOneTransaction) {
  testutil::TempDir tmp;
  CommitFaults faults;
  SqliteOptions options;
  options.before_commit = faults.Hook();
  auto s = MustOpen(tmp.str(), options);
  ASSERT_OK(s->PutSurvey(Survey("a")));
  std::vector<FeedbackRecord> items = {Review("f1", "a", "1", "Great support"), Review("f2", "a", "2", "Hi"),
                                       Review("f3", "a", "3", "Broken screen")};
  items[1].is_interviewer = true;
  std::vector<TagRecord> tags(3);
  tags[0] = {"feedback", "f1", "", "a", "{\"n\":1}", 11, "v1"};
  tags[1] = {"feedback", "f2", "", "a", "{\"n\":2}", 11, "v1"};  // interviewer turn: not stored
  // tags[2] is empty: f3 is queued for tagging instead.

  auto mismatch = s->AddTaggedFeedback(items, std::span(tags).subspan(0, 2), true);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, Code::kInvalid);

  faults.FailNext(1);
  auto failed = s->AddTaggedFeedback(items, tags, false);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kIo);
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM feedback"), 0);
  EXPECT_TRUE(AllTags(*s, "a").empty());

  auto counts = s->AddTaggedFeedback(items, tags, false);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->inserted, 3);
  auto stored = AllTags(*s, "a");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].owner_id, "f1");
  EXPECT_EQ(stored[0].tags_json, "{\"n\":1}");
  EXPECT_EQ(stored[0].tagged_at_ms, 11);
  auto pending = s->TakePending(10);
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].owner_id, "f3");
  EXPECT_EQ(QueryInt(DbPath(tmp), "SELECT COUNT(*) FROM texts WHERE owner_id = 'f1'"), 0)
      << "a tagged item's text is stored once";

  // Again: duplicates, and their stored tags stay as they were.
  tags[0].tags_json = "{\"n\":99}";
  auto again = s->AddTaggedFeedback(items, tags, true);
  ASSERT_OK(again);
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->duplicates, 3);
  EXPECT_EQ(AllTags(*s, "a")[0].tags_json, "{\"n\":1}");
  EXPECT_EQ(s->TakePending(10)->size(), 1u);
}

TEST(SqliteStorageTest, ForEachTagsStopsWhenAskedAcrossResponsesAndFeedback) {
  testutil::TempDir tmp;
  auto s = MustOpen(tmp.str());
  ASSERT_OK(s->PutSurvey(Survey("a")));
  const std::vector<PendingText> texts = {Text("q1", "one")};
  ASSERT_OK(s->AddResponse(Response("r1", "a"), texts));
  TagRecord rt{"response", "r1", "q1", "a", "{}", 1, "v"};
  ASSERT_OK(s->PutTags(std::span(&rt, 1)));
  std::vector<FeedbackRecord> items = {Review("f1", "a", "1", "x"), Review("f2", "a", "2", "y")};
  std::vector<TagRecord> tags = {{"feedback", "f1", "", "a", "{}", 1, "v"},
                                 {"feedback", "f2", "", "a", "{}", 1, "v"}};
  ASSERT_OK(s->AddTaggedFeedback(items, tags, true));
  for (int stop_after = 1; stop_after <= 3; ++stop_after) {
    int seen = 0;
    ASSERT_OK(s->ForEachTags("a", [&](const TagRecord&) { return ++seen < stop_after; }));
    EXPECT_EQ(seen, stop_after);
  }
}

}  // namespace
}  // namespace touchpoint::collector
