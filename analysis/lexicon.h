// lexicon.h: the loaded, immutable lexicon data of one language (locales/README.md formats): sentiment
// valences by folded word and by stem, negators, intensifiers, contrast words, stopwords, and phrase
// patterns (multi-word sentiment phrases, prefix terms, journey cues) indexed by their first stem.
//
// Built once by LoadLexicons() and then only read: safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text.h"
#include "touchpoint/status.h"

namespace touchpoint::analysis {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

enum class CueKind : uint8_t { kStage = 0, kPainPoint = 1, kTouchpoint = 2, kEmotion = 3 };
inline constexpr int kNumCueKinds = 4;
const char* CueKindName(CueKind kind);  // "stage", "pain_point", "touchpoint", "emotion"

// Index key of the terms that start with a number placeholder `#` (never a word's stem).
inline constexpr std::string_view kNumberKey = "#";

struct PatternWord {
  std::string key;      // stem, or folded word when `exact`, or folded prefix when `prefix`
  bool prefix = false;  // matches a folded (unstemmed) word starting with key
  bool exact = false;   // matches the folded (unstemmed) word equal to key (cue flag `exact`)
  bool number = false;  // `#` in a cue term: any number ("waited # days", "# weeks late")
  std::string joiner;   // punctuation glued between the previous word and this one in the term ("б/у")
};

// kConcessive: "although"-like words (concessive.txt), the clause they introduce weighs less.
// kProsHeader / kConsHeader: review section headers (pros.txt / cons.txt: "Pros:", "Недостатки:").
enum class Role : uint8_t {
  kNone,
  kSentiment,
  kNegator,
  kIntensifier,
  kContrast,
  kCue,
  kConcessive,
  kProsHeader,
  kConsHeader,
  kExcess,         // excess.txt ("too", "overly"): the next rated word is too much of a good thing
  kCounterfactual  // counterfactual.txt ("should have", "could have been"): praise after it is unmet
};

struct Pattern {
  std::vector<PatternWord> words;  // at least one
  Role role = Role::kSentiment;
  float valence = 0;  // kSentiment: valence; kIntensifier: increment
  CueKind cue_kind = CueKind::kStage;
  std::string label;         // cue label
  bool neg_only = false;     // flag `neg`
  bool exact = false;        // flag `exact`: words match their folded surface form, not the stem
  bool problem = false;      // flag `problem`
  bool rated = false;        // flag `rated`: only in a sentence that rates something (or a negative context)
  bool near = false;         // flag `near`: negative context from its own clause or sentence, not the text
  bool has_negator = false;  // one of the words is a negator (its own score already includes it)
};

struct LangLexicon {
  Lang lang = Lang::kUnd;
  uint64_t load_id = 0;  // distinct per LoadLexicons call: per-thread caches of lexicon lookups key on it
  StringMap<float> word_valence;       // folded word -> valence (-4..4)
  StringMap<float> stem_valence;       // stem -> mean valence of the terms with that stem
  StringMap<uint32_t> stem_min_chars;  // stem -> fewest code points of a single-word term with that stem
  StringMap<float> emo_valence;        // EmoticonKey / emoji text -> valence (shared file + language file)
  StringMap<float> intensifier;        // folded word -> VADER increment (> 0 booster, < 0 dampener)
  StringSet negators;                  // folded words
  StringSet contrast;                  // folded words
  StringSet concessive;                // folded words
  StringMap<Role> section_header;      // folded word -> kProsHeader / kConsHeader (pros.txt, cons.txt)
  StringMap<Role> scope_words;         // folded word -> kExcess / kCounterfactual (single-word terms)
  StringSet stopwords;                 // folded words, for language identification
  std::vector<Pattern> patterns;
  // Multi-word and prefix patterns, split into cues and the rest (sentiment, negator, intensifier, contrast):
  // first word's stem -> pattern indices, and the patterns whose first word is a prefix.
  StringMap<std::vector<uint32_t>> by_first, cue_by_first;
  // The same for patterns whose first word is a prefix (keyed by the folded prefix), with the distinct byte
  // lengths of those prefixes so a word is probed once per length.
  StringMap<std::vector<uint32_t>> prefix_first, cue_prefix_first;
  std::vector<size_t> prefix_lengths, cue_prefix_lengths;
  // Per pattern: StemKeyHash of its second word when that word is a stem (0 otherwise), a cheap filter
  // before the full match.
  std::vector<uint64_t> second_word_hash;
  // complaint.txt: question words that make a sentence a complaint to a company ("why ...?", "почему
  // списали", "de ce"): folded words of each term; `question_only` (flag `?`) = only in a sentence ending in
  // '?' ("when", "где"), else also as the first word of a clause without '?' (tweets often have none).
  struct ComplaintTerm {
    std::vector<std::string> words;
    bool question_only = false;
  };
  std::vector<ComplaintTerm> complaint;
  StringSet complaint_first;  // first folded word of each complaint term
  size_t cue_count = 0, sentiment_count = 0;
};

struct KnownLabels {
  StringSet by_kind[kNumCueKinds];  // built-in TAXONOMY.md ids, plus those a project cue file adds
};
const KnownLabels& TaxonomyLabels();

// Hash of a stem for pattern filtering (never 0).
inline uint64_t StemKeyHash(std::string_view stem) { return std::hash<std::string_view>{}(stem) | 1; }

// Reads <dir>/<lang>/*.{tsv,txt} for the four languages and <dir>/common/sentiment.tsv (emoji and emoticons,
// shared), then `extra_cues` when not empty. Missing optional files are skipped; a missing directory, a
// malformed line or an unknown label in a built-in cue file is an Error naming "file:line". `*hash` gets a
// digest of everything read.
Result<std::vector<LangLexicon>> LoadLexicons(const std::string& dir, const std::string& extra_cues,
                                              uint64_t* hash);

// Lookup key pieces of a term as the tagger sees text: folded word and its stem.
struct TermToken {
  TokenKind kind;
  std::string folded;
  std::string stem;
  std::string raw;
};
std::vector<TermToken> AnalyzeTerm(Lang lang, std::string_view term);

}  // namespace touchpoint::analysis
