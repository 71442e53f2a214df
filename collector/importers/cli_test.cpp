// `touchpoint import` as a subprocess: summary line, exit codes, stderr and --errors reports, stdin, tags.
// Skipped when the binary has not been built (these tests build only tests_importers).
#include <gtest/gtest.h>

#include <filesystem>

#include "test_helpers.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector::importers {
namespace {

using testing::FixtureDir;
using testutil::CommandResult;
using testutil::RunCommand;

std::string LastLine(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

class CliImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(testing::TouchpointBinary())) GTEST_SKIP() << "no touchpoint binary";
    testutil::WriteFile(dir_.path() / "survey.json",
                        R"({"id":"cjm","default_language":"en","languages":["en","uk"],"title":{"en":"T"},)"
                        R"("questions":[{"id":"q","type":"text","text":{"en":"Tell us"}}]})");
    CommandResult r = Run({"survey", "publish", (dir_.path() / "survey.json").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult Run(std::vector<std::string> args, const std::string& in = {}) {
    args.insert(args.begin(), testing::TouchpointBinary());
    args.push_back("--data");
    args.push_back((dir_.path() / "data").string());
    return RunCommand(args, in);
  }
  std::string Fx(const std::string& name) { return (FixtureDir() / name).string(); }

  testutil::TempDir dir_;
};

TEST_F(CliImportTest, ReportsBadRowsAndIsIdempotent) {
  const std::string errors = (dir_.path() / "errors.jsonl").string();
  CommandResult r = Run({"import", "--survey", "cjm", "--format", "yelp", Fx("bad_rows.jsonl"), "--errors",
                         errors, "--no-tag"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out), "imported 2, skipped 0, errors 3");
  EXPECT_NE(r.err.find("bad_rows.jsonl:2: unparseable date 'yesterday'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad_rows.jsonl:4: empty text"), std::string::npos) << r.err;
  const std::string lines = testutil::ReadFile(errors);
  EXPECT_NE(lines.find(R"({"line":2,"error":"unparseable date 'yesterday'")"), std::string::npos) << lines;
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 3);

  CommandResult again =
      Run({"import", "--survey", "cjm", "--format", "yelp", Fx("bad_rows.jsonl"), "--no-tag"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(LastLine(again.out), "imported 0, skipped 2, errors 3");
}

TEST_F(CliImportTest, WrongFormatFailsWithExitOne) {
  CommandResult r = Run({"import", "--survey", "cjm", "--format", "googleplay", Fx("interview_zoom.vtt")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("file looks like WebVTT, not a Play Console CSV"), std::string::npos) << r.err;
  EXPECT_EQ(LastLine(r.out), "imported 0, skipped 0, errors 0");
}

TEST_F(CliImportTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"import", "--format", "vtt", Fx("interview_zoom.vtt")}).exit_code, 2);
  EXPECT_EQ(Run({"import", "--survey", "cjm", "--format", "docx", Fx("interview_zoom.vtt")}).exit_code, 2);
  EXPECT_EQ(
      Run({"import", "--survey", "cjm", "--format", "csv", "--map", "colour=x", Fx("generic_reviews.csv")})
          .exit_code,
      2);
  EXPECT_EQ(Run({"import", "--survey", "cjm", "--format", "csv"}).exit_code, 2);
  EXPECT_EQ(Run({"import", "--survey", "cjm", "--bogus", Fx("interview_zoom.vtt")}).exit_code, 2);
  EXPECT_EQ(Run({"import", "--survey", "nope", "--format", "vtt", Fx("interview_zoom.vtt")}).exit_code, 1);
}

TEST_F(CliImportTest, ReadsStandardInputAndTagsWhatItImported) {
  const std::string vtt = testutil::ReadFile(FixtureDir() / "interview_zoom.vtt");
  CommandResult r = Run({"import", "--survey", "cjm", "--format", "vtt", "-", "--interview", "zoom-1",
                         "--interviewer", "Maria Petrenko", "--quiet"},
                        vtt);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out), "imported 4, skipped 0, errors 0");
  auto storage = OpenSqliteStorage((dir_.path() / "data").string());
  ASSERT_TRUE(storage.ok());
  int items = 0, tags = 0;
  ASSERT_TRUE((*storage)
                  ->ForEachFeedback("cjm",
                                    [&](const FeedbackRecord& f) {
                                      ++items;
                                      EXPECT_EQ(f.interview, "zoom-1");
                                      return true;
                                    })
                  .ok());
  ASSERT_TRUE((*storage)
                  ->ForEachTags("cjm",
                                [&](const TagRecord& t) {
                                  ++tags;
                                  EXPECT_EQ(t.owner_kind, "feedback");
                                  return true;
                                })
                  .ok());
  EXPECT_EQ(items, 4);
  EXPECT_EQ(tags, 2);  // the customer's turns; the interviewer's are kept untagged
  auto pending = (*storage)->TakePending(10);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

TEST_F(CliImportTest, GenericCsvWithMapDelimiterAndScale) {
  CommandResult r = Run({"import", "--survey", "cjm", "--format", "csv", Fx("generic_reviews.csv"), "--map",
                         "text=Review,rating=Stars,date=Date,lang=Language,author=User,id=ReviewId",
                         "--delimiter", ";", "--rating-scale", "10", "--no-tag"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out), "imported 4, skipped 0, errors 0");
}

}  // namespace
}  // namespace touchpoint::collector::importers
