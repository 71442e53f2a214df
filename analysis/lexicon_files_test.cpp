// Tests of the shipped lexicon files (locales/<lang>/lexicon/*): that every line is well formed and
// plausible for its language (script, diacritics, score range, no duplicates), and that the loaded tagger
// labels plain review sentences the way a reader would. The sentences are written for this test; none
// comes from the labelled data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "testutil/testutil.h"
#include "touchpoint/analysis/tagger.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;

fs::path LexiconSource(const std::string& lang) {
  return testutil::SourceDir() / "locales" / lang / "lexicon";
}

struct Row {
  int line = 0;
  std::vector<std::string> fields;
};

// Non-comment, non-blank lines split on TAB.
std::vector<Row> ReadRows(const fs::path& path) {
  std::vector<Row> rows;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line) && n < 1000000) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    Row r;
    r.line = n;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) r.fields.push_back(f);
    rows.push_back(std::move(r));
  }
  return rows;
}

bool Contains(const std::string& s, const char* utf8) { return s.find(utf8) != std::string::npos; }

class LexiconFileTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!fs::is_directory(LexiconSource(GetParam())))
      GTEST_SKIP() << "no locales/ in " << testutil::SourceDir();
  }
};

TEST_P(LexiconFileTest, SentimentLinesAreTermTabScoreInRangeWithoutDuplicates) {
  if (GetParam() == "en")
    GTEST_SKIP() << "en/sentiment.tsv keeps VADER's columns; checked by the engine tests";
  const fs::path path = LexiconSource(GetParam()) / "sentiment.tsv";
  std::vector<Row> rows = ReadRows(path);
  ASSERT_GE(rows.size(), 1000u) << path;
  std::set<std::string> seen;
  for (const Row& r : rows) {
    ASSERT_EQ(r.fields.size(), 2u) << path << ":" << r.line;
    const std::string& term = r.fields[0];
    EXPECT_FALSE(term.empty()) << path << ":" << r.line;
    EXPECT_EQ(term.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos)
        << path << ":" << r.line << ": terms are lower case";
    size_t end = 0;
    double score = std::stod(r.fields[1], &end);
    EXPECT_EQ(end, r.fields[1].size()) << path << ":" << r.line;
    EXPECT_GE(score, -4.0) << path << ":" << r.line;
    EXPECT_LE(score, 4.0) << path << ":" << r.line;
    EXPECT_TRUE(seen.insert(term).second) << path << ":" << r.line << ": duplicate '" << term << "'";
    if (!term.empty() && term.back() == '*') {
      EXPECT_EQ(term.find(' '), std::string::npos)
          << path << ":" << r.line << ": prefix on a single word only";
      // At least four letters before '*' (Cyrillic letters are two bytes): short prefixes catch unrelated
      // words.
      EXPECT_GE(term.size() - 1, GetParam() == "ro" ? 4u : 8u) << path << ":" << r.line;
    }
  }
}

TEST_P(LexiconFileTest, FunctionWordFilesAreWellFormed) {
  const fs::path dir = LexiconSource(GetParam());
  EXPECT_GE(ReadRows(dir / "negators.txt").size(), 10u);
  EXPECT_GE(ReadRows(dir / "contrast.txt").size(), 3u);
  EXPECT_GE(ReadRows(dir / "stopwords.txt").size(), 150u);
  std::vector<Row> intens = ReadRows(dir / "intensifiers.tsv");
  EXPECT_GE(intens.size(), 20u);
  int boosters = 0, dampeners = 0;
  for (const Row& r : intens) {
    ASSERT_EQ(r.fields.size(), 2u) << "intensifiers.tsv:" << r.line;
    double f = std::stod(r.fields[1]);
    EXPECT_GT(std::abs(f), 0.0) << "intensifiers.tsv:" << r.line;
    EXPECT_LT(std::abs(f), 1.0) << "intensifiers.tsv:" << r.line << ": VADER increments are about 0.293";
    (f > 0 ? boosters : dampeners)++;
  }
  EXPECT_GT(boosters, 0);
  EXPECT_GT(dampeners, 0);
}

