// tagger.cpp: the rule- and lexicon-based Tagger (tagger.h): tokens -> language -> slots (words and phrases
// with their roles) -> VADER-style sentiment -> journey cues with negative-context rules -> Tags.
#include "touchpoint/analysis/tagger.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>

#include "langid.h"
#include "lexicon.h"
#include "stem.h"
#include "text.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {

namespace {

// ---- Sentiment settings: the one place for them. ----
// Valences are on VADER's -4..+4 scale; the rules and constants are VADER's (Hutto & Gilbert 2014):
// negation multiplies by -0.74, an ALL-CAPS word in a mixed-case text adds 0.733, boosters/dampeners add
// their increment decayed by distance (1, 0.95, 0.9), the clause after a contrast word weighs 1.5 and the one
// before 0.5, '!' adds 0.292 each (at most 4), '?' 0.18 each when there are 2-3 (0.96 for more), and the sum
// is normalized by x / sqrt(x^2 + 15).
struct SentimentConfig {
  double neutral_threshold;  // |compound| below this is neutral
  bool stem_fallback;        // a single word missing from the lexicon as written is looked up by its stem
  int stem_slack;            // ... only when it has at least (shortest term with that stem - slack) letters
  double negative_weight;    // multiplier of negative valences (negativity bias)
  double bare_negation;      // valence of a negator with no sentiment word in its scope ("doesn't play dvds")
  double positive_threshold;  // compound at or above this is positive
  double verdict_weight;      // weight of the last kVerdictSentences rated sentences of a longer text
};
// Principles: VADER's published threshold (0.05: one weak word decides) everywhere but English, where the
// rules above halve weak words more often (questions, conceded clauses, mild overrides such as 'huge' 0.5),
// so a single mild word that survives at half weight (a sum of about 0.1-0.2) still decides: 0.02 there
// (only near cancellations stay neutral). Lexicons list lemmas or base forms, so inflected forms are
// looked up by stem as a fallback. English: VADER's lexicon is known to
// lean positive (mild praise words are frequent in complaints), so negative valences weigh 1.3; in English
// and Romanian feedback a negated predicate with no rated word ("doesn't charge", "nu merge") is a
// complaint, worth a mild negative word (-0.7). Russian and Ukrainian use the negator far more widely
// (double negation, "не только", "ні разу не"), so a bare negator carries nothing there. Stem fallback:
// Snowball English strips derivational suffixes ("useful" -> "use"), so an English word must be at least as
// long as the shortest term with its stem (inflections only add letters); Russian, Ukrainian and Romanian
// endings also shorten lemmas ("поганий" -> "погана", "пошкодувати" -> "пошкодував"), so two letters slack.
// Positive threshold: Russian social posts soften statements with a smiley, "ок", "нормально" or a phatic
// "спасибо" (often ironic in complaints), so one weak positive word (compound below 0.3, i.e. a valence sum
// below about 1.3) is no positive opinion there; a clear word ("хорошо", "отлично") still is. Verdict: a long
// Russian or Ukrainian store review narrates an episode (problems, waiting, repairs) and closes with its
// verdict ("в цілому задоволений, рекомендую"), so the last two rated sentences of a text with at least
// three weigh double. Romanian reviews measured no better with it (LaRoSeDa -0.008), English is unchanged.
constexpr SentimentConfig kSentimentConfig[kNumLangs] = {
    {0.02, true, 0, 1.3, -0.7, 0.02, 1.0},  // en
    {0.05, true, 2, 1.0, 0.0, 0.3, 2.0},    // ru
    {0.05, true, 2, 1.0, 0.0, 0.05, 2.0},   // uk
    {0.05, true, 2, 1.0, -0.7, 0.05, 1.0},  // ro
};
constexpr int kVerdictSentences = 2;
constexpr int kVerdictMinSentences = 3;
constexpr double kNegationScalar = -0.74;
constexpr double kCapsIncrement = 0.733;
constexpr double kContrastBefore = 0.5;
constexpr double kContrastAfter = 1.5;
// Concessive clauses ("although it was cheap, ..."; concessive.txt): the clause the word introduces is
// conceded, not asserted, so it weighs like the clause before a "but".
constexpr double kConcessiveWeight = 0.5;
// Review sections (pros.txt / cons.txt headers followed by ':'): a cons section that is empty or only says
// "none" ("Недоліки: немає") is praise, an empty pros section is a complaint, worth a moderate word each.
// Words inside pros/cons lists describe parts of the product; the review's own verdict outside the lists
// weighs more, so list words weigh kSectionWeight.
constexpr double kEmptySectionValence = 2.0;
constexpr double kSectionWeight = 0.75;
// A sentence ending in '?' ("is it worth the money?") asks rather than asserts: its words weigh half.
constexpr double kQuestionWeight = 0.5;
// Excess words (excess.txt: "too", "overly"): praise right after one is too much of a good thing ("too
// sweet", "overly cute"), flipped like a negation; a negative word after one is boosted ("too slow"); an
// unrated content word after one ("too loud", "too small") is a complaint worth a mild negative word. A
// negator before the excess word flips the result again ("not too sweet", "not too loud").
constexpr double kBareExcess = -0.7;
constexpr double kExcessIncrement = 0.293;
// Counterfactuals (counterfactual.txt: "should have", "could have been", "wish"): praise after one up to the
// end of the sentence (or a contrast word) names what the thing is not ("it could have been a great film",
// "should have been funnier"), so it is flipped like a negation. Negative words after one keep their sign
// ("I should have returned it").
constexpr double kAlpha = 15;
constexpr double kExclamationIncrement = 0.292;
constexpr int kMaxExclamations = 4;
constexpr double kQuestionIncrement = 0.18;
constexpr double kQuestionMax = 0.96;
constexpr int kScope = 3;  // words before a sentiment word that negators / intensifiers reach
constexpr double kScopeDecay[kScope] = {1.0, 0.95, 0.9};
constexpr int kCueNegationScope = 2;  // a cue directly negated ("не доставили", "nu a ajuns")
constexpr size_t kMaxTextBytes = 16u << 20;

// The patterns whose first word matches a word, in the order they are tried, indexed by their second word:
// a frequent first word ("не", "nu", "not") starts hundreds of phrases, and one binary search on the next
// word's stem hash replaces a match attempt per phrase. `open`: positions of the patterns with no second
// word stem to filter on (one word, or a prefix / exact second word); `keyed`: (StemKeyHash of the second
// word, position) of the others, sorted.
struct CandidateSet {
  std::vector<uint32_t> patterns;
  std::vector<uint32_t> open;
  std::vector<std::pair<uint64_t, uint32_t>> keyed;

