#include "touchpoint/surveys/survey.h"

#include <gtest/gtest.h>

#include <string>

namespace touchpoint::surveys {
namespace {

// A survey with every question type, used by several tests.
constexpr const char* kAllTypes = R"({
  "id": "all-types", "default_language": "en", "languages": ["en", "uk"],
  "title": {"en": "Everything", "uk": "Усе"},
  "description": "A test survey",
  "questions": [
    {"id": "heard", "type": "single_choice", "stage": "awareness", "touchpoint": "advertising", "required": true,
     "text": {"en": "Where did you hear about us?", "uk": "Де ви про нас дізналися?"},
     "help": {"en": "Pick one"},
     "options": [{"id": "ad", "text": {"en": "Advertising", "uk": "Реклама"}}, {"id": "friend", "text": "A friend"}]},
    {"id": "compared", "type": "multiple_choice", "stage": "consideration", "text": "What did you compare?",
     "options": [{"id": "price", "text": "Price"}, {"id": "brand", "text": "Brand"}]},
    {"id": "ease", "type": "rating", "stage": "purchase", "text": "How easy was ordering?", "scale": {"min": 1, "max": 10}},
    {"id": "nps", "type": "nps", "stage": "advocacy", "text": "How likely are you to recommend us?"},
    {"id": "again", "type": "likert", "stage": "loyalty", "text": "I would buy here again"},
    {"id": "factors", "type": "matrix", "stage": "decision", "text": "How important was each factor?",
     "rows": [{"id": "price", "text": "Price"}, {"id": "reviews", "text": "Reviews"}],
     "columns": [{"id": "low", "text": "Low"}, {"id": "high", "text": "High"}]},
    {"id": "rank", "type": "ranking", "text": "Rank these",
     "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]},
    {"id": "why", "type": "text", "text": "Why?", "max_length": 500, "visible_if": "nps <= 6 and heard == 'ad'"},
    {"id": "orders", "type": "number", "text": "How many orders?", "min": 0, "max": 1000},
    {"id": "last", "type": "date", "text": "Date of the last order"}
  ],
  "x-vendor": {"anything": true}
})";

Survey MustParse(const std::string& json) {
  auto s = ParseSurvey(json);
  if (!s.ok()) {
    std::string all = s.error().message;
    for (const auto& d : s.error().details) all += "\n  " + d.field + ": " + d.message;
    ADD_FAILURE() << all;
    return Survey{};
  }
  return *std::move(s);
}

// The problems ParseSurvey reports for `json` (must fail).
std::vector<FieldError> Problems(const std::string& json) {
  auto s = ParseSurvey(json);
  EXPECT_FALSE(s.ok()) << "parsed: " << json;
  if (s.ok()) return {};
  EXPECT_EQ(s.error().code, Code::kInvalid);
  return s.error().details;
}

// True if some problem has exactly `field` and a message containing `part`.
::testing::AssertionResult HasProblem(const std::vector<FieldError>& problems, const std::string& field,
                                      const std::string& part) {
  std::string seen;
  for (const auto& p : problems) {
    if (p.field == field && p.message.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    seen += "\n  " + p.field + ": " + p.message;
  }
  return ::testing::AssertionFailure() << "no problem " << field << ": ..." << part << "... among:" << seen;
}

// A minimal valid survey whose single question is `question` (a JSON object), plus `extra` top-level keys.
std::string OneQuestion(const std::string& question, const std::string& extra = "") {
  return R"({"id": "s", "title": "T", )" + extra + R"("questions": [)" + question + "]}";
}

TEST(ParseSurveyTest, ParsesEveryQuestionType) {
  const Survey s = MustParse(kAllTypes);
  EXPECT_EQ(s.id, "all-types");
  EXPECT_EQ(s.default_language, "en");
  EXPECT_EQ(s.languages, (std::vector<std::string>{"en", "uk"}));
  EXPECT_EQ(s.title.at("uk"), "Усе");
  EXPECT_EQ(s.description.at("en"), "A test survey");
  EXPECT_EQ(s.stages, DefaultStages());
  ASSERT_EQ(s.questions.size(), 10u);

  const Question& heard = s.questions[0];
  EXPECT_EQ(heard.type, QuestionType::kSingleChoice);
  EXPECT_EQ(heard.stage, "awareness");
  EXPECT_EQ(heard.touchpoint, "advertising");
  EXPECT_TRUE(heard.required);
  EXPECT_EQ(heard.help.at("en"), "Pick one");
  ASSERT_EQ(heard.options.size(), 2u);
  EXPECT_EQ(heard.options[0].text.at("uk"), "Реклама");
  EXPECT_EQ(heard.options[1].text.at("en"), "A friend");  // plain string = default language

  EXPECT_EQ(s.questions[1].type, QuestionType::kMultipleChoice);
  EXPECT_FALSE(s.questions[1].required);
  EXPECT_EQ(s.questions[2].type, QuestionType::kRating);
  EXPECT_EQ(s.questions[2].scale_min, 1);
  EXPECT_EQ(s.questions[2].scale_max, 10);
  EXPECT_EQ(s.questions[3].type, QuestionType::kNps);
  EXPECT_EQ(s.questions[3].scale_min, 0);
  EXPECT_EQ(s.questions[3].scale_max, 10);
  EXPECT_EQ(s.questions[4].type, QuestionType::kLikert);
  EXPECT_EQ(s.questions[4].options.size(), 5u);
  EXPECT_EQ(s.questions[5].type, QuestionType::kMatrix);
  EXPECT_EQ(s.questions[5].rows.size(), 2u);
  EXPECT_EQ(s.questions[5].columns.size(), 2u);
  EXPECT_EQ(s.questions[6].type, QuestionType::kRanking);
  EXPECT_EQ(s.questions[7].type, QuestionType::kText);
  EXPECT_EQ(s.questions[7].max_length, 500);
  EXPECT_EQ(s.questions[7].visible_if, "nps <= 6 and heard == 'ad'");
  ASSERT_NE(s.questions[7].visible, nullptr);
  EXPECT_EQ(s.questions[8].type, QuestionType::kNumber);
  EXPECT_EQ(s.questions[8].min, 0);
  EXPECT_EQ(s.questions[8].max, 1000);
  EXPECT_EQ(s.questions[9].type, QuestionType::kDate);
  EXPECT_EQ(s.FindQuestion("nps"), &s.questions[3]);
  EXPECT_EQ(s.FindQuestion("nope"), nullptr);
}

TEST(ParseSurveyTest, QuestionTypeNamesRoundTrip) {
  for (const char* name : {"single_choice", "multiple_choice", "rating", "nps", "likert", "matrix", "ranking",
                           "text", "number", "date"}) {
    auto t = QuestionTypeFromName(name);
    ASSERT_TRUE(t.has_value()) << name;
    EXPECT_STREQ(QuestionTypeName(*t), name);
  }
  EXPECT_FALSE(QuestionTypeFromName("slider").has_value());
}

TEST(ParseSurveyTest, DefaultsWhenOmitted) {
  const Survey s =
      MustParse(R"({"title": "T", "questions": [{"id": "q", "type": "rating", "text": "Rate"}]})");
  EXPECT_EQ(s.id, "");  // caller assigns one
  EXPECT_EQ(s.default_language, "en");
  EXPECT_EQ(s.languages, (std::vector<std::string>{"en"}));
  EXPECT_EQ(s.stages, DefaultStages());
  EXPECT_EQ(s.questions[0].scale_min, 1);
  EXPECT_EQ(s.questions[0].scale_max, 5);
  EXPECT_FALSE(s.questions[0].required);
}

TEST(ParseSurveyTest, DefaultLanguageMayBeAnyLanguageCode) {
  const Survey s = MustParse(R"({"default_language": "de", "languages": ["de", "fr"], "title": "Umfrage",
                                 "questions": [{"id": "q", "type": "text", "text": "Warum?"}]})");
  EXPECT_EQ(s.default_language, "de");
  EXPECT_EQ(s.questions[0].text.at("de"), "Warum?");
  // Without default_language, the first listed language is the default.
  const Survey t = MustParse(R"({"languages": ["uk", "en"], "title": "Опитування",
                                 "questions": [{"id": "q", "type": "text", "text": "Чому?"}]})");
  EXPECT_EQ(t.default_language, "uk");
}

