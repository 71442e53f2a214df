// html_test.cpp: the form, thank-you and error pages: escaping, every widget, kept answers, errors and
// their accessibility wiring, language handling, and the CSP hashes.
#include "html.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "messages.h"
#include "testutil/testutil.h"

namespace touchpoint::web {
namespace {

using surveys::Option;
using surveys::Question;
using surveys::QuestionType;
using surveys::Response;
using surveys::Survey;

constexpr std::string_view kXss = "<script>alert(1)</script>";
constexpr std::string_view kXssEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

Option Opt(std::string id, std::string en, std::string uk = "") {
  Option o{std::move(id), {{"en", std::move(en)}}};
  if (!uk.empty()) o.text["uk"] = std::move(uk);
  return o;
}

Question Q(std::string id, QuestionType type, std::string en, bool required = false) {
  Question q;
  q.id = std::move(id);
  q.type = type;
  q.text = {{"en", std::move(en)}};
  q.required = required;
  return q;
}

// A survey with one question of every type.
Survey AllTypes() {
  Survey s;
  s.id = "cjm";
  s.default_language = "en";
  s.languages = {"en", "uk", "ro"};
  s.title = {{"en", "Your experience"}, {"uk", "Ваш досвід"}};
  s.description = {{"en", "Five minutes."}};
  Question heard = Q("heard", QuestionType::kSingleChoice, "Where did you first hear about us?", true);
  heard.options = {Opt("ad", "Advertising", "Реклама"), Opt("friend", "A friend", "Друзі")};
  heard.help = {{"en", "Pick the first one."}};
  Question compared = Q("compared", QuestionType::kMultipleChoice, "What else did you compare?");
  compared.options = {Opt("shop_a", "Shop A"), Opt("shop_b", "Shop B"), Opt("none", "Nothing")};
  Question rating = Q("ease", QuestionType::kRating, "How easy was ordering?");
  rating.scale_min = 1;
  rating.scale_max = 7;
  Question nps = Q("nps", QuestionType::kNps, "How likely are you to recommend us?", true);
  Question likert = Q("again", QuestionType::kLikert, "I would buy again");
  likert.options = {Opt("disagree", "Disagree"), Opt("neutral", "Neutral"), Opt("agree", "Agree")};
  Question matrix = Q("factors", QuestionType::kMatrix, "How important was each?", true);
  matrix.rows = {Opt("price", "Price"), Opt("reviews", "Reviews")};
  matrix.columns = {Opt("low", "Low"), Opt("high", "High")};
  Question rank = Q("rank", QuestionType::kRanking, "Rank these");
  rank.options = {Opt("speed", "Speed"), Opt("cost", "Cost"), Opt("care", "Care")};
  Question text = Q("delivery", QuestionType::kText, "Tell us about the delivery");
  text.max_length = 500;
  text.visible_if = "nps <= 6 and heard in ['ad', \"friend\"]";
  Question number = Q("orders", QuestionType::kNumber, "How many orders last year?");
  number.min = 0;
  number.max = 1000;
  Question date = Q("last", QuestionType::kDate, "Date of your last order");
  s.questions = {heard, compared, rating, nps, likert, matrix, rank, text, number, date};
  return s;
}

// A survey in English only with the given questions.
Survey Plain(std::vector<Question> questions) {
  Survey s;
  s.id = std::string("plain");
  s.languages = {std::string("en")};
  s.questions = std::move(questions);
  return s;
}

size_t Count(const std::string& hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The HTML of the question block with id q-<qid>.
std::string Block(const std::string& html, const std::string& qid) {
  size_t start = html.find("<div class=\"q");
  while (start != std::string::npos) {
    size_t end = html.find("\n</div>", start);
    std::string block = html.substr(start, end - start);
    if (block.find("id=\"q-" + qid + "\"") != std::string::npos) return block;
    start = html.find("<div class=\"q", end);
  }
  ADD_FAILURE() << "no block for " << qid;
  return "";
}

std::string Render(const Survey& s, const Response* kept = nullptr,
                   const std::vector<FieldError>& errors = {}, std::string_view lang = "en",
                   const Catalogs& c = Catalogs()) {
  return RenderForm(s, lang, c, kept, errors, "/s/cjm");
}

std::string Sha256Base64(std::string_view data) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(data.data(), static_cast<unsigned>(data.size()));
  std::ostringstream out;
  Poco::Base64Encoder b64(out);
  b64.rdbuf()->setLineLength(0);
  const auto& d = sha.digest();
  b64.write(reinterpret_cast<const char*>(d.data()), static_cast<std::streamsize>(d.size()));
  b64.close();
  return out.str();
}

std::string Between(const std::string& s, std::string_view open, std::string_view close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  return s.substr(a, s.find(close, a) - a);
}

// ---------------------------------------------------------------------------------------------------------

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &#39; f");
  EXPECT_EQ(HtmlEscape(kXss), kXssEscaped);
  EXPECT_EQ(HtmlEscape("\" onmouseover=\"alert(1)"), "&quot; onmouseover=&quot;alert(1)");
  EXPECT_EQ(HtmlEscape("Ваш досвід — ș ț"), "Ваш досвід — ș ț");
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(HtmlEscape, ReplacesInvalidUtf8AndNul) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(HtmlEscape(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(HtmlEscape("\xC0\xBC"), fffd + fffd);                        // overlong '<'
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), fffd + fffd + fffd);             // surrogate
  EXPECT_EQ(HtmlEscape("\xE2\x82"), fffd + fffd);                        // truncated
  EXPECT_EQ(HtmlEscape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // > U+10FFFF
  EXPECT_EQ(HtmlEscape("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");         // emoji stays
}

TEST(RenderForm, IsACompleteAccessibleDocument) {
  const std::string html = Render(AllTypes());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<title>Your experience</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Your experience</h1>"), std::string::npos);
  EXPECT_NE(html.find("<form id=\"tp-form\" method=\"post\" action=\"/s/cjm\""), std::string::npos);
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"lang\" value=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<button type=\"submit\">Submit</button>"), std::string::npos);
  EXPECT_TRUE(html.ends_with("</html>\n"));
  // No external resources.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  // Every question is a fieldset with a legend, or has a label for its control.
  EXPECT_EQ(Count(html, "<fieldset"), 7u);
  EXPECT_EQ(Count(html, "<legend>"), 7u);
  EXPECT_EQ(Count(html, "class=\"qlabel\" for=\""), 3u);
  EXPECT_EQ(Count(html, "<div class=\"q\""), 10u);
  // No errors: no summary, no aria-invalid.
  EXPECT_EQ(html.find("class=\"summary\""), std::string::npos);
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
}

TEST(RenderForm, MarksRequiredInTextAndAttributes) {
  const std::string html = Render(AllTypes());
  const std::string heard = Block(html, "heard");
  EXPECT_NE(heard.find("<span class=\"req\">(required)</span>"), std::string::npos);
  EXPECT_NE(heard.find("role=\"radiogroup\" aria-required=\"true\""), std::string::npos);
  EXPECT_EQ(Count(heard, " required>"), 2u);  // each radio of the group
  const std::string nps = Block(html, "nps");
  EXPECT_NE(nps.find("aria-required=\"true\""), std::string::npos);
  const std::string text = Block(html, "delivery");
  EXPECT_NE(text.find("<span class=\"opt\">(optional)</span>"), std::string::npos);
  EXPECT_EQ(text.find("required"), std::string::npos);
  const std::string compared = Block(html, "compared");
  EXPECT_EQ(compared.find(" required"), std::string::npos);  // checkboxes never carry `required`
}

TEST(RenderForm, SingleChoiceIsARadioGroupWithLabels) {
  const std::string b = Block(Render(AllTypes()), "heard");
  EXPECT_NE(
      b.find(
          "<label class=\"choice\" for=\"f-heard-0\"><input type=\"radio\" id=\"f-heard-0\" name=\"heard\" "
          "value=\"ad\""),
      std::string::npos);
  EXPECT_NE(b.find("<span>Advertising</span>"), std::string::npos);
  EXPECT_NE(b.find("value=\"friend\""), std::string::npos);
  EXPECT_NE(b.find("<p class=\"help\" id=\"help-heard\">Pick the first one.</p>"), std::string::npos);
  EXPECT_NE(b.find("aria-describedby=\"help-heard\""), std::string::npos);
}

TEST(RenderForm, MultipleChoiceIsCheckboxesSharingTheName) {
  const std::string b = Block(Render(AllTypes()), "compared");
  EXPECT_EQ(Count(b, "type=\"checkbox\""), 3u);
  EXPECT_EQ(Count(b, "name=\"compared\""), 3u);
  EXPECT_NE(b.find("Choose all that apply."), std::string::npos);
  // An author's own help replaces the generic hint.
  Survey s = AllTypes();
  s.questions[1].help = {{"en", "Tick any."}};
  const std::string with_help = Block(Render(s), "compared");
  EXPECT_NE(with_help.find("Tick any."), std::string::npos);
  EXPECT_EQ(with_help.find("Choose all that apply."), std::string::npos);
}

TEST(RenderForm, RatingIsARadioRowFromMinToMax) {
  const std::string b = Block(Render(AllTypes()), "ease");
  EXPECT_EQ(Count(b, "type=\"radio\""), 7u);
  EXPECT_NE(b.find("value=\"1\""), std::string::npos);
  EXPECT_NE(b.find("value=\"7\""), std::string::npos);
  EXPECT_EQ(b.find("value=\"0\""), std::string::npos);
  EXPECT_EQ(b.find("value=\"8\""), std::string::npos);
}

TEST(RenderForm, NpsIsElevenRadiosWithAnchors) {
  const std::string b = Block(Render(AllTypes()), "nps");
  EXPECT_EQ(Count(b, "type=\"radio\""), 11u);
  for (int v = 0; v <= 10; ++v) EXPECT_NE(b.find("value=\"" + std::to_string(v) + "\""), std::string::npos);
  EXPECT_NE(b.find("Not at all likely"), std::string::npos);
  EXPECT_NE(b.find("Extremely likely"), std::string::npos);
  EXPECT_NE(b.find("aria-describedby=\"anchors-nps\""), std::string::npos);
}

TEST(RenderForm, LikertUsesItsScalePoints) {
  const std::string b = Block(Render(AllTypes()), "again");
  EXPECT_EQ(Count(b, "type=\"radio\""), 3u);
  EXPECT_NE(b.find("value=\"agree\""), std::string::npos);
}

TEST(RenderForm, MatrixIsATableOfRadiosPerRow) {
  const std::string b = Block(Render(AllTypes()), "factors");
  EXPECT_NE(b.find("<table>"), std::string::npos);
  EXPECT_NE(b.find("<th scope=\"col\">Low</th>"), std::string::npos);
  EXPECT_NE(b.find("<th scope=\"row\">Price</th>"), std::string::npos);
  EXPECT_EQ(Count(b, "name=\"factors.price\""), 2u);
  EXPECT_EQ(Count(b, "name=\"factors.reviews\""), 2u);
  EXPECT_NE(b.find("<label class=\"sr\" for=\"f-factors-1-1\">Reviews: High</label>"), std::string::npos);
}

TEST(RenderForm, RankingIsOneSelectPerPosition) {
  const std::string b = Block(Render(AllTypes()), "rank");
  EXPECT_EQ(Count(b, "<select"), 3u);
  EXPECT_EQ(Count(b, "name=\"rank\""), 3u);
  EXPECT_EQ(Count(b, "<option value=\"\">Select…</option>"), 3u);
  EXPECT_EQ(Count(b, "<option value=\"cost\">Cost</option>"), 3u);
  EXPECT_NE(b.find("<label for=\"f-rank-1\">Position 1</label>"), std::string::npos);
  EXPECT_NE(b.find("<label for=\"f-rank-3\">Position 3</label>"), std::string::npos);
}

TEST(RenderForm, TextNumberAndDateInputs) {
  const std::string html = Render(AllTypes());
  const std::string text = Block(html, "delivery");
  EXPECT_NE(text.find("<textarea id=\"f-delivery\" name=\"delivery\" maxlength=\"500\""), std::string::npos);
  EXPECT_NE(text.find("Up to 500 characters."), std::string::npos);
  const std::string number = Block(html, "orders");
  EXPECT_NE(number.find("type=\"number\""), std::string::npos);
  EXPECT_NE(number.find("step=\"any\" min=\"0\" max=\"1000\""), std::string::npos);
  const std::string date = Block(html, "last");
  EXPECT_NE(date.find("<input type=\"date\" id=\"f-last\" name=\"last\""), std::string::npos);
  EXPECT_NE(html.find("<label class=\"qlabel\" for=\"f-last\">"), std::string::npos);
}

TEST(RenderForm, TextareaDefaultsToTenThousandCharacters) {
  Survey s;
  s.id = "s";
  s.languages = {"en"};
  s.questions = {Q("t", QuestionType::kText, "Anything else?")};
  const std::string html = Render(s);
  EXPECT_NE(html.find("maxlength=\"10000\""), std::string::npos);
  EXPECT_EQ(html.find("Up to"), std::string::npos);
}

TEST(RenderForm, RefillsKeptAnswersOfEveryWidget) {
  Response kept;
  kept.answers["heard"] = std::string("friend");
  kept.answers["compared"] = std::vector<std::string>{"shop_a", "none"};
  kept.answers["ease"] = int64_t{6};
  kept.answers["nps"] = int64_t{4};
  kept.answers["again"] = std::string("neutral");
  kept.answers["factors"] = std::map<std::string, std::string>{{"price", "high"}, {"reviews", "low"}};
  kept.answers["rank"] = std::vector<std::string>{"care", "speed", "cost"};
  kept.answers["delivery"] = std::string("Late & <b>broken</b>");
  kept.answers["orders"] = 2.5;
  kept.answers["last"] = std::string("2026-11-01");
  const std::string html = Render(AllTypes(), &kept);

  const std::string heard = Block(html, "heard");
  EXPECT_NE(heard.find("value=\"friend\" checked"), std::string::npos);
  EXPECT_EQ(heard.find("value=\"ad\" checked"), std::string::npos);
  const std::string compared = Block(html, "compared");
  EXPECT_NE(compared.find("value=\"shop_a\" checked"), std::string::npos);
  EXPECT_NE(compared.find("value=\"none\" checked"), std::string::npos);
  EXPECT_EQ(compared.find("value=\"shop_b\" checked"), std::string::npos);
  EXPECT_EQ(Count(Block(html, "ease"), " checked"), 1u);
  EXPECT_NE(Block(html, "ease").find("value=\"6\" checked"), std::string::npos);
  EXPECT_EQ(Count(Block(html, "nps"), " checked"), 1u);
  EXPECT_NE(Block(html, "nps").find("value=\"4\" checked"), std::string::npos);
  EXPECT_NE(Block(html, "again").find("value=\"neutral\" checked"), std::string::npos);
  const std::string matrix = Block(html, "factors");
  EXPECT_NE(matrix.find("name=\"factors.price\" value=\"high\" checked"), std::string::npos);
  EXPECT_NE(matrix.find("name=\"factors.reviews\" value=\"low\" checked"), std::string::npos);
  EXPECT_EQ(Count(matrix, " checked"), 2u);
  const std::string rank = Block(html, "rank");
  EXPECT_EQ(Count(rank, " selected"), 3u);
  // Position 1 = care, 2 = speed, 3 = cost.
  const std::regex order(
      R"(f-rank-1[\s\S]*value="care" selected[\s\S]*f-rank-2[\s\S]*value="speed" selected[\s\S]*f-rank-3[\s\S]*value="cost" selected)");
  EXPECT_TRUE(std::regex_search(rank, order)) << rank;
  EXPECT_NE(Block(html, "delivery").find(">Late &amp; &lt;b&gt;broken&lt;/b&gt;</textarea>"),
            std::string::npos);
  EXPECT_NE(Block(html, "orders").find("value=\"2.5\""), std::string::npos);
  EXPECT_NE(Block(html, "last").find("value=\"2026-11-01\""), std::string::npos);
}

TEST(RenderForm, KeptIntegerNumberHasNoDecimals) {
  Response kept;
  kept.answers["orders"] = int64_t{12};
  EXPECT_NE(Block(Render(AllTypes(), &kept), "orders").find("value=\"12\""), std::string::npos);
}

TEST(RenderForm, EscapesEverythingFromTheSurveyAndTheAnswers) {
  Survey s = AllTypes();
  s.title["en"] = std::string(kXss);
  s.description["en"] = std::string(kXss);
  s.questions[0].text["en"] = std::string(kXss);
  s.questions[0].help["en"] = std::string(kXss);
  s.questions[0].options[0].text["en"] = std::string(kXss);
  s.questions[0].options[1].id = "\"><script>alert(2)</script>";
  s.questions[5].rows[0].text["en"] = std::string(kXss);
  s.questions[5].columns[0].text["en"] = std::string(kXss);
  s.questions[7].visible_if = "a == '\"><script>alert(3)</script>'";
  Response kept;
  kept.answers["delivery"] = std::string("</textarea><script>alert(4)</script>");
  kept.answers["last"] = std::string("\"><script>alert(5)</script>");
  kept.answers["rank"] = std::vector<std::string>{"<script>"};
  const std::vector<FieldError> errors = {{"answers.<script>alert(6)</script>", "<script>alert(7)</script>"}};
  const std::string html = RenderForm(s, "en", Catalogs(), &kept, errors, "/s/\"><script>alert(8)</script>");
  // The only <script> element is the page's own visibility script.
  EXPECT_EQ(Count(html, "<script>"), 1u) << html;
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_GE(Count(html, kXssEscaped), 7u);
  EXPECT_NE(html.find("value=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("action=\"/s/&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;\""), std::string::npos);
}

TEST(RenderForm, ShowsErrorsBesideQuestionsAndInASummary) {
  Response kept;
  kept.answers["ease"] = int64_t{9};
  const std::vector<FieldError> errors = {{"answers.heard", "required"}, {"answers.ease", "out of range"}};
  const std::string html = Render(AllTypes(), &kept, errors);

  EXPECT_NE(html.find("<title>Error: Your experience</title>"), std::string::npos);
  const std::string summary = Between(html, "<div class=\"summary\"", "</div>");
  EXPECT_NE(summary.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(summary.find("Please correct the errors below"), std::string::npos);
  EXPECT_NE(summary.find("There are problems with 2 answers."), std::string::npos);
  EXPECT_NE(summary.find(
                "<a href=\"#f-heard-0\">Where did you first hear about us? — This question is required.</a>"),
            std::string::npos);
  EXPECT_NE(summary.find(
                "<a href=\"#f-ease-0\">How easy was ordering? — Must be a whole number between 1 and 7.</a>"),
            std::string::npos);
  // The summary comes before the form.
  EXPECT_LT(html.find("class=\"summary\""), html.find("<form"));

  const std::string heard = Block(html, "heard");
  EXPECT_NE(heard.find("class=\"q invalid\""), std::string::npos);
  EXPECT_NE(heard.find("<p class=\"err\" id=\"err-heard\"><span class=\"sr\">Error: </span>This question is "
                       "required.</p>"),
            std::string::npos);
  EXPECT_NE(heard.find("aria-describedby=\"help-heard err-heard\" aria-invalid=\"true\""), std::string::npos);
  const std::string ease = Block(html, "ease");
  EXPECT_NE(ease.find("aria-describedby=\"err-ease\""), std::string::npos);
  EXPECT_EQ(ease.find(" checked"), std::string::npos);
  // Questions without errors are untouched.
  EXPECT_EQ(Block(html, "nps").find("aria-invalid"), std::string::npos);
}

TEST(RenderForm, ErrorsOnSingleControlsAreDescribedOnTheControl) {
  Response kept;
  kept.answers["delivery"] = std::string(600, 'x');
  const std::string html = Render(AllTypes(), &kept, {{"answers.delivery", "too long"}});
  const std::string b = Block(html, "delivery");
  EXPECT_NE(b.find("<textarea id=\"f-delivery\" name=\"delivery\" maxlength=\"500\" rows=\"4\" "
                   "aria-describedby=\"hint-delivery err-delivery\" aria-invalid=\"true\">"),
            std::string::npos)
      << b;
  EXPECT_NE(b.find("Too long: use at most 500 characters."), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#f-delivery\">"), std::string::npos);
}

TEST(RenderForm, ErrorsNamingNoQuestionGoToTheSummaryOnly) {
  const std::string html = Render(AllTypes(), nullptr, {{"answers.ghost", "unknown question"}});
  const std::string summary = Between(html, "<div class=\"summary\"", "</div>");
  EXPECT_NE(summary.find("<li>This answer does not belong to the survey.</li>"), std::string::npos);
  EXPECT_NE(summary.find("There is a problem with 1 answer."), std::string::npos);
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
}

TEST(RenderForm, MatrixRowErrorsAttachToTheMatrix) {
  Response kept;
  kept.answers["factors"] = std::map<std::string, std::string>{{"price", "nope"}};
  const std::string html = Render(
      AllTypes(), &kept, {{"answers.factors.price", "bad column"}, {"answers.factors.reviews", "missing"}});
  const std::string b = Block(html, "factors");
  EXPECT_NE(b.find("Choose one of the options in this row."), std::string::npos);
  EXPECT_NE(b.find("Answer every row."), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#f-factors-0-0\">"), std::string::npos);
}

TEST(RenderForm, DuplicateMessagesForOneQuestionShowOnce) {
  const std::string html = Render(AllTypes(), nullptr, {{"answers.heard", "a"}, {"answers.heard", "b"}});
  EXPECT_EQ(Count(Block(html, "heard"), "This question is required."), 1u);
}

TEST(RenderForm, VisibleIfBecomesADataAttributeAndTheScriptIsIncluded) {
  const std::string html = Render(AllTypes());
  EXPECT_NE(Block(html, "delivery")
                .find("data-visible-if=\"nps &lt;= 6 and heard in [&#39;ad&#39;, &quot;friend&quot;]\""),
            std::string::npos);
  EXPECT_NE(html.find("<script>(function(){"), std::string::npos);
  Survey plain = AllTypes();
  for (auto& q : plain.questions) q.visible_if.clear();
  const std::string no_script = Render(plain);
  EXPECT_EQ(no_script.find("<script"), std::string::npos);
  EXPECT_EQ(no_script.find("data-visible-if"), std::string::npos);
}

TEST(RenderForm, LanguageSwitcherLinksEveryOfferedLanguage) {
  const std::string html = Render(AllTypes());
  const std::string nav = Between(html, "<nav class=\"lang\"", "</nav>");
  EXPECT_NE(nav.find("aria-label=\"Language\""), std::string::npos);
  EXPECT_NE(nav.find("<a href=\"?lang=en\" hreflang=\"en\" lang=\"en\" aria-current=\"page\">English</a>"),
            std::string::npos);
  EXPECT_NE(nav.find("<a href=\"?lang=uk\" hreflang=\"uk\" lang=\"uk\">Українська</a>"), std::string::npos);
  EXPECT_NE(nav.find("<a href=\"?lang=ro\" hreflang=\"ro\" lang=\"ro\">Română</a>"), std::string::npos);
  EXPECT_EQ(nav.find("?lang=ru"), std::string::npos);  // not offered by this survey

  Survey single = AllTypes();
  single.languages = {"en"};
  EXPECT_EQ(Render(single).find("<nav"), std::string::npos);
}

TEST(RenderForm, SurveyTextsFollowTheLanguageWithFallback) {
  const std::string html = Render(AllTypes(), nullptr, {}, "uk");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"uk\">", 0), 0u);
  EXPECT_NE(html.find("<h1>Ваш досвід</h1>"), std::string::npos);
  EXPECT_NE(html.find("<span>Реклама</span>"), std::string::npos);
  EXPECT_NE(html.find("<span>Shop A</span>"), std::string::npos);  // no Ukrainian text: default language
  EXPECT_NE(html.find("name=\"lang\" value=\"uk\""), std::string::npos);
  // A language the survey does not offer falls back to its default.
  const std::string ru = Render(AllTypes(), nullptr, {}, "ru");
  EXPECT_EQ(ru.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(ru.find("name=\"lang\" value=\"en\""), std::string::npos);
}

TEST(RenderForm, UiTextsComeFromTheCatalogs) {
  auto loaded = Catalogs::Load(testutil::ShareDir());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const std::string html = Render(AllTypes(), nullptr, {{"answers.nps", "x"}}, "uk", **loaded);
  EXPECT_NE(html.find("<button type=\"submit\">Надіслати</button>"), std::string::npos);
  EXPECT_NE(html.find("(обов’язково)"), std::string::npos);
  EXPECT_NE(html.find("Зовсім малоймовірно"), std::string::npos);
  EXPECT_NE(html.find("Будь ласка, виправте помилки нижче"), std::string::npos);
  EXPECT_NE(html.find("1 відповідь потрібно виправити."), std::string::npos);
  EXPECT_NE(html.find("Це обов’язкове запитання."), std::string::npos);
  EXPECT_NE(html.find("<title>Помилка: Ваш досвід</title>"), std::string::npos);
  EXPECT_EQ(html.find(">Submit<"), std::string::npos);
}

TEST(RenderForm, FallbackTitleWhenTheSurveyHasNone) {
  Survey s = AllTypes();
  s.title.clear();
  EXPECT_NE(Render(s).find("<title>Survey</title>"), std::string::npos);
}

TEST(RenderForm, HugeRatingScalesAreBounded) {
  Question q = Q("r", QuestionType::kRating, "Rate");
  q.scale_min = 0;
  q.scale_max = 1000000000;
  const Survey s = Plain({q});
  EXPECT_EQ(Count(Render(s), "type=\"radio\""), 101u);
}

// ---------------------------------------------------------------------------------------------------------

TEST(LocalizeFieldError, PicksTheRuleFromTheQuestion) {
  const Survey s = AllTypes();
  Catalogs c;
  Response kept;
  kept.answers["heard"] = std::string("tv");
  kept.answers["compared"] = std::vector<std::string>{"shop_a", "shop_a"};
  kept.answers["nps"] = int64_t{11};
  kept.answers["again"] = std::string("maybe");
  kept.answers["rank"] = std::vector<std::string>{"speed"};
  kept.answers["orders"] = -1.0;
  kept.answers["last"] = std::string("2026-02-30");
  kept.answers["delivery"] = std::string("   ");
  auto loc = [&](const char* field) { return LocalizeFieldError(s, &kept, {field, "x"}, "en", c); };
  EXPECT_EQ(loc("answers.heard"), "Choose one of the options.");
  EXPECT_EQ(loc("answers.compared"), "Choose only from the options listed, each once.");
  EXPECT_EQ(loc("answers.nps"), "Must be a whole number between 0 and 10.");
  EXPECT_EQ(loc("answers.again"), "Choose one of the options.");
  EXPECT_EQ(loc("answers.rank"), "Rank all the options, each in its own position.");
  EXPECT_EQ(loc("answers.orders"), "Must be a number between 0 and 1000.");
  EXPECT_EQ(loc("answers.last"), "Must be a real date in the format YYYY-MM-DD.");
  EXPECT_EQ(loc("answers.delivery"), "Please check this answer.");            // optional, blank, not too long
  EXPECT_EQ(loc("answers.ease"), "Must be a whole number between 1 and 7.");  // nothing kept, optional
  EXPECT_EQ(loc("answers.factors"), "This question is required.");
  EXPECT_EQ(loc("answers.nope"), "This answer does not belong to the survey.");
  EXPECT_EQ(loc("nps"), "Must be a whole number between 0 and 10.");  // the prefix is optional
}

TEST(LocalizeFieldError, MachineCodesWin) {
  const Survey s = AllTypes();
  Catalogs c;
  auto loc = [&](const char* field, const char* code, const Response* kept = nullptr) {
    return LocalizeFieldError(s, kept, FieldError{field, "x", code}, "en", c);
  };
  // A required question whose value could not be parsed is not "required" when the code says why.
  EXPECT_EQ(loc("answers.nps", "not_whole_number"), "Must be a whole number between 0 and 10.");
  EXPECT_EQ(loc("answers.nps", "required"), "This question is required.");
  EXPECT_EQ(loc("answers.delivery", "too_long"), "Too long: use at most 500 characters.");
  EXPECT_EQ(loc("answers.last", "invalid_date"), "Must be a real date in the format YYYY-MM-DD.");
  EXPECT_EQ(loc("answers.heard", "not_an_option"), "Choose one of the options.");
  EXPECT_EQ(loc("answers.compared", "duplicate_option"), "Choose only from the options listed, each once.");
  EXPECT_EQ(loc("answers.rank", "incomplete_ranking"), "Rank all the options, each in its own position.");
  EXPECT_EQ(loc("answers.orders", "out_of_range"), "Must be a number between 0 and 1000.");
  EXPECT_EQ(loc("answers.orders", "not_a_number"), "Must be a number between 0 and 1000.");
  EXPECT_EQ(loc("answers.delivery", "invalid_text"), "Please check this answer.");
  EXPECT_EQ(loc("answers.ghost", "unknown_question"), "This answer does not belong to the survey.");
  EXPECT_EQ(loc("answers.factors.colour", "unknown_row"), "This answer does not belong to the survey.");
  // Matrix rows: a missing row vs a bad column, whatever was kept.
  EXPECT_EQ(loc("answers.factors.price", "required"), "Answer every row.");
  EXPECT_EQ(loc("answers.factors.price", "not_an_option"), "Choose one of the options in this row.");
  Response blank;
  blank.answers["delivery"] = std::string("  ");
  EXPECT_EQ(loc("answers.delivery", "required", &blank), "This question is required.");
}

TEST(LocalizeFieldError, MissingRequiredAnswerSaysRequired) {
  const Survey s = AllTypes();
  EXPECT_EQ(LocalizeFieldError(s, nullptr, {"answers.nps", "x"}, "en", Catalogs()),
            "This question is required.");
  Response blank;
  blank.answers["heard"] = std::string("");
  EXPECT_EQ(LocalizeFieldError(s, &blank, {"answers.heard", "x"}, "en", Catalogs()),
            "This question is required.");
}

TEST(LocalizeFieldError, NumberLimitsShapeTheMessage) {
  Survey s;
  s.id = "s";
  s.languages = {"en"};
  Question only_min = Q("a", QuestionType::kNumber, "A");
  only_min.min = 1.5;
  Question only_max = Q("b", QuestionType::kNumber, "B");
  only_max.max = 1e6;
  Question none = Q("c", QuestionType::kNumber, "C");
  s.questions = {only_min, only_max, none};
  Catalogs c;
  EXPECT_EQ(LocalizeFieldError(s, nullptr, {"answers.a", ""}, "en", c), "Must be a number no less than 1.5.");
  EXPECT_EQ(LocalizeFieldError(s, nullptr, {"answers.b", ""}, "en", c),
            "Must be a number no greater than 1000000.");
  EXPECT_EQ(LocalizeFieldError(s, nullptr, {"answers.c", ""}, "en", c), "Must be a number.");
}

TEST(LocalizeFieldError, QuestionIdsWithDotsMatchTheLongestId) {
  Survey s;
  s.id = "s";
  s.languages = {"en"};
  Question a = Q("a", QuestionType::kNps, "A");
  Question ab = Q("a.b", QuestionType::kDate, "AB");
  s.questions = {a, ab};
  Response kept;
  kept.answers["a.b"] = std::string("x");
  kept.answers["a"] = int64_t{12};
  EXPECT_EQ(LocalizeFieldError(s, &kept, {"answers.a.b", ""}, "en", Catalogs()),
            "Must be a real date in the format YYYY-MM-DD.");
  EXPECT_EQ(LocalizeFieldError(s, &kept, {"answers.a", ""}, "en", Catalogs()),
            "Must be a whole number between 0 and 10.");
}

TEST(LocalizeFieldError, TooLongTextCountsCodePoints) {
  Survey s;
  s.id = "s";
  s.languages = {"en", "ro"};
  Question t = Q("t", QuestionType::kText, "T");
  t.max_length = 3;
  s.questions = {t};
  Response kept;
  kept.answers["t"] = std::string("șțăî");  // 4 code points, 8 bytes
  auto loaded = Catalogs::Load(testutil::ShareDir());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(LocalizeFieldError(s, &kept, {"answers.t", ""}, "en", **loaded),
            "Too long: use at most 3 characters.");
  EXPECT_EQ(LocalizeFieldError(s, &kept, {"answers.t", ""}, "ro", **loaded),
            "Prea lung: folosiți cel mult 3 caractere.");
  kept.answers["t"] = std::string("șță");  // exactly 3: not too long
  EXPECT_EQ(LocalizeFieldError(s, &kept, {"answers.t", ""}, "en", **loaded), "Please check this answer.");
}

// ---------------------------------------------------------------------------------------------------------

TEST(RenderThankYou, LocalizedAndEscaped) {
  auto loaded = Catalogs::Load(testutil::ShareDir());
  ASSERT_TRUE(loaded.ok());
  Survey s = AllTypes();
  s.title["ro"] = std::string(kXss);
  const std::string ro = RenderThankYou(s, "ro", **loaded);
  EXPECT_EQ(ro.rfind("<!DOCTYPE html>\n<html lang=\"ro\">", 0), 0u);
  EXPECT_NE(ro.find("<title>Vă mulțumim!</title>"), std::string::npos);
  EXPECT_NE(ro.find("Răspunsurile dumneavoastră au fost salvate."), std::string::npos);
  EXPECT_NE(ro.find(kXssEscaped), std::string::npos);
  EXPECT_EQ(ro.find("<script"), std::string::npos);
  const std::string en = RenderThankYou(s, "en", **loaded);
  EXPECT_NE(en.find("<h1>Thank you!</h1>"), std::string::npos);
}

TEST(RenderErrorPage, EachStatusHasItsOwnText) {
  Catalogs c;
  EXPECT_NE(RenderErrorPage(404, "en", c).find("<h1>Survey not found</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(410, "en", c).find("<h1>This survey is closed</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(413, "en", c).find("<h1>Request too large</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(429, "en", c).find("<h1>Too many requests</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(503, "en", c).find("<h1>Server busy</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(400, "en", c).find("<h1>Bad request</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(500, "en", c).find("<h1>Something went wrong</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(415, "en", c).find("<h1>This page cannot be shown</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(410, "en", c).find("Error 410"), std::string::npos);
}

TEST(RenderErrorPage, LocalizedInEveryLanguage) {
  auto loaded = Catalogs::Load(testutil::ShareDir());
  ASSERT_TRUE(loaded.ok());
  const Catalogs& c = **loaded;
  EXPECT_NE(RenderErrorPage(410, "uk", c).find("<h1>Опитування завершено</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(404, "ru", c).find("<h1>Опрос не найден</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(429, "ro", c).find("<h1>Prea multe cereri</h1>"), std::string::npos);
  EXPECT_NE(RenderErrorPage(503, "uk-UA", c).find("<html lang=\"uk\">"), std::string::npos);
  // Unknown languages render in English with lang="en".
  const std::string de = RenderErrorPage(404, "de", c);
  EXPECT_NE(de.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(de.find("Survey not found"), std::string::npos);
  const std::string hostile = RenderErrorPage(404, "\"><script>", c);
  EXPECT_NE(hostile.find("<html lang=\"en\">"), std::string::npos);
}

TEST(RenderErrorPage, DetailIsEscaped) {
  const std::string html = RenderErrorPage(400, "en", Catalogs(), kXss);
  EXPECT_NE(html.find(kXssEscaped), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------

TEST(FormCsp, AllowsExactlyThePagesOwnStyleAndScript) {
  const std::string html = Render(AllTypes());
  const std::string style = Between(html, "<style>", "</style>");
  const std::string script = Between(html, "<script>", "</script>");
  ASSERT_FALSE(style.empty());
  ASSERT_FALSE(script.empty());
  const std::string& csp = FormCsp();
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("style-src 'sha256-" + Sha256Base64(style) + "'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'sha256-" + Sha256Base64(script) + "'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("form-action 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  // Every page shares the same style, so one header fits all.
  EXPECT_EQ(Between(RenderErrorPage(404, "en", Catalogs()), "<style>", "</style>"), style);
  // No inline event handlers or style attributes, which the policy would block.
  EXPECT_EQ(html.find(" style=\""), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"( on[a-z]+=)")));
}

}  // namespace
}  // namespace touchpoint::web
