// stem.cpp: Snowball stemmers per thread, the Ukrainian suffix stripper and the per-thread stem cache.
#include "stem.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace touchpoint::analysis {

namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Per thread and all languages: about 120,000 words (the dev sets' whole vocabulary fits). The tagger keeps
// its own per-word cache in front of this one; this one serves other spellings of a word and refills that
// cache after it was dropped.
constexpr size_t kMaxCacheBytes = 16u << 20;
constexpr size_t kEntryOverhead = 96;  // node, bucket and two std::string headers (libstdc++, 64-bit)

struct ThreadStemmers {
  std::array<std::unique_ptr<sb_stemmer, StemmerDeleter>, kNumLangs> sb;
  std::array<std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>, kNumLangs> cache;
  size_t cache_bytes = 0;
  std::string uncached;  // the stem of the last long word with a digit (not cached: order numbers, prices)
  ThreadStemmers() {
    sb[static_cast<int>(Lang::kEn)].reset(sb_stemmer_new("english", "UTF_8"));
    sb[static_cast<int>(Lang::kRu)].reset(sb_stemmer_new("russian", "UTF_8"));
    sb[static_cast<int>(Lang::kRo)].reset(sb_stemmer_new("romanian", "UTF_8"));
  }
};

ThreadStemmers& Local() {
  thread_local ThreadStemmers t;
  return t;
}

bool IsUkVowel(char32_t c) {
  switch (c) {
    case 0x430:
    case 0x435:
    case 0x454:
    case 0x438:
    case 0x456:
    case 0x457:
    case 0x43E:
    case 0x443:
    case 0x44E:
    case 0x44F:
      return true;
    default:
      return false;
  }
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t p = 0; p < s.size();) out.push_back(DecodeUtf8(s, &p));
  return out;
}