TEST(ParseSurveyTest, LikertDefaultScaleIsLocalized) {
  const Survey s =
      MustParse(R"({"default_language": "en", "languages": ["en", "ru", "uk", "ro"], "title": "T",
                                 "questions": [{"id": "q", "type": "likert", "text": "Agree?"}]})");
  const auto& opts = s.questions[0].options;
  ASSERT_EQ(opts.size(), 5u);
  EXPECT_EQ(opts[0].id, "strongly_disagree");
  EXPECT_EQ(opts[4].id, "strongly_agree");
  for (const Option& o : opts) {
    for (const char* lang : {"en", "ru", "uk", "ro"}) EXPECT_FALSE(o.text.at(lang).empty()) << o.id << lang;
  }
  EXPECT_EQ(opts[3].text.at("uk"), "Радше погоджуюся");
  EXPECT_EQ(opts[2].text.at("ro"), "Nici acord, nici dezacord");
  // Only the survey's languages are filled.
  const Survey en =
      MustParse(R"({"title": "T", "questions": [{"id": "q", "type": "likert", "text": "Agree?"}]})");
  EXPECT_EQ(en.questions[0].options[0].text.size(), 1u);
  // Custom scale points replace the default.
  const Survey custom = MustParse(OneQuestion(
      R"({"id": "q", "type": "likert", "text": "?", "options": [{"id": "no", "text": "No"}, {"id": "yes", "text": "Yes"}]})"));
  EXPECT_EQ(custom.questions[0].options.size(), 2u);
}

