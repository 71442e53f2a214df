// The real `touchpoint serve` binary on an ephemeral loopback port with a temporary data dir, over HTTP:
// every route and error status, the HTML form in each language, export content, restart and kill -9.
// (503 needs a worker held busy, which only the in-process tests can do: tests_server, ServerTest.)
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "parse_json.h"
#include "testutil/fixtures.h"
#include "testutil/server_process.h"
#include "testutil/testutil.h"

namespace touchpoint {
namespace {

using testutil::Http;
using testutil::HttpResult;
using testutil::RawHttp;
using testutil::ServerProcess;

constexpr char kToken[] = "integration-token";
const std::vector<std::pair<std::string, std::string>> kAuth = {
    {"Authorization", std::string("Bearer ") + kToken}};

using testutil::ParseObject;

class ServerIntegrationTest : public ::testing::Test {
 protected:
  std::string data() const { return (dir_.path() / "data").string(); }
  std::unique_ptr<ServerProcess> StartServer(const std::string& config = {}, bool with_token = true) {
    ServerProcess::Options o;
    o.data_dir = data();
    if (with_token) o.env.emplace_back("TOUCHPOINT_TOKEN", kToken);
    if (!config.empty()) {
      const auto path = dir_.path() / "server.properties";
      testutil::WriteFile(path, config);
      o.extra_args = {"--config", path.string()};
    }
    return std::make_unique<ServerProcess>(o);
  }
  void StartAndPublish(const std::string& config = {}) {
    server_ = StartServer(config);
    port_ = server_->port();
    HttpResult r =
        Http(port_, "POST", "/api/v1/surveys", testutil::kTestSurveyJson, "application/json", kAuth);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  HttpResult Submit(const std::string& json) {
    return Http(port_, "POST", "/api/v1/surveys/t1/responses", json, "application/json");
  }

  testutil::TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  int port_ = 0;
};

TEST_F(ServerIntegrationTest, HealthNotFoundAndMethodNotAllowed) {
  server_ = StartServer();
  port_ = server_->port();
  HttpResult r = Http(port_, "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("status"), "ok");
  r = Http(port_, "GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_TRUE(ParseObject(r.body)->has("error"));
  r = Http(port_, "DELETE", "/api/v1/surveys", "", "", kAuth);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET, HEAD, POST");
  EXPECT_TRUE(ParseObject(r.body)->has("error"));
}

TEST_F(ServerIntegrationTest, ResearcherRoutesNeedTheToken) {
  StartAndPublish();
  for (const char* path : {"/api/v1/surveys", "/api/v1/surveys/t1", "/api/v1/surveys/t1/responses"}) {
    HttpResult r = Http(port_, "GET", path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.Header("www-authenticate").rfind("Bearer", 0), 0u) << path;
    r = Http(port_, "GET", path, "", "", {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(r.status, 401) << path;
  }
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys/t1/close").status, 401);
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys", "{}", "application/json").status, 401);
}

TEST_F(ServerIntegrationTest, PublishListShowAndClose) {
  StartAndPublish();
  HttpResult r = Http(port_, "POST", "/api/v1/surveys", testutil::kTestSurveyJson, "application/json", kAuth);
  EXPECT_EQ(r.status, 409) << r.body;

  r = Http(port_, "POST", "/api/v1/surveys",
           R"({"id": "bad", "questions": [{"id": "q", "type": "nope"}, {"type": "text"}]})",
           "application/json", kAuth);
  EXPECT_EQ(r.status, 400);
  auto err = ParseObject(r.body);
  ASSERT_TRUE(err->has("errors")) << r.body;
  EXPECT_GE(err->getArray("errors")->size(), 2u);

  r = Http(port_, "POST", "/api/v1/surveys", "{\"id\": \"x\",\n \"questions\": [}", "application/json",
           kAuth);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("line 2"), std::string::npos) << r.body;

  std::string no_id = testutil::kTestSurveyJson;
  no_id.replace(no_id.find("\"id\": \"t1\", "), 12, "");
  r = Http(port_, "POST", "/api/v1/surveys", no_id, "application/json", kAuth);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string assigned = ParseObject(r.body)->getValue<std::string>("id");
  EXPECT_FALSE(assigned.empty());

  ASSERT_EQ(Submit(testutil::kPromoterResponseJson).status, 201);
  r = Http(port_, "GET", "/api/v1/surveys", "", "", kAuth);
  ASSERT_EQ(r.status, 200);
  auto list = ParseObject(r.body)->getArray("surveys");
  ASSERT_EQ(list->size(), 2u);
  bool saw_t1 = false;
  for (size_t i = 0; i < list->size(); ++i) {
    auto s = list->getObject(static_cast<unsigned>(i));
    if (s->getValue<std::string>("id") != "t1") continue;
    saw_t1 = true;
    EXPECT_EQ(s->getValue<int>("responses"), 1);
    EXPECT_EQ(s->getValue<std::string>("status"), "open");
    EXPECT_EQ(s->getValue<std::string>("title"), "Test <script>alert(1)</script> survey");
  }
  EXPECT_TRUE(saw_t1);

  r = Http(port_, "GET", "/api/v1/surveys/t1", "", "", kAuth);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("status"), "open");
  EXPECT_EQ(ParseObject(r.body)->getArray("questions")->size(), 5u);
  EXPECT_EQ(Http(port_, "GET", "/api/v1/surveys/nope", "", "", kAuth).status, 404);

  for (int i = 0; i < 2; ++i) {
    r = Http(port_, "POST", "/api/v1/surveys/t1/close", "", "", kAuth);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("status"), "closed");
  }
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys/nope/close", "", "", kAuth).status, 404);
  EXPECT_EQ(ParseObject(Http(port_, "GET", "/api/v1/surveys/t1", "", "", kAuth).body)
                ->getValue<std::string>("status"),
            "closed");
  EXPECT_EQ(Submit(testutil::kPromoterResponseJson).status, 409);
  r = Http(port_, "GET", "/s/t1?lang=uk");
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.Header("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(r.body.find("lang=\"uk\""), std::string::npos);
  EXPECT_EQ(Http(port_, "GET", "/s/nope").status, 404);
}

TEST_F(ServerIntegrationTest, SubmitAnswers201OrNamesTheField) {
  StartAndPublish();
  HttpResult r = Submit(testutil::kPromoterResponseJson);
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = ParseObject(r.body);
  EXPECT_EQ(body->getValue<std::string>("id").size(), 32u);
  ASSERT_EQ(body->getArray("ignored")->size(), 1u);
  EXPECT_EQ(body->getArray("ignored")->getElement<std::string>(0), "delivery");

  r = Submit(R"({"answers": {"heard": "ad", "nps": 11}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("field"), "answers.nps");
  r = Submit(R"({"answers": {"nps": 5}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("field"), "answers.heard");
  r = Submit("{\"answers\": {\"heard\": }");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("offset"), std::string::npos) << r.body;
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys/nope/responses", "{}", "application/json").status, 404);
}

TEST_F(ServerIntegrationTest, HostileBodies) {
  StartAndPublish("http.max_body_bytes = 4000\n");
  const std::string path = "/api/v1/surveys/t1/responses";
  HttpResult r = RawHttp(port_, "POST " + path +
                                    " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    "Connection: close\r\n\r\n");
  EXPECT_EQ(r.status, 411) << r.body;
  r = RawHttp(port_, "POST " + path +
                         " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Content-Length: 100000\r\n\r\n{");
  EXPECT_EQ(r.status, 413) << r.body;
  std::string chunks;
  for (int i = 0; i < 80; ++i) chunks += "40\r\n" + std::string(64, ' ') + "\r\n";
  r = RawHttp(port_, "POST " + path +
                         " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n" +
                         chunks + "0\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.body;
  // A small chunked body is fine.
  const std::string ok = testutil::kPromoterResponseJson;
  char size[16];
  std::snprintf(size, sizeof size, "%zx", ok.size());
  r = RawHttp(port_, "POST " + path +
                         " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                         size + "\r\n" + ok + "\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 201) << r.body;

  EXPECT_EQ(Http(port_, "POST", path, ok, "text/plain").status, 415);
  EXPECT_EQ(Http(port_, "POST", path, ok, "application/json; charset=utf-8").status, 201);
  EXPECT_EQ(Http(port_, "POST", "/s/t1", ok, "application/json").status, 415);
  EXPECT_EQ(
      Http(port_, "POST", "/s/t1", "heard=ad", "application/x-www-form-urlencoded; charset=UTF-8").status,
      200);
}

TEST_F(ServerIntegrationTest, RateLimitAnswers429WithRetryAfter) {
  server_ = StartServer("limits.rate_per_client = 0.2\nlimits.burst = 3\n");
  port_ = server_->port();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Http(port_, "GET", "/s/none").status, 404) << i;
  HttpResult r = Http(port_, "GET", "/s/none");
  EXPECT_EQ(r.status, 429);
  EXPECT_GE(std::atoi(r.Header("retry-after").c_str()), 1);
  EXPECT_EQ(r.Header("content-type").rfind("text/html", 0), 0u) << "form routes answer in HTML";
  r = Http(port_, "GET", "/api/v1/surveys");
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(ParseObject(r.body)->has("error"));
}

TEST_F(ServerIntegrationTest, FormInEachLanguageEscapesTheTitle) {
  StartAndPublish();
  HttpResult r = Http(port_, "GET", "/s/t1");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html lang=\"en\""), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(r.Header("content-security-policy").empty());
  EXPECT_EQ(r.Header("cache-control"), "no-store");

  r = Http(port_, "GET", "/s/t1?lang=uk");
  EXPECT_NE(r.body.find("<html lang=\"uk\""), std::string::npos);
  EXPECT_NE(r.body.find("Тестове опитування"), std::string::npos);
  r = Http(port_, "GET", "/s/t1", "", "", {{"Accept-Language", "uk-UA,uk;q=0.9,en;q=0.5"}});
  EXPECT_NE(r.body.find("<html lang=\"uk\""), std::string::npos);
  r = Http(port_, "GET", "/s/t1", "", "", {{"Accept-Language", "ro, de;q=0.5"}});
  EXPECT_NE(r.body.find("<html lang=\"en\""), std::string::npos) << "ro is not offered: survey default";
  r = Http(port_, "GET", "/s/t1?lang=en", "", "", {{"Accept-Language", "uk"}});
  EXPECT_NE(r.body.find("<html lang=\"en\""), std::string::npos) << "?lang wins";
}

TEST_F(ServerIntegrationTest, FormPostThanksOrReshowsWithAnswersKept) {
  StartAndPublish();
  HttpResult r = Http(port_, "POST", "/s/t1", "lang=uk&heard=friend&nps=9&channels=web&channels=app",
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<html lang=\"uk\""), std::string::npos);
  EXPECT_EQ(r.body.find("<form"), std::string::npos) << "a thank-you page, not the form";

  r = Http(port_, "POST", "/s/t1", "lang=en&nps=4&delivery=Kept+%3Cb%3Ethree%3C%2Fb%3E+days+late",
           "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<form"), std::string::npos);
  EXPECT_NE(r.body.find("Kept &lt;b&gt;three&lt;/b&gt; days late"), std::string::npos)
      << "answers kept, escaped";
  EXPECT_NE(r.body.find("aria-invalid"), std::string::npos) << "error beside its question";

