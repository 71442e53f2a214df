// text.cpp: UTF-8 validation/decoding, the tokenizer and word folding (see text.h).
#include "text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstring>

namespace touchpoint::analysis {

const char* LangCode(Lang lang) {
  switch (lang) {
    case Lang::kEn:
      return "en";
    case Lang::kRu:
      return "ru";
    case Lang::kUk:
      return "uk";
    case Lang::kRo:
      return "ro";
    case Lang::kUnd:
      return "und";
  }
  return "und";
}

Lang ParseLang(std::string_view code) {
  if (code == "en") return Lang::kEn;
  if (code == "ru") return Lang::kRu;
  if (code == "uk") return Lang::kUk;
  if (code == "ro") return Lang::kRo;
  return Lang::kUnd;
}

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

bool IsSpaceSlow(char32_t c) {
  if (c <= 0x20) return true;  // controls count as separators
  if (c < 0x7F) return false;
  if (c <= 0xA0) return true;  // DEL, C1 controls, NBSP
  if (c >= 0x2000 && c <= 0x200B) return true;
  return c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF ||
         c == 0x1680;
}

bool IsMarkSlow(char32_t c) {
  if (c >= 0x300 && c <= 0x36F) return true;
  if (c < 0x300) return false;
  if (c >= 0x483 && c <= 0x489) return true;
  if (c >= 0x370 && c <= 0x52F) return false;
  int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

bool IsLetterSlow(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
  if (c >= 0x400 && c <= 0x52F) return c < 0x482 || c > 0x489;
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c < 0xC0) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, dingbats
  if (c >= 0x1F000) return false;                // emoji planes
  return u_isalpha(static_cast<UChar32>(c));
}

bool IsDigitSlow(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  if (c < 0x660) return false;
  return u_isdigit(static_cast<UChar32>(c));
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2BC || c == 0x60 || c == 0x2032; }
bool IsHyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

bool IsEmojiBase(char32_t c) {
  if (c >= 0x1F000 && c <= 0x1FAFF) return !(c >= 0x1F3FB && c <= 0x1F3FF);
  if (c >= 0x2600 && c <= 0x27BF) return true;
  if (c >= 0x2B05 && c <= 0x2B55) return true;
  if (c >= 0x2300 && c <= 0x23FF) return true;
  return c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139 || c == 0x3030 || c == 0x303D ||
         c == 0x3297 || c == 0x3299 || c == 0x00A9 || c == 0x00AE || c == 0x2764;
}

bool IsEmojiContinuation(char32_t c) {
  return c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F);
}

bool IsPunctSlow(char32_t c) {
  if (c < 0x80)
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
  if (c >= 0x2010 && c <= 0x205E) return true;
  if (c == 0xAB || c == 0xBB || c == 0xA1 || c == 0xBF || c == 0xB7) return true;
  return u_ispunct(static_cast<UChar32>(c));
}

bool IsUpperSlow(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0x410 && c <= 0x42F) return true;
  if (c >= 0x430 && c <= 0x44F) return false;
  return u_isupper(static_cast<UChar32>(c));
}

// Classes of the code points below U+0530 (Latin, Greek, Cyrillic: nearly all text), precomputed from the
// functions above so the tokenizer does one table load per test instead of range checks or ICU calls.
constexpr char32_t kTableEnd = 0x530;
enum : uint8_t {
  kClsSpace = 1,
  kClsMark = 2,
  kClsLetter = 4,
  kClsDigit = 8,
  kClsPunct = 16,
  kClsUpper = 32,
  kClsEmoji = 64,  // IsEmojiBase or IsEmojiContinuation
};
struct ClassTable {
  uint8_t cls[kTableEnd];
  ClassTable() {
    for (char32_t c = 0; c < kTableEnd; ++c) {
      cls[c] = static_cast<uint8_t>((IsSpaceSlow(c) ? kClsSpace : 0) | (IsMarkSlow(c) ? kClsMark : 0) |
                                    (IsLetterSlow(c) ? kClsLetter : 0) | (IsDigitSlow(c) ? kClsDigit : 0) |
                                    (IsPunctSlow(c) ? kClsPunct : 0) | (IsUpperSlow(c) ? kClsUpper : 0) |
                                    (IsEmojiBase(c) || IsEmojiContinuation(c) ? kClsEmoji : 0));
    }
  }
};
const ClassTable kClasses;