TEST(ParseSurveyTest, TextFallsBackToDefaultLanguage) {
  const Survey s = MustParse(kAllTypes);
  const Question& q = s.questions[0];
  EXPECT_EQ(s.Text(q.text, "uk"), "Де ви про нас дізналися?");
  EXPECT_EQ(s.Text(q.help, "uk"), "Pick one");  // no uk help: default language
  EXPECT_EQ(s.Text(q.text, "ro"), "Where did you hear about us?");
  EXPECT_EQ(s.Text(LangText{{"uk", "лише"}}, "en"), "лише");  // else any present
  EXPECT_EQ(s.Text(LangText{}, "en"), "");
  EXPECT_EQ(s.ResolveLanguage("uk"), "uk");
  EXPECT_EQ(s.ResolveLanguage("ro"), "en");
  EXPECT_EQ(s.ResolveLanguage(""), "en");
}

TEST(ParseSurveyTest, CustomStages) {
  const Survey s = MustParse(OneQuestion(R"({"id": "q", "type": "text", "text": "?", "stage": "onboarding"})",
                                         R"("stages": ["onboarding", "usage"],)"));
  EXPECT_EQ(s.stages, (std::vector<std::string>{"onboarding", "usage"}));
  EXPECT_EQ(s.questions[0].stage, "onboarding");
  auto p = Problems(OneQuestion(R"({"id": "q", "type": "text", "text": "?", "stage": "awareness"})",
                                R"("stages": ["onboarding"],)"));
  EXPECT_TRUE(HasProblem(p, "questions[0].stage", "unknown stage 'awareness'"));
}

TEST(ParseSurveyTest, MalformedJsonNamesPosition) {
  auto s = ParseSurvey("{\"title\": \"T\",\n \"questions\": [}");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kInvalid);
  EXPECT_EQ(s.error().message,
            "malformed JSON at line 2, column 16 (offset 30): expected a value, found '}'");
  auto arr = ParseSurvey("[]");
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.error().message, "survey must be a JSON object, found an array");
}

TEST(ParseSurveyTest, RejectsOversizedJson) {
  std::string big = R"({"title": "T", "pad": ")" + std::string((1 << 20), 'x') + R"(", "questions": []})";
  auto s = ParseSurvey(big);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kTooLarge);
}

