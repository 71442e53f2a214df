// POST /api/v1/surveys/{id}/imports on the real `touchpoint serve` binary: review and transcript files over
// HTTP end up in the JSON export's `feedback`, tagged by the server's worker; re-import adds nothing; bad
// rows come back with line numbers; 400/401/404/405/409/411/413/415 as CONTRACT.md "HTTP API" says.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
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

constexpr char kToken[] = "import-token";
const std::vector<std::pair<std::string, std::string>> kAuth = {
    {"Authorization", std::string("Bearer ") + kToken}};

using testutil::ParseObject;

std::string Fixture(const std::string& name) {
  return testutil::ReadFile(testutil::SourceDir() / "tests" / "data" / "import" / name);
}

class ImportHttpTest : public ::testing::Test {
 protected:
  void StartAndPublish(const std::string& config = {}) {
    ServerProcess::Options o;
    o.data_dir = (dir_.path() / "data").string();
    o.env.emplace_back("TOUCHPOINT_TOKEN", kToken);
    if (!config.empty()) {
      const auto path = dir_.path() / "server.properties";
      testutil::WriteFile(path, config);
      o.extra_args = {"--config", path.string()};
    }
    server_ = std::make_unique<ServerProcess>(o);
    port_ = server_->port();
    HttpResult r =
        Http(port_, "POST", "/api/v1/surveys", testutil::kTestSurveyJson, "application/json", kAuth);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  HttpResult Import(const std::string& query, const std::string& body, const std::string& type,
                    const std::string& survey = "t1") {
    return Http(port_, "POST", "/api/v1/surveys/" + survey + "/imports?" + query, body, type, kAuth);
  }
  // The JSON export's feedback array, once every customer item has its tags (bounded wait).
  Poco::JSON::Array::Ptr TaggedFeedback(size_t expected) {
    Poco::JSON::Array::Ptr items;
    for (int i = 0; i < 200; ++i) {
      HttpResult r = Http(port_, "GET", "/api/v1/surveys/t1/responses?format=json", "", "", kAuth);
      EXPECT_EQ(r.status, 200) << r.body;
      items = ParseObject(r.body)->getArray("feedback");
      size_t tagged = 0, customer = 0;
      for (size_t k = 0; k < items->size(); ++k) {
        auto f = items->getObject(static_cast<unsigned>(k));
        if (f->getValue<bool>("is_interviewer")) continue;
        ++customer;
        if (!f->isNull("tags")) ++tagged;
      }
      if (items->size() == expected && tagged == customer) return items;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "feedback not all tagged within 10 s";
    return items;
  }

  testutil::TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  int port_ = 0;
};

TEST_F(ImportHttpTest, ReviewsAndTranscriptsAreStoredAndTagged) {
  StartAndPublish();
  HttpResult r =
      Import("format=trustpilot&name=tp.json", Fixture("trustpilot_reviews.json"), "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/json");
  auto summary = ParseObject(r.body);
  EXPECT_EQ(summary->getValue<int>("imported"), 3);
  EXPECT_EQ(summary->getValue<int>("skipped"), 0);
  EXPECT_EQ(summary->getValue<int>("errors"), 0);
  EXPECT_EQ(summary->getArray("error_rows")->size(), 0u);
  EXPECT_FALSE(summary->has("error_rows_truncated"));

  r = Import("format=vtt&interviewer=Maria%20Petrenko&interview=zoom-1", Fixture("interview_zoom.vtt"),
             "text/vtt; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("imported"), 4);

  auto items = TaggedFeedback(7);
  ASSERT_EQ(items->size(), 7u);
  int reviews = 0, interviewer = 0, customer = 0;
  for (size_t k = 0; k < items->size(); ++k) {
    auto f = items->getObject(static_cast<unsigned>(k));
    const std::string text = f->getValue<std::string>("text");
    if (f->getValue<std::string>("source") == "review") {
      ++reviews;
      EXPECT_EQ(f->getValue<std::string>("format"), "trustpilot");
      ASSERT_FALSE(f->isNull("tags")) << text;
      EXPECT_TRUE(f->getObject("tags")->has("sentiment")) << text;
      if (text.find("sofa") != std::string::npos) {
        EXPECT_EQ(f->getObject("tags")->getObject("sentiment")->getValue<std::string>("label"), "negative");
        EXPECT_EQ(f->getValue<std::string>("author"), "Paul W.");
      }
      continue;
    }
    EXPECT_EQ(f->getValue<std::string>("source"), "interview");
    EXPECT_EQ(f->getValue<std::string>("interview"), "zoom-1");
    if (f->getValue<bool>("is_interviewer")) {
      ++interviewer;
      EXPECT_EQ(f->getValue<std::string>("speaker"), "Maria Petrenko");
      EXPECT_TRUE(f->isNull("tags")) << "the interviewer's turns are kept, not tagged";
    } else {
      ++customer;
      EXPECT_EQ(f->getValue<std::string>("speaker"), "Ivan Bondar");
      ASSERT_FALSE(f->isNull("tags"));
      if (text.find("кур'єр") != std::string::npos) {
        EXPECT_EQ(f->getValue<std::string>("lang"), "uk") << "detected: the transcript names no language";
      }
    }
  }
  EXPECT_EQ(reviews, 3);
  EXPECT_EQ(interviewer, 2);
  EXPECT_EQ(customer, 2);

  // Re-importing adds nothing.
  r = Import("format=trustpilot&name=tp.json", Fixture("trustpilot_reviews.json"), "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("imported"), 0);
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("skipped"), 3);
  r = Import("format=auto&interviewer=Maria%20Petrenko&interview=zoom-1", Fixture("interview_zoom.vtt"),
             "application/octet-stream");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("imported"), 0);
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("skipped"), 4);
  EXPECT_EQ(TaggedFeedback(7)->size(), 7u);
}

TEST_F(ImportHttpTest, BadRowsComeBackWithLineNumbers) {
  StartAndPublish();
  HttpResult r = Import("format=yelp", Fixture("bad_rows.jsonl"), "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r.body;
  auto summary = ParseObject(r.body);
  EXPECT_EQ(summary->getValue<int>("imported"), 2);
  EXPECT_EQ(summary->getValue<int>("errors"), 3);
  auto rows = summary->getArray("error_rows");
  ASSERT_EQ(rows->size(), 3u) << r.body;
  std::vector<int> lines;
  for (size_t k = 0; k < rows->size(); ++k) {
    lines.push_back(rows->getObject(static_cast<unsigned>(k))->getValue<int>("line"));
    EXPECT_FALSE(rows->getObject(static_cast<unsigned>(k))->getValue<std::string>("error").empty());
  }
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4})) << r.body;
  EXPECT_FALSE(summary->has("error_rows_truncated"));

  // More than 100 bad rows: the first 100 are listed, and the list says it is cut.
  std::string many;
  for (int i = 0; i < 150; ++i) many += "{\"text\": \"\"}\n";
  many += "{\"text\": \"Delivery was quick, thank you\"}\n";
  r = Import("format=jsonl&name=many.jsonl", many, "application/jsonl");
  ASSERT_EQ(r.status, 200) << r.body;
  summary = ParseObject(r.body);
  EXPECT_EQ(summary->getValue<int>("imported"), 1);
  EXPECT_EQ(summary->getValue<int>("errors"), 150);
  EXPECT_EQ(summary->getArray("error_rows")->size(), 100u);
  EXPECT_TRUE(summary->getValue<bool>("error_rows_truncated"));
}

