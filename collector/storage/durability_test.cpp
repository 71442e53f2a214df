// Crash and concurrency tests of the SQLite storage that involve a second process or a stalled writer:
// every acknowledged response survives kill -9, two Storage instances on one file can both write, and
// reads are not blocked by an open write transaction.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "testutil/testutil.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector {
namespace {

SurveyRecord OpenSurvey(const std::string& id) {
  SurveyRecord s;
  s.id = id;
  s.json = "{}";
  s.status = "open";
  return s;
}

ResponseRecord Resp(std::string id) {
  ResponseRecord r;
  r.id = std::move(id);
  r.survey_id = "a";
  r.submitted_at_ms = 1;
  r.language = "en";
  r.channel = "web";
  r.answers_json = "{}";
  return r;
}

std::set<std::string> StoredIds(Storage& s) {
  std::set<std::string> ids;
  Status st = s.ForEachResponse("a", [&](const ResponseRecord& r) {
    ids.insert(r.id);
    return true;
  });
  EXPECT_TRUE(st.ok());
  return ids;
}

// A child process adds responses from several threads and reports each id on a pipe only after
// AddResponse returned OK (as the server sends 201). The parent kills it with SIGKILL mid-stream; every
// reported id must be in the database afterwards.
TEST(DurabilityTest, EveryAcknowledgedResponseSurvivesKill9) {
  testutil::TempDir tmp;
  {
    auto s = OpenSqliteStorage(tmp.str());
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->PutSurvey(OpenSurvey("a")).ok());
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto s = OpenSqliteStorage(tmp.str());
    if (!s.ok()) _exit(3);
    std::mutex pipe_mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 100000; ++i) {  // bounded; the parent kills long before
          std::string id = std::to_string(t);
          id.append("-").append(std::to_string(i));
          if (!(*s)->AddResponse(Resp(id), {}).ok()) _exit(4);
          id.push_back('\n');
          std::lock_guard lock(pipe_mu);
          if (write(fds[1], id.data(), id.size()) != static_cast<ssize_t>(id.size())) _exit(5);
        }
      });
    }
    for (auto& th : threads) th.join();
    _exit(0);
  }
  close(fds[1]);
  // Read acknowledgements until at least 300 arrived (or 20 s passed), then kill -9.
  std::string acked;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  size_t lines = 0;
  while (lines < 300 && std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    acked.append(buf, static_cast<size_t>(n));
    lines = static_cast<size_t>(std::count(acked.begin(), acked.end(), '\n'));
  }
  kill(pid, SIGKILL);
  // Drain what was written before the kill (those were acknowledged too).
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    acked.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exited early with " << WEXITSTATUS(wstatus);

  std::vector<std::string> ids;
  size_t start = 0;
  for (size_t nl; (nl = acked.find('\n', start)) != std::string::npos; start = nl + 1) {
    ids.push_back(acked.substr(start, nl - start));
  }
  ASSERT_GE(ids.size(), 300u);
  auto s = OpenSqliteStorage(tmp.str());
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  const std::set<std::string> stored = StoredIds(**s);
  size_t missing = 0;
  for (const auto& id : ids) missing += stored.count(id) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "of " << ids.size() << " acknowledged";
  EXPECT_GE(stored.size(), ids.size());
}

TEST(DurabilityTest, TwoInstancesWriteTheSameFileConcurrently) {
  testutil::TempDir tmp;
  auto a = OpenSqliteStorage(tmp.str());
  auto b = OpenSqliteStorage(tmp.str());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->PutSurvey(OpenSurvey("a")).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    Storage* s = (t % 2 == 0 ? *a : *b).get();
    threads.emplace_back([&, s, t] {
      for (int i = 0; i < 50; ++i) {
        std::string id = std::to_string(t);
        id.append("-").append(std::to_string(i));
        if (!s->AddResponse(Resp(id), {}).ok()) failures++;
        if (i % 10 == 0 && !s->PutSetting("last", id).ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(StoredIds(**a).size(), 400u);
  EXPECT_EQ(StoredIds(**b).size(), 400u);
}

// The writer is stalled inside its transaction (the commit hook blocks); reads from other threads and
// from another instance still answer.
TEST(DurabilityTest, ReadsAreNotBlockedByAnOpenWriteTransaction) {
  testutil::TempDir tmp;
  std::mutex mu;
  std::condition_variable cv;
  bool stall = false, stalled = false, release = false;
  SqliteOptions options;
  options.before_commit = [&]() -> Status {
    std::unique_lock lock(mu);
    if (stall) {
      stalled = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    }
    return Ok();
  };
  auto s = OpenSqliteStorage(tmp.str(), options);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->PutSurvey(OpenSurvey("a")).ok());
  ASSERT_TRUE((*s)->AddResponse(Resp("r0"), {}).ok());
  {
    std::lock_guard lock(mu);
    stall = true;
  }
  auto writer = std::async(std::launch::async, [&] { return (*s)->AddResponse(Resp("r1"), {}).ok(); });
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return stalled; }));
  }
  // Not a timing assertion: the generous bound only turns a deadlock into a failure.
  auto reader = std::async(std::launch::async, [&] {
    auto other = OpenSqliteStorage(tmp.str());
    if (!other.ok()) return std::string("open failed");
    auto survey = (*s)->GetSurvey("a");
    auto from_other = (*other)->GetSurvey("a");
    if (!survey.ok() || !from_other.ok()) return std::string("read failed");
    return std::to_string(survey->response_count) + "/" + std::to_string(from_other->response_count);
  });
  const bool reader_done = reader.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  {
    std::lock_guard lock(mu);
    release = true;
    stall = false;
  }
  cv.notify_all();
  ASSERT_TRUE(reader_done) << "a read waited for the writer";
  EXPECT_EQ(reader.get(), "1/1") << "readers see the last committed state, not the open transaction";
  EXPECT_TRUE(writer.get());
  EXPECT_EQ((*s)->GetSurvey("a")->response_count, 2);
}

}  // namespace
}  // namespace touchpoint::collector
