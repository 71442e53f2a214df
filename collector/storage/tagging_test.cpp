// The shared tagging function (TagTexts) and the queue drainer built on it.
#include "touchpoint/collector/tagging.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "testutil/testutil.h"

namespace touchpoint::collector {
namespace {

// The result names the text (as the language) and the thread that tagged it (as a stage).
class EchoTagger : public analysis::Tagger {
 public:
  Result<analysis::Tags> Tag(const analysis::TagInput& in) const override {
    if (in.text == "REJECT") return Error(Code::kInvalid, "rejected by fake");
    analysis::Tags t;
    t.lang = in.text == "undetermined" ? "und" : std::string(in.text);
    t.stages = {std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()))};
    if (!in.stage_prior.empty()) t.stages.push_back(std::string(in.stage_prior));
    return t;
  }
  std::string Version() const override { return "echo-1"; }
};

std::vector<PendingText> Texts(int n) {
  std::vector<PendingText> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(
        PendingText{"feedback", "id" + std::to_string(i), "", "s", "t" + std::to_string(i), "", "", ""});
  }
  return out;
}

TEST(TagTextsTest, TagsInInputOrderOnEveryThreadCount) {
  EchoTagger tagger;
  const std::vector<PendingText> texts = Texts(1000);
  for (int threads : {1, 2, 4}) {
    TagPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    std::vector<std::string> langs;
    TagTextsOptions options;
    options.pool = &pool;
    options.now_ms = 77;
    options.langs = &langs;
    std::set<std::string> workers;
    for (int round = 0; round < 3; ++round) {  // the pool is reused from batch to batch
      std::vector<TagRecord> records = TagTexts(tagger, texts, options);
      ASSERT_EQ(records.size(), texts.size());
      ASSERT_EQ(langs.size(), texts.size());
      for (size_t i = 0; i < texts.size(); ++i) {
        const std::string want = "t" + std::to_string(i);
        ASSERT_EQ(records[i].owner_id, texts[i].owner_id) << threads << " threads";
        ASSERT_EQ(langs[i], want);
        ASSERT_NE(records[i].tags_json.find("\"lang\":\"" + want + "\""), std::string::npos)
            << records[i].tags_json;
        ASSERT_EQ(records[i].tags_json.rfind("{\"id\":\"" + texts[i].owner_id + "\"", 0), 0u);
        EXPECT_EQ(records[i].tagged_at_ms, 77);
        EXPECT_EQ(records[i].tagger_version, "echo-1");
        EXPECT_EQ(records[i].survey_id, "s");
        const size_t at = records[i].tags_json.find("\"stages\":[\"") + 11;
        workers.insert(records[i].tags_json.substr(at, records[i].tags_json.find('"', at) - at));
      }
    }
    if (threads == 1) {
      EXPECT_EQ(workers.size(), 1u);
    }
  }
}

TEST(TagTextsTest, RejectedTextsGetAnErrorResultAndUndeterminedLanguagesStayEmpty) {
  EchoTagger tagger;
  std::vector<PendingText> texts = Texts(3);
  texts[1].text = "REJECT";
  texts[2].text = "undetermined";
  texts[2].stage = "purchase";
  std::vector<std::string> langs;
  TagTextsOptions options;
  options.langs = &langs;
  std::vector<TagRecord> records = TagTexts(tagger, texts, options);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].tags_json, "{\"id\":\"id1\",\"error\":\"rejected by fake\"}");
  EXPECT_EQ(langs, (std::vector<std::string>{"t0", "", ""}));
  EXPECT_NE(records[2].tags_json.find("\"purchase\""), std::string::npos) << "question priors are passed on";
  EXPECT_GT(records[0].tagged_at_ms, 1'700'000'000'000) << "the system clock by default";
}

TEST(TagTextsTest, DrainTagQueueTagsEveryQueuedTextOnAPool) {
  testutil::TempDir tmp;
  auto storage = OpenSqliteStorage(tmp.str());
  ASSERT_TRUE(storage.ok()) << storage.error().ToString();
  Storage& s = **storage;
  SurveyRecord survey;
  survey.id = "s";
  survey.json = "{}";
  survey.status = "open";
  ASSERT_TRUE(s.PutSurvey(survey).ok());
  std::vector<FeedbackRecord> items;
  for (int i = 0; i < 50; ++i) {
    FeedbackRecord f;
    f.id = "f" + std::to_string(i);
    f.survey_id = "s";
    f.source = "review";
    f.format = "yelp";
    f.source_id = f.id;
    f.text = "text" + std::to_string(i);
    items.push_back(f);
  }
  ASSERT_TRUE(s.AddFeedback(items).ok());
  EchoTagger tagger;
  TagPool pool(3);
  DrainOptions options;
  options.batch = 16;
  options.pool = &pool;
  options.now_ms = [] { return int64_t{5}; };
  auto done = DrainTagQueue(s, tagger, options);
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(*done, 50);
  EXPECT_TRUE(s.TakePending(10)->empty());
  int tagged = 0;
  ASSERT_TRUE(
      s.ForEachTags("s", [&](const TagRecord& t) {
         EXPECT_NE(t.tags_json.find("\"lang\":\"text" + t.owner_id.substr(1) + "\""), std::string::npos)
             << t.tags_json;
         EXPECT_EQ(t.tagged_at_ms, 5);
         ++tagged;
         return true;
       }).ok());
  EXPECT_EQ(tagged, 50);
}

}  // namespace
}  // namespace touchpoint::collector