TEST(ParseSurveyTest, CountsProblemsInMessage) {
  auto one = ParseSurvey(R"({"title": "T", "questions": [{"id": "q", "type": "text"}]})");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().message, "survey has 1 problem");
  EXPECT_EQ(one.error().field, "questions[0].text");
  ASSERT_EQ(one.error().details.size(), 1u);
  EXPECT_EQ(one.error().details[0], (FieldError{"questions[0].text", "required"}));

  auto two = ParseSurvey(R"({"id": "bad id", "questions": [{"id": "q", "type": "text", "text": "?"}]})");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message, "survey has 2 problems");
  EXPECT_TRUE(HasProblem(two.error().details, "id", "must be 1-64 characters"));
  EXPECT_TRUE(HasProblem(two.error().details, "title", "required"));
}

TEST(ParseSurveyTest, ListsAtMost200ProblemsButCountsAll) {
  std::string qs;
  for (int i = 0; i < 300; ++i) {
    if (i > 0) qs.append(",");
    qs.append(R"({"id": "q)").append(std::to_string(i)).append(R"(", "type": "slider", "text": "?"})");
  }
  auto s = ParseSurvey(R"({"title": "T", "questions": [)" + qs + "]}");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "survey has 300 problems");
  EXPECT_EQ(s.error().details.size(), 200u);
  EXPECT_EQ(s.error().details[199].field, "questions[199].type");
  EXPECT_EQ(s.error().field, "");  // several problems: no single field
}

TEST(ParseSurveyTest, SupportedLanguagesAndStages) {
  EXPECT_EQ(SupportedLanguages(), (std::vector<std::string>{"en", "ru", "uk", "ro"}));
  EXPECT_EQ(DefaultStages(), (std::vector<std::string>{"awareness", "consideration", "decision", "purchase",
                                                       "service", "loyalty", "advocacy"}));
}

TEST(ParseSurveyTest, TopLevelProblems) {
  auto p = Problems(R"({"id": 5, "default_language": "english", "languages": "en", "title": 3,
                        "description": [], "stages": [], "questions": {}})");
  EXPECT_TRUE(HasProblem(p, "id", "must be a string"));
  EXPECT_TRUE(HasProblem(p, "default_language", "language code"));
  EXPECT_TRUE(HasProblem(p, "languages", "must be an array"));
  EXPECT_TRUE(HasProblem(p, "title", "must be a string or an object"));
  EXPECT_TRUE(HasProblem(p, "description", "must be a string or an object"));
  EXPECT_TRUE(HasProblem(p, "stages", "non-empty array"));
  EXPECT_TRUE(HasProblem(p, "questions", "must be an array"));

  EXPECT_TRUE(HasProblem(Problems(R"({"title": "T"})"), "questions", "required"));
  EXPECT_TRUE(
      HasProblem(Problems(R"({"title": "T", "questions": []})"), "questions", "at least one question"));
}

TEST(ParseSurveyTest, LanguageProblems) {
  auto p = Problems(R"({"default_language": "ro", "languages": ["en", "EN", "en", "uk"],
                        "title": {"en": "T", "de": "T"}, "questions": [{"id": "q", "type": "text", "text": "?"}]})");
  EXPECT_TRUE(HasProblem(p, "languages[1]", "language code"));
  EXPECT_TRUE(HasProblem(p, "languages[2]", "duplicate language 'en'"));
  EXPECT_TRUE(HasProblem(p, "default_language", "'ro' is not in languages"));
  EXPECT_TRUE(HasProblem(p, "title.de", "language 'de' is not in languages"));
  EXPECT_TRUE(HasProblem(Problems(R"({"languages": [], "title": "T", "questions": []})"), "languages",
                         "at least one language"));
}

