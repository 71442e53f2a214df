// Tests of the text pipeline: UTF-8 validation, tokenizer (offsets in code points), folding, stemming.
#include "text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stem.h"

namespace touchpoint::analysis {
namespace {

struct Tok {
  TokenKind kind;
  std::string text;
  uint32_t cp_begin, cp_end;
};

std::vector<Tok> Toks(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Tok> out;
  for (const Token& t : tokens) {
    out.push_back({t.kind, std::string(text.substr(t.begin, t.end - t.begin)), t.cp_begin, t.cp_end});
  }
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (const Tok& t : Toks(text)) {
    if (t.kind == TokenKind::kWord) out.push_back(t.text);
  }
  return out;
}

std::string Fold(Lang lang, std::string_view w) {
  std::string out;
  FoldWord(lang, w, &out);
  return out;
}

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("обов'язково ș ț 😀"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(""), std::string_view::npos);
}

TEST(Utf8Test, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);            // never valid byte
  EXPECT_EQ(FindInvalidUtf8("a\xc3"), 1u);             // truncated
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xe0\x80\xaf"), 0u);      // overlong 3-byte
  EXPECT_EQ(FindInvalidUtf8("x\xed\xa0\x80"), 1u);     // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ok \xe2\x82"), 3u);       // truncated 3-byte
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);              // lone continuation
}

TEST(Utf8Test, DecodeAndCount) {
  std::string s = "aж😀";
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(s, &pos), U'a');
  EXPECT_EQ(DecodeUtf8(s, &pos), U'ж');
  EXPECT_EQ(DecodeUtf8(s, &pos), U'😀');
  EXPECT_EQ(pos, s.size());
  EXPECT_EQ(CountCodePoints(s), 3u);
  std::string back;
  AppendUtf8(U'😀', &back);
  EXPECT_EQ(back, "😀");
}

TEST(TokenizerTest, UkrainianApostrophesStayInsideWords) {
  EXPECT_EQ(Words("Обов'язково прийду"), (std::vector<std::string>{"Обов'язково", "прийду"}));
  EXPECT_EQ(Words("обов’язково м’ята"), (std::vector<std::string>{"обов’язково", "м’ята"}));
  EXPECT_EQ(Words("обовʼязково"), (std::vector<std::string>{"обовʼязково"}));
  EXPECT_EQ(Words("don't 'quoted'"), (std::vector<std::string>{"don't", "quoted"}));
}

TEST(TokenizerTest, HyphenatedWordsAndNumbers) {
  EXPECT_EQ(Words("wi-fi по-моєму e-mail"), (std::vector<std::string>{"wi-fi", "по-моєму", "e-mail"}));
  auto t = Toks("paid 1,299.50 for 3 items - ok");
  ASSERT_GE(t.size(), 6u);
  EXPECT_EQ(t[1].kind, TokenKind::kNumber);
  EXPECT_EQ(t[1].text, "1,299.50");
  EXPECT_EQ(t[3].kind, TokenKind::kNumber);
  EXPECT_EQ(t[5].kind, TokenKind::kPunct);  // a free-standing dash is punctuation
}

TEST(TokenizerTest, UrlsAndMentions) {
  auto t = Toks("see https://example.com/a?b=1, or www.shop.ua. @support_team");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[1].kind, TokenKind::kUrl);
  EXPECT_EQ(t[1].text, "https://example.com/a?b=1");
  EXPECT_EQ(t[4].kind, TokenKind::kUrl);
  EXPECT_EQ(t[4].text, "www.shop.ua");
  EXPECT_EQ(t[6].kind, TokenKind::kMention);
  EXPECT_EQ(t[6].text, "@support_team");
}

TEST(TokenizerTest, EmoticonsAndEmoji) {
  auto t = Toks(
      "great :) bad :-( love <3 lol :D ok;) спасибо))) жаль((( 👍🏽 👨‍👩‍👧 "
      "🇺🇦");
  std::vector<std::string> emo, emoji;
  for (const auto& x : t) {
    if (x.kind == TokenKind::kEmoticon) emo.push_back(x.text);
    if (x.kind == TokenKind::kEmoji) emoji.push_back(x.text);
  }
  EXPECT_EQ(emo, (std::vector<std::string>{":)", ":-(", "<3", ":D", ";)", ")))", "((("}));
  EXPECT_EQ(emoji, (std::vector<std::string>{"👍🏽", "👨‍👩‍👧", "🇺🇦"}));
}

TEST(TokenizerTest, NoEmoticonsInsideTimesOrUrls) {
  for (const auto& x : Toks("at 10:00 see http://x.io/p:D re:Deal")) {
    EXPECT_NE(x.kind, TokenKind::kEmoticon) << x.text;
  }
}

