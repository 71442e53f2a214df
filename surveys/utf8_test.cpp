#include "touchpoint/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace touchpoint {
namespace {

constexpr size_t kValid = std::string_view::npos;

// Reference validator written from RFC 3629 table 3-7 (independent of the fast paths).
size_t ReferenceFindInvalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](size_t k) {
      return i + k < s.size() ? unsigned{static_cast<unsigned char>(s[i + k])} : 0x100u;
    };
    const unsigned c = b(0);
    auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return b(k) >= lo && b(k) <= hi; };
    size_t len = 0;
    if (c <= 0x7F) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF && cont(1)) {
      len = 2;
    } else if (c == 0xE0 && cont(1, 0xA0) && cont(2)) {
      len = 3;
    } else if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && cont(1) && cont(2)) {
      len = 3;
    } else if (c == 0xED && cont(1, 0x80, 0x9F) && cont(2)) {
      len = 3;
    } else if (c == 0xF0 && cont(1, 0x90) && cont(2) && cont(3)) {
      len = 4;
    } else if (c >= 0xF1 && c <= 0xF3 && cont(1) && cont(2) && cont(3)) {
      len = 4;
    } else if (c == 0xF4 && cont(1, 0x80, 0x8F) && cont(2) && cont(3)) {
      len = 4;
    } else {
      return i;
    }
    i += len;
  }
  return kValid;
}

TEST(Utf8Test, FindsTheFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8(""), kValid);
  EXPECT_EQ(FindInvalidUtf8("plain ascii, long enough for the 8-byte path"), kValid);
  EXPECT_EQ(FindInvalidUtf8("Ăă Țț Șș şţ Її Ґґ обов’язково Ёё 😀 €"), kValid);
  EXPECT_EQ(FindInvalidUtf8("\xC3"), 0u);                  // truncated
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);            // overlong
  EXPECT_EQ(FindInvalidUtf8("abc\xE0\x80\xAF"), 3u);       // overlong, 3 bytes
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);          // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("caf\xE9"), 3u);               // Latin-1
  EXPECT_EQ(FindInvalidUtf8("привітання\x80 світ"), 20u);  // stray continuation after a Cyrillic run
  EXPECT_EQ(FindInvalidUtf8("привітання світ\xD0"), 29u);  // truncated at the end of a Cyrillic run
  EXPECT_EQ(FindInvalidUtf8("здравствуйте\xD0\x41здравствуйте"), 24u);  // lead without continuation
}

TEST(Utf8Test, AgreesWithTheReferenceOnRandomBytes) {
  std::mt19937 rng(7);
  // Bytes biased towards the interesting ranges: ASCII, Cyrillic leads, continuations, 3- and 4-byte leads.
  const unsigned char pool[] = {'a',  ' ',  0xD0, 0xD1, 0xD3, 0x80, 0xBF, 0x90, 0xA0, 0xC0,
                                0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s;
    const size_t n = rng() % 24;
    for (size_t k = 0; k < n; ++k) {
      if (rng() % 3 == 0) {
        s += "\xD0\xBF";  // п: Cyrillic runs for the fast path
      } else {
        s.push_back(static_cast<char>(pool[rng() % sizeof pool]));
      }
    }
    ASSERT_EQ(FindInvalidUtf8(s), ReferenceFindInvalid(s)) << iter;
  }
}

TEST(Utf8Test, EncodesAndDecodesEveryScalarValue) {
  std::string all;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    AppendUtf8(cp, &all);
  }
  ASSERT_EQ(FindInvalidUtf8(all), kValid);
  size_t pos = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    ASSERT_EQ(DecodeUtf8(all, &pos), cp);
  }
  EXPECT_EQ(pos, all.size());
  std::string s;
  AppendUtf8(U'ї', &s);
  EXPECT_EQ(s, "\xD1\x97");
}

}  // namespace
}  // namespace touchpoint
