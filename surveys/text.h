// text.h (private to touchpoint_surveys): small text helpers shared by the survey parser, the response
// validator and the expression parser: UTF-8 checks, code-point counting, id and date syntax.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace touchpoint::surveys::text {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Byte offset of the first byte that does not start a well-formed sequence, or npos if `s` is valid.
size_t FirstInvalidUtf8(std::string_view s);
// Number of code points in valid UTF-8 `s` (counts lead bytes).
size_t CodePoints(std::string_view s);
// `s` cut to at most `max_bytes` bytes on a code-point boundary, with "..." appended when cut.
std::string Truncate(std::string_view s, size_t max_bytes);
// Ids of surveys, questions, options, stages: [A-Za-z0-9_.-]{1,64}.
bool IsValidId(std::string_view s);
// Language codes: 2 or 3 lower-case ASCII letters (en, ru, uk, ro, ...).
bool IsValidLanguageCode(std::string_view s);
// A real Gregorian calendar date written YYYY-MM-DD (year 0001-9999).
bool IsValidDate(std::string_view s);
// True if `s` holds nothing but ASCII and Unicode white space (and is possibly empty).
bool IsBlank(std::string_view s);

}  // namespace touchpoint::surveys::text
