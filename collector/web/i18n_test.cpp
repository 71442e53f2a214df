// i18n_test.cpp: Accept-Language negotiation, placeholders, and the compiled catalogs via Boost.Locale.
#include "i18n.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "messages.h"
#include "testutil/testutil.h"

namespace touchpoint::web {
namespace {

const std::vector<std::string> kOffered = {"en", "ru", "uk", "ro"};

std::string Negotiate(std::string_view header, std::string_view fallback = "en") {
  return NegotiateLanguage(header, kOffered, fallback);
}

TEST(NegotiateLanguage, HighestQWins) {
  EXPECT_EQ(Negotiate("uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.5"), "uk");
  EXPECT_EQ(Negotiate("en;q=0.5,ro;q=0.7,ru;q=0.6"), "ro");
  EXPECT_EQ(Negotiate("ru"), "ru");
  EXPECT_EQ(Negotiate("fr-FR,fr;q=0.9,ro;q=0.3,en;q=0.2"), "ro");
}

TEST(NegotiateLanguage, PrimarySubtagMatches) {
  EXPECT_EQ(Negotiate("ro-RO"), "ro");
  EXPECT_EQ(Negotiate("RU-ru"), "ru");
  EXPECT_EQ(Negotiate("uk_UA"), "uk");
  const std::vector<std::string> regional = {"en-GB", "ru"};
  EXPECT_EQ(NegotiateLanguage("en;q=0.9,ru;q=0.1", regional, "ru"), "en-GB");
}

TEST(NegotiateLanguage, ExactMatchOutranksPrimarySubtagForTheSameLanguage) {
  // "ru" itself says 0.2 even though "ru-RU" says 1: the exact range is the more specific statement.
  EXPECT_EQ(Negotiate("ru-RU,ro;q=0.5,ru;q=0.2"), "ro");
}

TEST(NegotiateLanguage, QZeroExcludes) {
  EXPECT_EQ(Negotiate("ru;q=0,uk;q=0.1", "en"), "uk");
  EXPECT_EQ(Negotiate("ru;q=0", "ro"), "ro");
  EXPECT_EQ(Negotiate("*,en;q=0"), "ru");  // the wildcard covers the rest, in offered order
  EXPECT_EQ(Negotiate("*;q=0", "uk"), "uk");
  EXPECT_EQ(Negotiate("ru;q=0.000", "en"), "en");
}

TEST(NegotiateLanguage, WildcardIsWeakerThanNamedRanges) {
  EXPECT_EQ(Negotiate("*;q=0.9,uk;q=0.5"), "en");  // * gives en (first offered) 0.9, uk only 0.5
  EXPECT_EQ(Negotiate("*;q=0.1,uk;q=0.5"), "uk");
}

TEST(NegotiateLanguage, TiesGoToTheRangeListedFirst) {
  EXPECT_EQ(Negotiate("ro,uk"), "ro");
  EXPECT_EQ(Negotiate("uk;q=0.5,ro;q=0.5"), "uk");
}

TEST(NegotiateLanguage, FallbackWhenNothingFits) {
  EXPECT_EQ(Negotiate("", "uk"), "uk");
  EXPECT_EQ(Negotiate("de-DE,fr;q=0.8", "ro"), "ro");
  EXPECT_EQ(NegotiateLanguage("ru", {}, "en"), "en");
}

TEST(NegotiateLanguage, MalformedRangesAreSkipped) {
  EXPECT_EQ(Negotiate("ru;q=2,uk"), "uk");             // q > 1
  EXPECT_EQ(Negotiate("ru;q=0.1234,uk;q=0.1"), "uk");  // more than three decimals
  EXPECT_EQ(Negotiate("ru;q=abc,ro;q=0.1"), "ro");
  EXPECT_EQ(Negotiate("<script>,ro;q=0.2"), "ro");
  EXPECT_EQ(Negotiate("123,uk;q=0.3"), "uk");                 // primary subtag must be letters
  EXPECT_EQ(Negotiate(",,; ;,ru ; q=0.7 , en;q=0.6"), "ru");  // empty items and OWS
  EXPECT_EQ(Negotiate("ru;Q=0.3;foo=bar,en;q=0.2"), "ru");    // q is case-insensitive, other params ignored
}

TEST(NegotiateLanguage, HugeHeadersAreBounded) {
  std::string header;
  for (int i = 0; i < 1000; ++i) header += "xx-yy;q=0.5,";
  header += "uk";
  EXPECT_EQ(Negotiate(header, "ro"), "ro");  // "uk" lies beyond the limits and is not read
  EXPECT_EQ(Negotiate(std::string(100000, 'a'), "ro"), "ro");
}

TEST(PrimarySubtag, LowercasesAndCuts) {
  EXPECT_EQ(PrimarySubtag("uk-UA"), "uk");
  EXPECT_EQ(PrimarySubtag("EN_us"), "en");
  EXPECT_EQ(PrimarySubtag("ro.UTF-8"), "ro");
  EXPECT_EQ(PrimarySubtag(""), "");
}

TEST(SubstitutePlaceholders, ReplacesNumberedPlaceholders) {
  const std::vector<std::string> args = {"1", "5"};
  EXPECT_EQ(SubstitutePlaceholders("between {1} and {2}", args), "between 1 and 5");
  EXPECT_EQ(SubstitutePlaceholders("{2}-{1}-{2}", args), "5-1-5");
  EXPECT_EQ(SubstitutePlaceholders("{3} stays, {x} too, { 1}", args), "{3} stays, {x} too, { 1}");
  EXPECT_EQ(SubstitutePlaceholders("trailing {", args), "trailing {");
  // Arguments are inserted verbatim and not re-scanned.
  const std::vector<std::string> tricky = {"{2}", "no"};
  EXPECT_EQ(SubstitutePlaceholders("{1}", tricky), "{2}");
}

TEST(Catalogs, EnglishOnlyReturnsMsgids) {
  Catalogs c;
  EXPECT_EQ(c.Translate("ru", "Submit"), "Submit");
  EXPECT_EQ(c.Format("uk", "Must be a whole number between {1} and {2}.", {"1", "7"}),
            "Must be a whole number between 1 and 7.");
  EXPECT_EQ(c.FormatPlural("en", "Up to {1} character.", "Up to {1} characters.", 1, {"1"}),
            "Up to 1 character.");
  EXPECT_EQ(c.FormatPlural("en", "Up to {1} character.", "Up to {1} characters.", 3, {"3"}),
            "Up to 3 characters.");
  EXPECT_FALSE(c.Has("en"));
  EXPECT_TRUE(c.Languages().empty());
}

TEST(Catalogs, LoadFailsNamingTheMissingFile) {
  testutil::TempDir dir;
  auto c = Catalogs::Load(dir.path());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, Code::kIo);
  EXPECT_NE(c.error().message.find("en/LC_MESSAGES/touchpoint.mo"), std::string::npos) << c.error().message;
}

TEST(Catalogs, LoadRejectsBadLanguageCodes) {
  const std::vector<std::string> langs = {"../etc"};
  auto c = Catalogs::Load(testutil::ShareDir(), langs);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, Code::kInvalid);
}

