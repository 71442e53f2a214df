// Fuzz-style robustness: random bytes and random valid UTF-8 (mixed scripts, emoji, punctuation, combining
// marks) through the tokenizer, the tagger and the JSON reader must never crash, and every evidence span must
// lie inside the text. Deterministic seeds, so a failure reproduces.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "testutil/testutil.h"
#include "text.h"
#include "touchpoint/analysis/json.h"
#include "touchpoint/analysis/tag_line.h"
#include "touchpoint/analysis/tagger.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const Tagger> LoadShipped() {
  TaggerOptions o;
  o.lexicon_dir = (testutil::ShareDir() / "lexicon").string();
  if (!fs::exists(fs::path(o.lexicon_dir) / "en")) return nullptr;
  auto t = Tagger::Load(o);
  return t.ok() ? *t : nullptr;
}

std::string RandomUtf8(std::mt19937& rng, size_t n) {
  static const char32_t kPool[] = {
      U'a',  U'Z',   U'\'', U'-',  U' ',  U'.',  U'!',     U'?',    U':',   U')',   U'(', U'<', U'3',  U'#',
      U'@',  U'/',   U'0',  U'ж',  U'і',  U'ї',  U'є',     U'ґ',    U'ы',   U'ё',   U'ș', U'ț', U'ş',  U'ă',
      U'î',  U'’',   U'ʼ',  0x301, 0x326, 0x306, U'😀',     0x1F3FD, 0x200D, 0xFE0F, U'🇺', U'🇦', U'中', U'\t',
      U'\n', 0x2028, 0xA0,  U'…',  U'—',  U'«',  0x10FFFF, 0xFFFD,  U'w',   U'h',   U't', U'p', U's'};
  std::uniform_int_distribution<size_t> pick(0, sizeof(kPool) / sizeof(kPool[0]) - 1);
  std::string out;
  for (size_t i = 0; i < n; ++i) AppendUtf8(kPool[pick(rng)], &out);
  return out;
}

TEST(FuzzTest, RandomBytesNeverCrash) {
  auto tagger = LoadShipped();
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 200);
  std::vector<Token> tokens;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s;
    int n = len(rng);
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(byte(rng)));
    size_t bad = FindInvalidUtf8(s);
    if (bad == std::string_view::npos) Tokenize(s, &tokens);
    (void)ParseJson(s);
    if (tagger) {
      TagInput in;
      in.text = s;
      auto r = tagger->Tag(in);
      EXPECT_EQ(r.ok(),
                bad == std::string_view::npos && s.find_first_not_of(" \t\r\n\f\v") != std::string::npos)
          << "iteration " << iter;
      std::string line = TagLine(*tagger, s, iter + 1, LineOptions{});
      EXPECT_EQ(FindInvalidUtf8(line), std::string_view::npos);
      EXPECT_TRUE(ParseJson(line).ok()) << line;
    }
  }
}

TEST(FuzzTest, RandomValidUtf8TagsWithSpansInside) {
  auto tagger = LoadShipped();
  if (!tagger) GTEST_SKIP() << "no shipped lexicons";
  std::mt19937 rng(777);
  std::uniform_int_distribution<size_t> len(1, 300);
  const char* langs[] = {"", "en", "ru", "uk", "ro"};
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = RandomUtf8(rng, len(rng));
    ASSERT_EQ(FindInvalidUtf8(s), std::string_view::npos);
    TagInput in;
    in.text = s;
    in.lang = langs[iter % 5];
    auto r = tagger->Tag(in);
    if (!r.ok()) continue;  // whitespace-only
    int64_t n = static_cast<int64_t>(CountCodePoints(s));
    EXPECT_GE(r->score, -1.0);
    EXPECT_LE(r->score, 1.0);
    for (const Evidence& e : r->evidence) {
      EXPECT_LE(0, e.start);
      EXPECT_LT(e.start, e.end);
      EXPECT_LE(e.end, n);
    }
    std::string json = TagsToJson(*r, "\"x\"");
    EXPECT_TRUE(ParseJson(json).ok()) << json;
  }
}

TEST(FuzzTest, RealWordsInRandomOrder) {
  auto tagger = LoadShipped();
  if (!tagger) GTEST_SKIP() << "no shipped lexicons";
  const char* words[] = {"not", "very",   "good", "but",   "не",      "дуже", "погано",     "але",
                         "nu",  "foarte", "bun",  "dar",   "ні",      "разу", "пошкодував", ":)",
                         "😡",   "!!!",    "kind", "of",    "за",      "два",  "тижні",      "доставили",
                         ",",   ".",      "NOT",  "GREAT", "courier", "late", "кур'єр"};
  std::mt19937 rng(99);
  std::uniform_int_distribution<size_t> pick(0, sizeof(words) / sizeof(words[0]) - 1), len(1, 40);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s;
    for (size_t i = 0, n = len(rng); i < n; ++i) {
      s += words[pick(rng)];
      s += ' ';
    }
    TagInput in;
    in.text = s;
    auto r = tagger->Tag(in);
    ASSERT_TRUE(r.ok());
    if (r->sentiment == "positive") {
      EXPECT_GT(r->score, 0);
    } else if (r->sentiment == "negative") {
      EXPECT_LT(r->score, 0);
    }
  }
}

}  // namespace
}  // namespace touchpoint::analysis
