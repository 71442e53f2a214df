// Tests of the JSON reader/escaper and of the evaluation metrics (hand-computed cases mirroring score.py).
#include <gtest/gtest.h>

#include "touchpoint/analysis/json.h"
#include "touchpoint/analysis/metrics.h"

namespace touchpoint::analysis {
namespace {

TEST(JsonTest, ParsesObjectsKeepingRawTokens) {
  auto v =
      ParseJson(R"( {"id": 17, "text": "a\"b\\c\u0416\ud83d\ude00", "lang": null, "n": [1, -2.5e1, true]} )");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->Find("id")->raw, "17");
  EXPECT_EQ(v->Find("text")->str, "a\"b\\cЖ😀");
  EXPECT_EQ(v->Find("lang")->type, JsonValue::Type::kNull);
  EXPECT_DOUBLE_EQ(v->Find("n")->items[1].number, -25);
  EXPECT_TRUE(v->Find("n")->items[2].boolean);
  EXPECT_EQ(v->Find("missing"), nullptr);
}

TEST(JsonTest, RejectsMalformedInput) {
  for (const char* bad : {"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "\"unterminated", "01", "{\"a\":1} x",
                          "\"\\ud800\"", "\"tab\there\"", "nul", "{'a':1}"}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << bad;
  }
  std::string deep(100, '[');
  EXPECT_FALSE(ParseJson(deep).ok());
}

TEST(JsonTest, EscapesForJsonAndHtml) {
  EXPECT_EQ(JsonString("a\"b\\c\n<x>&\x01"), "\"a\\\"b\\\\c\\n\\u003cx\\u003e\\u0026\\u0001\"");
  auto back = ParseJson(JsonString("ж \"q\" <script>"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->str, "ж \"q\" <script>");
}

TEST(MetricsTest, SentimentLikeScorePy) {
  // gold: pos pos neg neg; pred: pos neg neg (missing) -> acc 0.5
  auto s = ScoreSentiment(
      {"positive", "positive", "negative", "negative"},
      {std::string("positive"), std::string("negative"), std::string("negative"), std::nullopt});
  EXPECT_EQ(s.classes, (std::vector<std::string>{"positive", "negative"}));
  EXPECT_DOUBLE_EQ(s.accuracy, 0.5);
  EXPECT_EQ(s.missing, 1u);
  // positive: P 1/1, R 1/2 -> F1 2/3; negative: P 1/2, R 1/2 -> 0.5
  EXPECT_NEAR(s.per_class["positive"].f1, 2.0 / 3, 1e-12);
  EXPECT_NEAR(s.per_class["negative"].f1, 0.5, 1e-12);
  EXPECT_NEAR(s.macro_f1, (2.0 / 3 + 0.5) / 2, 1e-12);
}

TEST(MetricsTest, NeutralOnBinarySetIsWrongAndNotAClass) {
  auto s = ScoreSentiment({"positive", "negative"}, {std::string("neutral"), std::string("negative")});
  EXPECT_EQ(s.classes.size(), 2u);
  EXPECT_DOUBLE_EQ(s.accuracy, 0.5);
  EXPECT_EQ(s.other_predicted.at("neutral"), 1u);
  EXPECT_DOUBLE_EQ(s.per_class["positive"].f1, 0.0);
  EXPECT_NE(FormatSentimentScores(s).find("macro_f1=0.5000"), std::string::npos) << FormatSentimentScores(s);
}

TEST(MetricsTest, TagsMicroMacroExactSkippedMissing) {
  using Set = std::set<std::string>;
  std::vector<std::optional<Set>> gold = {Set{"a", "b"}, Set{}, std::nullopt, Set{"a"}};
  std::vector<std::optional<Set>> pred = {Set{"a", "c"}, Set{}, Set{"a"}, std::nullopt};
  auto t = ScoreTags(gold, pred);
  EXPECT_EQ(t.n, 3u);
  EXPECT_EQ(t.skipped, 1u);
  EXPECT_EQ(t.missing, 1u);
  // tp=1 (a), fp=1 (c), fn=2 (b, a in row 4)
  EXPECT_NEAR(t.micro_p, 0.5, 1e-12);
  EXPECT_NEAR(t.micro_r, 1.0 / 3, 1e-12);
  EXPECT_NEAR(t.micro_f1, 0.4, 1e-12);
  // labels in gold: a (P 1/1, R 1/2 -> 2/3), b (0) -> macro 1/3
  EXPECT_NEAR(t.macro_f1, 1.0 / 3, 1e-12);
  EXPECT_NEAR(t.exact_match, 1.0 / 3, 1e-12);  // the empty == empty row
  EXPECT_EQ(t.unknown_predicted.at("c"), 1u);
  EXPECT_NE(FormatTagScores(t).find("micro_f1=0.4000"), std::string::npos);
}

}  // namespace
}  // namespace touchpoint::analysis