TEST(ParseSurveyTest, TextProblems) {
  const std::string long_text(10001, 'a');
  auto p = Problems(R"({"languages": ["en", "uk"], "title": {"uk": "Лише українською"},
      "questions": [
        {"id": "a", "type": "text", "text": {"en": 5}},
        {"id": "b", "type": "text", "text": "   "},
        {"id": "c", "type": "text", "text": ")" +
                    long_text + R"("},
        {"id": "d", "type": "text", "text": "ok", "help": {"en": ")" +
                    long_text + R"("}}
      ]})");
  EXPECT_TRUE(HasProblem(p, "title", "missing text in the default language 'en'"));
  EXPECT_TRUE(HasProblem(p, "questions[0].text.en", "must be a string"));
  EXPECT_TRUE(HasProblem(p, "questions[1].text", "must not be empty"));
  EXPECT_TRUE(HasProblem(p, "questions[2].text", "longer than 10000 characters"));
  EXPECT_TRUE(HasProblem(p, "questions[3].help.en", "longer than 10000 characters"));
  // Reported once, not again as "missing".
  EXPECT_EQ(p.size(), 5u);
  // 10000 code points of Cyrillic (20000 bytes) are fine.
  std::string cyr;
  for (int i = 0; i < 10000; ++i) cyr += "ж";
  MustParse(OneQuestion(R"({"id": "q", "type": "text", "text": ")" + cyr + R"("})"));
}