class LoadedCatalogs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Catalogs::Load(testutil::ShareDir());
    ASSERT_TRUE(c.ok()) << c.error().ToString() << " (build the touchpoint_locale_data target)";
    catalogs_ = *c;
  }
  std::shared_ptr<const Catalogs> catalogs_;
};

TEST_F(LoadedCatalogs, TranslatesIntoEachLanguage) {
  EXPECT_EQ(catalogs_->Languages(), (std::vector<std::string>{"en", "ro", "ru", "uk"}));
  EXPECT_EQ(catalogs_->Translate("en", msg::kSubmit), "Submit");
  EXPECT_EQ(catalogs_->Translate("ru", msg::kSubmit), "Отправить");
  EXPECT_EQ(catalogs_->Translate("uk", msg::kSubmit), "Надіслати");
  EXPECT_EQ(catalogs_->Translate("ro", msg::kSubmit), "Trimite");
  EXPECT_EQ(catalogs_->Translate("uk-UA", msg::kThanksTitle), "Дякуємо!");
  EXPECT_EQ(catalogs_->Translate("RO", msg::kThanksTitle), "Vă mulțumim!");
}

TEST_F(LoadedCatalogs, UnknownLanguageAndUnknownMsgidFallBackToEnglish) {
  EXPECT_EQ(catalogs_->Translate("de", msg::kSubmit), "Submit");
  EXPECT_EQ(catalogs_->Translate("", msg::kSubmit), "Submit");
  EXPECT_EQ(catalogs_->Translate("ru", "no such msgid"), "no such msgid");
}

