// Checks the shipped example survey surveys/examples/customer-journey.json: it parses, every text exists in
// en/ru/uk/ro, every journey stage is covered, the scripts look right for each language, and its
// visible_if logic routes respondents as intended.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "touchpoint/surveys/survey.h"

namespace touchpoint::surveys {
namespace {

std::string ReadExample(const std::string& name) {
  const std::string path = std::string(TOUCHPOINT_SURVEYS_EXAMPLES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CustomerJourneyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = ParseSurvey(ReadExample("customer-journey.json"));
    if (!s.ok()) {
      std::string all = s.error().message;
      for (const auto& d : s.error().details) all += "\n  " + d.field + ": " + d.message;
      FAIL() << all;
    }
    survey_ = *std::move(s);
  }

  // Every text of the survey with a label saying where it is.
  std::vector<std::pair<std::string, const LangText*>> AllTexts() const {
    std::vector<std::pair<std::string, const LangText*>> out = {{"title", &survey_.title},
                                                                {"description", &survey_.description}};
    for (const Question& q : survey_.questions) {
      out.emplace_back(q.id + ".text", &q.text);
      if (!q.help.empty()) out.emplace_back(q.id + ".help", &q.help);
      for (const auto* list : {&q.options, &q.rows, &q.columns}) {
        for (const Option& o : *list) out.emplace_back(q.id + "." + o.id, &o.text);
      }
    }
    return out;
  }

  std::vector<FieldError> Check(Answers answers, std::vector<std::string>* ignored = nullptr) const {
    Response r;
    r.answers = std::move(answers);
    return CheckResponse(survey_, r, ignored);
  }

  Survey survey_;
};

TEST_F(CustomerJourneyTest, Header) {
  EXPECT_EQ(survey_.id, "customer-journey");
  EXPECT_EQ(survey_.default_language, "en");
  EXPECT_EQ(survey_.languages, (std::vector<std::string>{"en", "ru", "uk", "ro"}));
  EXPECT_GE(survey_.questions.size(), 15u);
}

TEST_F(CustomerJourneyTest, EveryTextInAllFourLanguages) {
  const auto texts = AllTexts();
  ASSERT_GT(texts.size(), 50u);
  for (const auto& [where, t] : texts) {
    for (const char* lang : {"en", "ru", "uk", "ro"}) {
      auto it = t->find(lang);
      ASSERT_NE(it, t->end()) << where << " has no " << lang;
      EXPECT_FALSE(it->second.empty()) << where << " " << lang;
    }
  }
}

TEST_F(CustomerJourneyTest, EveryStageCoveredAndEveryQuestionTagged) {
  static const std::set<std::string> kTouchpoints = {
      "website",      "mobile_app",  "physical_store",   "call_center", "email",        "chat",
      "social_media", "advertising", "delivery_courier", "marketplace", "word_of_mouth"};
  std::set<std::string> stages;
  for (const Question& q : survey_.questions) {
    EXPECT_FALSE(q.stage.empty()) << q.id;
    EXPECT_TRUE(kTouchpoints.contains(q.touchpoint)) << q.id << ": " << q.touchpoint;
    stages.insert(q.stage);
  }
  EXPECT_EQ(stages, std::set<std::string>(DefaultStages().begin(), DefaultStages().end()));
}

TEST_F(CustomerJourneyTest, CoversTheRequiredQuestionTypes) {
  std::set<QuestionType> types;
  for (const Question& q : survey_.questions) types.insert(q.type);
  for (QuestionType t : {QuestionType::kSingleChoice, QuestionType::kMultipleChoice, QuestionType::kRating,
                         QuestionType::kNps, QuestionType::kLikert, QuestionType::kMatrix,
                         QuestionType::kText, QuestionType::kNumber, QuestionType::kDate}) {
    EXPECT_TRUE(types.contains(t)) << QuestionTypeName(t);
  }
  const Question* heard = survey_.FindQuestion("heard_first");
  ASSERT_NE(heard, nullptr);
  std::set<std::string> ids;
  for (const Option& o : heard->options) ids.insert(o.id);
  EXPECT_EQ(ids, (std::set<std::string>{"search", "social_media", "friend_family", "advertising",
                                        "marketplace", "store", "other"}));
  const Question* factors = survey_.FindQuestion("decision_factors");
  ASSERT_NE(factors, nullptr);
  std::set<std::string> rows;
  for (const Option& o : factors->rows) rows.insert(o.id);
  EXPECT_EQ(rows, (std::set<std::string>{"price", "reviews", "delivery_terms", "brand"}));
}

// Letters one of ru/uk has and the other does not: catches Russian pasted as Ukrainian and vice versa.
bool Contains(const std::string& s, std::initializer_list<const char*> letters) {
  for (const char* l : letters) {
    if (s.find(l) != std::string::npos) return true;
  }
  return false;
}

TEST_F(CustomerJourneyTest, ScriptsMatchTheLanguage) {
  bool uk_specific = false, apostrophe = false;
  for (const auto& [where, t] : AllTexts()) {
    const std::string& uk = t->at("uk");
    const std::string& ru = t->at("ru");
    const std::string& ro = t->at("ro");
    EXPECT_FALSE(Contains(uk, {"ы", "э", "ъ", "ё", "Ы", "Э", "Ё"})) << where << " uk: " << uk;
    EXPECT_FALSE(Contains(ru, {"і", "ї", "є", "ґ", "І", "Ї", "Є", "Ґ"})) << where << " ru: " << ru;
    // Romanian uses comma-below ș ț, never the cedilla forms ş ţ.
    EXPECT_FALSE(Contains(ro, {"ş", "ţ", "Ş", "Ţ"})) << where << " ro: " << ro;
    uk_specific = uk_specific || Contains(uk, {"і", "ї", "є"});
    apostrophe = apostrophe || uk.find('\'') != std::string::npos;
  }
  EXPECT_TRUE(uk_specific);
  EXPECT_TRUE(apostrophe);  // e.g. "обов'язково", "пам'ятаєте"
}

TEST_F(CustomerJourneyTest, RoundTripsThroughCanonicalJson) {
  const std::string json = SurveyToJson(survey_);
  auto again = ParseSurvey(json);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(SurveyToJson(*again), json);
}

TEST_F(CustomerJourneyTest, NpsFollowUpDependsOnScore) {
  auto visible_for = [&](int64_t nps) {
    Answers a = {{"nps", nps}};
    std::vector<std::string> out;
    for (const char* id : {"nps_why_low", "nps_why_mid", "nps_why_high"}) {
      if (IsVisible(*survey_.FindQuestion(id), a)) out.push_back(id);
    }
    return out;
  };
  for (int64_t n = 0; n <= 6; ++n) EXPECT_EQ(visible_for(n), std::vector<std::string>{"nps_why_low"}) << n;
  for (int64_t n = 7; n <= 8; ++n) EXPECT_EQ(visible_for(n), std::vector<std::string>{"nps_why_mid"}) << n;
  for (int64_t n = 9; n <= 10; ++n) EXPECT_EQ(visible_for(n), std::vector<std::string>{"nps_why_high"}) << n;
  // Without a score, no follow-up is shown.
  for (const char* id : {"nps_why_low", "nps_why_mid", "nps_why_high"}) {
    EXPECT_FALSE(IsVisible(*survey_.FindQuestion(id), Answers{})) << id;
  }
}

TEST_F(CustomerJourneyTest, SupportFollowUpsOnlyForThoseWhoContactedSupport) {
  const Answers base = {{"heard_first", std::string("search")}, {"nps", int64_t{9}}};
  Answers no = base;
  no["contacted_support"] = std::string("no");
  no["support_story"] = std::string("never called");
  std::vector<std::string> ignored;
  EXPECT_TRUE(Check(no, &ignored).empty());
  EXPECT_EQ(ignored, std::vector<std::string>{"support_story"});

  Answers yes = base;
  yes["contacted_support"] = std::string("chat");
  yes["support_story"] = std::string("Чат відповів за дві хвилини, товар обміняли.");
  yes["support_rating"] = int64_t{5};
  ignored.clear();
  EXPECT_TRUE(Check(yes, &ignored).empty());
  EXPECT_TRUE(ignored.empty());
}

TEST_F(CustomerJourneyTest, AFullResponseValidates) {
  const Answers a = {
      {"heard_first", std::string("friend_family")},
      {"compared_with", std::vector<std::string>{"marketplaces", "review_sites"}},
      {"compared_notes", std::string("Compared prices on two marketplaces; your delivery was faster.")},
      {"decision_factors", std::map<std::string, std::string>{{"price", "very_important"},
                                                              {"reviews", "somewhat_important"},
                                                              {"delivery_terms", "very_important"},
                                                              {"brand", "not_important"}}},
      {"decision_easy", std::string("agree")},
      {"ordering_ease", int64_t{4}},
      {"delivery_rating", int64_t{2}},
      {"ordering_delivery", std::string("Checkout was quick but the courier was a day late.")},
      {"last_order_date", std::string("2026-11-02")},
      {"contacted_support", std::string("phone")},
      {"support_story", std::string("Called about the late parcel; they gave me a voucher.")},
      {"support_rating", int64_t{4}},
      {"buy_again", std::string("strongly_agree")},
      {"orders_last_year", int64_t{6}},
      {"nps", int64_t{8}},
      {"nps_why_mid", std::string("Faster couriers.")}};
  std::vector<std::string> ignored;
  const auto errs = Check(a, &ignored);
  for (const auto& e : errs) ADD_FAILURE() << e.field << ": " << e.message;
  EXPECT_TRUE(ignored.empty());
  // Required questions are enforced.
  EXPECT_EQ(Check({}).size(), 3u);  // heard_first, contacted_support, nps
}

}  // namespace
}  // namespace touchpoint::surveys