  bool empty() const { return patterns.empty(); }
  size_t Bytes() const {
    return (patterns.capacity() + open.capacity()) * sizeof(uint32_t) + keyed.capacity() * sizeof(keyed[0]);
  }
  void Index(const LangLexicon& lex) {
    for (uint32_t pos = 0; pos < patterns.size(); ++pos) {
      const uint64_t h = lex.second_word_hash[patterns[pos]];
      if (h == 0) {
        open.push_back(pos);
      } else {
        keyed.emplace_back(h, pos);
      }
    }
    std::sort(keyed.begin(), keyed.end());
  }
  // Appends to *out the patterns that can match before a word whose stem hash is `next_hash` (0: no next
  // word), in their original order.
  void Select(uint64_t next_hash, std::vector<uint32_t>* out) const {
    out->clear();
    auto lo = keyed.end(), hi = keyed.end();
    if (next_hash != 0 && !keyed.empty()) {
      lo = std::lower_bound(keyed.begin(), keyed.end(), std::pair<uint64_t, uint32_t>(next_hash, 0));
      hi = lo;
      while (hi != keyed.end() && hi->first == next_hash) ++hi;
    }
    auto o = open.begin();
    while (o != open.end() || lo != hi) {
      if (lo == hi || (o != open.end() && *o < lo->second)) {
        out->push_back(patterns[*o++]);
      } else {
        out->push_back(patterns[(lo++)->second]);
      }
    }
  }
};

// Everything the tagger derives from one word as written in one language, computed once per thread and word:
// the hot path then does one hash lookup per token (no folding or stemming of words seen before).
struct WordInfo {
  std::string folded;  // FoldWord of the word
  std::string stem;
  uint64_t stem_hash = 0;   // StemKeyHash(stem)
  Role role = Role::kNone;  // single-word role when no phrase starts here
  float value = 0;
  CandidateSet candidates;       // non-cue patterns whose first word matches
  CandidateSet cue_candidates;   // cue patterns whose first word matches
  bool complaint_first = false;  // first word of a complaint.txt term ("why", "почему", "de")
};

// Open-addressing table (power-of-two slots, linear probing) from a word as written to WordInfo; entries live
// in a deque so pointers to them stay valid while the table grows.
class WordTable {
 public:
  const WordInfo* Find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& sl = slots_[i];
      if (sl.hash == 0) return nullptr;
      if (sl.hash == h && items_[sl.index].first == key) return &items_[sl.index].second;
    }
  }
  const WordInfo* Insert(std::string_view key, uint64_t h, WordInfo info) {
    if ((items_.size() + 1) * 2 > slots_.size()) Grow();
    items_.emplace_back(std::string(key), std::move(info));
    Place(h, static_cast<uint32_t>(items_.size() - 1));
    const auto& [k, w] = items_.back();
    bytes_ += sizeof(Slot) * 2 + sizeof(items_.back()) + k.capacity() + w.folded.capacity() +
              w.stem.capacity() + w.candidates.Bytes() + w.cue_candidates.Bytes();
    return &items_.back().second;
  }
  size_t size() const { return items_.size(); }
  size_t bytes() const { return bytes_; }  // approximate heap bytes held
  void clear() {
    slots_ = {};
    items_ = {};
    mask_ = 0;
    bytes_ = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 = empty
    uint32_t index = 0;
  };
  void Place(uint64_t h, uint32_t index) {
    size_t i = h & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, index};
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& sl : old) {
      if (sl.hash != 0) Place(sl.hash, sl.index);
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t bytes_ = 0;
  std::deque<std::pair<std::string, WordInfo>> items_;
};

struct WordCache {
  uint64_t tagger_id = 0;
  WordTable by_lang[kNumLangs];
  // Words of more than four bytes with a digit (order numbers, prices, dates, phone numbers): mostly seen
  // once, so never cached; they live here until the next text. Short ones ("5", "10", "mp3") are cached.
  std::deque<WordInfo> transient;
  size_t bytes() const {
    size_t n = 0;
    for (const auto& m : by_lang) n += m.bytes();
    return n;
  }
};
// Per thread, approximate bytes; the cache is dropped between texts beyond this. A word takes ~365 bytes with
// its phrase candidates: 32 MB hold ~90,000 word forms (all six dev sets together have ~69,000).
constexpr size_t kMaxCachedBytes = 32u << 20;

struct Unit {  // a word or number token
  uint32_t token;
  uint32_t folded_off, folded_len;
  std::string_view stem;
  const WordInfo* info;
};

struct Slot {
  Role role = Role::kNone;
  float value = 0;
  uint32_t tok_begin = 0, tok_end = 0;  // tokens [begin, end)
  int32_t unit = -1;                    // first unit, -1 for emoticons/emoji
  int clause = 0, sentence = 0;
  bool caps = false;
  bool self_negated = false;  // a phrase with its own negator ("не пошкодував"): not flipped again
  bool concessive = false;    // in a clause introduced by a concessive word
  Role section = Role::kNone;  // kProsHeader / kConsHeader: inside that review section
  bool negated = false;
  int negator_slot = -1;
  double final_value = 0;
};

struct Scratch {
  std::string_view text;  // the text being analyzed (for pattern joiners)
  std::vector<Token> tokens;
  std::vector<Unit> units;
  std::vector<Slot> slots;
  std::vector<int> slot_of_unit;
  std::string arena;
  std::vector<uint32_t> candidates;
  std::vector<double> clause_sum, sentence_sum;
  std::vector<char> clause_negative;  // per clause: holds a word with a negative final valence
};

