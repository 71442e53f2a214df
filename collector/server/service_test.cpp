#include "touchpoint/collector/service.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "tag_worker.h"
#include "testutil/fixtures.h"
#include "testutil/testutil.h"
#include "touchpoint/analysis/tagger.h"

namespace touchpoint::collector {
namespace {

using testutil::kDetractorResponseJson;
using testutil::kPromoterResponseJson;
using testutil::kTestSurveyJson;

// Labels every text negative/purchase/delivery; rejects texts containing "REJECT".
class FakeTagger : public analysis::Tagger {
 public:
  Result<analysis::Tags> Tag(const analysis::TagInput& in) const override {
    if (in.text.find("REJECT") != std::string_view::npos) return Error(Code::kInvalid, "rejected by fake");
    analysis::Tags t;
    t.lang = in.lang.empty() ? "en" : std::string(in.lang);
    t.sentiment = "negative";
    t.score = -0.5;
    t.stages = {"purchase", "service"};
    t.pain_points = {"delivery"};
    return t;
  }
  std::string Version() const override { return "fake-1"; }
};

class CollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenSqliteStorage(dir_.str());
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    storage_ = std::move(*s);
    collector_ = std::make_unique<Collector>(*storage_, [this] { return now_ms_; });
  }
  std::string Export(const ExportOptions& o) {
    auto view = collector_->Find("t1");
    EXPECT_TRUE(view.ok());
    std::ostringstream out;
    Status st = collector_->Export(*view, o, out);
    EXPECT_TRUE(st.ok()) << st.error().ToString();
    return out.str();
  }

  testutil::TempDir dir_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Collector> collector_;
  int64_t now_ms_ = 1795600800000;  // 2026-11-25T10:00:00Z
};

TEST_F(CollectorTest, PublishesAndRefusesADuplicateId) {
  auto id = collector_->Publish(kTestSurveyJson);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(*id, "t1");
  auto again = collector_->Publish(kTestSurveyJson);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kConflict);
}

TEST_F(CollectorTest, AssignsAnIdWhenMissing) {
  std::string json = kTestSurveyJson;
  json.replace(json.find("\"id\": \"t1\", "), 12, "");
  auto a = collector_->Publish(json);
  auto b = collector_->Publish(json);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(collector_->Find(*a).ok());
}

TEST_F(CollectorTest, InvalidSurveyListsEveryProblem) {
  auto id =
      collector_->Publish(R"({"id": "x", "questions": [{"id": "q", "type": "nope"}, {"type": "text"}]})");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, Code::kInvalid);
  EXPECT_GE(id.error().details.size(), 2u);
}

TEST_F(CollectorTest, ShowAddsStatusAndCloseIsIdempotent) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  auto json = collector_->ShowJson("t1");
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"status\":\"open\""), std::string::npos);
  ASSERT_TRUE(collector_->Close("t1").ok());
  ASSERT_TRUE(collector_->Close("t1").ok());
  EXPECT_NE(collector_->ShowJson("t1")->find("\"status\":\"closed\""), std::string::npos);
  auto r = collector_->SubmitJson("t1", kDetractorResponseJson);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kConflict);
  EXPECT_EQ(collector_->Close("nope").error().code, Code::kNotFound);
}

TEST_F(CollectorTest, SubmitValidatesAndReportsIgnoredAnswers) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  auto ok = collector_->SubmitJson("t1", kPromoterResponseJson);
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->id.size(), 32u);
  EXPECT_EQ(ok->ignored, std::vector<std::string>{"delivery"});

  auto bad = collector_->SubmitJson("t1", R"({"answers": {"heard": "ad", "nps": 11}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalid);
  EXPECT_EQ(bad.error().field, "answers.nps");

  auto malformed = collector_->SubmitJson("t1", R"({"answers": )");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.error().message.find("offset"), std::string::npos) << malformed.error().message;

  EXPECT_EQ(collector_->SubmitJson("nope", kPromoterResponseJson).error().code, Code::kNotFound);
  EXPECT_EQ(collector_->Find("t1")->responses, 1);
}

TEST_F(CollectorTest, ExportsCsvWithFlattenedAnswersAndTags) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  auto a = collector_->SubmitJson("t1", kDetractorResponseJson);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  now_ms_ += 1000;
  ASSERT_TRUE(collector_->SubmitJson("t1", kPromoterResponseJson).ok());

  TagWorker worker(*storage_, std::make_shared<FakeTagger>(), [this] { return now_ms_; });
  auto tagged = worker.RunOnce();
  ASSERT_TRUE(tagged.ok()) << tagged.error().ToString();
  EXPECT_EQ(*tagged, 1) << "one text answer was queued";

  const std::string csv = Export({});
  std::istringstream lines(csv);
  std::string header, row1, row2;
  std::getline(lines, header);
  std::getline(lines, row1);
  std::getline(lines, row2);
  EXPECT_EQ(
      header,
      "response_id,submitted_at,language,channel,respondent,heard,nps,channels,sat.speed,sat.price,delivery,"
      "delivery.sentiment,delivery.stages,delivery.pain_points\r");
  EXPECT_EQ(row1,
            a->id +
                ",2026-11-25T10:00:00Z,uk,web,r-1,ad,3,web;app,bad,good,\"Кур'єр запізнився на три дні, "
                "\"\"жах\"\", дуже погано\",negative,purchase;service,delivery\r");
  EXPECT_NE(row2.find(",2026-11-25T10:00:01Z,en,web,,friend,10,,,,,,,"), std::string::npos) << row2;
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), std::string::npos);
  EXPECT_EQ(Export({.bom = true}).rfind("\xEF\xBB\xBFresponse_id,", 0), 0u);
}

