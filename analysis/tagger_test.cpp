// Tests of the Tagger on small fixture lexicons written per test (the rules, independent of the shipped
// data), plus a few checks against the shipped lexicons (share dir) for behaviour the issue names.
#include "touchpoint/analysis/tagger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "testutil/testutil.h"
#include "text.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;
using testutil::TempDir;
using testutil::WriteFile;

// A fixture lexicon: every language gets the same function words of its own, a few rated words and cues.
class FixtureTagger : public ::testing::Test {
 protected:
  void SetUp() override {
    Files files = {
        {"en/sentiment.tsv",
         "good\t1.9\nbad\t-2.5\ngreat\t3.1\nlate\t-1.0\nhate\t-2.7\nnever arrived\t-2.4\nuseful\t1.9\n"
         "mild\t0.3\nmeh\t-0.2\n"},
        {"en/concessive.txt", "although\neven though\n"},
        {"en/cons.txt", "cons\n"},
        {"uk/pros.txt", "переваги\n"},
        {"uk/cons.txt", "недоліки\n"},
        {"en/negators.txt", "not\nnever\nno\n"},
        {"en/intensifiers.tsv", "very\t0.293\nslightly\t-0.293\nkind of\t-0.293\n"},
        {"en/contrast.txt", "but\n"},
        {"en/stopwords.txt", "the\nand\nis\nit\nwas\n"},
        {"en/cues.tsv",
         "stage\tpurchase\torder\nstage\tadvocacy\trecommend\npain_point\tdelivery\tdelivery\n"
         "pain_point\tdelivery\tnever arrived\tproblem\ntouchpoint\tdelivery_courier\tcourier\n"
         "emotion\tanger\tfurious\nstage\tservice\tsupport\tneg\n"},
        {"uk/sentiment.tsv",
         "добрий\t1.9\nпоганий\t-2.5\nпошкодувати\t-1.5\nчудов*\t2.8\n"
         "за два тижні не доставили\t-2.5\n"},
        {"uk/negators.txt", "не\nні\nні разу\n"},
        {"uk/intensifiers.tsv", "дуже\t0.293\n"},
        {"uk/contrast.txt", "але\n"},
        {"uk/stopwords.txt", "і\nщо\nце\nне\n"},
        {"uk/cues.tsv", "pain_point\tdelivery\tдоставка\nstage\tadvocacy\tрекомендую\n"},
        {"ru/sentiment.tsv", "хороший\t1.9\nплохой\t-2.5\nрекомендую\t1.5\nнормально\t0.6\n"},
        {"ru/negators.txt", "не\nнет\n"},
        {"ru/contrast.txt", "но\n"},
        {"ru/stopwords.txt", "и\nчто\nэто\nне\n"},
        {"ro/sentiment.tsv", "bun\t1.9\nrău\t-2.5\nrecomand\t1.5\nstricat\t-2.2\n"},
        {"ro/negators.txt", "nu\n"},
        {"ro/contrast.txt", "dar\nînsă\n"},
        {"ro/stopwords.txt", "și\nnu\neste\nfoarte\n"},
        {"common/sentiment.tsv", ":)\t2.0\n:(\t-1.9\n😀\t2.2\n😡\t-2.7\n"},
    };
    for (const auto& [name, content] : files) {
      fs::create_directories((dir_.path() / name).parent_path());
      WriteFile(dir_.path() / name, content);
    }
    Reload();
  }

  using Files = std::map<std::string, std::string>;

  void Reload(const std::string& extra = {}) {
    TaggerOptions o;
    o.lexicon_dir = dir_.str();
    o.extra_cues = extra;
    auto t = Tagger::Load(o);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    tagger_ = *t;
  }

  Tags Tag(std::string_view text, std::string_view lang = "en", std::string_view stage = {},
           std::string_view touchpoint = {}) {
    TagInput in;
    in.text = text;
    in.lang = lang;
    in.stage_prior = stage;
    in.touchpoint_prior = touchpoint;
    auto r = tagger_->Tag(in);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : Tags{};
  }

  static bool Has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  TempDir dir_;
  std::shared_ptr<const Tagger> tagger_;
};

TEST_F(FixtureTagger, PlainPolarity) {
  Tags pos = Tag("The food was good");
  EXPECT_EQ(pos.sentiment, "positive");
  EXPECT_GT(pos.score, 0);
  Tags neg = Tag("The food was bad");
  EXPECT_EQ(neg.sentiment, "negative");
  EXPECT_LT(neg.score, 0);
  Tags neutral = Tag("The food was served at noon");
  EXPECT_EQ(neutral.sentiment, "neutral");
  EXPECT_EQ(neutral.score, 0);
  EXPECT_LE(std::abs(Tag("good good good great great great great!!!").score), 1.0);
}

TEST_F(FixtureTagger, NegationFlipsWithinScope) {
  EXPECT_EQ(Tag("not bad").sentiment, "positive");
  EXPECT_EQ(Tag("it was not good").sentiment, "negative");
  EXPECT_EQ(Tag("never very good").sentiment, "negative");  // negator 2 words back
  // Outside the clause the negator does not reach.
  EXPECT_EQ(Tag("not that, good").sentiment, "positive");
  EXPECT_EQ(Tag("don't hate it").sentiment, "positive");  // any "n't" is a negator in English
}