  auto csv = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=csv", "", "", kAuth);
  EXPECT_NE(csv.body.find(",uk,web,,friend,9,web;app,"), std::string::npos) << csv.body;
}

TEST_F(ServerIntegrationTest, ExportsCsvAndJsonWithTags) {
  StartAndPublish();
  HttpResult a = Submit(testutil::kDetractorResponseJson);
  ASSERT_EQ(a.status, 201);
  const std::string id = ParseObject(a.body)->getValue<std::string>("id");
  ASSERT_EQ(Submit(testutil::kPromoterResponseJson).status, 201);

  // The background worker tags the text answer soon after the 201.
  std::string csv;
  for (int i = 0; i < 100; ++i) {
    HttpResult r = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=csv", "", "", kAuth);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
    csv = r.body;
    if (csv.find(",negative,") != std::string::npos || csv.find(",neutral,") != std::string::npos ||
        csv.find(",positive,") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::istringstream lines(csv);
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(
      header,
      "response_id,submitted_at,language,channel,respondent,heard,nps,channels,sat.speed,sat.price,delivery,"
      "delivery.sentiment,delivery.stages,delivery.pain_points\r");
  std::getline(lines, row);
  EXPECT_EQ(row.rfind(id + ",2026-", 0), 0u) << row;  // ISO date of now
  EXPECT_NE(row.find("Z,uk,web,r-1,ad,3,web;app,bad,good,\"Кур'єр"), std::string::npos) << row;
  EXPECT_NE(row.find(",negative,"), std::string::npos) << "tagged: " << row;
  EXPECT_NE(row.find("delivery"), std::string::npos);

  HttpResult bom = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=csv&bom=1", "", "", kAuth);
  EXPECT_EQ(bom.body.rfind("\xEF\xBB\xBFresponse_id,", 0), 0u);
  EXPECT_EQ(csv.rfind("response_id,", 0), 0u) << "no BOM unless asked";

  HttpResult json = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=json", "", "", kAuth);
  ASSERT_EQ(json.status, 200);
  auto root = ParseObject(json.body);
  EXPECT_EQ(root->getValue<std::string>("survey"), "t1");
  auto responses = root->getArray("responses");
  ASSERT_EQ(responses->size(), 2u);
  auto first = responses->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("response_id"), id);
  EXPECT_EQ(first->getObject("answers")->getValue<std::string>("heard"), "ad");
  EXPECT_EQ(
      first->getObject("tags")->getObject("delivery")->getObject("sentiment")->getValue<std::string>("label"),
      "negative");
  EXPECT_TRUE(root->has("feedback"));

  EXPECT_EQ(Http(port_, "GET", "/api/v1/surveys/t1/responses?format=xml", "", "", kAuth).status, 400);
  EXPECT_EQ(Http(port_, "GET", "/api/v1/surveys/nope/responses", "", "", kAuth).status, 404);
}

TEST_F(ServerIntegrationTest, TokenIsGeneratedOnceAndResponsesSurviveRestart) {
  server_ = StartServer({}, /*with_token=*/false);
  port_ = server_->port();
  const std::string token = server_->new_token();
  ASSERT_FALSE(token.empty()) << server_->startup_output();
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + token}};
  ASSERT_EQ(
      Http(port_, "POST", "/api/v1/surveys", testutil::kTestSurveyJson, "application/json", auth).status,
      201);
  HttpResult a = Submit(testutil::kDetractorResponseJson);
  ASSERT_EQ(a.status, 201);
  EXPECT_EQ(server_->Terminate(), 0) << "SIGTERM stops cleanly";

