// Language identification: uk/ru separation, Romanian with and without diacritics (comma and cedilla forms),
// English, und; and >= 98% on the texts of the sentiment dev sets (their lang is known), when present.
#include "langid.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "testutil/testutil.h"
#include "touchpoint/analysis/json.h"
#include "touchpoint/analysis/tagger.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;

class LangIdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TaggerOptions o;
    o.lexicon_dir = (testutil::ShareDir() / "lexicon").string();
    if (!fs::exists(fs::path(o.lexicon_dir) / "uk" / "stopwords.txt")) GTEST_SKIP() << "no shipped lexicons";
    auto t = Tagger::Load(o);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    tagger_ = *t;
  }
  std::string Detect(std::string_view text) {
    TagInput in;
    in.text = text;
    auto r = tagger_->Tag(in);
    return r.ok() ? r->lang : "error";
  }
  std::shared_ptr<const Tagger> tagger_;
};

TEST_F(LangIdTest, UkrainianVersusRussian) {
  EXPECT_EQ(Detect("Кур'єр запізнився на три дні"), "uk");
  EXPECT_EQ(Detect("Дуже задоволена, обов’язково замовлю ще"), "uk");
  EXPECT_EQ(Detect("Курьер опоздал на три дня"), "ru");
  EXPECT_EQ(Detect("Это был ужасный сервис, больше не закажу"), "ru");
  EXPECT_EQ(Detect("Ґудзик відірвався"), "uk");
  EXPECT_EQ(Detect("Всё отлично"), "ru");
  EXPECT_EQ(Detect("Все добре, що треба"), "uk");  // no distinct letters: function words decide
  EXPECT_EQ(Detect("Все хорошо, что надо"), "ru");
}

TEST_F(LangIdTest, RomanianWithWithoutDiacriticsAndCedilla) {
  EXPECT_EQ(Detect("Sunt foarte mulțumit de produs, îl recomand"), "ro");
  EXPECT_EQ(Detect("Sunt foarte mulţumit de produs, îl recomand"), "ro");  // cedilla ţ
  EXPECT_EQ(Detect("Sunt foarte multumit de produs, il recomand"), "ro");  // no diacritics
  EXPECT_EQ(Detect("Nu recomand, produsul nu este bun"), "ro");
  EXPECT_EQ(Detect("Livrare rapidă şi produs de calitate"), "ro");
}

TEST_F(LangIdTest, EnglishAndUnd) {
  EXPECT_EQ(Detect("The courier was late and the box was damaged"), "en");
  EXPECT_EQ(Detect("I love it"), "en");
  EXPECT_EQ(Detect("これは日本語です"), "und");
  EXPECT_EQ(Detect("Das ist wirklich schön und günstig für München"), "und");
  EXPECT_EQ(Detect("12345 !!! ???"), "und");
}

TEST_F(LangIdTest, AtLeast98PercentOnDevSets) {
  fs::path dir = testutil::SourceDir().parent_path() / "shared" / "data" / "sentiment" / "dev";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no dev data at " << dir;
  for (const char* name : {"en_amazon_dev", "en_nyt", "ro_laroseda_dev", "uk_hotline_mt", "ru_tkk"}) {
    std::ifstream in(dir / (std::string(name) + ".jsonl"));
    ASSERT_TRUE(in) << name;
    size_t n = 0, right = 0;
    std::string line;
    while (std::getline(in, line)) {
      auto row = ParseJson(line);
      ASSERT_TRUE(row.ok());
      ++n;
      right += Detect(row->Find("text")->str) == row->Find("lang")->str;
    }
    ASSERT_GT(n, 0u);
    double acc = static_cast<double>(right) / n;
    std::printf("langid %s: %.4f (%zu/%zu)\n", name, acc, right, n);
    EXPECT_GE(acc, 0.98) << name;
  }
}

}  // namespace
}  // namespace touchpoint::analysis