std::string FromU32(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

bool EndsWith(const std::u32string& w, const std::u32string& suf) {
  return w.size() >= suf.size() && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
}

// Endings, longest first within each group. Written from Ukrainian grammar (declension of nouns and
// adjectives, conjugation, participles, gerunds).
const std::vector<std::u32string>& UkEndings() {
  static const std::vector<std::u32string> endings = [] {
    std::vector<std::u32string> e = {
        // adjectives / participles
        U"ими", U"іми", U"ого", U"ому", U"ими", U"ій", U"ий", U"ої", U"ою", U"ею", U"их", U"іх", U"им", U"ім",
        U"ая", U"яя", U"ее", U"єє", U"ую", U"юю", U"іше", U"ше",
        // verbs
        U"увати", U"ювати", U"увала", U"ували", U"увало", U"ував", U"ують", U"юють", U"ати", U"яти", U"ити",
        U"іти", U"ути", U"ьте", U"ете", U"єте", U"ите", U"іте", U"емо", U"ємо", U"имо", U"імо", U"ають",
        U"яють", U"ують", U"ють", U"ує", U"ює", U"ає", U"яє", U"уть", U"ать", U"ять", U"ить", U"іть", U"еш",
        U"єш", U"иш", U"іш", U"ала", U"ала", U"яла", U"ила", U"іла", U"ула", U"ало", U"яло", U"ило", U"іло",
        U"али", U"яли", U"или", U"іли", U"ули", U"ав", U"яв", U"ив", U"ів", U"ув", U"ла", U"ло", U"ли", U"ть",
        U"ти",
        // gerunds
        U"учи", U"ючи", U"ачи", U"ячи", U"вши",
        // nouns
        // (no dative -ові/-еві: rare in speech, while adjectives in -ові are frequent and keep their stem:
        // додаткові = додатковий, not додатку "app")
        U"ами", U"ями", U"ах", U"ях", U"ів", U"їв", U"ам", U"ям", U"ом", U"ем", U"єм", U"ею", U"єю", U"ою",
        U"ої", U"ії", U"ія", U"ію", U"ій",
        // single letters
        U"а", U"я", U"о", U"е", U"є", U"и", U"і", U"ї", U"у", U"ю", U"ь", U"й"};
    std::stable_sort(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return e;
  }();
  return endings;
}

// Verb endings that start with the thematic vowel а/я (infinitive, past, present of the а-conjugation).
bool IsVerbEnding(const std::u32string& suf) {
  static const std::u32string kVerb[] = {U"ати", U"яти", U"ав", U"яв", U"ала",  U"яла",  U"ало", U"яло",
                                         U"али", U"яли", U"ає", U"яє", U"ають", U"яють", U"ать", U"ять"};
  return std::find(std::begin(kVerb), std::end(kVerb), suf) != std::end(kVerb);
}

// Words that do not decline or whose endings would leave an ambiguous stem: personal pronouns (мене, мені,
// мною would all become мен like меню) and frequent indeclinable loanwords.
bool IsUkUninflected(const std::u32string& w) {
  static const std::u32string kWords[] = {
      U"мене",  U"мені",  U"мною", U"тебе", U"тобі", U"тобою", U"себе",    U"собі",  U"собою",
      U"нами",  U"вами",  U"його", U"йому", U"ними", U"меню",  U"кафе",    U"таксі", U"метро",
      U"радіо", U"відео", U"фото", U"кіно", U"авто", U"шоу",   U"інтервю", U"депо",  U"бюро"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

}  // namespace

std::string UkrainianStem(std::string_view word) {
  std::u32string w = ToU32(word);
  if (w.size() < 4 || IsUkUninflected(w)) return std::string(word);
  // Region after the first vowel (as in Snowball's RV): endings are only stripped inside it.
  size_t rv = w.size();
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsUkVowel(w[i])) {
      rv = i + 1;
      break;
    }
  }
  auto strip_if = [&](const std::u32string& suf, size_t min_left) {
    if (EndsWith(w, suf) && w.size() - suf.size() >= rv && w.size() - suf.size() >= min_left) {
      w.resize(w.size() - suf.size());
      return true;
    }
    return false;
  };
  // Reflexive verbs keep a marker: they are often other words than their base verb (повернуся "I will come
  // back" / повернули "they gave back", знаходиться / знаходити), and the stem stays long enough not to
  // collide with short function words (боюся / бо).
  const bool reflexive = strip_if(U"ся", 3) || strip_if(U"сь", 3);
  for (const auto& suf : UkEndings()) {
    if (reflexive && w.size() < 4) break;
    if (strip_if(suf, 2)) {
      // A verb stem of at most three letters keeps its thematic а/я, so every form of чекати ("wait") stems
      // to чека and none to чек ("receipt").
      if (suf.size() > 1 && (suf[0] == U'а' || suf[0] == U'я') && w.size() <= 3 && IsVerbEnding(suf)) {
        w.push_back(suf[0]);
      }
      break;
    }
  }
  if (w.size() > 3 && w.back() == 0x44C) w.pop_back();  // soft sign
  if (reflexive) w += U"ся";
  return FromU32(w);
}

std::string_view Stem(Lang lang, std::string_view folded) {
  if (lang == Lang::kUnd) return folded;
  ThreadStemmers& t = Local();
  auto& cache = t.cache[static_cast<int>(lang)];
  if (auto it = cache.find(folded); it != cache.end()) return it->second;
  std::string stem;
  if (lang == Lang::kUk) {
    stem = UkrainianStem(folded);
  } else if (sb_stemmer* sb = t.sb[static_cast<int>(lang)].get()) {
    const sb_symbol* s = sb_stemmer_stem(sb, reinterpret_cast<const sb_symbol*>(folded.data()),
                                         static_cast<int>(folded.size()));
    if (s) {
      stem.assign(reinterpret_cast<const char*>(s), static_cast<size_t>(sb_stemmer_length(sb)));
    } else {
      stem.assign(folded);
    }
  } else {
    stem.assign(folded);
  }
  if (folded.size() > 4 &&
      std::any_of(folded.begin(), folded.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    t.uncached = std::move(stem);
    return t.uncached;
  }
  t.cache_bytes += kEntryOverhead + folded.size() + stem.size();
  auto [it, inserted] = cache.emplace(std::string(folded), std::move(stem));
  return it->second;
}

void ClearStemCacheIfLarge() {
  ThreadStemmers& t = Local();
  if (t.cache_bytes <= kMaxCacheBytes) return;
  for (auto& c : t.cache) c = {};  // also frees the bucket arrays
  t.cache_bytes = 0;
}

size_t StemCacheBytes() { return Local().cache_bytes; }

}  // namespace touchpoint::analysis