bool IsSentenceEnd(std::string_view p) {
  return p == "." || p == "!" || p == "?" || p == "\xE2\x80\xA6" || (p.size() > 1 && p[0] == '.');
}
bool IsClauseBreak(std::string_view p) {
  return p == "," || p == ";" || p == ":" || p == "(" || p == ")" || p == "-" || p == "\xE2\x80\x93" ||
         p == "\xE2\x80\x94" || p == "\"" || p == "\xC2\xAB" || p == "\xC2\xBB";
}

void AppendLabel(std::vector<std::string>* labels, const std::string& label) {
  if (std::find(labels->begin(), labels->end(), label) == labels->end()) labels->push_back(label);
}

class TaggerImpl final : public Tagger {
 public:
  TaggerImpl(std::vector<LangLexicon> lex, uint64_t hash) : lex_(std::move(lex)), id_(NextId()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "lex-%016llx", static_cast<unsigned long long>(hash));
    version_ = buf;
  }

  std::string Version() const override { return version_; }

  Result<Tags> Tag(const TagInput& input) const override {
    std::string_view text = input.text;
    if (text.size() > kMaxTextBytes) return Error(Code::kInvalid, "text longer than 16 MiB", "text");
    if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
      return Error(Code::kInvalid, "invalid UTF-8 at byte " + std::to_string(bad), "text");
    }
    if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) {
      return Error(Code::kInvalid, "empty text", "text");
    }
    thread_local Scratch s;
    ClearStemCacheIfLarge();  // before any stem view of this call exists
    Tokenize(text, &s.tokens);
    Tags tags;
    Lang lang = ParseLang(input.lang);
    if (lang == Lang::kUnd) lang = DetectLanguage(text, s.tokens, lex_);
    tags.lang = LangCode(lang);
    if (lang != Lang::kUnd) Analyze(text, lex_[static_cast<int>(lang)], &s, &tags);
    AddPrior(CueKind::kStage, input.stage_prior, &tags.stages, &tags);
    AddPrior(CueKind::kTouchpoint, input.touchpoint_prior, &tags.touchpoints, &tags);
    return tags;
  }

 private:
  static void AddPrior(CueKind kind, std::string_view prior, std::vector<std::string>* labels, Tags* tags) {
    if (prior.empty()) return;
    std::string label(prior);
    if (std::find(labels->begin(), labels->end(), label) != labels->end()) return;  // the text has evidence
    labels->push_back(label);
    Evidence e;
    e.kind = CueKindName(kind);
    e.label = label;
    e.from_question = true;
    tags->evidence.push_back(std::move(e));
  }

  // StemKeyHash of the stem of unit u + 1, 0 when u is the last unit.
  static uint64_t NextStemHash(const Scratch& s, size_t u) {
    return u + 1 < s.units.size() ? s.units[u + 1].info->stem_hash : 0;
  }

  // Number of units pattern `p` matches at unit u (0 if none).
  static size_t MatchAt(const LangLexicon& lex, uint32_t pi, const Scratch& s, size_t u) {
    const Pattern& p = lex.patterns[pi];
    if (uint64_t h = lex.second_word_hash[pi];
        h != 0 && (u + 1 >= s.units.size() || s.units[u + 1].info->stem_hash != h)) {
      return 0;
    }
    if (u + p.words.size() > s.units.size()) return 0;
    for (size_t k = 0; k < p.words.size(); ++k) {
      const Unit& unit = s.units[u + k];
      const PatternWord& w = p.words[k];
      if (k > 0) {
        const Token& prev = s.tokens[s.units[u + k - 1].token];
        if (w.joiner.empty() ? unit.token != s.units[u + k - 1].token + 1
                             : s.text.substr(prev.end, s.tokens[unit.token].begin - prev.end) != w.joiner) {
          return 0;
        }
      }
      if (w.number) {
        if (s.tokens[unit.token].kind != TokenKind::kNumber) return 0;
      } else if (w.prefix || w.exact) {
        std::string_view folded(s.arena.data() + unit.folded_off, unit.folded_len);
        if (w.prefix ? folded.substr(0, w.key.size()) != w.key : folded != w.key) return 0;
      } else if (unit.stem != w.key) {
        return 0;
      }
    }
    return p.words.size();
  }

  static void Candidates(const StringMap<std::vector<uint32_t>>& by_first,
                         const StringMap<std::vector<uint32_t>>& prefix_first,
                         const std::vector<size_t>& lengths, std::string_view stem, std::string_view folded,
                         std::vector<uint32_t>* out) {
    out->clear();
    if (auto it = by_first.find(stem); it != by_first.end()) {
      out->insert(out->end(), it->second.begin(), it->second.end());
    }
    for (size_t len : lengths) {
      if (len > folded.size()) continue;
      if (auto it = prefix_first.find(folded.substr(0, len)); it != prefix_first.end()) {
        out->insert(out->end(), it->second.begin(), it->second.end());
      }
    }
  }

  void Analyze(std::string_view text, const LangLexicon& lex, Scratch* sp, Tags* tags) const {
    Scratch& s = *sp;
    const SentimentConfig& cfg = kSentimentConfig[static_cast<int>(lex.lang)];
    s.text = text;
    // Units: fold and stem every word/number token.
    s.units.clear();
    s.arena.clear();
    thread_local WordCache cache;
    if (cache.tagger_id != id_ || cache.bytes() > kMaxCachedBytes) {
      for (auto& m : cache.by_lang) m.clear();
      cache.tagger_id = id_;
    }
    if (!cache.transient.empty()) cache.transient.clear();
    int letters_upper_words = 0, words = 0;
    for (uint32_t ti = 0; ti < s.tokens.size(); ++ti) {
      const Token& t = s.tokens[ti];
      if (t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) continue;
      Unit u;
      u.token = ti;
      u.info = &Info(lex, text.substr(t.begin, t.end - t.begin), &cache);
      u.stem = u.info->stem;
      u.folded_off = static_cast<uint32_t>(s.arena.size());
      s.arena.append(u.info->folded);
      u.folded_len = static_cast<uint32_t>(u.info->folded.size());
      s.units.push_back(u);
      if (t.kind == TokenKind::kWord) {
        ++words;
        letters_upper_words += t.all_caps;
      }
    }
    const bool text_all_caps = words > 0 && letters_upper_words == words;

    // Slots: phrases (longest first), function words, sentiment words, emoticons; clause and sentence ids.
    s.slots.clear();
    s.slot_of_unit.assign(s.units.size(), -1);
    int clause = 0, sentence = 0;
    int exclamations = 0, questions = 0;
    int concessive_clause = -1;
    std::vector<int>& question_sentences = question_scratch();
    question_sentences.clear();
    Role section = Role::kNone;
    bool any_section = false;
    size_t ui = 0;
    for (uint32_t ti = 0; ti < s.tokens.size();) {
      const Token& t = s.tokens[ti];
      if (t.kind == TokenKind::kPunct) {
        std::string_view p = text.substr(t.begin, t.end - t.begin);
        if (p == "!") ++exclamations;
        if (p == "?") {
          ++questions;
          if (question_sentences.empty() || question_sentences.back() != sentence) {
            question_sentences.push_back(sentence);
          }
        }
        if (IsSentenceEnd(p)) {
          ++sentence;
          ++clause;
        } else if (IsClauseBreak(p)) {
          ++clause;
        }
        ++ti;
        continue;
      }
      if (t.kind == TokenKind::kEmoticon || t.kind == TokenKind::kEmoji) {
        std::string_view raw = text.substr(t.begin, t.end - t.begin);
        auto it =
            t.kind == TokenKind::kEmoji ? lex.emo_valence.find(raw) : lex.emo_valence.find(EmoticonKey(raw));
        if (it == lex.emo_valence.end() && t.kind == TokenKind::kEmoji) {
          // Emoji with a variation selector or skin tone: look the base up.
          size_t pos = 0;
          char32_t base = DecodeUtf8(raw, &pos);
          std::string key;
          AppendUtf8(base, &key);
          it = lex.emo_valence.find(key);
        }
        if (it != lex.emo_valence.end()) {
          Slot sl;
          sl.role = Role::kSentiment;
          sl.value = it->second;
          sl.tok_begin = ti;
          sl.tok_end = ti + 1;
          sl.clause = clause;
          sl.sentence = sentence;
          sl.concessive = clause == concessive_clause;
          sl.section = section;
          s.slots.push_back(sl);
        }
        ++ti;
        continue;
      }
      if (t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) {
        ++ti;
        continue;
      }
      // t is units[ui]
      const Unit& unit = s.units[ui];
      Slot sl;
      sl.unit = static_cast<int32_t>(ui);
      sl.tok_begin = ti;
      size_t len = 1;
      const Pattern* best = nullptr;
      size_t best_len = 0;
      unit.info->candidates.Select(NextStemHash(s, ui), &s.candidates);
      for (uint32_t pi : s.candidates) {
        const Pattern& p = lex.patterns[pi];
        size_t m = MatchAt(lex, pi, s, ui);
        if (m > best_len) {
          best = &p;
          best_len = m;
        }
      }
      if (best) {
        sl.role = best->role;
        sl.value = best->valence;
        sl.self_negated = best->has_negator;
        len = best_len;
      } else {
        sl.role = unit.info->role;
        sl.value = unit.info->value;
      }
      sl.tok_end = s.units[ui + len - 1].token + 1;
      if (len == 1 && !lex.section_header.empty() && sl.tok_end < s.tokens.size() &&
          s.tokens[sl.tok_end].kind == TokenKind::kPunct &&
          text.substr(s.tokens[sl.tok_end].begin, s.tokens[sl.tok_end].end - s.tokens[sl.tok_end].begin) ==
              ":") {
        auto it =
            lex.section_header.find(std::string_view(s.arena.data() + unit.folded_off, unit.folded_len));
        if (it != lex.section_header.end()) {
          sl.role = it->second;
          sl.value = 0;
          section = it->second;
          any_section = true;
        }
      }
      if (sl.role == Role::kContrast || sl.role == Role::kConcessive) ++clause;
      if (sl.role == Role::kConcessive) concessive_clause = clause;
      sl.clause = clause;
      sl.sentence = sentence;
      sl.concessive = clause == concessive_clause && sl.role != Role::kConcessive;
      sl.section = section;
      sl.caps = t.all_caps;
      int idx = static_cast<int>(s.slots.size());
      for (size_t k = 0; k < len; ++k) s.slot_of_unit[ui + k] = idx;
      s.slots.push_back(sl);
      ui += len;
      ti = sl.tok_end;
    }

    // Sentiment: VADER rules over the slots.
    s.clause_sum.assign(static_cast<size_t>(clause) + 1, 0.0);
    s.sentence_sum.assign(static_cast<size_t>(sentence) + 1, 0.0);
    std::vector<int>& contrast_first = contrast_first_scratch();
    contrast_first.assign(static_cast<size_t>(sentence) + 1, -1);
    std::vector<int>& contrast_last = contrast_last_scratch();
    contrast_last.assign(static_cast<size_t>(sentence) + 1, -1);
    // A sentence that opens with a contrast word ("... . But it fails.") concedes the sentence before it.
    std::vector<char>& conceded = conceded_scratch();
    conceded.assign(static_cast<size_t>(sentence) + 1, 0);
    for (int k = 0; k < static_cast<int>(s.slots.size()); ++k) {
      const Slot& sl = s.slots[k];
      if (sl.role != Role::kContrast) continue;
      if (contrast_first[sl.sentence] < 0) contrast_first[sl.sentence] = k;
      contrast_last[sl.sentence] = k;
      if (sl.sentence > 0 && (k == 0 || s.slots[k - 1].sentence != sl.sentence)) {
        conceded[sl.sentence - 1] = 1;
      }
    }
    double sum = 0;
    int counterfactual_sentence = -1;  // sentence of the last counterfactual word, until a contrast word
    std::vector<char>& in_empty_section = empty_section_scratch();
    in_empty_section.assign(s.slots.size(), 0);
    if (any_section) {
      // A section is "empty" when it has no words, or at most three with a negator and no rated word
      // ("Недоліки: немає", "Cons: none", "Минусы: не нашел").
      for (size_t h = 0; h < s.slots.size(); ++h) {
        const Role kind = s.slots[h].role;
        if (kind != Role::kProsHeader && kind != Role::kConsHeader) continue;
        size_t end = h + 1;
        bool negator = false, rated = false;
        while (end < s.slots.size() && s.slots[end].role != Role::kProsHeader &&
               s.slots[end].role != Role::kConsHeader) {
          negator |= s.slots[end].role == Role::kNegator;
          rated |= s.slots[end].role == Role::kSentiment && s.slots[end].value != 0;
          ++end;
        }
        const size_t n = end - h - 1;
        if (n == 0 || (n <= 3 && negator && !rated)) {
          const double v = kind == Role::kConsHeader ? kEmptySectionValence : -kEmptySectionValence;
          sum += v;
          s.clause_sum[s.slots[h].clause] += v;
          s.sentence_sum[s.slots[h].sentence] += v;
          for (size_t k = h; k < end; ++k) in_empty_section[k] = 1;
        }
      }
    }
    // Closing verdict: the sentences from verdict_from on are the last kVerdictSentences rated ones.
    int verdict_from = sentence + 1;
    if (cfg.verdict_weight != 1.0) {
      int rated = 0, last = -1;
      for (int k = static_cast<int>(s.slots.size()) - 1; k >= 0 && rated < kVerdictMinSentences; --k) {
        const Slot& sl = s.slots[k];
        if (sl.role != Role::kSentiment || sl.value == 0 || sl.sentence == last) continue;
        last = sl.sentence;
        if (++rated == kVerdictSentences) verdict_from = sl.sentence;
      }
      if (rated < kVerdictMinSentences) verdict_from = sentence + 1;
    }
    for (int k = 0; k < static_cast<int>(s.slots.size()); ++k) {
      Slot& sl = s.slots[k];
      if (sl.role == Role::kCounterfactual) counterfactual_sentence = sl.sentence;
      if (sl.role == Role::kContrast || sl.role == Role::kConcessive ||
          sl.sentence != counterfactual_sentence) {
        counterfactual_sentence = -1;
      }
      if (sl.role == Role::kExcess && k + 1 < static_cast<int>(s.slots.size())) {
        const Slot& nx = s.slots[k + 1];
        if (nx.clause == sl.clause && nx.role == Role::kNone && nx.unit >= 0) {
          const Unit& nu = s.units[nx.unit];
          if (!lex.stopwords.count(std::string_view(s.arena.data() + nu.folded_off, nu.folded_len))) {
            double v = kBareExcess;
            for (int d = 1; d <= 2 && k - d >= 0 && s.slots[k - d].clause == sl.clause; ++d) {
              if (s.slots[k - d].role == Role::kNegator) v *= kNegationScalar;
            }
            if (v < 0) v *= cfg.negative_weight;
            sum += v;
            s.clause_sum[sl.clause] += v;
            s.sentence_sum[sl.sentence] += v;
          }
        }
      }
      if (sl.role == Role::kNegator && cfg.bare_negation != 0 && !in_empty_section[k]) {
        bool resolved = false;
        for (int d = 1; d <= kScope && k + d < static_cast<int>(s.slots.size()); ++d) {
          const Slot& nx = s.slots[k + d];
          if (nx.clause != sl.clause) break;
          if (nx.role == Role::kSentiment || nx.role == Role::kExcess) resolved = true;
        }
        if (!resolved) {
          sum += cfg.bare_negation;
          s.clause_sum[sl.clause] += cfg.bare_negation;
          s.sentence_sum[sl.sentence] += cfg.bare_negation;
        }
      }
      if (sl.role != Role::kSentiment) continue;
      double v = sl.value;
      if (v == 0) continue;
      if (sl.caps && !text_all_caps) v += v > 0 ? kCapsIncrement : -kCapsIncrement;
      bool excess = false;
      for (int d = 1; d <= kScope && k - d >= 0; ++d) {
        const Slot& prev = s.slots[k - d];
        if (prev.clause != sl.clause) break;
        if (prev.role == Role::kExcess && (d == 1 || s.slots[k - 1].role == Role::kIntensifier)) {
          excess = true;
        }
        if (prev.role == Role::kIntensifier) {
          double inc = prev.value * kScopeDecay[d - 1];
          v += v > 0 ? inc : -inc;
        } else if (prev.role == Role::kNegator && !sl.negated && !sl.self_negated && sl.unit >= 0) {
          // (an emoticon or emoji comments on the whole message: no negator reaches it, "без edge :(")
          sl.negated = true;
          sl.negator_slot = k - d;
        }
      }
      if (excess) v = v > 0 ? v * kNegationScalar : v - kExcessIncrement;
      if (counterfactual_sentence == sl.sentence && v > 0) v *= kNegationScalar;
      if (sl.negated) v *= kNegationScalar;
      if (sl.concessive) v *= kConcessiveWeight;
      if (sl.section != Role::kNone) v *= kSectionWeight;
      if (std::find(question_sentences.begin(), question_sentences.end(), sl.sentence) !=
          question_sentences.end()) {
        v *= kQuestionWeight;
      }
      if (sl.sentence >= verdict_from) v *= cfg.verdict_weight;
      if (contrast_last[sl.sentence] >= 0 && contrast_last[sl.sentence] < k) {
        v *= kContrastAfter;
      } else if (contrast_first[sl.sentence] > k ||
                 (conceded[sl.sentence] && contrast_first[sl.sentence] < 0)) {
        v *= kContrastBefore;
      }
      if (v < 0) v *= cfg.negative_weight;
      sl.final_value = v;
      sum += v;
      s.clause_sum[sl.clause] += v;
      s.sentence_sum[sl.sentence] += v;
    }
    if (sum != 0) {
      double emphasis = std::min(exclamations, kMaxExclamations) * kExclamationIncrement;
      if (questions > 1) emphasis += questions <= 3 ? questions * kQuestionIncrement : kQuestionMax;
      sum += sum > 0 ? emphasis : -emphasis;
    }
    double compound = sum / std::sqrt(sum * sum + kAlpha);
    compound = std::clamp(compound, -1.0, 1.0);
    tags->score = std::round(compound * 10000) / 10000;
    if (compound >= cfg.positive_threshold) {
      tags->sentiment = "positive";
    } else if (compound <= -cfg.neutral_threshold) {
      tags->sentiment = "negative";
    } else {
      tags->sentiment = "neutral";
    }
    auto span = [&](uint32_t tb, uint32_t te) {
      return std::pair<int64_t, int64_t>(s.tokens[tb].cp_begin, s.tokens[te - 1].cp_end);
    };
    if (tags->sentiment != "neutral") {
      const bool positive = tags->sentiment == "positive";
      for (const Slot& sl : s.slots) {
        if (sl.role != Role::kSentiment || sl.final_value == 0 || (sl.final_value > 0) != positive) continue;
        uint32_t tb = sl.negated ? s.slots[sl.negator_slot].tok_begin : sl.tok_begin;
        auto [b, e] = span(tb, sl.tok_end);
        tags->evidence.push_back(Evidence{"sentiment", tags->sentiment, b, e, false});
      }
    }

    // Journey cues.
    std::vector<std::string>* lists[kNumCueKinds] = {&tags->stages, &tags->pain_points, &tags->touchpoints,
                                                     &tags->emotions};
    s.clause_negative.assign(s.clause_sum.size(), 0);
    for (const Slot& sl : s.slots) {
      if (sl.role == Role::kSentiment && sl.final_value < 0) s.clause_negative[sl.clause] = 1;
    }
    // An @mention in feedback addresses an account on a social network (the company's, by the annotation
    // rules of TAXONOMY.md): touchpoint social_media, the mention is the evidence.
    for (const Token& t : s.tokens) {
      if (t.kind != TokenKind::kMention) continue;
      AppendLabel(&tags->touchpoints, "social_media");
      tags->evidence.push_back(Evidence{"touchpoint", "social_media", t.cp_begin, t.cp_end, false});
    }
    // Complaint questions (complaint.txt): "why ...?", "@operator почему списали деньги", "de ce nu ...": a
    // question to the company about a problem. Such a sentence is negative context for the cues in it, unless
    // it or the whole text is positive: "Why did I wait so long to buy this? Love it." is praise.
    std::vector<char>& complaint_sentence = complaint_scratch();
    complaint_sentence.assign(s.sentence_sum.size(), 0);
    for (size_t u = 0; u < s.units.size() && compound < cfg.neutral_threshold; ++u) {
      if (!s.units[u].info->complaint_first) continue;
      const int slot_idx = s.slot_of_unit[u];
      const Slot& sl = s.slots[slot_idx];
      if (s.sentence_sum[sl.sentence] > 0) continue;
      const bool question = std::find(question_sentences.begin(), question_sentences.end(), sl.sentence) !=
                            question_sentences.end();
      const bool clause_first =
          sl.unit == static_cast<int32_t>(u) && (slot_idx == 0 || s.slots[slot_idx - 1].clause != sl.clause);
      for (const LangLexicon::ComplaintTerm& c : lex.complaint) {
        if (u + c.words.size() > s.units.size() ||
            (c.question_only ? !question : !question && !clause_first)) {
          continue;
        }
        bool match = true;
        for (size_t k = 0; k < c.words.size() && match; ++k) {
          const Unit& w = s.units[u + k];
          match = std::string_view(s.arena.data() + w.folded_off, w.folded_len) == c.words[k] &&
                  (k == 0 || w.token == s.units[u + k - 1].token + 1);
        }
        if (match) complaint_sentence[sl.sentence] = 1;
      }
    }
    // Cue matches first, then the decisions: a `problem` pain-point phrase ("stopped working", "списали
    // деньги") makes its clause negative context for the other cues in it, unless the clause is positive.
    struct CueMatch {
      uint32_t pattern, unit, len;
      bool negated;
    };
    thread_local std::vector<CueMatch> matches;
    matches.clear();
    std::vector<char>& clause_problem = clause_problem_scratch();
    clause_problem.assign(s.clause_sum.size(), 0);
    // Sentences that rate something (a word or emoticon with a valence): `rated` cues need one, so a product
    // named in news or an announcement ("launches a new plan with unlimited internet") is no journey stage.
    std::vector<char>& sentence_rated = sentence_rated_scratch();
    sentence_rated.assign(s.sentence_sum.size(), 0);
    for (const Slot& rs : s.slots) {
      if (rs.role == Role::kSentiment && rs.final_value != 0) sentence_rated[rs.sentence] = 1;
    }
    for (size_t u = 0; u < s.units.size(); ++u) {
      if (s.units[u].info->cue_candidates.empty()) continue;
      s.units[u].info->cue_candidates.Select(NextStemHash(s, u), &s.candidates);
      const std::vector<uint32_t>& candidates = s.candidates;
      int slot_idx = s.slot_of_unit[u];
      const Slot& sl = s.slots[slot_idx];
      // Directly negated: a negator slot within kCueNegationScope slots before, in the same clause.
      bool negated = false;
      for (int d = 1; d <= kCueNegationScope && slot_idx - d >= 0; ++d) {
        const Slot& prev = s.slots[slot_idx - d];
        if (prev.clause != sl.clause) break;
        if (prev.role == Role::kNegator) negated = true;
        if (prev.role == Role::kSentiment) break;
      }
      for (uint32_t pi : candidates) {
        size_t m = MatchAt(lex, pi, s, u);
        if (m == 0) continue;
        matches.push_back(CueMatch{pi, static_cast<uint32_t>(u), static_cast<uint32_t>(m), negated});
        const Pattern& p = lex.patterns[pi];
        if (p.cue_kind == CueKind::kPainPoint && p.problem && (!negated || p.has_negator) &&
            s.clause_sum[sl.clause] <= 0) {
          clause_problem[sl.clause] = 1;
        }
      }
    }
    thread_local std::vector<CueMatch> accepted;
    accepted.clear();
    for (const CueMatch& cm : matches) {
      const size_t u = cm.unit;
      const bool negated = cm.negated;
      const Slot& sl = s.slots[s.slot_of_unit[u]];
      const double clause_sum = s.clause_sum[sl.clause];
      const double sentence_sum = s.sentence_sum[sl.sentence];
      // Negative context: the clause (else the sentence, else the text) leans negative, or the clause holds a
      // negative word or a problem phrase of its own ("great screen, the battery died": mixed texts still
      // name their problems), or the sentence is a complaint question.
      // A `near` cue (staff, prices: named in passing in negative reviews) takes no context from the text.
      const bool local_negative = clause_sum < 0 || (clause_sum == 0 && sentence_sum < 0) ||
                                  s.clause_negative[sl.clause] || clause_problem[sl.clause] ||
                                  complaint_sentence[sl.sentence];
      {
        const uint32_t pi = cm.pattern;
        const Pattern& p = lex.patterns[pi];
        const bool negative_context = local_negative || (!p.near && clause_sum == 0 && sentence_sum == 0 &&
                                                         compound <= -cfg.neutral_threshold);
        const bool neg_ctx = negative_context || negated || p.has_negator;
        bool accept;
        if (p.cue_kind == CueKind::kPainPoint) {
          // A directly negated problem word is no problem ("без проблем", "fără probleme", "no delays"), and
          // neither is negated waiting ("did not wait long"): a pain point then needs a `problem` phrase. A
          // negated neutral word still is one ("never focused", "не доставили"): the thing failed.
          const WordInfo& first = *s.units[u].info;
          const bool problem_word = (first.role == Role::kSentiment && first.value < 0) ||
                                    (p.words.size() == 1 && p.label == "waiting_time");
          accept = p.problem ? !negated || p.has_negator
                             : p.has_negator || (negated ? !problem_word : negative_context);
        } else {
          accept = (!p.neg_only || neg_ctx) && (!p.rated || neg_ctx || sentence_rated[sl.sentence]);
        }
        if (!accept) continue;
        accepted.push_back(cm);
      }
    }
    // A stage or pain-point cue inside a longer accepted cue of the same kind with another label and a
    // negator of its own did not happen: "do not buy" (advocacy) and "never buy another" (loyalty) hold no
    // purchase, "не купуйте" no purchase either. (Without a negator both may hold: "decided to order" is a
    // purchase.) `accepted` is in unit order; a containing cue starts at most kMaxNested units before.
    constexpr uint32_t kMaxNested = 16;
    for (size_t i = 0; i < accepted.size(); ++i) {
      const CueMatch& cm = accepted[i];
      const Pattern& p = lex.patterns[cm.pattern];
      bool inner = false;
      if (p.cue_kind == CueKind::kStage || p.cue_kind == CueKind::kPainPoint) {
        size_t lo = i;
        while (lo > 0 && accepted[lo - 1].unit + kMaxNested > cm.unit) --lo;
        for (size_t j = lo; j < accepted.size() && accepted[j].unit <= cm.unit; ++j) {
          const CueMatch& o = accepted[j];
          const Pattern& q = lex.patterns[o.pattern];
          if (o.len > cm.len && q.has_negator && q.cue_kind == p.cue_kind && q.label != p.label &&
              cm.unit + cm.len <= o.unit + o.len) {
            inner = true;
            break;
          }
        }
      }
      if (inner) continue;
      const size_t u = cm.unit;
      AppendLabel(lists[static_cast<int>(p.cue_kind)], p.label);
      auto [b, e] = span(s.units[u].token, s.units[u + cm.len - 1].token + 1);
      bool dup = false;
      for (const Evidence& ev : tags->evidence) {
        if (ev.label == p.label && ev.start == b && ev.end == e && ev.kind == CueKindName(p.cue_kind))
          dup = true;
      }
      if (!dup) tags->evidence.push_back(Evidence{CueKindName(p.cue_kind), p.label, b, e, false});
    }
  }

  static std::vector<char>& complaint_scratch() {
    thread_local std::vector<char> v;
    return v;
  }
  static std::vector<char>& clause_problem_scratch() {
    thread_local std::vector<char> v;
    return v;
  }
  static std::vector<char>& sentence_rated_scratch() {
    thread_local std::vector<char> v;
    return v;
  }
  static std::vector<char>& conceded_scratch() {
    thread_local std::vector<char> v;
    return v;
  }
  static std::vector<int>& contrast_first_scratch() {
    thread_local std::vector<int> v;
    return v;
  }
  static std::vector<int>& contrast_last_scratch() {
    thread_local std::vector<int> v;
    return v;
  }
  static std::vector<int>& question_scratch() {
    thread_local std::vector<int> v;
    return v;
  }
  static std::vector<char>& empty_section_scratch() {
    thread_local std::vector<char> v;
    return v;
  }

  // A stem fallback is for inflected forms of a lexicon term ("disappointed" -> "disappoint"), not for the
  // bare root of a derived term: "use" / "using" must not inherit "useful", "вони" (they) not "воняє".
  static bool StemFallbackFits(const LangLexicon& lex, std::string_view folded, const std::string& stem,
                               int slack) {
    auto it = lex.stem_min_chars.find(stem);
    if (it == lex.stem_min_chars.end()) return true;
    int chars = 0;
    for (char c : folded) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return chars + slack >= static_cast<int>(it->second);
  }

  static uint64_t NextId() {
    static std::atomic<uint64_t> next{1};  // identifies a Tagger for the per-thread word caches
    return next.fetch_add(1);
  }

  // The per-thread cache entry of a word as written (computed on first sight).
  const WordInfo& Info(const LangLexicon& lex, std::string_view raw, WordCache* cache) const {
    WordTable& table = cache->by_lang[static_cast<int>(lex.lang)];
    const uint64_t h = WordHash(raw);
    if (const WordInfo* found = table.Find(raw, h)) return *found;
    WordInfo w;
    FoldWord(lex.lang, raw, &w.folded);
    const std::string_view folded = w.folded;
    w.stem.assign(Stem(lex.lang, folded));
    w.stem_hash = StemKeyHash(w.stem);
    const SentimentConfig& cfg = kSentimentConfig[static_cast<int>(lex.lang)];
    if (lex.negators.count(folded) ||
        (lex.lang == Lang::kEn && folded.size() > 3 && folded.substr(folded.size() - 3) == "n't")) {
      w.role = Role::kNegator;
    } else if (lex.contrast.count(folded)) {
      w.role = Role::kContrast;
    } else if (lex.concessive.count(folded)) {
      w.role = Role::kConcessive;
    } else if (auto it = lex.intensifier.find(folded); it != lex.intensifier.end()) {
      w.role = Role::kIntensifier;
      w.value = it->second;
    } else if (auto sw = lex.scope_words.find(folded); sw != lex.scope_words.end()) {
      w.role = sw->second;
    } else if (auto wv = lex.word_valence.find(folded); wv != lex.word_valence.end()) {
      w.role = Role::kSentiment;
      w.value = wv->second;
    } else if (cfg.stem_fallback && StemFallbackFits(lex, folded, w.stem, cfg.stem_slack)) {
      if (auto sv = lex.stem_valence.find(w.stem); sv != lex.stem_valence.end()) {
        w.role = Role::kSentiment;
        w.value = sv->second;
      }
    }
    // English "un-" + a rated word missing from the lexicon ("unexciting", "unimpressive", "undamaged") is
    // that word negated; the rest must have at least four letters ("unit", "until", "under" stay apart).
    if (w.role == Role::kNone && lex.lang == Lang::kEn && folded.size() >= 6 && folded.substr(0, 2) == "un") {
      if (auto wv = lex.word_valence.find(folded.substr(2));
          wv != lex.word_valence.end() && wv->second != 0) {
        w.role = Role::kSentiment;
        w.value = static_cast<float>(wv->second * kNegationScalar);
      }
    }
    Candidates(lex.by_first, lex.prefix_first, lex.prefix_lengths, w.stem, folded, &w.candidates.patterns);
    Candidates(lex.cue_by_first, lex.cue_prefix_first, lex.cue_prefix_lengths, w.stem, folded,
               &w.cue_candidates.patterns);
    if (!folded.empty() && folded[0] >= '0' && folded[0] <= '9') {  // cues starting with `#` ("# днів чекав")
      if (auto it = lex.cue_by_first.find(kNumberKey); it != lex.cue_by_first.end()) {
        auto& patterns = w.cue_candidates.patterns;
        patterns.insert(patterns.end(), it->second.begin(), it->second.end());
      }
    }
    w.candidates.Index(lex);
    w.cue_candidates.Index(lex);
    w.complaint_first = lex.complaint_first.count(folded) > 0;
    if (raw.size() > 4 && std::any_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return cache->transient.emplace_back(std::move(w));
    }
    return *table.Insert(raw, h, std::move(w));
  }

  std::vector<LangLexicon> lex_;
  uint64_t id_;
  std::string version_;
};

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  out->append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// The score as printf("%.4f") would write it, without trailing zeros ("0.25", "-1", "0"; never "-0"). Scores
// are rounded to 4 decimals, so this is integer formatting of score * 10^4; a value that is not (a tie at the
// fifth decimal) takes the printf path.
void AppendScore(double score, std::string* out) {
  const double scaled = score * 10000;
  if (!(std::fabs(scaled) < 1e15) || std::fabs(std::fabs(scaled - std::trunc(scaled)) - 0.5) < 1e-6) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4f", score == 0 ? 0.0 : score);
    std::string num = buf;
    while (num.size() > 1 && num.back() == '0') num.pop_back();
    if (num.back() == '.') num.pop_back();
    if (num == "-0") num = "0";
    out->append(num);
    return;
  }
  int64_t k = std::llround(scaled);
  if (k == 0) {
    out->push_back('0');
    return;
  }
  if (k < 0) {
    out->push_back('-');
    k = -k;
  }
  AppendInt(k / 10000, out);
  int64_t frac = k % 10000;
  if (frac == 0) return;
  char digits[5] = {'.', static_cast<char>('0' + frac / 1000), static_cast<char>('0' + frac / 100 % 10),
                    static_cast<char>('0' + frac / 10 % 10), static_cast<char>('0' + frac % 10)};
  size_t len = 5;
  while (digits[len - 1] == '0') --len;
  out->append(digits, len);
}