TEST_F(FixtureTagger, NegationPerLanguage) {
  EXPECT_EQ(Tag("не поганий магазин", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("Ні разу не пошкодував", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("не рекомендую", "ru").sentiment, "negative");
  EXPECT_EQ(Tag("Nu recomand", "ro").sentiment, "negative");
  EXPECT_EQ(Tag("nu este rău", "ro").sentiment, "positive");
}

TEST_F(FixtureTagger, IntensifiersAndDampeners) {
  double base = Tag("good").score;
  EXPECT_GT(Tag("very good").score, base);
  EXPECT_LT(Tag("slightly good").score, base);
  EXPECT_LT(Tag("kind of good").score, base);  // multi-word dampener
  EXPECT_LT(Tag("very bad").score, Tag("bad").score);
  EXPECT_GT(Tag("дуже добрий", "uk").score, Tag("добрий", "uk").score);
}

TEST_F(FixtureTagger, ContrastClauseAfterWeighsMore) {
  EXPECT_EQ(Tag("good but bad").sentiment, "negative");
  EXPECT_EQ(Tag("bad but good").sentiment, "positive");
  EXPECT_EQ(Tag("добрий, але поганий", "uk").sentiment, "negative");
  EXPECT_EQ(Tag("хороший но плохой", "ru").sentiment, "negative");
  EXPECT_EQ(Tag("bun dar rău", "ro").sentiment, "negative");
  EXPECT_EQ(Tag("rău, însă bun", "ro").sentiment, "positive");
}

TEST_F(FixtureTagger, EmoticonsAreNotNegated) {
  // A negator reaches words, not the smiley that comments on the whole message.
  EXPECT_EQ(Tag("no signal :(").sentiment, "negative");
  EXPECT_EQ(Tag("not bad :(").sentiment, "negative");  // "bad" is negated, the smiley is not
  EXPECT_EQ(Tag("not bad").sentiment, "positive");
}

TEST_F(FixtureTagger, RussianNeedsMoreThanOneWeakPositiveWord) {
  EXPECT_EQ(Tag("нормально", "ru").sentiment, "neutral");  // compound below the positive threshold 0.3
  EXPECT_GT(Tag("нормально", "ru").score, 0);
  EXPECT_EQ(Tag("хороший", "ru").sentiment, "positive");
  EXPECT_EQ(Tag("нормально, рекомендую", "ru").sentiment, "positive");
  EXPECT_EQ(Tag("не нормально", "ru").sentiment, "negative");  // the negative side keeps VADER's 0.05
  EXPECT_EQ(Tag("bun", "ro").sentiment, "positive");
}

TEST_F(FixtureTagger, ClosingVerdictWeighsDouble) {
  // Ukrainian and Russian: the last two rated sentences of a text with at least three weigh double.
  EXPECT_EQ(Tag("Поганий. Поганий. Добрий. Добрий.", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("Добрий. Добрий. Поганий. Поганий.", "uk").sentiment, "negative");
  // Two rated sentences: no closing verdict of its own, plain sums.
  EXPECT_EQ(Tag("Поганий. Поганий добрий.", "uk").sentiment, "negative");
  EXPECT_EQ(Tag("Плохой. Плохой. Хороший. Хороший.", "ru").sentiment, "positive");
  // Other languages: plain sums.
  EXPECT_EQ(Tag("Rău. Rău. Bun. Bun.", "ro").sentiment, "negative");
}

TEST_F(FixtureTagger, SentenceOpeningWithContrastConcedesThePreviousOne) {
  EXPECT_EQ(Tag("It was great. It was late.").sentiment, "positive");
  EXPECT_EQ(Tag("It was great. But it was late.").sentiment, "negative");
  EXPECT_LT(Tag("It was good. But it was late.").score, Tag("It was good. It was late.").score);
  // Only the sentence right before is conceded.
  EXPECT_GT(Tag("It was great. It was good. But it was late.").score,
            Tag("It was good. It was great. But it was late.").score);
  EXPECT_LT(Tag("хороший. Но плохой.", "ru").score, Tag("хороший. Плохой.", "ru").score);
}

TEST_F(FixtureTagger, ConcessiveClauseWeighsLess) {
  EXPECT_EQ(Tag("it was bad, it was good").sentiment, "negative");
  // The conceded clause weighs half: the asserted one decides.
  EXPECT_EQ(Tag("although it was bad, it was good").sentiment, "positive");
  EXPECT_EQ(Tag("it was good even though it was bad").sentiment, "positive");
  EXPECT_LT(Tag("although it was good, it was bad").score, Tag("it was good, it was bad").score);
  // Only the clause the word introduces: after the comma the weight is back to normal.
  EXPECT_LT(Tag("although late, bad").score, Tag("although late bad").score);
}

TEST_F(FixtureTagger, QuestionsWeighLess) {
  EXPECT_GT(Tag("is it good?").score, 0);
  EXPECT_LT(Tag("is it good?").score, Tag("it is good.").score);
  // "?" ends the question: the answer after it weighs fully.
  EXPECT_EQ(Tag("was it good? it was bad.").sentiment, "negative");
  EXPECT_EQ(Tag("was it bad? it was good.").sentiment, "positive");
}

TEST_F(FixtureTagger, EnglishWeakEvidenceAtHalfWeightStillDecides) {
  // A mild word in a question weighs 0.15 (compound ~0.039, under VADER's 0.05): English keeps it (0.02).
  EXPECT_EQ(Tag("is it mild?").sentiment, "positive");
  EXPECT_EQ(Tag("is it meh?").sentiment, "negative");
  // A near cancellation (0.3 - 0.2 * 1.3 = 0.04, compound ~0.01) stays neutral.
  EXPECT_EQ(Tag("mild and meh").sentiment, "neutral");
}

TEST_F(FixtureTagger, ExcessWordsTurnPraiseIntoComplaint) {
  EXPECT_EQ(Tag("it was too good").sentiment, "positive");  // no excess.txt yet: "too" is an unknown word
  WriteFile(dir_.path() / "en/excess.txt", "too\nway too\n");
  Reload();
  EXPECT_EQ(Tag("it was good").sentiment, "positive");
  EXPECT_EQ(Tag("it was too good").sentiment, "negative");
  EXPECT_EQ(Tag("it was way too good").sentiment, "negative");
  EXPECT_EQ(Tag("it was not too good").sentiment, "positive");  // the negator flips it back
  EXPECT_LT(Tag("it was too bad").score, Tag("it was bad").score);
  // An unrated word after it is a mild complaint, negated a mild praise; "too" at the end means "also".
  EXPECT_EQ(Tag("it was too loud").sentiment, "negative");
  EXPECT_EQ(Tag("it was not too loud").sentiment, "positive");
  EXPECT_EQ(Tag("it was loud").sentiment, "neutral");
  EXPECT_EQ(Tag("it was good too").sentiment, "positive");
  EXPECT_EQ(Tag("it is too").sentiment, "neutral");  // followed by nothing
}

TEST_F(FixtureTagger, CounterfactualPraiseIsUnmet) {
  WriteFile(dir_.path() / "en/counterfactual.txt", "should have\ncould have\nwish\n");
  Reload();
  EXPECT_EQ(Tag("it could have been good").sentiment, "negative");
  EXPECT_EQ(Tag("I wish it was great").sentiment, "negative");
  // Negative words keep their sign; the scope ends at a contrast word and at the end of the sentence.
  EXPECT_EQ(Tag("I should have known it would be late").sentiment, "negative");
  EXPECT_EQ(Tag("it could have been bad, but it was good").sentiment, "positive");
  EXPECT_EQ(Tag("it should have been good. it was great").sentiment, "positive");
  EXPECT_EQ(Tag("it should have been good. it was").sentiment, "negative");
}

TEST_F(FixtureTagger, EnglishUnPrefixNegatesARatedWord) {
  EXPECT_EQ(Tag("it was unuseful").sentiment, "negative");  // "useful" is rated, "unuseful" is not
  EXPECT_EQ(Tag("it was unlate").sentiment, "positive");
  EXPECT_LT(Tag("it was unuseful").score, 0);
  EXPECT_GT(Tag("it was unuseful").score, Tag("it was bad").score);  // weighs like a negation (-0.74)
  EXPECT_EQ(Tag("it was ungood").sentiment, "negative");             // the rest has four letters
  EXPECT_EQ(Tag("era unstricat", "ro").sentiment, "neutral");        // English only ("stricat" is rated)
}

TEST_F(FixtureTagger, ReviewSections) {
  // An empty or "none" cons section is praise; an empty pros section a complaint.
  EXPECT_EQ(Tag("Переваги: доставка. Недоліки: ні.", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("Переваги: доставка. Недоліки:", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("Переваги: ні. Недоліки: доставка", "uk").sentiment, "negative");
  EXPECT_EQ(Tag("Cons: no").sentiment, "positive");
  // A header needs its ':'; without one the word is ordinary text.
  EXPECT_EQ(Tag("Недоліки ні", "uk").sentiment, "neutral");
  // A cons section with content is not praise, and list words weigh less than the verdict.
  EXPECT_EQ(Tag("Cons: bad battery").sentiment, "negative");
  EXPECT_GT(Tag("Cons: bad battery").score, Tag("bad battery").score);
}

TEST_F(FixtureTagger, StemFallbackOnlyForInflectedForms) {
  EXPECT_EQ(Tag("hated it").sentiment, "negative");  // an inflected form of "hate"
  EXPECT_EQ(Tag("I use it").sentiment, "neutral");   // the bare root of "useful" is not praise
  EXPECT_EQ(Tag("using it daily").sentiment, "neutral");
}

TEST_F(FixtureTagger, EmoticonsEmojiCapsExclamation) {
  EXPECT_EQ(Tag("delivered today :)").sentiment, "positive");
  EXPECT_EQ(Tag("delivered today :-(((").sentiment, "negative");
  EXPECT_EQ(Tag("доставили 😀", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("livrare 😡", "ro").sentiment, "negative");
  EXPECT_GT(Tag("it was GOOD").score, Tag("it was good").score);
  EXPECT_GT(Tag("good!!!").score, Tag("good").score);
}

TEST_F(FixtureTagger, DomainPhraseWithoutNegativeWord) {
  Tags t = Tag("Замовив, а за два тижні не доставили", "uk");
  EXPECT_EQ(t.sentiment, "negative");
  // The negator inside the phrase does not flip it back.
  EXPECT_LT(t.score, 0);
}

TEST_F(FixtureTagger, PrefixTermsAndStems) {
  EXPECT_EQ(Tag("чудовий сервіс", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("Чудово!", "uk").sentiment, "positive");
  EXPECT_EQ(Tag("погана доставка", "uk").sentiment, "negative");  // stem of поганий
  EXPECT_EQ(Tag("produsul a venit stricată", "ro").sentiment, "negative");
  EXPECT_EQ(Tag("Produs bun, mulţumit", "ro").sentiment, "positive");
}

TEST_F(FixtureTagger, EvidenceSpansAreCodePoints) {
  std::string text = "Кур'єр був поганий 😀 але доставка погана";
  Tags t = Tag(text, "uk");
  ASSERT_FALSE(t.evidence.empty());
  std::u32string u32;
  for (size_t p = 0; p < text.size();) u32.push_back(DecodeUtf8(text, &p));
  bool found_delivery = false;
  for (const Evidence& e : t.evidence) {
    ASSERT_GE(e.start, 0);
    ASSERT_LE(e.end, static_cast<int64_t>(u32.size()));
    ASSERT_LT(e.start, e.end);
    if (e.kind == "pain_point" && e.label == "delivery") {
      std::string span;
      for (int64_t i = e.start; i < e.end; ++i) AppendUtf8(u32[i], &span);
      EXPECT_EQ(span, "доставка");
      found_delivery = true;
    }
  }
  EXPECT_TRUE(found_delivery);
}

TEST_F(FixtureTagger, PainPointsOnlyInNegativeContextOrProblemCues) {
  Tags neg = Tag("The delivery was late and bad");
  EXPECT_TRUE(Has(neg.pain_points, "delivery"));
  Tags pos = Tag("The delivery was good");
  EXPECT_FALSE(Has(pos.pain_points, "delivery"));
  Tags problem = Tag("my parcel never arrived");
  EXPECT_TRUE(Has(problem.pain_points, "delivery"));
  Tags negated = Tag("no issue, the delivery was not bad");
  EXPECT_FALSE(Has(negated.pain_points, "delivery"));
}

TEST_F(FixtureTagger, StagesTouchpointsEmotionsAndNegFlag) {
  Tags t = Tag("I order from them, the courier was great, I recommend them. Furious!");
  EXPECT_TRUE(Has(t.stages, "purchase"));
  EXPECT_TRUE(Has(t.stages, "advocacy"));
  EXPECT_TRUE(Has(t.touchpoints, "delivery_courier"));
  EXPECT_TRUE(Has(t.emotions, "anger"));
  EXPECT_FALSE(Has(Tag("support was good").stages, "service"));  // `neg` cue needs a negative context
  EXPECT_TRUE(Has(Tag("support was bad").stages, "service"));
  for (std::string kind : {"stage", "touchpoint", "emotion"}) {
    EXPECT_TRUE(std::any_of(t.evidence.begin(), t.evidence.end(), [&](const Evidence& e) {
      return e.kind == kind;
    })) << kind;
  }
}

TEST_F(FixtureTagger, QuestionPriorsWithoutAndWithTextEvidence) {
  Tags prior = Tag("it was fine", "en", "purchase", "website");
  EXPECT_EQ(prior.stages, (std::vector<std::string>{"purchase"}));
  EXPECT_EQ(prior.touchpoints, (std::vector<std::string>{"website"}));
  int from_question = 0;
  for (const Evidence& e : prior.evidence) from_question += e.from_question;
  EXPECT_EQ(from_question, 2);
  std::string json = TagsToJson(prior, "\"q1\"");
  EXPECT_NE(json.find("\"source\":\"question\""), std::string::npos);

  Tags text = Tag("I order weekly", "en", "purchase");
  ASSERT_EQ(text.stages, (std::vector<std::string>{"purchase"}));
  for (const Evidence& e : text.evidence) {
    if (e.label == "purchase") {
      EXPECT_FALSE(e.from_question);
    }
  }
}

TEST_F(FixtureTagger, ProjectCueFileAddsLabels) {
  WriteFile(dir_.path() / "project.tsv",
            "# project cues\nstage\tonboarding\tsign up\nuk\tpain_point\tpackaging\tкоробка\tproblem\n");
  Reload((dir_.path() / "project.tsv").string());
  EXPECT_TRUE(Has(Tag("sign up was quick").stages, "onboarding"));
  EXPECT_TRUE(Has(Tag("коробка", "uk").pain_points, "packaging"));
  EXPECT_FALSE(Has(Tag("коробка", "ro").pain_points, "packaging"));  // uk-only row
}

TEST_F(FixtureTagger, MentionIsSocialMediaTouchpointWithItsSpan) {
  Tags t = Tag("@shop_co my order is late");
  EXPECT_TRUE(Has(t.touchpoints, "social_media"));
  bool span = false;
  for (const Evidence& e : t.evidence) {
    span |= e.kind == "touchpoint" && e.label == "social_media" && e.start == 0 && e.end == 8;
  }
  EXPECT_TRUE(span);
  EXPECT_FALSE(Has(Tag("write to me at info@shop.com").touchpoints, "social_media"));  // an address
  EXPECT_FALSE(Has(Tag("my order is late").touchpoints, "social_media"));
}

TEST_F(FixtureTagger, NegatedProblemWordIsNoPainPoint) {
  WriteFile(dir_.path() / "more.tsv",
            "en\tpain_point\twaiting_time\twait\tneg\nru\tpain_point\ttechnical_issues\tпроблема\tneg\n"
            "ro\tpain_point\ttechnical_issues\tprobleme\tneg\n");
  WriteFile(dir_.path() / "ru/sentiment.tsv", "хороший\t1.9\nплохой\t-2.5\nпроблема\t-1.5\n");
  WriteFile(dir_.path() / "ro/sentiment.tsv", "bun\t1.9\nrău\t-2.5\nprobleme\t-1.5\n");
  Reload((dir_.path() / "more.tsv").string());
  // Negated: no problem, even in a negative text (where the negation itself reads as negative).
  EXPECT_FALSE(Has(Tag("I did not wait long. The food was bad").pain_points, "waiting_time"));
  EXPECT_FALSE(Has(Tag("нет проблем, но плохой экран", "ru").pain_points, "technical_issues"));
  EXPECT_FALSE(Has(Tag("nu probleme, dar rău", "ro").pain_points, "technical_issues"));
  // Not negated, in a negative context: a pain point.
  EXPECT_TRUE(Has(Tag("I had to wait, the food was bad").pain_points, "waiting_time"));
  EXPECT_TRUE(Has(Tag("плохой экран, проблема", "ru").pain_points, "technical_issues"));
  // A `problem` phrase with its own negator still counts, and so does a negated neutral word (it failed).
  EXPECT_TRUE(Has(Tag("my parcel never arrived").pain_points, "delivery"));
  EXPECT_TRUE(Has(Tag("there was no delivery at all").pain_points, "delivery"));
}

TEST_F(FixtureTagger, NegativeWordInTheClauseIsNegativeContext) {
  // The clause sums to a positive value, but it names a problem ("late") next to the cue.
  EXPECT_TRUE(Has(Tag("the delivery was good and late").pain_points, "delivery"));
  EXPECT_FALSE(Has(Tag("the delivery was good and fast").pain_points, "delivery"));
}

TEST_F(FixtureTagger, ComplaintQuestionIsNegativeContext) {
  WriteFile(dir_.path() / "en/complaint.txt", "# why-words\nwhy\nwhen\t?\n");
  WriteFile(dir_.path() / "ru/complaint.txt", "почему\nс какой стати\n");
  WriteFile(dir_.path() / "more.tsv", "ru\tpain_point\tprice\tденьги\nru\tstage\tservice\tинтернет\tneg\n");
  Reload((dir_.path() / "more.tsv").string());
  // A question to the company about a neutral thing: the pain-point cue counts.
  EXPECT_TRUE(Has(Tag("Why is the delivery taking a week?").pain_points, "delivery"));
  EXPECT_TRUE(Has(Tag("when is the delivery coming?").pain_points, "delivery"));
  // Tweets without '?': the why-word opens a clause; `neg` cues of other kinds count too.
  Tags ru = Tag("@operator почему списали деньги за интернет", "ru");
  EXPECT_TRUE(Has(ru.pain_points, "price"));
  EXPECT_TRUE(Has(ru.stages, "service"));
  EXPECT_TRUE(Has(Tag("Скажите, с какой стати деньги сняли", "ru").pain_points, "price"));
  // Not a complaint: "when" without '?', "why" inside a statement, no question word at all.
  EXPECT_FALSE(Has(Tag("when the delivery came I was home").pain_points, "delivery"));
  EXPECT_FALSE(Has(Tag("that is why the delivery was today").pain_points, "delivery"));
  EXPECT_FALSE(Has(Tag("списали деньги за интернет", "ru").pain_points, "price"));
  // A rhetorical why in praise: the text (or the sentence itself) is positive.
  EXPECT_FALSE(Has(Tag("Why is the delivery so cheap? Great!").pain_points, "delivery"));
  EXPECT_FALSE(Has(Tag("why is the delivery this good").pain_points, "delivery"));
  // A malformed flag fails loading with file and line.
  WriteFile(dir_.path() / "en/complaint.txt", "why\nwhen\tq\n");
  TaggerOptions o;
  o.lexicon_dir = dir_.str();
  auto t = Tagger::Load(o);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("en/complaint.txt:2"), std::string::npos) << t.error().message;
}

TEST_F(FixtureTagger, RatedCuesNeedASentenceThatRatesSomething) {
  WriteFile(dir_.path() / "more.tsv", "en\tstage\tservice\tinternet\trated\n");
  Reload((dir_.path() / "more.tsv").string());
  EXPECT_FALSE(Has(Tag("They launch a new plan with internet").stages, "service"));  // news, not use
  EXPECT_FALSE(Has(Tag("They launch internet. The food was good").stages, "service"));
  EXPECT_TRUE(Has(Tag("the internet is good").stages, "service"));
  EXPECT_TRUE(Has(Tag("the internet is bad").stages, "service"));
  EXPECT_TRUE(Has(Tag("no internet again").stages, "service"));  // negated: negative context
  WriteFile(dir_.path() / "more.tsv", "en\tstage\tservice\tinternet\trated,nope\n");
  TaggerOptions o;
  o.lexicon_dir = dir_.str();
  o.extra_cues = (dir_.path() / "more.tsv").string();
  EXPECT_FALSE(Tagger::Load(o).ok());
}

TEST_F(FixtureTagger, NearCuesTakeNoNegativeContextFromTheWholeText) {
  WriteFile(dir_.path() / "more.tsv",
            "en\tpain_point\tcustomer_support\tmanager\tnear\nen\tpain_point\tprice\tprice\n");
  Reload((dir_.path() / "more.tsv").string());
  // A neutral sentence in a negative text: a plain cue takes the text's context, a `near` one does not.
  Tags t = Tag("The manager called about the price. It was bad, bad, very bad.");
  EXPECT_EQ(t.sentiment, "negative");
  EXPECT_TRUE(Has(t.pain_points, "price"));
  EXPECT_FALSE(Has(t.pain_points, "customer_support"));
  // Its own clause or sentence still counts.
  EXPECT_TRUE(Has(Tag("The manager was bad").pain_points, "customer_support"));
  EXPECT_TRUE(Has(Tag("The manager called, it was bad").pain_points, "customer_support"));
  EXPECT_FALSE(Has(Tag("The manager was good").pain_points, "customer_support"));
}

TEST_F(FixtureTagger, HashInACueTermMatchesAnyNumber) {
  WriteFile(dir_.path() / "more.tsv",
            "en\tpain_point\twaiting_time\twaited # days\tproblem\n"
            "en\tpain_point\tdelivery\t# weeks late\tproblem\n");
  Reload((dir_.path() / "more.tsv").string());
  Tags t = Tag("We waited 12 days for it");
  EXPECT_TRUE(Has(t.pain_points, "waiting_time"));
  EXPECT_TRUE(std::any_of(t.evidence.begin(), t.evidence.end(), [](const Evidence& e) {
    return e.kind == "pain_point" && e.label == "waiting_time" && e.start == 3 && e.end == 17;
  }));
  EXPECT_FALSE(Has(Tag("We waited some days for it").pain_points, "waiting_time"));  // a word is no number
  EXPECT_FALSE(Has(Tag("We waited days for it").pain_points, "waiting_time"));
  EXPECT_TRUE(Has(Tag("It came 3 weeks late").pain_points, "delivery"));  // a term may start with one
  EXPECT_FALSE(Has(Tag("It came three weeks late").pain_points, "delivery"));
  // A term of numbers only has no word.
  WriteFile(dir_.path() / "more.tsv", "en\tpain_point\tdelivery\t#\tproblem\n");
  TaggerOptions o;
  o.lexicon_dir = dir_.str();
  o.extra_cues = (dir_.path() / "more.tsv").string();
  EXPECT_FALSE(Tagger::Load(o).ok());
}

TEST_F(FixtureTagger, CueInsideANegatedPhraseOfAnotherLabelDidNotHappen) {
  WriteFile(dir_.path() / "more.tsv",
            "en\tstage\tadvocacy\tdo not order\nen\tstage\tdecision\tdecided to order\n");
  Reload((dir_.path() / "more.tsv").string());
  Tags warn = Tag("Do not order from them");
  EXPECT_TRUE(Has(warn.stages, "advocacy"));
  EXPECT_FALSE(Has(warn.stages, "purchase"));
  EXPECT_FALSE(std::any_of(warn.evidence.begin(), warn.evidence.end(),
                           [](const Evidence& e) { return e.label == "purchase"; }));
  Tags both = Tag("I decided to order from them");  // no negator: the purchase happened
  EXPECT_TRUE(Has(both.stages, "decision"));
  EXPECT_TRUE(Has(both.stages, "purchase"));
  EXPECT_TRUE(Has(Tag("Do not order from them, I order a lot").stages, "purchase"));  // another mention
}

TEST_F(FixtureTagger, ProblemPhraseInTheClauseIsNegativeContext) {
  WriteFile(dir_.path() / "more.tsv",
            "en\tpain_point\tproduct_quality\tstopped working\tproblem\n"
            "en\tpain_point\tproduct_quality\tbattery\nen\tstage\tservice\tbattery\tneg\n");
  Reload((dir_.path() / "more.tsv").string());
  // No rated word: the problem phrase alone makes the clause a complaint about the battery.
  Tags t = Tag("The battery stopped working after a month. The food was good");
  EXPECT_TRUE(Has(t.pain_points, "product_quality"));
  EXPECT_TRUE(Has(t.stages, "service"));
  EXPECT_TRUE(std::any_of(t.evidence.begin(), t.evidence.end(), [](const Evidence& e) {
    return e.kind == "stage" && e.label == "service" && e.start == 4 && e.end == 11;
  }));
  // In another clause it does not reach the cue.
  EXPECT_FALSE(Has(Tag("The battery is great, the old one stopped working").stages, "service"));
}

TEST_F(FixtureTagger, ExactCuesMatchTheSurfaceForm) {
  WriteFile(dir_.path() / "stem.tsv", "en\tstage\tawareness\tad\n");
  Reload((dir_.path() / "stem.tsv").string());
  EXPECT_TRUE(Has(Tag("they added a fee").stages, "awareness"));  // "added" stems like "ad"
  WriteFile(dir_.path() / "exact.tsv",
            "en\tstage\tawareness\tad\texact\nen\tstage\tawareness\tsaw the ad\texact\n"
            "ro\tstage\tloyalty\tmulțumit\texact\n");
  Reload((dir_.path() / "exact.tsv").string());
  EXPECT_FALSE(Has(Tag("they added a fee").stages, "awareness"));
  EXPECT_TRUE(Has(Tag("I saw an AD on tv").stages, "awareness"));  // folded: case does not matter
  EXPECT_TRUE(Has(Tag("I SAW THE AD").stages, "awareness"));
  EXPECT_FALSE(Has(Tag("saw the ads").stages, "awareness"));
  EXPECT_TRUE(Has(Tag("sunt multumit", "ro").stages, "loyalty"));  // Romanian folding still applies
  EXPECT_FALSE(Has(Tag("vă mulțumesc", "ro").stages, "loyalty"));
}

TEST_F(FixtureTagger, PrefixOnTheLastWordOfAPhrase) {
  WriteFile(dir_.path() / "prefix.tsv", "en\tpain_point\tdelivery\tnot deliver*\tproblem\n");
  Reload((dir_.path() / "prefix.tsv").string());
  EXPECT_TRUE(Has(Tag("the parcel was not delivered").pain_points, "delivery"));
  EXPECT_TRUE(Has(Tag("they are not delivering").pain_points, "delivery"));
  EXPECT_FALSE(Has(Tag("the parcel was not shipped").pain_points, "delivery"));
}

TEST_F(FixtureTagger, PhrasesWithGluedPunctuation) {
  WriteFile(dir_.path() / "glued.tsv",
            "ru\tpain_point\ttrust_security\tб/у\tproblem\nru\ttouchpoint\tmarketplace\tprom.ua\n"
            "en\tpain_point\ttrust_security\tsold as new, but used\tproblem\n");
  Reload((dir_.path() / "glued.tsv").string());
  Tags t = Tag("продали б/у телефон, заказ на prom.ua", "ru");
  EXPECT_TRUE(Has(t.pain_points, "trust_security"));
  EXPECT_TRUE(Has(t.touchpoints, "marketplace"));
  for (const Evidence& e : t.evidence) {
    if (e.label == "trust_security") {
      EXPECT_EQ(e.end - e.start, 3);  // "б/у"
    }
    if (e.label == "marketplace") {
      EXPECT_EQ(e.end - e.start, 7);  // "prom.ua"
    }
  }
  EXPECT_FALSE(Has(Tag("продали б у телефон", "ru").pain_points, "trust_security"));
  EXPECT_FALSE(Has(Tag("продали б / у телефон", "ru").pain_points, "trust_security"));
  EXPECT_FALSE(Has(Tag("продали б-у телефон", "ru").pain_points, "trust_security"));
  EXPECT_FALSE(Has(Tag("заказ на prom ua", "ru").touchpoints, "marketplace"));
  // Punctuation standing apart from the next word in a term is ignored, as before.
  EXPECT_TRUE(Has(Tag("sold as new but used").pain_points, "trust_security"));
}

TEST_F(FixtureTagger, BadFilesFailWithFileAndLine) {
  WriteFile(dir_.path() / "uk/cues.tsv", "stage\tpurchase\tзамовив\nstage\tfoo\tщось\n");
  TaggerOptions o;
  o.lexicon_dir = dir_.str();
  auto t = Tagger::Load(o);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("uk/cues.tsv:2: unknown label 'foo'"), std::string::npos)
      << t.error().message;

  WriteFile(dir_.path() / "uk/cues.tsv", "");
  WriteFile(dir_.path() / "ro/sentiment.tsv", "bun\t1.9\nrău\tabc\n");
  t = Tagger::Load(o);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("ro/sentiment.tsv:2"), std::string::npos) << t.error().message;

  o.lexicon_dir = (dir_.path() / "missing").string();
  EXPECT_FALSE(Tagger::Load(o).ok());
}

TEST_F(FixtureTagger, ErrorsForEmptyAndInvalidText) {
  TagInput in;
  in.text = "";
  EXPECT_FALSE(tagger_->Tag(in).ok());
  in.text = "   \t ";
  EXPECT_FALSE(tagger_->Tag(in).ok());
  in.text = "bad \xff\xfe bytes";
  auto r = tagger_->Tag(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kInvalid);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
}

TEST_F(FixtureTagger, InputLangWinsAndUnsupportedIsDetected) {
  EXPECT_EQ(Tag("The delivery was good", "ro").lang, "ro");
  EXPECT_EQ(Tag("The delivery was good and it is fine", "de").lang, "en");
  Tags und = Tag("これは日本語の文章です", "");
  EXPECT_EQ(und.lang, "und");
  EXPECT_EQ(und.sentiment, "neutral");
  EXPECT_TRUE(und.stages.empty());
  EXPECT_TRUE(und.evidence.empty());
}

TEST_F(FixtureTagger, VersionChangesWithLexicon) {
  std::string v1 = tagger_->Version();
  WriteFile(dir_.path() / "en/sentiment.tsv", "good\t2.0\n");
  Reload();
  EXPECT_NE(tagger_->Version(), v1);
}

TEST(TagsToJsonTest, ContractShape) {
  Tags t;
  t.lang = "uk";
  t.sentiment = "negative";
  t.score = -0.62;
  t.stages = {"purchase"};
  t.pain_points = {"delivery"};
  t.evidence.push_back(Evidence{"pain_point", "delivery", 12, 31, false});
  std::string line = TagsToJson(t, "17");
  auto parsed = ParseJson(line);
  ASSERT_TRUE(parsed.ok()) << line;
  EXPECT_EQ(parsed->Find("id")->raw, "17");
  EXPECT_EQ(parsed->Find("sentiment")->Find("label")->str, "negative");
  EXPECT_DOUBLE_EQ(parsed->Find("sentiment")->Find("score")->number, -0.62);
  EXPECT_EQ(parsed->Find("evidence")->items[0].Find("start")->number, 12);
  EXPECT_EQ(parsed->Find("touchpoints")->items.size(), 0u);
  EXPECT_EQ(ErrorLineJson("", "empty text"), "{\"id\":null,\"error\":\"empty text\"}");
}

// Behaviour named in the issue, with the shipped lexicons.
class ShippedTagger : public ::testing::Test {
 protected:
  void SetUp() override {
    TaggerOptions o;
    o.lexicon_dir = (testutil::ShareDir() / "lexicon").string();
    if (!fs::exists(fs::path(o.lexicon_dir) / "en" / "sentiment.tsv")) GTEST_SKIP() << "no share dir";
    auto t = Tagger::Load(o);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    tagger_ = *t;
  }
  std::string Label(std::string_view text, std::string_view lang) {
    TagInput in;
    in.text = text;
    in.lang = lang;
    auto r = tagger_->Tag(in);
    return r.ok() ? r->sentiment : "error";
  }
  std::shared_ptr<const Tagger> tagger_;
};

TEST_F(ShippedTagger, IssueExamples) {
  EXPECT_EQ(Label("The product is not bad", "en"), "positive");
  EXPECT_EQ(Label("Не рекомендую этот магазин", "ru"), "negative");
  EXPECT_EQ(Label("Nu recomand acest magazin", "ro"), "negative");
  EXPECT_EQ(Label("Ні разу не пошкодував", "uk"), "positive");
  EXPECT_EQ(Label("Замовлення за два тижні не доставили", "uk"), "negative");
  EXPECT_EQ(Label("I love it :)", "en"), "positive");
  EXPECT_EQ(Label("Good price, but the support was awful", "en"), "negative");
}

TEST_F(ShippedTagger, EnglishWhyChallengesButThatsWhyExplains) {
  EXPECT_EQ(Label("Why does the refund take three weeks?", "en"), "negative");  // a challenge
  EXPECT_EQ(Label("Why should taxpayers pay for the stadium?", "en"), "negative");
  EXPECT_EQ(Label("That's why I ordered a second one.", "en"), "neutral");  // explains
  EXPECT_EQ(Label("Why not order two?", "en"), "neutral");                  // suggests
}

TEST_F(ShippedTagger, EnglishNegatorsThatDoNotNegate) {
  // A double negative or "nothing but" keeps the sign of the word after it.
  EXPECT_EQ(Label("A film not without charm.", "en"), "positive");
  EXPECT_EQ(Label("It is nothing but trouble.", "en"), "negative");
  EXPECT_EQ(Label("It never fails to amuse.", "en"), "positive");
  // "no matter" concedes its clause: the main clause decides.
  EXPECT_EQ(Label("No matter how good the cast is, the script is awful.", "en"), "negative");
  // Editorial charges and rhetorical questions.
  EXPECT_EQ(Label("The council was complicit in the kickbacks.", "en"), "negative");
  EXPECT_EQ(Label("What's the point?", "en"), "negative");
}

TEST_F(ShippedTagger, EnglishThemesOfAStoryAreNoVerdict) {
  // A theme or the intensity of a film's effect weighs less than the critic's own word.
  EXPECT_EQ(Label("A gripping film about grief.", "en"), "positive");
  EXPECT_EQ(Label("A gripping, devastating war drama.", "en"), "positive");
  EXPECT_EQ(Label("A dull film about grief.", "en"), "negative");
  EXPECT_EQ(Label("A gripping, haunting tale of violence.", "en"), "positive");
  // Court words and names are not 'wit', 'defend' or 'well' (shared Snowball stems).
  EXPECT_EQ(Label("The witnesses described the defendant to Wells.", "en"), "neutral");
  // "plays like" compares a film with a lesser form.
  EXPECT_EQ(Label("It plays like a sitcom.", "en"), "negative");
}

TEST_F(ShippedTagger, RussianAndUkrainianFeedback) {
  EXPECT_EQ(Label("Почему списали деньги?", "ru"), "negative");  // a complaint question
  EXPECT_EQ(Label("Второй день нет связи", "ru"), "negative");
  EXPECT_EQ(Label("Не компания, а говно", "ru"), "negative");
  EXPECT_EQ(Label("Спасибо за оперативность!", "ru"), "positive");
  EXPECT_EQ(Label("Быстро починили интернет", "ru"), "positive");  // not the demand "почините интернет"
  EXPECT_EQ(Label("Почините интернет", "ru"), "negative");
  EXPECT_EQ(Label("Спасибо за внимание.", "ru"), "neutral");  // a closing formula
  EXPECT_EQ(Label("Читала негативные отзывы, но всё пришло вовремя", "ru"), "positive");
  EXPECT_EQ(Label("Недоліки: немає", "uk"), "positive");
  EXPECT_EQ(Label("Не такий вже й поганий магазин", "uk"), "positive");
  EXPECT_EQ(Label("Ноутбук прийшов з дефектом. Довелося довго чекати ремонту. Проблему вирішили, дякую. "
                  "Рекомендую магазин!",
                  "uk"),
            "positive");
  EXPECT_EQ(Label("Все сподобалося. Дякую за увагу.", "uk"), "positive");
  EXPECT_EQ(Label("Жахливий сервіс. Дякую за увагу.", "uk"), "negative");
}

}  // namespace
}  // namespace touchpoint::analysis
