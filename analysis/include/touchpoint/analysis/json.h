// json.h: a small, strict JSON reader for one value per line (JSONL input of `touchpoint tag` and `eval`)
// and JSON string escaping for output. Depth and size are bounded by the input; nesting deeper than 64 is an
// error. Values keep a view of their raw text (`raw`) so ids can be echoed exactly as given.
//
// Thread-safety: plain functions and value types; a JsonValue refers to the text it was parsed from, which
// must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::analysis {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string str;                                         // decoded string (kString)
  std::vector<JsonValue> items;                            // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in input order
  std::string_view raw;                                    // the value's text in the input

  // First member named `key` of an object, or nullptr.
  const JsonValue* Find(std::string_view key) const;
  bool is_string() const { return type == Type::kString; }
};

// Parses exactly one JSON value (surrounding whitespace allowed). Errors say where ("at byte 17: ...").
Result<JsonValue> ParseJson(std::string_view text);

// Appends `s` as a quoted JSON string (control characters, quotes and backslashes escaped; `<`, `>` and `&`
// as \u escapes so the output is safe to embed in HTML).
void AppendJsonString(std::string_view s, std::string* out);
std::string JsonString(std::string_view s);

}  // namespace touchpoint::analysis
