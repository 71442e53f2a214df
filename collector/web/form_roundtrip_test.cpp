// form_roundtrip_test.cpp: the rendered form against the real surveys module — the example survey renders
// in every language, the field names and values a browser would post decode with surveys::ResponseFromForm
// into a valid response, and the errors surveys::CheckResponse reports come back localized beside their
// questions.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "html.h"
#include "messages.h"
#include "testutil/testutil.h"

namespace touchpoint::web {
namespace {

using surveys::QuestionType;
using surveys::Survey;

std::filesystem::path SourceDir() {
  const auto here = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  return std::filesystem::exists(here / "surveys") ? here : testutil::SourceDir();
}

class ExampleSurvey : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto path = SourceDir() / "surveys" / "examples" / "customer-journey.json";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "no example survey at " << path;
    auto parsed = surveys::ParseSurvey(testutil::ReadFile(path));
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    survey_ = std::move(*parsed);
    auto loaded = Catalogs::Load(testutil::ShareDir());
    ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
    catalogs_ = *loaded;
  }

  // What a browser posts for the form: for each radio group and each checkbox group its first value, for
  // ranking selects the options in document order, and plausible values for free inputs.
  std::multimap<std::string, std::string> Fill(const std::string& html) {
    std::multimap<std::string, std::string> fields;
    std::set<std::string> radio_names;
    const std::regex input(
        R"re(<input type="(radio|checkbox|hidden)"[^>]*?name="([^"]+)" value="([^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), input); it != std::sregex_iterator();
         ++it) {
      const std::string type = (*it)[1], name = (*it)[2], value = (*it)[3];
      if (type == "hidden" || radio_names.insert(name).second) fields.emplace(name, value);
    }
    const std::regex select(R"re(<select id="f-([^"]+)-([0-9]+)" name="([^"]+)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), select); it != std::sregex_iterator();
         ++it) {
      const std::string name = (*it)[3];
      const surveys::Question* q = survey_.FindQuestion(name);
      const size_t pos = std::stoul((*it)[2]) - 1;
      if (q != nullptr && pos < q->options.size()) fields.emplace(name, q->options[pos].id);
    }
    const std::regex free_input(
        R"re(<(textarea|input type="number"|input type="date")[^>]*? name="([^"]+)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), free_input); it != std::sregex_iterator();
         ++it) {
      const std::string kind = (*it)[1], name = (*it)[2];
      fields.emplace(name, kind == "textarea"                         ? "Кур'єр запізнився"
                           : kind.find("number") != std::string::npos ? "3"
                                                                      : "2026-11-01");
    }
    return fields;
  }

  Survey survey_;
  std::shared_ptr<const Catalogs> catalogs_;
};

TEST_F(ExampleSurvey, RendersInEveryLanguageWithoutFallbackTexts) {
  for (const std::string& lang : survey_.languages) {
    const std::string html = RenderForm(survey_, lang, *catalogs_, nullptr, {}, "/s/" + survey_.id);
    EXPECT_NE(html.find("<html lang=\"" + lang + "\">"), std::string::npos) << lang;
    for (const auto& q : survey_.questions) {
      EXPECT_NE(html.find(HtmlEscape(survey_.Text(q.text, lang))), std::string::npos) << lang << " " << q.id;
    }
    if (lang != "en") {
      EXPECT_EQ(html.find(">Submit<"), std::string::npos) << lang;
    }
  }
}

TEST_F(ExampleSurvey, WhatTheFormPostsDecodesIntoAValidResponse) {
  const std::string html = RenderForm(survey_, "uk", *catalogs_, nullptr, {}, "/s/" + survey_.id);
  const auto fields = Fill(html);
  std::vector<FieldError> errors;
  surveys::Response r = surveys::ResponseFromForm(survey_, fields, &errors);
  EXPECT_TRUE(errors.empty()) << errors.front().field << ": " << errors.front().message;
  std::vector<std::string> ignored;
  errors = surveys::CheckResponse(survey_, r, &ignored);
  EXPECT_TRUE(errors.empty()) << errors.front().field << ": " << errors.front().message;
  EXPECT_EQ(r.language, "uk");
  // Every question type the form renders produced an answer (hidden ones aside).
  for (const auto& q : survey_.questions) {
    if (q.visible_if.empty()) {
      EXPECT_TRUE(r.answers.count(q.id)) << q.id;
    }
  }
  // The re-rendered form keeps every answer: one checked input per scalar choice, one per list item or
  // matrix row, one selected option per ranking position, the text in each textarea.
  const std::string again = RenderForm(survey_, "uk", *catalogs_, &r, {}, "/s/" + survey_.id);
  size_t checked = 0, selected = 0, texts = 0;
  for (const auto& [qid, answer] : r.answers) {
    const auto* q = survey_.FindQuestion(qid);
    ASSERT_NE(q, nullptr);
    if (q->type == QuestionType::kText)
      ++texts;
    else if (q->type == QuestionType::kRanking)
      selected += std::get<std::vector<std::string>>(answer).size();
    else if (q->type == QuestionType::kMultipleChoice)
      checked += std::get<std::vector<std::string>>(answer).size();
    else if (q->type == QuestionType::kMatrix)
      checked += std::get<std::map<std::string, std::string>>(answer).size();
    else if (q->type != QuestionType::kNumber && q->type != QuestionType::kDate)
      ++checked;
  }
  auto count = [&](std::string_view needle) {
    size_t n = 0;
    for (size_t p = again.find(needle); p != std::string::npos; p = again.find(needle, p + 1)) ++n;
    return n;
  };
  EXPECT_GT(checked, 5u);
  EXPECT_EQ(count(" checked"), checked);
  EXPECT_EQ(count(" selected"), selected);
  EXPECT_EQ(count(">Кур&#39;єр запізнився</textarea>"), texts);
  EXPECT_NE(again.find("value=\"2026-11-01\""), std::string::npos);
}

TEST_F(ExampleSurvey, ValidationErrorsComeBackLocalizedBesideTheirQuestions) {
  std::multimap<std::string, std::string> fields = {{"lang", "ro"},
                                                    {"nps", "abc"},
                                                    {"heard_first", "tv"},
                                                    {"last_order_date", "2026-02-30"},
                                                    {"orders_last_year", "x"},
                                                    {"ordering_ease", "99"}};
  std::vector<FieldError> errors;
  surveys::Response r = surveys::ResponseFromForm(survey_, fields, &errors);
  std::vector<std::string> ignored;
  for (FieldError& e : surveys::CheckResponse(survey_, r, &ignored)) {
    if (std::none_of(errors.begin(), errors.end(), [&](const FieldError& f) { return f.field == e.field; })) {
      errors.push_back(std::move(e));
    }
  }
  ASSERT_GE(errors.size(), 5u);
  const std::string html = RenderForm(survey_, r.language, *catalogs_, &r, errors, "/s/" + survey_.id);
  EXPECT_NE(html.find("<html lang=\"ro\">"), std::string::npos);
  EXPECT_NE(html.find("Vă rugăm să corectați erorile de mai jos"), std::string::npos);
  for (const FieldError& e : errors) {
    const std::string m = LocalizeFieldError(survey_, &r, e, "ro", *catalogs_);
    EXPECT_NE(m, catalogs_->Translate("ro", msg::kErrCheck)) << e.field << " " << e.code;
    EXPECT_NE(m, catalogs_->Translate("ro", msg::kErrUnknown)) << e.field << " " << e.code;
    EXPECT_NE(html.find(HtmlEscape(m)), std::string::npos) << m;
  }
  EXPECT_NE(html.find("Introduceți un număr întreg între 0 și 10."), std::string::npos);  // nps "abc"
  EXPECT_NE(html.find("Introduceți o dată validă în formatul AAAA-LL-ZZ."),
            std::string::npos);                                            // 30 February
  EXPECT_NE(html.find("Alegeți una dintre opțiuni."), std::string::npos);  // heard_first "tv"
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos);
}

}  // namespace
}  // namespace touchpoint::web