inline bool IsSpace(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsSpace : IsSpaceSlow(c); }
inline bool IsMark(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsMark : IsMarkSlow(c); }
inline bool IsLetter(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsLetter : IsLetterSlow(c); }
inline bool IsDigit(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsDigit : IsDigitSlow(c); }
inline bool IsPunct(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsPunct : IsPunctSlow(c); }
inline bool IsUpper(char32_t c) { return c < kTableEnd ? kClasses.cls[c] & kClsUpper : IsUpperSlow(c); }
// The kClsLetter, kClsMark, kClsDigit and kClsUpper (of letters) bits of c.
inline uint8_t WordClass(char32_t c) {
  if (c < kTableEnd) return kClasses.cls[c];
  const bool letter = IsLetterSlow(c);
  return static_cast<uint8_t>((letter ? kClsLetter : 0) | (letter && IsUpperSlow(c) ? kClsUpper : 0) |
                              (IsMarkSlow(c) ? kClsMark : 0) | (IsDigitSlow(c) ? kClsDigit : 0));
}
inline bool IsWordChar(char32_t c) {
  return c < kTableEnd ? kClasses.cls[c] & (kClsLetter | kClsMark | kClsDigit)
                       : IsLetterSlow(c) || IsMarkSlow(c) || IsDigitSlow(c);
}

struct Decoded {
  std::vector<char32_t> cps;
  std::vector<uint32_t> offs;  // byte offset of each code point, plus one past the end
};

bool StartsWithAsciiCi(const Decoded& d, size_t i, const char* lit) {
  size_t n = std::strlen(lit);
  if (i + n > d.cps.size()) return false;
  for (size_t k = 0; k < n; ++k) {
    char32_t c = d.cps[i + k];
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != static_cast<unsigned char>(lit[k])) return false;
  }
  return true;
}

bool IsEyes(char32_t c) { return c == ':' || c == ';' || c == '='; }
bool IsNose(char32_t c) { return c == '-' || c == '\'' || c == '^' || c == '~' || c == 'o'; }
bool IsSymbolMouth(char32_t c) {
  return c == ')' || c == '(' || c == ']' || c == '[' || c == '/' || c == '\\' || c == '|' || c == '*' ||
         c == '3' || c == '@' || c == '$' || c == '}' || c == '{';
}
bool IsLetterMouth(char32_t c) {
  return c == 'D' || c == 'P' || c == 'p' || c == 'O' || c == 'o' || c == 'S';
}

// Length (in code points) of an emoticon starting at i, or 0.
size_t MatchEmoticon(const Decoded& d, size_t i) {
  const auto& c = d.cps;
  const size_t n = c.size();
  auto at = [&](size_t k) -> char32_t { return k < n ? c[k] : 0; };
  if (at(i) == '<' && at(i + 1) == '3') return 2;
  if (at(i) == '<' && at(i + 1) == '/' && at(i + 2) == '3') return 3;
  if (IsEyes(at(i))) {
    size_t k = i + 1;
    if (IsNose(at(k)) && (IsSymbolMouth(at(k + 1)) || IsLetterMouth(at(k + 1)))) ++k;
    char32_t m = at(k);
    if (IsSymbolMouth(m)) {
      if (m == '/' && at(k + 1) == '/') return 0;  // "://"
      size_t e = k + 1;
      while (e < n && at(e) == m && e - i < 16) ++e;
      return e - i;
    }
    if (IsLetterMouth(m)) {
      size_t e = k + 1;
      while (e < n && at(e) == m && e - i < 16) ++e;
      if (e < n && (IsLetter(at(e)) || IsDigit(at(e)))) return 0;
      if (i > 0 && (IsLetter(at(i - 1)) || IsDigit(at(i - 1)))) return 0;  // "re:Deal", "10:00"
      return e - i;
    }
    return 0;
  }
  if (at(i) == ')' || at(i) == '(') {
    size_t e = i;
    while (e < n && at(e) == at(i) && e - i < 16) ++e;
    if (e - i >= 2) return e - i;
  }
  return 0;
}

}  // namespace

