#include <gtest/gtest.h>

#include <string>

#include "touchpoint/surveys/survey.h"

namespace touchpoint::surveys {
namespace {

constexpr const char* kSurvey = R"json({
  "id": "resp", "languages": ["en", "uk"], "title": "T",
  "questions": [
    {"id": "heard", "type": "single_choice", "text": "?", "required": true,
     "options": [{"id": "ad", "text": "Ad"}, {"id": "friend", "text": "Friend"}, {"id": "other", "text": "Other"}]},
    {"id": "heard_other", "type": "text", "text": "Where?", "required": true, "visible_if": "heard == 'other'"},
    {"id": "compared", "type": "multiple_choice", "text": "?",
     "options": [{"id": "price", "text": "P"}, {"id": "brand", "text": "B"}, {"id": "reviews", "text": "R"}]},
    {"id": "ease", "type": "rating", "text": "?", "scale": {"min": 1, "max": 7}},
    {"id": "nps", "type": "nps", "text": "?", "required": true},
    {"id": "why_low", "type": "text", "text": "?", "required": true, "visible_if": "nps <= 6", "max_length": 20},
    {"id": "why_low_more", "type": "text", "text": "?", "visible_if": "answered(why_low)"},
    {"id": "why_high", "type": "text", "text": "?", "visible_if": "nps >= 9"},
    {"id": "again", "type": "likert", "text": "?"},
    {"id": "factors", "type": "matrix", "text": "?", "required": true,
     "rows": [{"id": "price", "text": "P"}, {"id": "delivery", "text": "D"}],
     "columns": [{"id": "low", "text": "L"}, {"id": "high", "text": "H"}]},
    {"id": "rank", "type": "ranking", "text": "?",
     "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]},
    {"id": "orders", "type": "number", "text": "?", "min": 0, "max": 100},
    {"id": "last", "type": "date", "text": "?"}
  ]})json";

const Survey& TestSurvey() {
  static const Survey s = [] {
    auto r = ParseSurvey(kSurvey);
    if (!r.ok()) throw std::logic_error(r.error().ToString());
    return *r;
  }();
  return s;
}

// A valid set of answers; tests change one thing.
Answers Valid() {
  return {{"heard", std::string("ad")},
          {"nps", int64_t{9}},
          {"factors", std::map<std::string, std::string>{{"price", "low"}, {"delivery", "high"}}}};
}

std::vector<FieldError> Check(Answers answers, std::vector<std::string>* ignored = nullptr,
                              Response* out = nullptr) {
  Response r;
  r.answers = std::move(answers);
  auto errs = CheckResponse(TestSurvey(), r, ignored);
  if (out != nullptr) *out = r;
  return errs;
}

// The single error for `answers`; fails (listing them) if there is not exactly one.
FieldError One(Answers answers) {
  auto errs = Check(std::move(answers));
  if (errs.size() != 1) {
    std::string all;
    for (const auto& e : errs) all += "\n  " + e.field + ": " + e.message;
    ADD_FAILURE() << "expected one error, got " << errs.size() << all;
    return {};
  }
  return errs[0];
}

Answers With(const std::string& qid, Answer a) {
  Answers v = Valid();
  v[qid] = std::move(a);
  return v;
}

TEST(ParseResponseTest, ParsesShape) {
  auto r = ParseResponse(R"({"language": "uk", "channel": "kiosk", "respondent": "r-1", "extra": 1,
      "answers": {"heard": "ad", "nps": 4, "orders": 2.5, "big": 1e2, "compared": ["price", "brand"],
                  "factors": {"price": "low"}, "skip": null, "why": "Кур'єр запізнився"}})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->language, "uk");
  EXPECT_EQ(r->channel, "kiosk");
  EXPECT_EQ(r->respondent, "r-1");
  EXPECT_EQ(std::get<std::string>(r->answers.at("heard")), "ad");
  EXPECT_EQ(std::get<int64_t>(r->answers.at("nps")), 4);
  EXPECT_EQ(std::get<double>(r->answers.at("orders")), 2.5);
  EXPECT_EQ(std::get<int64_t>(r->answers.at("big")), 100);
  EXPECT_EQ(std::get<std::vector<std::string>>(r->answers.at("compared")),
            (std::vector<std::string>{"price", "brand"}));
  EXPECT_EQ((std::get<std::map<std::string, std::string>>(r->answers.at("factors")).at("price")), "low");
  EXPECT_FALSE(r->answers.contains("skip"));
  EXPECT_EQ(std::get<std::string>(r->answers.at("why")), "Кур'єр запізнився");
}