TEST_F(CollectorTest, ExportsJsonWithAnswersTagsAndFeedback) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  auto a = collector_->SubmitJson("t1", kDetractorResponseJson);
  ASSERT_TRUE(a.ok());
  TagWorker worker(*storage_, std::make_shared<FakeTagger>(), [this] { return now_ms_; });
  ASSERT_TRUE(worker.RunOnce().ok());

  const std::string json = Export({.format = ExportFormat::kJson});
  Poco::JSON::Parser parser;
  Poco::JSON::Object::Ptr root;
  ASSERT_NO_THROW(root = parser.parse(json).extract<Poco::JSON::Object::Ptr>()) << json;
  EXPECT_EQ(root->getValue<std::string>("survey"), "t1");
  auto responses = root->getArray("responses");
  ASSERT_EQ(responses->size(), 1u);
  auto r = responses->getObject(0);
  EXPECT_EQ(r->getValue<std::string>("response_id"), a->id);
  EXPECT_EQ(r->getValue<std::string>("submitted_at"), "2026-11-25T10:00:00Z");
  EXPECT_EQ(r->getObject("answers")->getValue<int>("nps"), 3);
  EXPECT_EQ(r->getObject("answers")->getObject("sat")->getValue<std::string>("speed"), "bad");
  auto tags = r->getObject("tags")->getObject("delivery");
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->getArray("pain_points")->getElement<std::string>(0), "delivery");
  EXPECT_EQ(root->getArray("feedback")->size(), 0u);
}

TEST_F(CollectorTest, RejectedTextsLeaveTheQueue) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  ASSERT_TRUE(
      collector_->SubmitJson("t1", R"({"answers": {"heard": "ad", "nps": 1, "delivery": "REJECT me"}})")
          .ok());
  TagWorker worker(*storage_, std::make_shared<FakeTagger>(), [this] { return now_ms_; });
  EXPECT_EQ(*worker.RunOnce(), 1);
  EXPECT_EQ(*worker.RunOnce(), 0) << "an untaggable text must not be retried forever";
}

TEST_F(CollectorTest, BackgroundWorkerTagsAfterWake) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  TagWorker worker(
      *storage_, std::make_shared<FakeTagger>(), [this] { return now_ms_; }, 64, 50);
  worker.Start();
  ASSERT_TRUE(collector_->SubmitJson("t1", kDetractorResponseJson).ok());
  worker.Wake();
  bool tagged = false;
  for (int i = 0; i < 200 && !tagged; ++i) {
    int n = 0;
    ASSERT_TRUE(storage_->ForEachTags("t1", [&](const TagRecord&) { return ++n, true; }).ok());
    tagged = n == 1;
    if (!tagged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  worker.Stop();
  EXPECT_TRUE(tagged);
}

TEST_F(CollectorTest, ExportKeepsJsonValidWhenAStoredTagResultIsNot) {
  ASSERT_TRUE(collector_->Publish(kTestSurveyJson).ok());
  auto a = collector_->SubmitJson("t1", kDetractorResponseJson);
  ASSERT_TRUE(a.ok());
  auto pending = storage_->TakePending(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  const PendingText& p = pending->front();
  TagRecord broken{p.owner_kind, p.owner_id, p.question_id, p.survey_id, "{\"id\":not-json", now_ms_, "v"};
  ASSERT_TRUE(storage_->PutTags(std::vector<TagRecord>{broken}).ok());
  const std::string json = Export({.format = ExportFormat::kJson});
  Poco::JSON::Parser parser;
  Poco::JSON::Object::Ptr root;
  ASSERT_NO_THROW(root = parser.parse(json).extract<Poco::JSON::Object::Ptr>()) << json;
  auto tags = root->getArray("responses")->getObject(0)->getObject("tags")->getObject("delivery");
  EXPECT_TRUE(tags->has("error"));
}

TEST(IsoUtcTest, FormatsUtcSeconds) {
  EXPECT_EQ(IsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoUtc(1795600800999), "2026-11-25T10:00:00Z");
}

}  // namespace
}  // namespace touchpoint::collector
