// langid.cpp: see langid.h. Scores are counts of evidence; ties fall back to the more frequent language of
// the script (ru for Cyrillic, en for Latin) unless letters of another Latin language dominate (then und).
#include "langid.h"

#include <string>

namespace touchpoint::analysis {

namespace {

// Function words and lexicon words are looked at in the first words only: enough evidence for a decision,
// and long texts stay cheap (letters are counted over the whole text).
constexpr size_t kMaxWordsExamined = 64;

bool EndsWith(std::string_view s, std::string_view suf) {
  return s.size() > suf.size() + 1 && s.substr(s.size() - suf.size()) == suf;
}

// What the examination of one word as written finds (bits), cached per thread: words repeat, so most are
// neither folded nor looked up again.
enum : uint8_t { kInA = 1, kInB = 2, kLexA = 4, kLexB = 8, kEndA = 16, kEndB = 32, kKnown = 128 };
constexpr size_t kMaxCachedWords = 100000;

// Open-addressing map (power-of-two slots, linear probing) from a word as written to its bits, the keys in
// one arena: no allocation per word and a cheaper hash than std::unordered_map<std::string>.
class BitsTable {
 public:
  const uint8_t* Find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& sl = slots_[i];
      if (sl.hash == 0) return nullptr;
      if (sl.hash == h && std::string_view(arena_.data() + sl.off, sl.len) == key) return &sl.bits;
    }
  }
  void Insert(std::string_view key, uint64_t h, uint8_t bits) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    Place(Slot{h, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), bits});
    arena_.append(key);
    ++count_;
  }
  size_t size() const { return count_; }
  void clear() {
    slots_.clear();
    arena_.clear();
    count_ = 0;
    mask_ = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 = empty
    uint32_t off = 0, len = 0;
    uint8_t bits = 0;
  };
  void Place(const Slot& s) {
    size_t i = s.hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& sl : old) {
      if (sl.hash != 0) Place(sl);
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t count_ = 0, mask_ = 0;
};

struct WordBitsCache {
  uint64_t load_id = 0;
  BitsTable by_script[2];  // 0: Cyrillic (A = ru, B = uk), 1: Latin (A = en, B = ro)
};

uint8_t CyrillicBits(std::string_view raw, const std::vector<LangLexicon>& lexicons, std::string* folded,
                     std::string* folded_ru) {
  folded_ru->clear();
  FoldWord(Lang::kRu, raw, folded_ru);
  folded->clear();
  FoldWord(Lang::kUk, raw, folded);
  uint8_t bits = kKnown;
  if (lexicons[static_cast<int>(Lang::kRu)].stopwords.count(*folded_ru)) bits |= kInA;
  if (lexicons[static_cast<int>(Lang::kUk)].stopwords.count(*folded)) bits |= kInB;
  if (lexicons[static_cast<int>(Lang::kRu)].word_valence.count(*folded_ru)) bits |= kLexA;
  if (lexicons[static_cast<int>(Lang::kUk)].word_valence.count(*folded)) bits |= kLexB;
  return bits;
}

uint8_t LatinBits(std::string_view raw, const std::vector<LangLexicon>& lexicons, std::string* folded,
                  std::string* ro_folded) {
  folded->clear();
  FoldWord(Lang::kEn, raw, folded);
  ro_folded->clear();
  FoldWord(Lang::kRo, raw, ro_folded);
  uint8_t bits = kKnown;
  if (lexicons[static_cast<int>(Lang::kEn)].stopwords.count(*folded)) bits |= kInA;
  if (lexicons[static_cast<int>(Lang::kRo)].stopwords.count(*ro_folded)) bits |= kInB;
  if (lexicons[static_cast<int>(Lang::kEn)].word_valence.count(*folded)) bits |= kLexA;
  if (lexicons[static_cast<int>(Lang::kRo)].word_valence.count(*ro_folded)) bits |= kLexB;
  // Romanian inflection: definite articles and frequent endings.
  const std::string& r = *ro_folded;
  if (EndsWith(r, "ului") || EndsWith(r, "ilor") || EndsWith(r, "elor") || EndsWith(r, "esc") ||
      EndsWith(r, "este") || EndsWith(r, "tie") || (EndsWith(r, "ul") && !EndsWith(r, "ful"))) {
    bits |= kEndB;
  }
  const std::string& f = *folded;
  if (EndsWith(f, "ing") || EndsWith(f, "ly") || EndsWith(f, "tion") || f.find('\'') != std::string::npos) {
    bits |= kEndA;
  }
  return bits;
}

// The bits of `raw` in script 0 (Cyrillic) or 1 (Latin), from the calling thread's cache.
uint8_t WordBits(int script, std::string_view raw, const std::vector<LangLexicon>& lexicons) {
  thread_local WordBitsCache cache;
  thread_local std::string a, b;
  const uint64_t load_id = lexicons[0].load_id;
  if (load_id == 0) {  // not from LoadLexicons: nothing to key a cache on
    return script == 0 ? CyrillicBits(raw, lexicons, &a, &b) : LatinBits(raw, lexicons, &a, &b);
  }
  BitsTable& map = cache.by_script[script];
  if (cache.load_id != load_id || map.size() > kMaxCachedWords) {
    for (auto& m : cache.by_script) m.clear();
    cache.load_id = load_id;
  }
  const uint64_t h = WordHash(raw);
  if (const uint8_t* found = map.Find(raw, h)) return *found;
  uint8_t bits = script == 0 ? CyrillicBits(raw, lexicons, &a, &b) : LatinBits(raw, lexicons, &a, &b);
  map.Insert(raw, h, bits);
  return bits;
}