TEST(ParseResponseTest, LangIsAnAliasOfLanguage) {
  auto r = ParseResponse(R"({"lang": "ro", "answers": {}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->language, "ro");
  EXPECT_EQ(r->channel, "web");  // default
  EXPECT_TRUE(ParseResponse(R"({"lang": "ro", "language": "ro", "answers": {}})").ok());
  auto both = ParseResponse(R"({"lang": "ro", "language": "uk", "answers": {}})");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().field, "lang");
}

TEST(ParseResponseTest, Errors) {
  struct Case {
    const char* json;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {R"({"language": "en"})", "answers", "required"},
      {R"({"answers": []})", "answers", "must be an object, found an array"},
      {R"({"answers": "x"})", "answers", "must be an object, found a string"},
      {R"({"answers": {"q": true}})", "answers.q",
       "must be a string, number, array or object, not a boolean"},
      {R"({"answers": {"q": ["a", 1]}})", "answers.q[1]", "must be a string (an option id)"},
      {R"({"answers": {"q": {"r": 1}}})", "answers.q.r", "must be a string (a column id)"},
      {R"({"language": 5, "answers": {}})", "language", "must be a string"},
      {R"({"channel": ["web"], "answers": {}})", "channel", "must be a string"},
  };
  for (const Case& c : cases) {
    auto r = ParseResponse(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, Code::kInvalid);
    EXPECT_EQ(r.error().field, c.field) << c.json;
    EXPECT_EQ(r.error().message, c.message) << c.json;
  }
  auto bad = ParseResponse("{\"answers\": {\"q\": 1,}}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "malformed JSON at line 1, column 21 (offset 20): expected a string key, found '}'");
  auto arr = ParseResponse("[]");
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.error().message, "response must be a JSON object, found an array");
  auto long_meta = ParseResponse(R"({"respondent": ")" + std::string(300, 'x') + R"(", "answers": {}})");
  ASSERT_FALSE(long_meta.ok());
  EXPECT_EQ(long_meta.error().field, "respondent");
}

TEST(AnswersJsonTest, RoundTrips) {
  const Answers a = {{"s", std::string("Кур'єр \"швидко\"\n")},
                     {"i", int64_t{-42}},
                     {"d", 3.25},
                     {"l", std::vector<std::string>{"b", "a"}},
                     {"m", std::map<std::string, std::string>{{"r1", "c1"}, {"r2", "c2"}}}};
  const std::string json = AnswersToJson(a);
  EXPECT_EQ(json, R"({"d":3.25,"i":-42,"l":["b","a"],"m":{"r1":"c1","r2":"c2"},"s":"Кур'єр \"швидко\"\n"})");
  auto back = AnswersFromJson(json);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, a);
  EXPECT_EQ(AnswerToJson(Answer{int64_t{7}}), "7");
  EXPECT_EQ(AnswerToJson(Answer{std::vector<std::string>{}}), "[]");
  EXPECT_FALSE(AnswersFromJson("[1]").ok());
  EXPECT_FALSE(AnswersFromJson("{").ok());
}

TEST(CheckResponseTest, AcceptsValidAnswersOfEveryType) {
  Answers a = Valid();
  a["compared"] = std::vector<std::string>{"price", "reviews"};
  a["ease"] = int64_t{7};
  a["why_high"] = std::string("Fast delivery");
  a["again"] = std::string("agree");
  a["rank"] = std::vector<std::string>{"c", "a", "b"};
  a["orders"] = 2.5;
  a["last"] = std::string("2024-02-29");
  std::vector<std::string> ignored;
  Response out;
  auto errs = Check(a, &ignored, &out);
  for (const auto& e : errs) ADD_FAILURE() << e.field << ": " << e.message;
  EXPECT_TRUE(ignored.empty());
  EXPECT_EQ(out.answers, a);
  EXPECT_EQ(out.language, "en");  // resolved to the default
}

TEST(CheckResponseTest, ResolvesLanguage) {
  Response r;
  r.language = "uk";
  r.answers = Valid();
  EXPECT_TRUE(CheckResponse(TestSurvey(), r, nullptr).empty());
  EXPECT_EQ(r.language, "uk");
  r.language = "ro";  // not offered
  EXPECT_TRUE(CheckResponse(TestSurvey(), r, nullptr).empty());
  EXPECT_EQ(r.language, "en");
}

TEST(CheckResponseTest, UnknownQuestion) {
  EXPECT_EQ(One(With("ghost", std::string("x"))),
            (FieldError{"answers.ghost", "unknown question", "unknown_question"}));
}

