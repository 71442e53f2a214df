// langid.h: language identification among en, ru, uk, ro (else "und") for short feedback texts, from
// distinctive letters (uk: і ї є ґ; ru: ы э ъ ё; ro: ă â î ș ț ş ţ), function words (the stopwords.txt of
// each language) and a few Romanian word endings. Pure function: thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "lexicon.h"
#include "text.h"

namespace touchpoint::analysis {

// `tokens` are Tokenize(text); `lexicons` are indexed by Lang (their stopword sets are used).
Lang DetectLanguage(std::string_view text, const std::vector<Token>& tokens,
                    const std::vector<LangLexicon>& lexicons);

}  // namespace touchpoint::analysis