void Tokenize(std::string_view text, std::vector<Token>* out) {
  out->clear();
  thread_local Decoded d;
  d.cps.resize(text.size());
  d.offs.resize(text.size() + 1);
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    d.offs[count] = static_cast<uint32_t>(pos);
    d.cps[count] = DecodeUtf8(text, &pos);
  }
  d.cps.resize(count);
  d.offs.resize(count + 1);
  d.offs[count] = static_cast<uint32_t>(text.size());
  const auto& c = d.cps;
  const size_t n = c.size();
  auto emit = [&](TokenKind kind, size_t b, size_t e) {
    Token t;
    t.kind = kind;
    t.cp_begin = static_cast<uint32_t>(b);
    t.cp_end = static_cast<uint32_t>(e);
    t.begin = d.offs[b];
    t.end = d.offs[e];
    out->push_back(t);
    return &out->back();
  };
  auto word_char = [&](size_t k) { return k < n && IsWordChar(c[k]); };
  size_t i = 0;
  while (i < n) {
    char32_t ch = c[i];
    if (IsSpace(ch)) {
      ++i;
      continue;
    }
    bool prev_word = i > 0 && word_char(i - 1);
    // URLs.
    if (!prev_word && ((ch | 0x20) == 'h' || (ch | 0x20) == 'w') &&
        (StartsWithAsciiCi(d, i, "http://") || StartsWithAsciiCi(d, i, "https://") ||
         StartsWithAsciiCi(d, i, "www."))) {
      size_t e = i;
      while (e < n && !IsSpace(c[e])) ++e;
      while (e > i + 4 &&
             (c[e - 1] == '.' || c[e - 1] == ',' || c[e - 1] == ')' || c[e - 1] == '!' || c[e - 1] == '?' ||
              c[e - 1] == ';' || c[e - 1] == ':' || c[e - 1] == '"' || c[e - 1] == '\'')) {
        --e;
      }
      emit(TokenKind::kUrl, i, e);
      i = e;
      continue;
    }
    if (ch == '@' && !prev_word && (word_char(i + 1) || (i + 1 < n && c[i + 1] == '_'))) {
      size_t e = i + 1;
      while (e < n && (word_char(e) || c[e] == '_' || (c[e] == '.' && word_char(e + 1)))) ++e;
      emit(TokenKind::kMention, i, e);
      i = e;
      continue;
    }
    if (ch < 0x80 && !IsLetter(ch)) {
      size_t len = MatchEmoticon(d, i);
      if (len > 0) {
        emit(TokenKind::kEmoticon, i, i + len);
        i += len;
        continue;
      }
    }
    if ((ch < kTableEnd ? (kClasses.cls[ch] & kClsEmoji) != 0 : IsEmojiBase(ch) || IsEmojiContinuation(ch)) ||
        (ch >= 0x1F1E6 && ch <= 0x1F1FF)) {
      if (ch >= 0x1F1E6 && ch <= 0x1F1FF) {  // regional indicators pair into a flag
        size_t e = i + 1;
        if (e < n && c[e] >= 0x1F1E6 && c[e] <= 0x1F1FF) ++e;
        emit(TokenKind::kEmoji, i, e);
        i = e;
        continue;
      }
      size_t e = i + 1;
      while (e < n && e - i < 32) {
        if (IsEmojiContinuation(c[e])) {
          ++e;
        } else if (c[e] == 0x200D && e + 1 < n && IsEmojiBase(c[e + 1])) {
          e += 2;
        } else {
          break;
        }
      }
      if (IsEmojiBase(ch)) emit(TokenKind::kEmoji, i, e);
      i = e;
      continue;
    }
    bool hashtag = ch == '#' && !prev_word && i + 1 < n && IsLetter(c[i + 1]);
    size_t start = hashtag ? i + 1 : i;
    if (IsWordChar(c[start])) {
      bool number = IsDigit(c[start]);
      int letters = 0, upper = 0;  // for all_caps
      if (const uint8_t k = WordClass(c[start]); k & kClsLetter) {
        ++letters;
        upper += (k & kClsUpper) != 0;
      }
      size_t e = start + 1;
      while (e < n) {
        char32_t x = c[e];
        const uint8_t k = WordClass(x);
        if ((k & (kClsLetter | kClsMark | kClsDigit)) || (hashtag && x == '_')) {
          if (!(k & (kClsDigit | kClsMark))) number = false;
          if (k & kClsLetter) {
            ++letters;
            upper += (k & kClsUpper) != 0;
          }
          ++e;
        } else if (IsApostrophe(x) && !number && e + 1 < n && IsLetter(c[e + 1])) {
          e += 1;
        } else if (IsHyphen(x) && e + 1 < n && (IsLetter(c[e + 1]) || IsDigit(c[e + 1])) && !number) {
          e += 1;
        } else if (number && (x == '.' || x == ',') && e + 1 < n && IsDigit(c[e + 1])) {
          e += 1;
        } else {
          break;
        }
      }
      Token* t = emit(number ? TokenKind::kNumber : TokenKind::kWord, start, e);
      t->hashtag = hashtag;
      if (!number) t->all_caps = letters >= 2 && upper == letters;
      i = e;
      continue;
    }
    if (IsPunct(ch)) {
      // "..." and runs of the same punctuation are one token; '!' and '?' stay one per character so they can
      // be counted.
      size_t e = i + 1;
      if (ch == '.') {
        while (e < n && c[e] == '.' && e - i < 64) ++e;
      }
      emit(TokenKind::kPunct, i, e);
      i = e;
      continue;
    }
    ++i;  // symbols (currency, math, private use): skipped
  }
}