TEST(CheckResponseTest, WrongTypes) {
  EXPECT_EQ(One(With("heard", int64_t{1})).code, "wrong_type");
  EXPECT_EQ(One(With("heard", int64_t{1})).field, "answers.heard");
  EXPECT_EQ(One(With("compared", std::string("price"))).code, "wrong_type");
  EXPECT_EQ(One(With("ease", std::string("5"))).code, "wrong_type");
  EXPECT_EQ(One(With("nps", std::string("9"))).code, "wrong_type");
  EXPECT_EQ(One(With("again", std::vector<std::string>{"agree"})).code, "wrong_type");
  EXPECT_EQ(One(With("factors", std::string("low"))).code, "wrong_type");
  EXPECT_EQ(One(With("rank", std::string("a"))).code, "wrong_type");
  EXPECT_EQ(One(With("orders", std::string("3"))).code, "wrong_type");
  EXPECT_EQ(One(With("last", int64_t{20240101})).code, "wrong_type");
  EXPECT_EQ(One(With("why_high", int64_t{5})).code, "wrong_type");
}

TEST(CheckResponseTest, RatingAndNpsRanges) {
  EXPECT_EQ(One(With("nps", int64_t{11})),
            (FieldError{"answers.nps", "must be a whole number 0-10", "out_of_range"}));
  EXPECT_EQ(One(With("nps", int64_t{-1})).code, "out_of_range");
  EXPECT_EQ(One(With("nps", 7.5)).code, "not_whole_number");
  EXPECT_TRUE(Check(With("nps", 10.0)).empty());            // integral double is fine
  EXPECT_TRUE(Check(With("nps", int64_t{0})).size() == 1);  // 0 makes why_low visible and required
  EXPECT_EQ(One(With("ease", int64_t{0})),
            (FieldError{"answers.ease", "must be a whole number 1-7", "out_of_range"}));
  EXPECT_EQ(One(With("ease", int64_t{8})).code, "out_of_range");
  EXPECT_TRUE(Check(With("ease", int64_t{1})).empty());
}

TEST(CheckResponseTest, NumberRange) {
  EXPECT_EQ(One(With("orders", int64_t{-1})),
            (FieldError{"answers.orders", "must be at least 0", "out_of_range"}));
  EXPECT_EQ(One(With("orders", 100.5)),
            (FieldError{"answers.orders", "must be at most 100", "out_of_range"}));
  EXPECT_TRUE(Check(With("orders", int64_t{100})).empty());
}

TEST(CheckResponseTest, OptionsMustBeInTheList) {
  EXPECT_EQ(One(With("heard", std::string("tv"))),
            (FieldError{"answers.heard", "is not one of the options", "not_an_option"}));
  EXPECT_EQ(One(With("again", std::string("maybe"))).code, "not_an_option");
  EXPECT_EQ(One(With("compared", std::vector<std::string>{"price", "colour"})).code, "not_an_option");
}

TEST(CheckResponseTest, MultipleChoiceRejectsDuplicates) {
  EXPECT_EQ(One(With("compared", std::vector<std::string>{"price", "price"})),
            (FieldError{"answers.compared", "lists the same option twice", "duplicate_option"}));
}

TEST(CheckResponseTest, RankingMustBeAPermutation) {
  EXPECT_EQ(One(With("rank", std::vector<std::string>{"a", "b"})),
            (FieldError{"answers.rank", "must rank all 3 options", "incomplete_ranking"}));
  EXPECT_EQ(One(With("rank", std::vector<std::string>{"a", "b", "b"})).code, "duplicate_option");
  EXPECT_EQ(One(With("rank", std::vector<std::string>{"a", "b", "z"})).code, "not_an_option");
  EXPECT_TRUE(Check(With("rank", std::vector<std::string>{"b", "c", "a"})).empty());
}

TEST(CheckResponseTest, MatrixRowsAndColumns) {
  using Rows = std::map<std::string, std::string>;
  auto errs = Check(With("factors", Rows{{"price", "low"}, {"delivery", "huge"}, {"colour", "low"}}));
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0], (FieldError{"answers.factors.colour", "is not one of the rows", "unknown_row"}));
  EXPECT_EQ(errs[1], (FieldError{"answers.factors.delivery", "is not one of the columns", "not_an_option"}));
  // A required matrix needs every row.
  EXPECT_EQ(One(With("factors", Rows{{"price", "low"}})),
            (FieldError{"answers.factors.delivery", "is required", "required"}));
}