TEST(ParseSurveyTest, QuestionProblems) {
  auto p = Problems(R"({"title": "T", "questions": [
      "not an object",
      {"type": "text", "text": "?"},
      {"id": "bad id!", "type": "text", "text": "?"},
      {"id": "q", "text": "?"},
      {"id": "q", "type": "slider", "text": "?"},
      {"id": "r", "type": 7, "text": "?", "required": "yes", "touchpoint": "a b", "stage": 1, "colour": "red"},
      {"id": "s", "type": "text", "text": "?", "visible_if": 3, "x-note": "extensions are fine"}
  ]})");
  EXPECT_TRUE(HasProblem(p, "questions[0]", "must be an object"));
  EXPECT_TRUE(HasProblem(p, "questions[1].id", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[2].id", "must be 1-64 characters"));
  EXPECT_TRUE(HasProblem(p, "questions[3].type", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[4].type", "unknown question type 'slider'"));
  EXPECT_TRUE(HasProblem(p, "questions[4].id", "duplicate question id 'q' (also questions[3])"));
  EXPECT_TRUE(HasProblem(p, "questions[5].type", "must be a string"));
  EXPECT_TRUE(HasProblem(p, "questions[5].required", "must be true or false"));
  EXPECT_TRUE(HasProblem(p, "questions[5].touchpoint", "must be an id"));
  EXPECT_TRUE(HasProblem(p, "questions[5].stage", "must be a string"));
  EXPECT_TRUE(HasProblem(p, "questions[5].colour", "unknown key"));
  EXPECT_TRUE(HasProblem(p, "questions[6].visible_if", "must be a string"));
  EXPECT_EQ(p.size(), 12u);
  const std::string long_id(65, 'q');
  EXPECT_TRUE(
      HasProblem(Problems(OneQuestion(R"({"id": ")" + long_id + R"(", "type": "text", "text": "?"})")),
                 "questions[0].id", "1-64"));
}

TEST(ParseSurveyTest, TooManyQuestions) {
  std::string qs;
  for (int i = 0; i < 501; ++i) {
    if (i > 0) qs.append(",");
    qs.append(R"({"id": "q)").append(std::to_string(i)).append(R"(", "type": "text", "text": "?"})");
  }
  EXPECT_TRUE(
      HasProblem(Problems(R"({"title": "T", "questions": [)" + qs + "]}"), "questions", "at most 500"));
}

TEST(ParseSurveyTest, OptionProblems) {
  auto p = Problems(R"({"title": "T", "questions": [
      {"id": "a", "type": "single_choice", "text": "?"},
      {"id": "b", "type": "multiple_choice", "text": "?", "options": []},
      {"id": "c", "type": "single_choice", "text": "?", "options": {"x": 1}},
      {"id": "d", "type": "single_choice", "text": "?", "options": [
          {"id": "x", "text": "X"}, {"id": "x", "text": "X again"}, {"text": "no id"}, {"id": "has space", "text": "?"},
          {"id": "y"}, "z", {"id": "w", "text": "W", "color": "red"}]},
      {"id": "e", "type": "ranking", "text": "?", "options": [{"id": "only", "text": "One"}]},
      {"id": "f", "type": "matrix", "text": "?", "rows": [{"id": "r", "text": "R"}]},
      {"id": "g", "type": "text", "text": "?", "options": [{"id": "x", "text": "X"}], "rows": [], "columns": []}
  ]})");
  EXPECT_TRUE(HasProblem(p, "questions[0].options", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[1].options", "at least 1 entry"));
  EXPECT_TRUE(HasProblem(p, "questions[2].options", "must be an array"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[1].id", "duplicate id 'x'"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[2].id", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[3].id", "must be 1-64 characters"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[4].text", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[5]", "must be an object"));
  EXPECT_TRUE(HasProblem(p, "questions[3].options[6].color", "unknown key"));
  EXPECT_TRUE(HasProblem(p, "questions[4].options", "at least 2 entries"));
  EXPECT_TRUE(HasProblem(p, "questions[5].columns", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[6].options", "only allowed for single_choice"));
  EXPECT_TRUE(HasProblem(p, "questions[6].rows", "only allowed for matrix"));
  EXPECT_TRUE(HasProblem(p, "questions[6].columns", "only allowed for matrix"));

  std::string many;
  for (int i = 0; i < 201; ++i) {
    if (i > 0) many.append(",");
    many.append(R"({"id": "o)").append(std::to_string(i)).append(R"(", "text": "O"})");
  }
  EXPECT_TRUE(HasProblem(
      Problems(
          OneQuestion(R"({"id": "q", "type": "single_choice", "text": "?", "options": [)" + many + "]}")),
      "questions[0].options", "at most 200"));
}

TEST(ParseSurveyTest, ScaleAndRangeProblems) {
  auto p = Problems(R"({"title": "T", "questions": [
      {"id": "a", "type": "rating", "text": "?", "scale": {"min": 5, "max": 5}},
      {"id": "b", "type": "rating", "text": "?", "scale": {"min": 0, "max": 101}},
      {"id": "c", "type": "rating", "text": "?", "scale": {"min": 1.5, "max": "10", "step": 1}},
      {"id": "d", "type": "rating", "text": "?", "scale": {"max": 3}},
      {"id": "e", "type": "rating", "text": "?", "scale": [1, 5]},
      {"id": "f", "type": "number", "text": "?", "min": 10, "max": 1},
      {"id": "g", "type": "number", "text": "?", "min": "0"},
      {"id": "h", "type": "text", "text": "?", "max_length": 0},
      {"id": "i", "type": "text", "text": "?", "max_length": 10001},
      {"id": "j", "type": "nps", "text": "?", "scale": {"min": 0, "max": 10}, "min": 0, "max_length": 5},
      {"id": "k", "type": "rating", "text": "?", "scale": {"min": -2000000, "max": 3}}
  ]})");
  EXPECT_TRUE(HasProblem(p, "questions[0].scale", "min must be less than max"));
  EXPECT_TRUE(HasProblem(p, "questions[1].scale", "span at most 100"));
  EXPECT_TRUE(HasProblem(p, "questions[2].scale.min", "whole number"));
  EXPECT_TRUE(HasProblem(p, "questions[2].scale.max", "whole number"));
  EXPECT_TRUE(HasProblem(p, "questions[2].scale.step", "unknown key"));
  EXPECT_TRUE(HasProblem(p, "questions[3].scale.min", "required"));
  EXPECT_TRUE(HasProblem(p, "questions[4].scale", "must be an object"));
  EXPECT_TRUE(HasProblem(p, "questions[5].max", "must not be less than min"));
  EXPECT_TRUE(HasProblem(p, "questions[6].min", "must be a number"));
  EXPECT_TRUE(HasProblem(p, "questions[7].max_length", "1 to 10000"));
  EXPECT_TRUE(HasProblem(p, "questions[8].max_length", "1 to 10000"));
  EXPECT_TRUE(HasProblem(p, "questions[9].scale", "only allowed for rating"));
  EXPECT_TRUE(HasProblem(p, "questions[9].min", "only allowed for number"));
  EXPECT_TRUE(HasProblem(p, "questions[9].max_length", "only allowed for text"));
  EXPECT_TRUE(HasProblem(p, "questions[10].scale.min", "between -1000000 and 1000000"));
  // Span exactly 100 is fine.
  const Survey ok = MustParse(
      OneQuestion(R"({"id": "q", "type": "rating", "text": "?", "scale": {"min": 0, "max": 100}})"));
  EXPECT_EQ(ok.questions[0].scale_max, 100);
}

TEST(ParseSurveyTest, VisibleIfProblems) {
  auto p = Problems(R"({"title": "T", "questions": [
      {"id": "heard", "type": "single_choice", "text": "?", "options": [{"id": "ad", "text": "Ad"}]},
      {"id": "nps", "type": "nps", "text": "?"},
      {"id": "a", "type": "text", "text": "?", "visible_if": "nps <="},
      {"id": "b", "type": "text", "text": "?", "visible_if": "later == 1"},
      {"id": "c", "type": "text", "text": "?", "visible_if": "c == 'x'"},
      {"id": "d", "type": "text", "text": "?", "visible_if": "ghost == 1"},
      {"id": "e", "type": "text", "text": "?", "visible_if": "heard in ['ad', 'tv']"},
      {"id": "f", "type": "text", "text": "?", "visible_if": "heard == 1"},
      {"id": "g", "type": "text", "text": "?", "visible_if": "nps >= '9'"},
      {"id": "later", "type": "nps", "text": "?"},
      {"id": "when", "type": "date", "text": "?"},
      {"id": "h", "type": "text", "text": "?", "visible_if": "when > '2026-02-30'"},
      {"id": "m", "type": "matrix", "text": "?", "rows": [{"id": "r", "text": "R"}], "columns": [{"id": "c", "text": "C"}]},
      {"id": "i", "type": "text", "text": "?", "visible_if": "m == 'x'"},
      {"id": "j", "type": "text", "text": "?", "visible_if": "a == 3"}
  ]})");
  EXPECT_TRUE(HasProblem(p, "questions[2].visible_if", "at position 6: expected a question id"));
  EXPECT_TRUE(
      HasProblem(p, "questions[3].visible_if", "refers to question 'later', which does not come before"));
  EXPECT_TRUE(HasProblem(p, "questions[4].visible_if", "refers to question 'c', which does not come before"));
  EXPECT_TRUE(HasProblem(p, "questions[5].visible_if", "refers to unknown question 'ghost'"));
  EXPECT_TRUE(HasProblem(p, "questions[6].visible_if",
                         "at position 16: 'tv' is not an option id of question 'heard'"));
  EXPECT_TRUE(HasProblem(p, "questions[7].visible_if", "has option ids, not numbers"));
  EXPECT_TRUE(HasProblem(p, "questions[8].visible_if", "has numeric answers"));
  EXPECT_TRUE(HasProblem(p, "questions[11].visible_if", "has date answers"));
  EXPECT_TRUE(HasProblem(p, "questions[13].visible_if", "can only be used in answered()"));
  EXPECT_TRUE(HasProblem(p, "questions[14].visible_if", "has text answers"));
  EXPECT_EQ(p.size(), 10u);
  // The valid forms of the same references pass.
  MustParse(R"({"title": "T", "questions": [
      {"id": "heard", "type": "single_choice", "text": "?", "options": [{"id": "ad", "text": "Ad"}]},
      {"id": "m", "type": "matrix", "text": "?", "rows": [{"id": "r", "text": "R"}], "columns": [{"id": "c", "text": "C"}]},
      {"id": "when", "type": "date", "text": "?"},
      {"id": "x", "type": "text", "text": "?", "visible_if": "heard in ['ad'] and answered(m) and when >= '2024-02-29'"},
      {"id": "y", "type": "text", "text": "?", "visible_if": "  "}
  ]})");
}

TEST(ParseSurveyTest, UnknownTopLevelKeysAreAllowed) {
  const Survey s = MustParse(kAllTypes);  // has "x-vendor"
  EXPECT_EQ(s.id, "all-types");
  MustParse(R"({"title": "T", "status": "open", "theme": {"color": "blue"},
                "questions": [{"id": "q", "type": "text", "text": "?"}]})");
}