TEST_F(ImportHttpTest, GenericCsvWithMapDelimiterAndScale) {
  StartAndPublish();
  const std::string csv =
      "Review;Stars;User\n"
      "\"Courier was two days late; support did not answer\";2;Ann\n"
      "Great app, fast checkout;10;Bob\n";
  HttpResult r =
      Import("format=csv&map=text%3DReview%2Crating%3DStars%2Cauthor%3DUser&delimiter=%3B&rating_scale=10",
             csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("imported"), 2) << r.body;
  auto items = TaggedFeedback(2);
  ASSERT_EQ(items->size(), 2u);
  for (size_t k = 0; k < items->size(); ++k) {
    auto f = items->getObject(static_cast<unsigned>(k));
    EXPECT_EQ(f->getValue<std::string>("format"), "csv");
    if (f->getValue<std::string>("author") == "Bob") {
      EXPECT_EQ(f->getValue<double>("rating"), 5.0);
    }
  }
}

TEST_F(ImportHttpTest, ErrorStatuses) {
  StartAndPublish();
  const std::string vtt = Fixture("interview_zoom.vtt");
  // 401 without or with a wrong token.
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys/t1/imports?format=vtt", vtt, "text/vtt").status, 401);
  EXPECT_EQ(Http(port_, "POST", "/api/v1/surveys/t1/imports?format=vtt", vtt, "text/vtt",
                 {{"Authorization", "Bearer nope"}})
                .status,
            401);
  // 405 for other methods.
  HttpResult r = Http(port_, "GET", "/api/v1/surveys/t1/imports", "", "", kAuth);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "POST");
  // 415 for a type that is not a file.
  r = Import("format=vtt", vtt, "text/html");
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_NE(ParseObject(r.body)->getValue<std::string>("error").find("text/vtt"), std::string::npos);
  EXPECT_EQ(Import("format=vtt", vtt, "multipart/form-data; boundary=x").status, 415);
  // 400 for a bad query, naming the parameter.
  struct Case {
    const char* query;
    const char* field;
  } cases[] = {{"", "format"},
               {"format=docx", "format"},
               {"format=csv&map=colour%3Dx", "map"},
               {"format=csv&delimiter=ab", "delimiter"},
               {"format=csv&rating_scale=0", "rating_scale"},
               {"format=vtt&speaker=x", "speaker"}};
  for (const Case& c : cases) {
    r = Import(c.query, vtt, "text/vtt");
    EXPECT_EQ(r.status, 400) << c.query << " " << r.body;
    EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("field"), c.field) << c.query << " " << r.body;
  }
  // 400, not 500, when the file as a whole is not the format: the message says what it looks like.
  r = Import("format=googleplay", vtt, "text/csv");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(ParseObject(r.body)->getValue<std::string>("error").find("WebVTT"), std::string::npos) << r.body;
  r = Import("format=csv", std::string("PK\x03\x04\0\0\x14\0\x06\0", 10) + std::string(200, '\0'),
             "application/octet-stream");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(ParseObject(r.body)->getValue<std::string>("error").find("binary"), std::string::npos) << r.body;
  r = Import("format=vtt", "", "text/vtt");
  EXPECT_EQ(r.status, 400) << r.body;
  // The server still answers on the same data after those.
  r = Import("format=vtt&interviewer=Maria%20Petrenko", vtt, "text/vtt");
  EXPECT_EQ(r.status, 200) << r.body;
  // 404 unknown survey, 409 closed survey.
  EXPECT_EQ(Import("format=vtt", vtt, "text/vtt", "nope").status, 404);
  ASSERT_EQ(Http(port_, "POST", "/api/v1/surveys/t1/close", "", "", kAuth).status, 200);
  r = Import("format=vtt", vtt, "text/vtt");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(ParseObject(r.body)->has("error"));
}