TEST(CheckResponseTest, Dates) {
  EXPECT_EQ(One(With("last", std::string("2023-02-29"))),
            (FieldError{"answers.last", "must be a real date written YYYY-MM-DD", "invalid_date"}));
  for (const char* bad : {"2024-13-01", "2024-04-31", "2024-1-01", "24-01-01", "2024/01/01",
                          "2024-01-01T00:00", "1900-02-29", "0000-01-01"}) {
    EXPECT_EQ(One(With("last", std::string(bad))).code, "invalid_date") << bad;
  }
  for (const char* good : {"2024-02-29", "2000-02-29", "1999-12-31", "2026-11-25"}) {
    EXPECT_TRUE(Check(With("last", std::string(good))).empty()) << good;
  }
}

TEST(CheckResponseTest, TextLengthAndBlank) {
  Answers a = With("nps", int64_t{3});
  a["why_low"] = std::string(21, 'x');
  EXPECT_EQ(One(a), (FieldError{"answers.why_low", "must be at most 20 characters", "too_long"}));
  // Length counts code points: 20 Cyrillic letters are 40 bytes and fine.
  std::string cyr;
  for (int i = 0; i < 20; ++i) cyr += "ї";
  a["why_low"] = cyr;
  EXPECT_TRUE(Check(a).empty());
  a["why_low"] = std::string(" \t\n ");
  EXPECT_EQ(One(a), (FieldError{"answers.why_low", "is required", "required"}));
  a["why_low"] = std::string("\xC2\xA0\xE2\x80\x83");  // no-break space, em space
  EXPECT_EQ(One(a).code, "required");
  a["why_low"] = std::string("bad \xff utf8");
  EXPECT_EQ(One(a).code, "invalid_text");
}

TEST(CheckResponseTest, MissingRequiredVisibleQuestion) {
  Answers a = Valid();
  a.erase("heard");
  EXPECT_EQ(One(a), (FieldError{"answers.heard", "is required", "required"}));
  // Empty answers count as missing.
  EXPECT_EQ(One(With("heard", std::string())).code, "required");
  EXPECT_EQ(One(With("factors", std::map<std::string, std::string>{})).field, "answers.factors");
  // nps <= 6 shows why_low, which is required.
  EXPECT_EQ(One(With("nps", int64_t{6})), (FieldError{"answers.why_low", "is required", "required"}));
  // heard == 'other' shows heard_other, required.
  EXPECT_EQ(One(With("heard", std::string("other"))).field, "answers.heard_other");
}

TEST(CheckResponseTest, HiddenQuestionsAreNotRequiredAndTheirAnswersIgnored) {
  Answers a = Valid();  // nps 9: why_low hidden, why_high visible
  a["why_low"] = std::string("too slow");
  a["why_low_more"] = std::string("and rude");  // depends on why_low, which is dropped
  a["why_high"] = std::string("great");
  std::vector<std::string> ignored;
  Response out;
  auto errs = Check(a, &ignored, &out);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(ignored, (std::vector<std::string>{"why_low", "why_low_more"}));
  EXPECT_FALSE(out.answers.contains("why_low"));
  EXPECT_FALSE(out.answers.contains("why_low_more"));
  EXPECT_TRUE(out.answers.contains("why_high"));
}

TEST(CheckResponseTest, UnansweredConditionHidesTheQuestion) {
  // nps missing: "nps <= 6" and "nps >= 9" are both false, so neither follow-up is required or kept.
  Answers a = Valid();
  a.erase("nps");
  a["why_high"] = std::string("x");
  std::vector<std::string> ignored;
  auto errs = Check(a, &ignored);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "answers.nps");
  EXPECT_EQ(ignored, (std::vector<std::string>{"why_high"}));
}

TEST(CheckResponseTest, InvalidAnswerDoesNotShowDependents) {
  // nps 42 is invalid; it must not make "nps >= 9" true and so require or keep why_high.
  Answers a = With("nps", int64_t{42});
  a["why_high"] = std::string("x");
  std::vector<std::string> ignored;
  auto errs = Check(a, &ignored);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "answers.nps");
  EXPECT_EQ(ignored, (std::vector<std::string>{"why_high"}));
}

TEST(CheckResponseTest, ReportsEveryProblem) {
  Answers a;
  a["ghost"] = std::string("x");
  a["ease"] = int64_t{99};
  auto errs = Check(a);
  std::vector<std::string> fields;
  for (const auto& e : errs) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"answers.ghost", "answers.heard", "answers.ease", "answers.nps",
                                              "answers.factors"}));
}

