// The touchpoint CLI end to end: survey publish/list/show/close/submit, export, token rotate, --help and
// usage errors, and changes made by the CLI seen by a running server.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "parse_json.h"
#include "testutil/fixtures.h"
#include "testutil/server_process.h"
#include "testutil/testutil.h"

namespace touchpoint {
namespace {

using testutil::CommandResult;

using testutil::ParseObject;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    survey_ = (dir_.path() / "survey.json").string();
    testutil::WriteFile(survey_, testutil::kTestSurveyJson);
  }
  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), testutil::BinaryPath());
    args.push_back("--data");
    args.push_back(data());
    return testutil::RunCommand(args);
  }
  std::string data() const { return (dir_.path() / "data").string(); }
  void PublishAndSubmit(bool publish = true) {
    if (publish) {
      ASSERT_EQ(Run({"survey", "publish", survey_}).exit_code, 0);
    }
    const auto jsonl = dir_.path() / "responses.jsonl";
    testutil::WriteFile(jsonl, std::string(testutil::kDetractorResponseJson) + "\n\n" +
                                   testutil::kPromoterResponseJson + "\r\n{\"answers\": {\"nps\": 99}}\n");
    CommandResult r = Run({"survey", "submit", "t1", jsonl.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "submitted 2, errors 1\n");
    EXPECT_NE(r.err.find("responses.jsonl:4: answers."), std::string::npos) << r.err;
  }

  testutil::TempDir dir_;
  std::string survey_;
};

TEST_F(CliTest, EverySubcommandHasHelpAndRejectsBadFlags) {
  for (const char* cmd : {"serve", "survey", "token", "export"}) {
    CommandResult r = testutil::RunCommand({testutil::BinaryPath(), cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("usage: touchpoint"), std::string::npos) << cmd;
    r = testutil::RunCommand({testutil::BinaryPath(), cmd, "--bogus"});
    EXPECT_EQ(r.exit_code, 2) << cmd;
    EXPECT_NE(r.err.find("unknown option --bogus"), std::string::npos) << cmd << ": " << r.err;
  }
  EXPECT_EQ(testutil::RunCommand({testutil::BinaryPath(), "serve", "--port", "70000"}).exit_code, 2);
  EXPECT_EQ(testutil::RunCommand({testutil::BinaryPath(), "survey", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(testutil::RunCommand({testutil::BinaryPath(), "survey", "show"}).exit_code, 2);
  EXPECT_EQ(testutil::RunCommand({testutil::BinaryPath(), "token", "spin"}).exit_code, 2);
  EXPECT_EQ(testutil::RunCommand({testutil::BinaryPath(), "export", "--format", "csv"}).exit_code, 2);
}

TEST_F(CliTest, SurveyLifecycle) {
  CommandResult r = Run({"survey", "publish", survey_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "t1\n");
  r = Run({"survey", "publish", survey_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exists"), std::string::npos) << r.err;
  const auto bad = dir_.path() / "bad.json";
  testutil::WriteFile(bad, R"({"id": "b", "questions": [{"id": "q", "type": "nope"}]})");
  r = Run({"survey", "publish", bad.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("questions[0]"), std::string::npos) << r.err;

  PublishAndSubmit(/*publish=*/false);
  r = Run({"survey", "list"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("t1"), std::string::npos);
  EXPECT_NE(r.out.find("open"), std::string::npos);
  r = Run({"survey", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  auto s = ParseObject(r.out)->getArray("surveys")->getObject(0);
  EXPECT_EQ(s->getValue<std::string>("id"), "t1");
  EXPECT_EQ(s->getValue<int>("responses"), 2);

  r = Run({"survey", "show", "t1"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(ParseObject(r.out)->getValue<std::string>("status"), "open");
  EXPECT_EQ(Run({"survey", "show", "nope"}).exit_code, 1);

  r = Run({"survey", "close", "t1"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(ParseObject(Run({"survey", "show", "t1"}).out)->getValue<std::string>("status"), "closed");
  const auto one = dir_.path() / "one.jsonl";
  testutil::WriteFile(one, std::string(testutil::kPromoterResponseJson) + "\n");
  r = Run({"survey", "submit", "t1", one.string()});
  EXPECT_EQ(r.out, "submitted 0, errors 1\n");
  EXPECT_NE(r.err.find("closed"), std::string::npos);
}

TEST_F(CliTest, ExportWritesCsvAndJson) {
  PublishAndSubmit();
  const auto out = dir_.path() / "out.csv";
  CommandResult r = Run({"export", "--survey", "t1", "--format", "csv", "--out", out.string(), "--bom"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = testutil::ReadFile(out);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFresponse_id,submitted_at,language,channel,respondent,heard,nps,", 0), 0u);
  EXPECT_NE(csv.find(",uk,web,r-1,ad,3,web;app,bad,good,"), std::string::npos) << csv;

  r = Run({"export", "--survey", "t1", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseObject(r.out)->getArray("responses")->size(), 2u);

  r = Run({"export", "--survey", "t1", "--items"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("id,source,format,", 0), 0u);

  EXPECT_EQ(Run({"export", "--survey", "t1", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--survey", "nope", "--format", "csv"}).exit_code, 1);
}

TEST_F(CliTest, CloseAndRotateReachARunningServer) {
  ASSERT_EQ(Run({"survey", "publish", survey_}).exit_code, 0);
  testutil::ServerProcess::Options options;
  options.data_dir = data();
  testutil::ServerProcess server(options);
  const std::string old_token = server.new_token();
  ASSERT_FALSE(old_token.empty());
  EXPECT_EQ(testutil::Http(server.port(), "GET", "/s/t1").status, 200);

  ASSERT_EQ(Run({"survey", "close", "t1"}).exit_code, 0);
  EXPECT_EQ(testutil::Http(server.port(), "GET", "/s/t1").status, 410) << "no stale cache";

  CommandResult r = Run({"token", "rotate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string token = r.out.substr(0, r.out.find('\n'));
  ASSERT_FALSE(token.empty());
  EXPECT_NE(token, old_token);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the server re-reads the hash each second
  EXPECT_EQ(
      testutil::Http(server.port(), "GET", "/api/v1/surveys", "", "", {{"Authorization", "Bearer " + token}})
          .status,
      200);
  EXPECT_EQ(testutil::Http(server.port(), "GET", "/api/v1/surveys", "", "",
                           {{"Authorization", "Bearer " + old_token}})
                .status,
            401);
}

}  // namespace
}  // namespace touchpoint