void AppendList(const char* name, const std::vector<std::string>& labels, std::string* out) {
  out->append(",\"");
  out->append(name);
  out->append("\":[");
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(labels[i], out);
  }
  out->push_back(']');
}

}  // namespace

Result<std::shared_ptr<const Tagger>> Tagger::Load(const TaggerOptions& options) {
  if (options.lexicon_dir.empty()) return Error(Code::kInvalid, "no lexicon directory given", "lexicon_dir");
  uint64_t hash = 0;
  Result<std::vector<LangLexicon>> lex = LoadLexicons(options.lexicon_dir, options.extra_cues, &hash);
  if (!lex.ok()) return lex.error();
  return std::shared_ptr<const Tagger>(std::make_shared<TaggerImpl>(std::move(*lex), hash));
}

std::string TagsToJson(const Tags& tags, std::string_view id_json) {
  std::string out;
  out.reserve(256);
  AppendTagsJson(tags, id_json, &out);
  return out;
}

void AppendTagsJson(const Tags& tags, std::string_view id_json, std::string* out) {
  out->append("{\"id\":");
  out->append(id_json.empty() ? "null" : id_json);
  out->append(",\"lang\":");
  AppendJsonString(tags.lang, out);
  out->append(",\"sentiment\":{\"label\":");
  AppendJsonString(tags.sentiment, out);
  out->append(",\"score\":");
  AppendScore(tags.score, out);
  out->push_back('}');
  AppendList("stages", tags.stages, out);
  AppendList("pain_points", tags.pain_points, out);
  AppendList("touchpoints", tags.touchpoints, out);
  AppendList("emotions", tags.emotions, out);
  out->append(",\"evidence\":[");
  for (size_t i = 0; i < tags.evidence.size(); ++i) {
    const Evidence& e = tags.evidence[i];
    if (i) out->push_back(',');
    out->append("{\"kind\":");
    AppendJsonString(e.kind, out);
    out->append(",\"label\":");
    AppendJsonString(e.label, out);
    if (e.from_question) {
      out->append(",\"source\":\"question\"}");
    } else {
      out->append(",\"start\":");
      AppendInt(e.start, out);
      out->append(",\"end\":");
      AppendInt(e.end, out);
      out->push_back('}');
    }
  }
  out->append("]}");
}

std::string ErrorLineJson(std::string_view id_json, std::string_view error) {
  std::string out = "{\"id\":";
  out.append(id_json.empty() ? "null" : id_json);
  out.append(",\"error\":");
  AppendJsonString(error, &out);
  out.push_back('}');
  return out;
}

}  // namespace touchpoint::analysis