TEST(SurveyToJsonTest, RoundTrips) {
  const Survey s = MustParse(kAllTypes);
  const std::string json = SurveyToJson(s);
  const Survey again = MustParse(json);
  EXPECT_EQ(SurveyToJson(again), json);
  ASSERT_EQ(again.questions.size(), s.questions.size());
  for (size_t i = 0; i < s.questions.size(); ++i) {
    const Question& a = s.questions[i];
    const Question& b = again.questions[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.stage, b.stage);
    EXPECT_EQ(a.touchpoint, b.touchpoint);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.help, b.help);
    EXPECT_EQ(a.required, b.required);
    EXPECT_EQ(a.options.size(), b.options.size());
    EXPECT_EQ(a.rows.size(), b.rows.size());
    EXPECT_EQ(a.scale_min, b.scale_min);
    EXPECT_EQ(a.scale_max, b.scale_max);
    EXPECT_EQ(a.min, b.min);
    EXPECT_EQ(a.max, b.max);
    EXPECT_EQ(a.max_length, b.max_length);
    EXPECT_EQ(a.visible_if, b.visible_if);
  }
  EXPECT_EQ(again.title, s.title);
  EXPECT_EQ(again.description, s.description);
  EXPECT_EQ(again.languages, s.languages);
  // The default likert scale is implied, not written out; a custom one is written.
  EXPECT_EQ(json.find("strongly_agree"), std::string::npos);
  const Survey custom = MustParse(OneQuestion(
      R"({"id": "q", "type": "likert", "text": "?", "options": [{"id": "no", "text": "No"}, {"id": "yes", "text": "Yes"}]})"));
  EXPECT_NE(SurveyToJson(custom).find("\"yes\""), std::string::npos);
  EXPECT_EQ(MustParse(SurveyToJson(custom)).questions[0].options.size(), 2u);
}