  server_ = StartServer({}, /*with_token=*/false);
  port_ = server_->port();
  EXPECT_TRUE(server_->new_token().empty());
  EXPECT_NE(
      server_->startup_output().find("researcher token: stored (rotate with: touchpoint token rotate --data"),
      std::string::npos)
      << server_->startup_output();
  EXPECT_EQ(server_->startup_output().find(token), std::string::npos) << "the token is shown once only";
  EXPECT_NE(server_->startup_output().find("/s/t1?lang=uk"), std::string::npos) << server_->startup_output();
  HttpResult csv = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=csv", "", "", auth);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(ParseObject(a.body)->getValue<std::string>("id")), std::string::npos);
}

TEST_F(ServerIntegrationTest, EveryAcknowledgedResponseSurvivesKill9) {
  StartAndPublish();
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      while (!stop.load()) {
        HttpResult r = Submit(testutil::kDetractorResponseJson);
        if (r.status != 201) continue;  // connection cut by the kill
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.push_back(ParseObject(r.body)->getValue<std::string>("id"));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server_->Kill();
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_GT(acknowledged.size(), 10u);

  server_ = StartServer();
  port_ = server_->port();
  HttpResult json = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=json", "", "", kAuth);
  ASSERT_EQ(json.status, 200);
  std::set<std::string> stored;
  auto responses = ParseObject(json.body)->getArray("responses");
  for (size_t i = 0; i < responses->size(); ++i) {
    stored.insert(responses->getObject(static_cast<unsigned>(i))->getValue<std::string>("response_id"));
  }
  size_t missing = 0;
  for (const auto& id : acknowledged) missing += stored.count(id) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";
}

}  // namespace
}  // namespace touchpoint
