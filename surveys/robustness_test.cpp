// Deterministic mutation tests for every parser in the module (a cheap stand-in for the libFuzzer targets):
// valid inputs are corrupted byte by byte; each parser must return a value or a well-formed error, and what
// it accepts must survive the canonical JSON round trip unchanged.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "touchpoint/surveys/expr.h"
#include "touchpoint/surveys/survey.h"

namespace touchpoint::surveys {
namespace {

using namespace std::string_literals;

constexpr const char* kSurvey =
    R"json({"id": "fz", "languages": ["en", "uk"], "title": {"en": "T", "uk": "Т"},
  "questions": [
    {"id": "a", "type": "single_choice", "text": "A?", "options": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]},
    {"id": "b", "type": "nps", "text": "B?", "required": true},
    {"id": "c", "type": "text", "text": "C?", "visible_if": "b <= 6 and a in ['x']", "max_length": 9},
    {"id": "d", "type": "matrix", "text": "D?", "rows": [{"id": "r", "text": "R"}], "columns": [{"id": "k", "text": "K"}]},
    {"id": "e", "type": "rating", "text": "E?", "scale": {"min": -2, "max": 2}},
    {"id": "f", "type": "number", "text": "F?", "min": 0.5, "max": 9.25},
    {"id": "g", "type": "likert", "text": "G?"},
    {"id": "h", "type": "ranking", "text": "H?", "options": [{"id": "1", "text": "1"}, {"id": "2", "text": "2"}]},
    {"id": "i", "type": "multiple_choice", "text": "I?", "options": [{"id": "m", "text": "M"}]},
    {"id": "j", "type": "date", "text": "J?", "visible_if": "not answered(c) || e >= 0"}
  ]})json";

constexpr const char* kResponse =
    R"json({"lang": "uk", "answers": {"a": "x", "b": 3, "c": "ой", "d": {"r": "k"}, "e": -1, "f": 1.5,
    "g": "agree", "h": ["2", "1"], "i": ["m"], "j": "2024-02-29"}})json";

// Replaces, inserts or deletes a few bytes; interesting bytes are JSON/expression punctuation.
std::string Mutate(std::string s, std::mt19937& rng) {
  static const std::string kBytes = "{}[]\":,'\\ 0123456789-.eE+tfn\x00\xff\xd0\x96()=<>!&|abnotin"s;
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits && !s.empty(); ++k) {
    const size_t at = rng() % s.size();
    const char b = kBytes[rng() % kBytes.size()];
    switch (rng() % 3) {
      case 0:
        s[at] = b;
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), b);
        break;
      default:
        s.erase(at, 1 + rng() % 3);
        break;
    }
  }
  return s;
}

TEST(RobustnessTest, MutatedSurveys) {
  std::mt19937 rng(20261125);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string input = Mutate(kSurvey, rng);
    auto s = ParseSurvey(input);
    if (!s.ok()) {
      EXPECT_FALSE(s.error().message.empty());
      EXPECT_TRUE(s.error().code == Code::kInvalid || s.error().code == Code::kTooLarge);
      for (const auto& d : s.error().details) EXPECT_FALSE(d.field.empty()) << d.message;
      continue;
    }
    ++accepted;
    const std::string json = SurveyToJson(*s);
    auto again = ParseSurvey(json);
    ASSERT_TRUE(again.ok()) << "canonical JSON rejected: " << json << "\nfrom: " << input;
    EXPECT_EQ(SurveyToJson(*again), json) << input;
  }
  EXPECT_GT(accepted, 0);  // some mutations (inside texts) keep the survey valid
}

TEST(RobustnessTest, MutatedResponses) {
  auto survey = ParseSurvey(kSurvey);
  ASSERT_TRUE(survey.ok());
  std::mt19937 rng(7);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string input = Mutate(kResponse, rng);
    auto r = ParseResponse(input);
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
      continue;
    }
    ++accepted;
    auto back = AnswersFromJson(AnswersToJson(r->answers));
    ASSERT_TRUE(back.ok()) << input;
    EXPECT_EQ(*back, r->answers) << input;
    std::vector<std::string> ignored;
    const auto errs = CheckResponse(*survey, *r, &ignored);
    for (const auto& e : errs) EXPECT_EQ(e.field.rfind("answers.", 0), 0u) << e.field;
    for (const std::string& id : ignored) EXPECT_FALSE(r->answers.contains(id));
  }
  EXPECT_GT(accepted, 0);
}

TEST(RobustnessTest, MutatedExpressions) {
  const std::string seeds[] = {"nps <= 6 and heard in ['ad', \"tv\"]", "not (answered(q) || x != 'it\\'s')",
                               "a == -1.5 or (b > 2 and !(c < 3))"};
  const Answers answers = {{"nps", int64_t{3}},
                           {"heard", std::string("ad")},
                           {"q", std::vector<std::string>{"z"}},
                           {"a", -1.5},
                           {"b", int64_t{4}}};
  std::mt19937 rng(42);
  for (int i = 0; i < 6000; ++i) {
    const std::string input = Mutate(seeds[i % 3], rng);
    auto e = Expr::Parse(input);
    if (!e.ok()) {
      EXPECT_EQ(e.error().message.rfind("at position ", 0), 0u) << input << " -> " << e.error().message;
      continue;
    }
    (void)(*e)->Eval(AnswersLookup(answers));
    // Parsing the same source again gives the same identifiers.
    auto again = Expr::Parse((*e)->source());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->Identifiers(), (*e)->Identifiers());
  }
}

TEST(RobustnessTest, MutatedFormFields) {
  auto survey = ParseSurvey(kSurvey);
  ASSERT_TRUE(survey.ok());
  std::mt19937 rng(99);
  const std::multimap<std::string, std::string> base = {{"a", "x"},   {"b", "3"},  {"c", "ой"},
                                                        {"d.r", "k"}, {"e", "-1"}, {"f", "1,5"},
                                                        {"h", "2"},   {"h", "1"},  {"j", "2024-02-29"}};
  for (int i = 0; i < 3000; ++i) {
    std::multimap<std::string, std::string> fields;
    for (const auto& [k, v] : base)
      fields.emplace(rng() % 4 == 0 ? Mutate(k, rng) : k, rng() % 3 == 0 ? Mutate(v, rng) : v);
    std::vector<FieldError> errs;
    Response r = ResponseFromForm(*survey, fields, &errs);
    for (const auto& e : errs) EXPECT_EQ(e.field.rfind("answers.", 0), 0u);
    (void)CheckResponse(*survey, r, nullptr);
  }
}

}  // namespace
}  // namespace touchpoint::surveys