using Fields = std::multimap<std::string, std::string>;

TEST(ResponseFromFormTest, BuildsAnswersOfEveryType) {
  const Fields f = {{"lang", "uk"},
                    {"heard", "ad"},
                    {"compared", "price"},
                    {"compared", ""},
                    {"compared", "reviews"},
                    {"ease", " 5 "},
                    {"nps", "10"},
                    {"why_high", "Усе чудово"},
                    {"again", "agree"},
                    {"factors.price", "low"},
                    {"factors.delivery", "high"},
                    {"rank", "c"},
                    {"rank", "a"},
                    {"rank", "b"},
                    {"orders", "3,5"},
                    {"last", "2026-11-01"},
                    {"csrf", "ignored"}};
  std::vector<FieldError> errs;
  Response r = ResponseFromForm(TestSurvey(), f, &errs);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(r.language, "uk");
  EXPECT_EQ(std::get<std::string>(r.answers.at("heard")), "ad");
  EXPECT_EQ(std::get<std::vector<std::string>>(r.answers.at("compared")),
            (std::vector<std::string>{"price", "reviews"}));
  EXPECT_EQ(std::get<int64_t>(r.answers.at("ease")), 5);
  EXPECT_EQ(std::get<int64_t>(r.answers.at("nps")), 10);
  EXPECT_EQ(std::get<std::string>(r.answers.at("why_high")), "Усе чудово");
  EXPECT_EQ((std::get<std::map<std::string, std::string>>(r.answers.at("factors"))),
            (std::map<std::string, std::string>{{"price", "low"}, {"delivery", "high"}}));
  EXPECT_EQ(std::get<std::vector<std::string>>(r.answers.at("rank")),
            (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(std::get<double>(r.answers.at("orders")), 3.5);
  EXPECT_EQ(std::get<std::string>(r.answers.at("last")), "2026-11-01");
  EXPECT_FALSE(r.answers.contains("csrf"));
  EXPECT_TRUE(CheckResponse(TestSurvey(), r, nullptr).empty());
}

TEST(ResponseFromFormTest, EmptyFieldsAreUnanswered) {
  std::vector<FieldError> errs;
  Response r = ResponseFromForm(TestSurvey(),
                                {{"heard", ""}, {"nps", ""}, {"ease", "  "}, {"factors.price", ""}}, &errs);
  EXPECT_TRUE(errs.empty());
  EXPECT_TRUE(r.answers.empty());
}

TEST(ResponseFromFormTest, NumbersAreParsedStrictly) {
  for (const char* bad : {"abc", "5a", "5.0", "+5", "0x5", "1e1", "99999999999999999999999"}) {
    std::vector<FieldError> errs;
    Response r = ResponseFromForm(TestSurvey(), {{"nps", bad}}, &errs);
    ASSERT_EQ(errs.size(), 1u) << bad;
    EXPECT_EQ(errs[0], (FieldError{"answers.nps", "must be a whole number", "not_whole_number"})) << bad;
    EXPECT_FALSE(r.answers.contains("nps"));
  }
  for (const char* bad : {"1.", ".5", "1,2,3", "one", "1 000", "NaN", "inf"}) {
    std::vector<FieldError> errs;
    ResponseFromForm(TestSurvey(), {{"orders", bad}}, &errs);
    ASSERT_EQ(errs.size(), 1u) << bad;
    EXPECT_EQ(errs[0], (FieldError{"answers.orders", "must be a number", "not_a_number"})) << bad;
  }
  std::vector<FieldError> errs;
  Response r = ResponseFromForm(TestSurvey(), {{"orders", "-2"}, {"ease", "-0"}}, &errs);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(std::get<int64_t>(r.answers.at("orders")), -2);
  EXPECT_EQ(std::get<int64_t>(r.answers.at("ease")), 0);
}

TEST(ResponseFromFormTest, SingleValuedQuestionsTakeTheFirstValue) {
  std::vector<FieldError> errs;
  Response r = ResponseFromForm(TestSurvey(), {{"heard", ""}, {"heard", "friend"}, {"heard", "ad"}}, &errs);
  EXPECT_EQ(std::get<std::string>(r.answers.at("heard")), "friend");
}

TEST(ResponseFromFormTest, ErrorsMayBeNull) {
  Response r = ResponseFromForm(TestSurvey(), {{"nps", "abc"}, {"heard", "ad"}}, nullptr);
  EXPECT_EQ(r.answers.size(), 1u);
}

}  // namespace
}  // namespace touchpoint::surveys
