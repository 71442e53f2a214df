// stem.h: per-language stemming of folded words (text.h FoldWord output): Snowball (libstemmer) for en, ru
// and ro, and UkrainianStem, a suffix stripper written for touchpoint, for uk.
//
// Thread-safety: safe from any number of threads. libstemmer objects are not thread-safe, so each thread
// owns its own stemmers and a bounded stem cache (thread_local); nothing is shared between threads.
#pragma once

#include <string>
#include <string_view>

#include "text.h"

namespace touchpoint::analysis {

// Returns the stem of `folded` in `lang`. The view stays valid until the calling thread calls
// ClearStemCacheIfLarge() (and at least until its next Stem call for any other word, which never evicts).
// Words of more than four bytes with a digit (order numbers, prices) are not cached: their view is valid
// only until the calling thread's next Stem call.
std::string_view Stem(Lang lang, std::string_view folded);

// Drops the calling thread's stem cache when it holds more than a fixed number of bytes (bounded memory).
// Call between texts, never while holding views returned by Stem.
void ClearStemCacheIfLarge();

// Approximate bytes held by the calling thread's stem cache (for tests).
size_t StemCacheBytes();

// Ukrainian light stemmer: strips one inflectional ending (noun, adjective, verb, participle; reflexive
// -ся/-сь first) while keeping a stem of at least two letters after the first vowel; words shorter than
// four letters are returned unchanged. Input is folded (lower case, apostrophes removed).
std::string UkrainianStem(std::string_view word);

}  // namespace touchpoint::analysis