TEST_F(LoadedCatalogs, FormatsPlaceholdersAfterTranslation) {
  EXPECT_EQ(catalogs_->Format("uk", msg::kErrWholeNumberBetween, {"1", "5"}),
            "Введіть ціле число від 1 до 5.");
  EXPECT_EQ(catalogs_->Format("ro", msg::kErrWholeNumberBetween, {"0", "10"}),
            "Introduceți un număr întreg între 0 și 10.");
}

std::string Chars(const Catalogs& c, std::string_view lang, int64_t n) {
  return c.FormatPlural(lang, msg::kMaxChars.singular, msg::kMaxChars.plural, n, {std::to_string(n)});
}

TEST_F(LoadedCatalogs, EnglishPlurals) {
  EXPECT_EQ(Chars(*catalogs_, "en", 1), "Up to 1 character.");
  EXPECT_EQ(Chars(*catalogs_, "en", 0), "Up to 0 characters.");
  EXPECT_EQ(Chars(*catalogs_, "en", 21), "Up to 21 characters.");
}

TEST_F(LoadedCatalogs, UkrainianPluralsHaveThreeForms) {
  EXPECT_EQ(Chars(*catalogs_, "uk", 1), "Щонайбільше 1 символ.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 21), "Щонайбільше 21 символ.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 3), "Щонайбільше 3 символи.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 22), "Щонайбільше 22 символи.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 5), "Щонайбільше 5 символів.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 11), "Щонайбільше 11 символів.");
  EXPECT_EQ(Chars(*catalogs_, "uk", 112), "Щонайбільше 112 символів.");
}

TEST_F(LoadedCatalogs, RussianPluralsHaveThreeForms) {
  auto problems = [&](int64_t n) {
    return catalogs_->FormatPlural("ru", msg::kProblemCount.singular, msg::kProblemCount.plural, n,
                                   {std::to_string(n)});
  };
  EXPECT_EQ(problems(1), "1 ответ нужно исправить.");
  EXPECT_EQ(problems(2), "2 ответа нужно исправить.");
  EXPECT_EQ(problems(5), "5 ответов нужно исправить.");
  EXPECT_EQ(problems(11), "11 ответов нужно исправить.");
  EXPECT_EQ(problems(101), "101 ответ нужно исправить.");
}

TEST_F(LoadedCatalogs, RomanianPluralsUseDeFromTwenty) {
  EXPECT_EQ(Chars(*catalogs_, "ro", 1), "Cel mult 1 caracter.");
  EXPECT_EQ(Chars(*catalogs_, "ro", 2), "Cel mult 2 caractere.");
  EXPECT_EQ(Chars(*catalogs_, "ro", 19), "Cel mult 19 caractere.");
  EXPECT_EQ(Chars(*catalogs_, "ro", 20), "Cel mult 20 de caractere.");
  EXPECT_EQ(Chars(*catalogs_, "ro", 10000), "Cel mult 10000 de caractere.");
  EXPECT_EQ(Chars(*catalogs_, "ro", 102), "Cel mult 102 caractere.");
}

TEST_F(LoadedCatalogs, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const char* lang = t % 2 ? "uk" : "ro";
      const std::string want = t % 2 ? "Надіслати" : "Trimite";
      for (int i = 0; i < 2000; ++i) {
        if (catalogs_->Translate(lang, msg::kSubmit) != want) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace touchpoint::web