// The Cyrillic letters (U+0400..U+04FF, by offset) that count for Ukrainian or Russian in DetectLanguage.
struct MarkedCyrillic {
  bool marked[256];
  constexpr MarkedCyrillic() : marked() {
    for (char32_t c : {0x456, 0x406, 0x457, 0x407, 0x454, 0x404, 0x491, 0x490, 0x44B, 0x42B, 0x44D, 0x42D,
                       0x44A, 0x42A, 0x451, 0x401}) {
      marked[c - 0x400] = true;
    }
  }
};
constexpr MarkedCyrillic kMarkedCyrillic;

}  // namespace

Lang DetectLanguage(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<LangLexicon>& lexicons) {
  int cyr = 0, lat = 0, other = 0;
  int uk_letters = 0, ru_letters = 0, ro_letters = 0, foreign_letters = 0;
  // Letters of words only: URLs, @mentions and hashtags of tweets are often Latin in Cyrillic texts.
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord || t.hashtag) continue;
    std::string_view word = text.substr(t.begin, t.end - t.begin);
    const auto* w = reinterpret_cast<const unsigned char*>(word.data());
    for (size_t p = 0; p < word.size();) {
      // Fast paths: ASCII, and Cyrillic U+0400..U+04FF (lead byte D0..D3) whose letters carry no language
      // (everything but і ї є ґ ы э ъ ё and their capitals, which take the switch below).
      if (w[p] < 0x80) {
        lat += ((w[p] | 0x20) >= 'a' && (w[p] | 0x20) <= 'z');
        ++p;
        continue;
      }
      if ((w[p] & 0xFC) == 0xD0 && !kMarkedCyrillic.marked[((w[p] & 3) << 6) | (w[p + 1] & 0x3F)]) {
        ++cyr;
        p += 2;
        continue;
      }
      char32_t c = DecodeUtf8(word, &p);
      if (c >= 0x400 && c <= 0x4FF) {
        ++cyr;
        switch (c) {
          case 0x456:
          case 0x406:
          case 0x457:
          case 0x407:
          case 0x454:
          case 0x404:
          case 0x491:
          case 0x490:
            ++uk_letters;
            break;
          case 0x44B:
          case 0x42B:
          case 0x44D:
          case 0x42D:
          case 0x44A:
          case 0x42A:
          case 0x451:
          case 0x401:
            ++ru_letters;
            break;
          default:
            break;
        }
        continue;
      }
      if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) {
        ++lat;
        switch (c) {
          case 0x103:
          case 0x102:
          case 0xE2:
          case 0xC2:
          case 0xEE:
          case 0xCE:
          case 0x219:
          case 0x218:
          case 0x21B:
          case 0x21A:
          case 0x15F:
          case 0x15E:
          case 0x163:
          case 0x162:
            ++ro_letters;
            break;
          default:
            ++foreign_letters;
        }
        continue;
      }
      if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x530 && c <= 0x1FFF) || (c >= 0x3040 && c <= 0xD7FF)) ++other;
    }
  }
  if (cyr + lat == 0 || other > cyr + lat) return Lang::kUnd;

  if (cyr >= lat) {
    int uk = 3 * uk_letters, ru = 3 * ru_letters;
    size_t examined = 0;
    for (const Token& t : tokens) {
      if (t.kind != TokenKind::kWord || t.end - t.begin > 24) continue;
      if (++examined > kMaxWordsExamined) break;
      const uint8_t bits = WordBits(0, text.substr(t.begin, t.end - t.begin), lexicons);
      const bool in_ru = bits & kInA, in_uk = bits & kInB;
      if (in_ru != in_uk) (in_ru ? ru : uk) += 2;
      if (!in_ru && !in_uk) {  // rated words of one language's lexicon only
        const bool lex_ru = bits & kLexA, lex_uk = bits & kLexB;
        if (lex_ru != lex_uk) (lex_ru ? ru : uk) += 1;
      }
    }
    return uk > ru ? Lang::kUk : Lang::kRu;
  }
  int ro = 3 * ro_letters, en = 0;
  size_t examined = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord || t.end - t.begin > 24) continue;
    if (++examined > kMaxWordsExamined) break;
    const uint8_t bits = WordBits(1, text.substr(t.begin, t.end - t.begin), lexicons);
    const bool in_en = bits & kInA, in_ro = bits & kInB;
    if (in_en != in_ro) (in_en ? en : ro) += 2;
    if (!in_en && !in_ro) {  // rated words of one language's lexicon only ("excelent", "multumit")
      const bool lex_en = bits & kLexA, lex_ro = bits & kLexB;
      if (lex_en != lex_ro) (lex_en ? en : ro) += 1;
    }
    if (bits & kEndB) ro += 1;
    if (bits & kEndA) en += 1;
  }
  if (foreign_letters > 0 && 3 * foreign_letters > ro + en) return Lang::kUnd;
  return ro > en ? Lang::kRo : Lang::kEn;
}

}  // namespace touchpoint::analysis