TEST_F(ImportHttpTest, ImportsHaveTheirOwnBodyCap) {
  // http.max_body_bytes is for JSON bodies; a file may be larger, up to http.max_import_bytes.
  StartAndPublish("http.max_body_bytes = 1600\nhttp.max_import_bytes = 3000\n");
  std::string file;
  for (int i = 0; file.size() < 2900; ++i) {
    file += "{\"id\": \"k" + std::to_string(i) + "\", \"text\": \"The package arrived on time, number " +
            std::to_string(i) + "\"}\n";
  }
  ASSERT_LE(file.size(), 3000u);
  HttpResult r = Import("format=jsonl", file, "application/x-ndjson");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("errors"), 0) << r.body;

  const std::string path = "/api/v1/surveys/t1/imports?format=jsonl";
  const std::string auth = std::string("Authorization: Bearer ") + kToken + "\r\n";
  // Declared over the cap: 413 before reading.
  r = RawHttp(port_, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n" +
                         auth + "Content-Length: 3001\r\n\r\n{");
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("http.max_import_bytes"), std::string::npos) << r.body;
  // Chunked, counted while streaming.
  std::string chunks;
  for (int i = 0; i < 80; ++i) {
    char line[128];
    std::snprintf(line, sizeof line,
                  "{\"id\": \"r%03d\", \"text\": \"The courier was late again, order %03d\"}\n", i, i);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", std::string(line).size());
    chunks += size;
    chunks += line;
    chunks += "\r\n";
  }
  r = RawHttp(port_, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n" +
                         auth + "Transfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("http.max_import_bytes"), std::string::npos) << r.body;
  // 411 without a length.
  r = RawHttp(port_, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n" +
                         auth + "Connection: close\r\n\r\n");
  EXPECT_EQ(r.status, 411) << r.body;
  // A small chunked file is fine.
  const std::string one = "{\"text\": \"Support solved it in five minutes\"}\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", one.size());
  r = RawHttp(port_, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n" +
                         auth + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + size + "\r\n" +
                         one + "\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"imported\":1"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace touchpoint