TEST(TokenizerTest, OffsetsAreCodePoints) {
  std::string text = "Кур'єр 😀 ș late";
  auto t = Toks(text);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].cp_begin, 0u);
  EXPECT_EQ(t[0].cp_end, 6u);
  EXPECT_EQ(t[1].cp_begin, 7u);
  EXPECT_EQ(t[1].cp_end, 8u);
  EXPECT_EQ(t[2].cp_begin, 9u);
  EXPECT_EQ(t[2].cp_end, 10u);
  EXPECT_EQ(t[3].cp_begin, 11u);
  EXPECT_EQ(t[3].cp_end, 15u);
}

TEST(TokenizerTest, CombiningMarksStayInWord) {
  // "ș" written as s + U+0326 COMBINING COMMA BELOW, "й" as и + U+0306.
  auto w = Words("mulțumit mult\xcc\xa6umit \xd0\xb8\xcc\x86");
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1], "mult\xcc\xa6umit");
}

TEST(TokenizerTest, AllCapsAndHashtags) {
  std::vector<Token> tokens;
  std::string text = "This is GREAT #BestShop";
  Tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_TRUE(tokens[2].all_caps);
  EXPECT_FALSE(tokens[0].all_caps);
  EXPECT_TRUE(tokens[3].hashtag);
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "BestShop");
}

TEST(FoldTest, CaseFoldingAndLanguageRules) {
  EXPECT_EQ(Fold(Lang::kEn, "HeLLo"), "hello");
  EXPECT_EQ(Fold(Lang::kEn, "Straße"), "strasse");
  EXPECT_EQ(Fold(Lang::kRu, "ЁЛКА"), "елка");
  EXPECT_EQ(Fold(Lang::kUk, "ОБОВ'ЯЗКОВО"), "обовязково");
  EXPECT_EQ(Fold(Lang::kUk, "обов’язково"), "обовязково");
  EXPECT_EQ(Fold(Lang::kUk, "Ґанок"), "ґанок");
  EXPECT_EQ(Fold(Lang::kEn, "don’t"), "don't");
}

TEST(FoldTest, RomanianDiacriticsCedillaAndNone) {
  const std::string expect = "multumit";
  EXPECT_EQ(Fold(Lang::kRo, "mulțumit"), expect);  // comma below
  EXPECT_EQ(Fold(Lang::kRo, "mulţumit"), expect);  // cedilla
  EXPECT_EQ(Fold(Lang::kRo, "multumit"), expect);  // none
  EXPECT_EQ(Fold(Lang::kRo, "MULȚUMIT"), expect);
  EXPECT_EQ(Fold(Lang::kRo, "mult\xcc\xa6umit"), expect);  // decomposed (NFC first)
  EXPECT_EQ(Fold(Lang::kRo, "Până"), "pana");
  EXPECT_EQ(Fold(Lang::kRo, "înșelătorie"), "inselatorie");
}

TEST(FoldTest, LatinLookalikesInCyrillicWords) {
  // "вiдгук" typed with a Latin i, a frequent Ukrainian keyboard slip.
  EXPECT_EQ(Fold(Lang::kUk, "вiдгук"), "відгук");
  EXPECT_EQ(Fold(Lang::kEn, "wifi"), "wifi");
}

TEST(FoldTest, NfcComposesDecomposedLetters) {
  EXPECT_EQ(Fold(Lang::kUk, "\xd0\xb8\xcc\x86"), "й");  // и + combining breve
}

TEST(UkrainianStemTest, StripsInflectionsToCommonStem) {
  EXPECT_EQ(UkrainianStem("поганий"), UkrainianStem("погана"));
  EXPECT_EQ(UkrainianStem("поганий"), UkrainianStem("поганого"));
  EXPECT_EQ(UkrainianStem("доставка"), UkrainianStem("доставки"));
  EXPECT_EQ(UkrainianStem("доставка"), UkrainianStem("доставкою"));
  EXPECT_EQ(UkrainianStem("працює"), UkrainianStem("працюють"));
  EXPECT_EQ(UkrainianStem("магазин"), UkrainianStem("магазини"));
  EXPECT_EQ(UkrainianStem("магазин"), UkrainianStem("магазинах"));
  EXPECT_EQ(UkrainianStem("сподобався"), UkrainianStem("сподобалася"));
}

TEST(UkrainianStemTest, KeepsShortWordsAndStems) {
  EXPECT_EQ(UkrainianStem("не"), "не");
  EXPECT_EQ(UkrainianStem("але"), "але");
  EXPECT_EQ(UkrainianStem("так"), "так");
  EXPECT_GE(CountCodePoints(UkrainianStem("ями")), 2u);
  EXPECT_EQ(UkrainianStem("доставка"), "доставк");
}

