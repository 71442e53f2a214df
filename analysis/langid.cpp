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

}  // namespace

Lang DetectLanguage(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<LangLexicon>& lexicons) {
  int cyr = 0, lat = 0, other = 0;
  int uk_letters = 0, ru_letters = 0, ro_letters = 0, foreign_letters = 0;
  // Letters of words only: URLs, @mentions and hashtags of tweets are often Latin in Cyrillic texts.
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord || t.hashtag) continue;
    std::string_view word = text.substr(t.begin, t.end - t.begin);
    for (size_t p = 0; p < word.size();) {
      char32_t c = DecodeUtf8(word, &p);
      if (c < 0x80) {
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++lat;
        continue;
      }
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

  const auto& sw = [&](Lang l) -> const StringSet& { return lexicons[static_cast<int>(l)].stopwords; };
  std::string folded;
  if (cyr >= lat) {
    int uk = 3 * uk_letters, ru = 3 * ru_letters;
    size_t examined = 0;
    for (const Token& t : tokens) {
      if (t.kind != TokenKind::kWord || t.end - t.begin > 24) continue;
      if (++examined > kMaxWordsExamined) break;
      std::string_view raw = text.substr(t.begin, t.end - t.begin);
      folded.clear();
      FoldWord(Lang::kRu, raw, &folded);
      bool in_ru = sw(Lang::kRu).count(folded) > 0;
      std::string folded_ru = folded;
      folded.clear();
      FoldWord(Lang::kUk, raw, &folded);
      bool in_uk = sw(Lang::kUk).count(folded) > 0;
      if (in_ru != in_uk) (in_ru ? ru : uk) += 2;
      if (!in_ru && !in_uk) {  // rated words of one language's lexicon only
        bool lex_ru = lexicons[static_cast<int>(Lang::kRu)].word_valence.count(folded_ru) > 0;
        bool lex_uk = lexicons[static_cast<int>(Lang::kUk)].word_valence.count(folded) > 0;
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
    std::string_view raw = text.substr(t.begin, t.end - t.begin);
    folded.clear();
    FoldWord(Lang::kEn, raw, &folded);
    bool in_en = sw(Lang::kEn).count(folded) > 0;
    std::string ro_folded;
    FoldWord(Lang::kRo, raw, &ro_folded);
    bool in_ro = sw(Lang::kRo).count(ro_folded) > 0;
    if (in_en != in_ro) (in_en ? en : ro) += 2;
    if (!in_en && !in_ro) {  // rated words of one language's lexicon only ("excelent", "multumit")
      bool lex_en = lexicons[static_cast<int>(Lang::kEn)].word_valence.count(folded) > 0;
      bool lex_ro = lexicons[static_cast<int>(Lang::kRo)].word_valence.count(ro_folded) > 0;
      if (lex_en != lex_ro) (lex_en ? en : ro) += 1;
    }
    // Romanian inflection: definite articles and frequent endings.
    if (EndsWith(ro_folded, "ului") || EndsWith(ro_folded, "ilor") || EndsWith(ro_folded, "elor") ||
        EndsWith(ro_folded, "esc") || EndsWith(ro_folded, "este") || EndsWith(ro_folded, "tie") ||
        (EndsWith(ro_folded, "ul") && !EndsWith(ro_folded, "ful"))) {
      ro += 1;
    }
    if (EndsWith(folded, "ing") || EndsWith(folded, "ly") || EndsWith(folded, "tion") ||
        folded.find('\'') != std::string::npos) {
      en += 1;
    }
  }
  if (foreign_letters > 0 && 3 * foreign_letters > ro + en) return Lang::kUnd;
  return ro > en ? Lang::kRo : Lang::kEn;
}

}  // namespace touchpoint::analysis