TEST(SurveyToJsonTest, KeepsExtensions) {
  const Survey s = MustParse(R"({"title": "T", "theme": {"color": "blue", "sizes": [1, 2.5, null, true]},
      "status": "closed", "questions": [{"id": "q", "type": "text", "text": "?", "x-widget": "textarea",
      "x_rows": 4}]})");
  EXPECT_EQ(s.extensions,
            (std::map<std::string, std::string>{{"theme", R"({"color":"blue","sizes":[1,2.5,null,true]})"}}));
  EXPECT_EQ(s.questions[0].extensions,
            (std::map<std::string, std::string>{{"x-widget", "\"textarea\""}, {"x_rows", "4"}}));
  const std::string json = SurveyToJson(s);
  EXPECT_EQ(json.find("status"), std::string::npos);  // the collector adds it when showing
  const Survey again = MustParse(json);
  EXPECT_EQ(again.extensions, s.extensions);
  EXPECT_EQ(again.questions[0].extensions, s.questions[0].extensions);
  EXPECT_EQ(SurveyToJson(again), json);
}

TEST(SurveyToJsonTest, EscapesHostileText) {
  const Survey s =
      MustParse(OneQuestion(R"({"id": "q", "type": "text", "text": "a \"quote\" \\ <b>\n\u0001"})"));
  const std::string json = SurveyToJson(s);
  EXPECT_EQ(MustParse(json).questions[0].text.at("en"), "a \"quote\" \\ <b>\n\x01");
  EXPECT_EQ(json.find('\n'), std::string::npos);
}

TEST(SurveyToJsonTest, OmitsEmptyIdAndDescription) {
  const Survey s = MustParse(R"({"title": "T", "questions": [{"id": "q", "type": "nps", "text": "?"}]})");
  const std::string json = SurveyToJson(s);
  EXPECT_EQ(json.rfind("{\"default_language\":\"en\"", 0), 0u) << json;
  EXPECT_EQ(json.find("description"), std::string::npos);
}

}  // namespace
}  // namespace touchpoint::surveys
