// tag_line.h: one input line of `touchpoint tag` to one output line (CONTRACT.md "Tagging"): JSONL
// {"id","text","lang","stage","touchpoint"} or plain text, ids echoed as given (the raw JSON token; plain
// text gets the 1-based line number as a string), per-line errors as {"id":...,"error":...}.
//
// Thread-safety: TagLine only reads the shared Tagger; call it from any number of threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "touchpoint/analysis/tagger.h"

namespace touchpoint::analysis {

enum class InputFormat { kAuto, kJsonl, kText };

struct LineOptions {
  InputFormat format = InputFormat::kAuto;
  std::string default_lang;  // --lang: "" / "auto" = detect
};

// Returns the output line for `line` (a trailing '\r' is ignored), without the newline. *ok (if given) is
// false when the line is an error line.
std::string TagLine(const Tagger& tagger, std::string_view line, uint64_t line_number,
                    const LineOptions& options, bool* ok = nullptr);
// The same into *out (replacing its content, reusing its capacity); returns false for an error line.
bool TagLine(const Tagger& tagger, std::string_view line, uint64_t line_number, const LineOptions& options,
             std::string* out);

}  // namespace touchpoint::analysis