namespace {

const icu::Normalizer2* Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);  // ICU-owned, thread-safe
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
  return nfc;
}

char32_t FoldCp(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x430 && c <= 0x44F) return c;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x450 && c <= 0x45F) return c;
  if (c == 0x490) return 0x491;  // Ґ
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

char32_t LatinToCyrillic(char32_t c) {
  switch (c) {
    case 'a':
      return 0x430;
    case 'e':
      return 0x435;
    case 'o':
      return 0x43E;
    case 'p':
      return 0x440;
    case 'c':
      return 0x441;
    case 'x':
      return 0x445;
    case 'y':
      return 0x443;
    case 'i':
      return 0x456;
    case 'k':
      return 0x43A;
    case 'm':
      return 0x43C;
    case 'h':
      return 0x43D;
    case 't':
      return 0x442;
    case 'b':
      return 0x432;
    default:
      return c;
  }
}

}  // namespace

void FoldWord(Lang lang, std::string_view raw, std::string* out) {
  std::string nfc_buf;
  bool needs_nfc = false;
  bool has_cyr = false, has_latin = false;
  for (size_t p = 0; p < raw.size();) {
    char32_t c = DecodeUtf8(raw, &p);
    if (c >= 0x300 && !(c >= 0x370 && c <= 0x482) && !(c >= 0x48A && c <= 0x52F) && IsMark(c))
      needs_nfc = true;
    if (c >= 0x400 && c <= 0x52F) has_cyr = true;
    if (c < 0x80 && IsLetter(c)) has_latin = true;
  }
  if (needs_nfc) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    icu::UnicodeString norm = Nfc()->normalize(u, status);
    if (U_SUCCESS(status)) {
      norm.toUTF8String(nfc_buf);
      raw = nfc_buf;
    }
  }
  const bool slavic = lang == Lang::kRu || lang == Lang::kUk;
  const bool map_lookalikes = slavic && has_cyr && has_latin;
  for (size_t p = 0; p < raw.size();) {
    char32_t c = DecodeUtf8(raw, &p);
    if (c == 0xDF) {  // ß: full case folding
      out->append("ss");
      continue;
    }
    c = FoldCp(c);
    if (IsApostrophe(c) || c == 0x2018) {
      if (lang == Lang::kUk) continue;
      c = '\'';
    }
    if (map_lookalikes) c = LatinToCyrillic(c);
    if (lang == Lang::kRu && c == 0x451) c = 0x435;  // ё -> е
    if (lang == Lang::kUk && (c == 0x451)) c = 0x435;
    if (lang == Lang::kRo) {
      switch (c) {
        case 0x103:
        case 0xE2:
        case 0xE1:
        case 0xE0:
          c = 'a';
          break;  // ă â
        case 0xEE:
        case 0xED:
          c = 'i';
          break;  // î
        case 0x219:
        case 0x15F:
          c = 's';
          break;  // ș ş
        case 0x21B:
        case 0x163:
          c = 't';
          break;  // ț ţ
        default:
          break;
      }
    }
    AppendUtf8(c, out);
  }
}

std::string EmoticonKey(std::string_view raw) {
  std::string key;
  if (raw == "<3" || raw == "</3") return std::string(raw);
  size_t i = 0;
  if (!raw.empty() && (raw[0] == ':' || raw[0] == ';' || raw[0] == '=')) {
    key.push_back(raw[0] == '=' ? ':' : raw[0]);
    i = 1;
    if (i + 1 < raw.size() && IsNose(static_cast<unsigned char>(raw[i])) && raw[i] != raw[i + 1])
      ++i;
    else if (i + 1 < raw.size() && raw[i] == '\'') {
      key.push_back('\'');
      ++i;
    }
  }
  if (i < raw.size()) key.push_back(raw[i]);
  return key;
}

}  // namespace touchpoint::analysis
