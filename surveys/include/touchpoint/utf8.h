// utf8.h: the one UTF-8 validator, decoder and encoder of the project (surveys, analysis, importers).
// Well-formed means RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace touchpoint {

// Byte offset of the first byte that does not start a well-formed sequence, or std::string_view::npos if
// `text` is valid UTF-8. Fast on ASCII (8 bytes at a time), Latin and Cyrillic letters.
size_t FindInvalidUtf8(std::string_view text);

// Decodes the code point at text[*pos] (which must be valid UTF-8: no checks) and advances *pos.
inline char32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = *pos;
  unsigned char c = s[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  if (c < 0xE0) {
    *pos = i + 2;
    return (char32_t(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if (c < 0xF0) {
    *pos = i + 3;
    return (char32_t(c & 0x0F) << 12) | (char32_t(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  *pos = i + 4;
  return (char32_t(c & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) | (char32_t(s[i + 2] & 0x3F) << 6) |
         (s[i + 3] & 0x3F);
}

// Appends the UTF-8 encoding of `cp` (at most U+10FFFF) to *out.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace touchpoint
