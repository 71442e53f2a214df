// text.h: the analysis text pipeline below the Tagger: UTF-8 validation and decoding, a hand-written
// tokenizer that keeps code-point offsets into the original text (words with inner apostrophes and hyphens,
// numbers, URLs, @mentions, emoji clusters, ASCII emoticons, punctuation), and per-language folding of a
// token into its lookup key (NFC, case folding, ё->е, Romanian diacritics removed, apostrophes unified).
//
// Everything here is a pure function of its arguments (no shared mutable state) and is safe to call from any
// number of threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/utf8.h"

namespace touchpoint::analysis {

enum class Lang : uint8_t { kEn = 0, kRu = 1, kUk = 2, kRo = 3, kUnd = 4 };
inline constexpr int kNumLangs = 4;
const char* LangCode(Lang lang);        // "en", ..., "und"
Lang ParseLang(std::string_view code);  // kUnd for anything else

// UTF-8 validation, decoding and encoding: touchpoint/utf8.h (surveys).
using ::touchpoint::AppendUtf8;
using ::touchpoint::DecodeUtf8;
using ::touchpoint::FindInvalidUtf8;
size_t CountCodePoints(std::string_view text);

enum class TokenKind : uint8_t {
  kWord,  // letters (and marks), with inner apostrophes / hyphens / digits: обов'язково, wi-fi, mp3
  kNumber,    // 12, 3.5, 1,000
  kUrl,       // http://..., https://..., www....
  kMention,   // @name
  kEmoji,     // one emoji cluster (ZWJ sequences, skin tones, variation selectors)
  kEmoticon,  // :) :-( <3 :D ;) )))  (((
  kPunct,     // one punctuation character (runs of ! and ? are one token each character)
};

struct Token {
  TokenKind kind = TokenKind::kPunct;
  uint32_t begin = 0, end = 0;        // byte offsets into the text
  uint32_t cp_begin = 0, cp_end = 0;  // code-point offsets into the text (end exclusive)
  bool all_caps = false;              // a word of >= 2 letters, all upper case
  bool hashtag = false;               // a word written as #word (the '#' is not part of the token)
};

// Hash of a word for the per-thread word tables (tagger, language id): 8 bytes per step, cheaper than
// std::hash on short words; the final shift mixes the high bits into the low ones the table masks. Never 0.
inline uint64_t WordHash(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 29;
  return h | 1;
}

// Splits valid UTF-8 `text` into tokens (appended to *out after clearing it). Whitespace and unknown symbols
// are skipped. Bounded: O(n) in the text length.
void Tokenize(std::string_view text, std::vector<Token>* out);

// Appends the lookup key of a word `raw` in `lang` to *out: NFC (ICU, only when the word holds combining
// marks), full case folding (ASCII/Latin/Cyrillic fast paths, ICU for the rest), then per language:
// all: ’ ʼ ` ′ -> '; ru: ё -> е; uk: apostrophes dropped (обов'язково == обовязково); ro: ş ţ -> ș ț, then
// diacritics removed (ă â -> a, î -> i, ș -> s, ț -> t) so texts with and without diacritics match.
void FoldWord(Lang lang, std::string_view raw, std::string* out);

// Normalized key of an emoticon token (":-)))" -> ":)", "))" -> ")", "(((" -> "("); see text.cpp.
std::string EmoticonKey(std::string_view raw);

}  // namespace touchpoint::analysis