TEST_P(LexiconFileTest, TermsUseTheirLanguagesAlphabet) {
  const std::string lang = GetParam();
  for (const char* file :
       {"sentiment.tsv", "negators.txt", "intensifiers.tsv", "contrast.txt", "stopwords.txt"}) {
    for (const Row& r : ReadRows(LexiconSource(lang) / file)) {
      const std::string& t = r.fields[0];
      const std::string where = lang + "/" + file + ":" + std::to_string(r.line) + " '" + t + "'";
      if (lang == "ro") {
        // Comma-below ș ț are correct Romanian; cedilla ş ţ are a legacy encoding that the loader folds.
        EXPECT_FALSE(Contains(t, "\xC5\x9F") || Contains(t, "\xC5\xA3"))
            << where << ": cedilla instead of comma";
      }
      if (lang == "ru") {
        for (const char* uk_only : {"і", "ї", "є", "ґ"}) EXPECT_FALSE(Contains(t, uk_only)) << where;
      }
      if (lang == "uk") {
        for (const char* ru_only : {"ы", "э", "ъ", "ё"}) EXPECT_FALSE(Contains(t, ru_only)) << where;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllLanguages, LexiconFileTest, ::testing::Values("en", "ru", "uk", "ro"),
                         [](const auto& info) { return info.param; });

// The loader reads <dir>/<lang>/*.tsv; the source tree keeps them in locales/<lang>/lexicon/.
class LexiconBehaviourTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* lang : {"en", "ru", "uk", "ro"}) {
      if (!fs::is_directory(LexiconSource(lang))) GTEST_SKIP() << "no locales/ in " << testutil::SourceDir();
      fs::create_directories(dir_.path() / lang);
      for (const auto& e : fs::directory_iterator(LexiconSource(lang))) {
        fs::copy_file(e.path(), dir_.path() / lang / e.path().filename());
      }
    }
    TaggerOptions options;
    options.lexicon_dir = dir_.str();
    Result<std::shared_ptr<const Tagger>> t = Tagger::Load(options);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    tagger_ = *t;
  }

  std::string Label(const std::string& lang, const std::string& text) {
    TagInput in;
    in.text = text;
    in.lang = lang;
    Result<Tags> r = tagger_->Tag(in);
    if (!r.ok()) return "error: " + r.error().ToString();
    return r->sentiment;
  }

  testutil::TempDir dir_;
  std::shared_ptr<const Tagger> tagger_;
};

struct Case {
  const char* lang;
  const char* text;
  const char* label;
};

TEST_F(LexiconBehaviourTest, ReviewSentencesGetTheReadersLabel) {
  const Case cases[] = {
      // Russian: general words, slang, domain phrases without a sentiment word, negation.
      {"ru", "Всё пришло вовремя, отличный магазин, рекомендую", "positive"},
      {"ru", "Третий день нет связи, поддержка не отвечает", "negative"},
      {"ru", "Курьер опоздал на два часа и ещё нахамил", "negative"},
      {"ru", "Минусов нет, всем советую", "positive"},
      {"ru", "Не рекомендую этот магазин", "negative"},
      {"ru", "Тариф норм, интернет летает", "positive"},
      {"ru", "Списали деньги за подписку без моего согласия", "negative"},
      {"ru", "Полный отстой, бесит", "negative"},
      // Ukrainian.
      {"uk", "Замовлення доставили вчасно, все чітко, дякую", "positive"},
      {"uk", "Товар прийшов зламаний, гроші не повертають", "negative"},
      {"uk", "Жахливий сервіс, нікому не раджу", "negative"},
      {"uk", "Недоліків не знайшов, задоволений покупкою", "positive"},
      {"uk", "За два тижні не доставили", "negative"},
      {"uk", "Неякісний товар, розчарований", "negative"},
      {"uk", "Клас, супер магазин", "positive"},
      // Romanian: with diacritics, without them, and with the legacy cedilla forms.
      {"ro", "Produs excelent, livrare rapidă, recomand cu încredere", "positive"},
      {"ro", "A venit spart și nu funcționează, bani aruncați", "negative"},
      {"ro", "Produs nasol, nu recomand", "negative"},
      {"ro", "Sunt foarte mulţumit, funcţionează perfect", "positive"},
      {"ro", "Nu a ajuns nici acum, sunt dezamagit", "negative"},
      {"ro", "Raport calitate-pret excelent, a ajuns a doua zi", "positive"},
      {"ro", "Nu este bun, calitate slaba", "negative"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Label(c.lang, c.text), c.label) << c.lang << ": " << c.text;
  }
}

TEST_F(LexiconBehaviourTest, GreetingsAndPoliteAddressCarryNoSentiment) {
  EXPECT_EQ(Label("ro", "Bună ziua, am comandat un telefon"), "neutral");
  EXPECT_EQ(Label("uk", "Добрий день, замовив телефон"), "neutral");
  EXPECT_EQ(Label("ru", "Добрый день, уважаемые абоненты"), "neutral");
}

}  // namespace
}  // namespace touchpoint::analysis