TEST(UkrainianStemTest, KeepsUnrelatedWordsApart) {
  // Pronouns and indeclinable nouns are not stripped to a shared stem.
  EXPECT_NE(UkrainianStem("меню"), UkrainianStem("мені"));
  EXPECT_NE(UkrainianStem("меню"), UkrainianStem("мене"));
  EXPECT_NE(UkrainianStem("мені"), UkrainianStem("мене"));
  // чек "receipt" vs чекати "to wait"; every form of the verb stems alike.
  EXPECT_NE(UkrainianStem("чек"), UkrainianStem("чекати"));
  EXPECT_EQ(UkrainianStem("чека"), UkrainianStem("чеку"));
  EXPECT_EQ(UkrainianStem("чекати"), UkrainianStem("чекаю"));
  EXPECT_EQ(UkrainianStem("чекати"), UkrainianStem("чекали"));
  EXPECT_EQ(UkrainianStem("чекати"), UkrainianStem("чекає"));
  // додаток "app" vs додатковий "additional".
  EXPECT_NE(UkrainianStem("додатку"), UkrainianStem("додаткові"));
  EXPECT_EQ(UkrainianStem("додаткові"), UkrainianStem("додатковий"));
  EXPECT_EQ(UkrainianStem("додатку"), UkrainianStem("додатка"));
  // Reflexive verbs keep a marker: повернуся "I will come back" vs повернули "they gave back".
  EXPECT_NE(UkrainianStem("повернуся"), UkrainianStem("повернули"));
  EXPECT_EQ(UkrainianStem("повернуся"), UkrainianStem("повернутися"));
  EXPECT_EQ(UkrainianStem("повернулась"), UkrainianStem("повернувся"));
  EXPECT_EQ(UkrainianStem("повернули"), UkrainianStem("повернути"));
  // боюся "I am afraid" is not бо "because".
  EXPECT_NE(UkrainianStem("боюся"), "бо");
  EXPECT_EQ(UkrainianStem("боюся"), UkrainianStem("боюсь"));
}

TEST(StemTest, SnowballPerLanguageAndCache) {
  EXPECT_EQ(Stem(Lang::kEn, "ordered"), Stem(Lang::kEn, "orders"));
  EXPECT_EQ(Stem(Lang::kEn, "recommended"), Stem(Lang::kEn, "recommend"));
  EXPECT_EQ(Stem(Lang::kRu, "доставили"), Stem(Lang::kRu, "доставил"));
  EXPECT_EQ(Stem(Lang::kRo, "produsul"), Stem(Lang::kRo, "produs"));
  std::string_view a = Stem(Lang::kUk, "поганий");
  std::string_view b = Stem(Lang::kUk, "поганий");
  EXPECT_EQ(a.data(), b.data());  // served from the per-thread cache
}

TEST(StemTest, CacheStaysBoundedAndSkipsNumbers) {
  ClearStemCacheIfLarge();
  const size_t before = StemCacheBytes();
  for (int i = 0; i < 20000; ++i) {  // order numbers, prices, ids: never cached
    std::string n = std::to_string(1000000 + i);
    EXPECT_EQ(Stem(Lang::kEn, n), n);
    EXPECT_EQ(Stem(Lang::kRu, "a" + n), "a" + n);
  }
  EXPECT_EQ(StemCacheBytes(), before);
  std::string w;
  for (int i = 0; i < 300000; ++i) {  // distinct words: dropped between texts beyond the byte cap
    w = "word";
    for (int v = i; v > 0; v /= 26) w += static_cast<char>('a' + v % 26);
    Stem(Lang::kEn, w);
    ClearStemCacheIfLarge();
    ASSERT_LE(StemCacheBytes(), 17u << 20);
  }
  EXPECT_GT(StemCacheBytes(), 0u);
  EXPECT_EQ(Stem(Lang::kEn, "ordered"), Stem(Lang::kEn, "orders"));
}

TEST(EmoticonKeyTest, NormalizesNosesAndRepeats) {
  EXPECT_EQ(EmoticonKey(":-)))"), ":)");
  EXPECT_EQ(EmoticonKey(":)"), ":)");
  EXPECT_EQ(EmoticonKey("=)"), ":)");
  EXPECT_EQ(EmoticonKey(")))"), ")");
  EXPECT_EQ(EmoticonKey("((("), "(");
  EXPECT_EQ(EmoticonKey(":'("), ":(");
  EXPECT_EQ(EmoticonKey("<3"), "<3");
  EXPECT_EQ(EmoticonKey(":DDD"), ":D");
}

}  // namespace
}  // namespace touchpoint::analysis
