// json.h (private to touchpoint_surveys): a small, strict JSON reader and writer for surveys and responses.
//
// Why not Poco::JSON: errors here must name line, column and byte offset ("malformed JSON at line 3,
// column 14 (offset 57): expected ','"), duplicate keys must be rejected, and hostile input must be bounded
// (size, nesting depth, valid UTF-8). Objects keep their key order. Numbers remember whether they were
// written as integers that fit int64_t.
//
// Thread-safety: Value is a plain value type; Parse and the writers are pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::surveys::json {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;                                  // always set for kNumber
  bool is_integer = false;                            // kNumber whose value is integral and fits int64_t
  int64_t integer = 0;                                // valid when is_integer
  std::string string;                                 // kString (valid UTF-8)
  std::vector<Value> array;                           // kArray
  std::vector<std::pair<std::string, Value>> object;  // kObject, in document order, keys unique

  bool is_null() const { return kind == Kind::kNull; }
  bool is_bool() const { return kind == Kind::kBool; }
  bool is_number() const { return kind == Kind::kNumber; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_object() const { return kind == Kind::kObject; }
  // Member `key` of an object, or nullptr.
  const Value* Find(std::string_view key) const;
};

// "a string", "a number", ... for error messages.
const char* KindName(Value::Kind kind);

struct Limits {
  size_t max_bytes = 1 << 20;
  int max_depth = 64;
};

// Parses exactly one JSON value (surrounding whitespace and a leading UTF-8 BOM allowed). Errors:
// Code::kInvalid with message "malformed JSON at line L, column C (offset O): <reason>" (line and column
// 1-based, column in code points, offset in bytes); Code::kTooLarge if the text is longer than
// limits.max_bytes.
Result<Value> Parse(std::string_view text, const Limits& limits = {});

// Appends `s` as a JSON string literal (quotes, escapes for '"', '\\' and control characters).
void AppendString(std::string* out, std::string_view s);
// Shortest text that reads back as the same double; "null" for NaN and infinities.
void AppendNumber(std::string* out, double d);
void AppendInteger(std::string* out, int64_t i);
// Appends `v` as compact JSON (object keys in document order).
void AppendValue(std::string* out, const Value& v);

}  // namespace touchpoint::surveys::json
