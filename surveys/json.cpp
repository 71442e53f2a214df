#include "json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "text.h"
#include "touchpoint/utf8.h"

namespace touchpoint::surveys::json {

const Value* Value::Find(std::string_view key) const {
  if (kind != Kind::kObject) return nullptr;
  for (const auto& [k, v] : object) {
    if (k == key) return &v;
  }
  return nullptr;
}

const char* KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return "a boolean";
    case Value::Kind::kNumber:
      return "a number";
    case Value::Kind::kString:
      return "a string";
    case Value::Kind::kArray:
      return "an array";
    case Value::Kind::kObject:
      return "an object";
  }
  return "a value";
}

namespace {

// Recursive-descent parser; depth is bounded by Limits::max_depth so recursion is bounded too.
class Parser {
 public:
  Parser(std::string_view text, const Limits& limits) : s_(text), limits_(limits) {}

  Result<Value> Run() {
    Value v;
    if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte order mark (Windows editors) is ignored
    SkipSpace();
    if (!ParseValue(&v, 0)) return Fail();
    SkipSpace();
    if (pos_ != s_.size()) {
      SetError("expected end of input, found " + Describe());
      return Fail();
    }
    return v;
  }

 private:
  Error Fail() const {
    // Line and column (code points, 1-based) of the byte offset where the problem was seen.
    size_t line = 1, col = 1;
    for (size_t i = 0; i < err_pos_ && i < s_.size(); ++i) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        ++line, col = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++col;
      }
    }
    return Error(Code::kInvalid, "malformed JSON at line " + std::to_string(line) + ", column " +
                                     std::to_string(col) + " (offset " + std::to_string(err_pos_) +
                                     "): " + err_);
  }

  void SetError(std::string msg) { SetErrorAt(pos_, std::move(msg)); }
  void SetErrorAt(size_t pos, std::string msg) {
    if (err_.empty()) {
      err_ = std::move(msg);
      err_pos_ = pos;
    }
  }

  // What is at pos_, for "found ..." messages.
  std::string Describe() const {
    if (pos_ >= s_.size()) return "end of input";
    const auto c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  }

  void SkipSpace() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      SetError("expected a value, found " + Describe());
      return false;
    }
    pos_ += word.size();
    return true;
  }

  bool ParseValue(Value* v, int depth) {
    if (pos_ >= s_.size()) {
      SetError("expected a value, found end of input");
      return false;
    }
    switch (s_[pos_]) {
      case '{':
        return ParseObject(v, depth + 1);
      case '[':
        return ParseArray(v, depth + 1);
      case '"':
        v->kind = Value::Kind::kString;
        return ParseString(&v->string);
      case 't':
        v->kind = Value::Kind::kBool, v->boolean = true;
        return Literal("true");
      case 'f':
        v->kind = Value::Kind::kBool, v->boolean = false;
        return Literal("false");
      case 'n':
        v->kind = Value::Kind::kNull;
        return Literal("null");
      default:
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return ParseNumber(v);
        SetError("expected a value, found " + Describe());
        return false;
    }
  }

  bool CheckDepth(int depth) {
    if (depth > limits_.max_depth) {
      SetError("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    return true;
  }

  bool ParseObject(Value* v, int depth) {
    if (!CheckDepth(depth)) return false;
    v->kind = Value::Kind::kObject;
    ++pos_;  // '{'
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        SetError("expected a string key, found " + Describe());
        return false;
      }
      const size_t key_pos = pos_;
      std::string key;
      if (!ParseString(&key)) return false;
      if (v->Find(key) != nullptr) {
        SetErrorAt(key_pos, "duplicate key \"" + text::Truncate(key, 64) + "\"");
        return false;
      }
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        SetError("expected ':', found " + Describe());
        return false;
      }
      ++pos_;
      SkipSpace();
      Value member;
      if (!ParseValue(&member, depth)) return false;
      v->object.emplace_back(std::move(key), std::move(member));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      SetError("expected ',' or '}', found " + Describe());
      return false;
    }
  }

  bool ParseArray(Value* v, int depth) {
    if (!CheckDepth(depth)) return false;
    v->kind = Value::Kind::kArray;
    ++pos_;  // '['
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      Value item;
      if (!ParseValue(&item, depth)) return false;
      v->array.push_back(std::move(item));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      SetError("expected ',' or ']', found " + Describe());
      return false;
    }
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) {
      SetError("expected 4 hex digits after \\u");
      return false;
    }
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_ + k];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        v |= c - 'A' + 10;
      } else {
        SetErrorAt(pos_ + k, "expected 4 hex digits after \\u");
        return false;
      }
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      // Copy a run of plain bytes at once.
      const size_t run = pos_;
      while (pos_ < s_.size()) {
        const auto c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++pos_;
      }
      const std::string_view plain = s_.substr(run, pos_ - run);
      if (const size_t bad = text::FirstInvalidUtf8(plain); bad != std::string_view::npos) {
        SetErrorAt(run + bad, "invalid UTF-8 in string");
        return false;
      }
      out->append(plain);
      if (pos_ >= s_.size()) {
        SetError("unterminated string");
        return false;
      }
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        SetError("control character in string (must be escaped)");
        return false;
      }
      // Backslash escape.
      const size_t esc_pos = pos_;
      ++pos_;
      if (pos_ >= s_.size()) {
        SetError("unterminated string");
        return false;
      }
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            SetErrorAt(esc_pos, "unpaired surrogate in \\u escape");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (s_.substr(pos_, 2) != "\\u") {
              SetErrorAt(esc_pos, "unpaired surrogate in \\u escape");
              return false;
            }
            pos_ += 2;
            if (!Hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              SetErrorAt(esc_pos, "unpaired surrogate in \\u escape");
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          touchpoint::AppendUtf8(cp, out);
          break;
        }
        default:
          SetErrorAt(esc_pos, "invalid escape in string");
          return false;
      }
    }
  }

  bool ParseNumber(Value* v) {
    const size_t start = pos_;
    auto digit = [&] { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; };
    if (s_[pos_] == '-') ++pos_;
    if (!digit()) {
      SetError("expected a digit, found " + Describe());
      return false;
    }
    if (s_[pos_] == '0') {
      ++pos_;
      if (digit()) {
        SetError("leading zeros are not allowed in numbers");
        return false;
      }
    } else {
      while (digit()) ++pos_;
    }
    bool integral_syntax = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integral_syntax = false;
      ++pos_;
      if (!digit()) {
        SetError("expected a digit after '.', found " + Describe());
        return false;
      }
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral_syntax = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit()) {
        SetError("expected a digit in the exponent, found " + Describe());
        return false;
      }
      while (digit()) ++pos_;
    }
    const std::string_view lit = s_.substr(start, pos_ - start);
    v->kind = Value::Kind::kNumber;
    if (integral_syntax) {
      int64_t i = 0;
      const auto [p, ec] = std::from_chars(lit.data(), lit.data() + lit.size(), i);
      if (ec == std::errc() && p == lit.data() + lit.size()) {
        v->is_integer = true;
        v->integer = i;
        v->number = static_cast<double>(i);
        return true;
      }
    }
    double d = 0;
    const auto [p, ec] = std::from_chars(lit.data(), lit.data() + lit.size(), d);
    if (ec != std::errc() || p != lit.data() + lit.size() || !std::isfinite(d)) {
      SetErrorAt(start, "number out of range");
      return false;
    }
    v->number = d;
    // Integral values written as 5.0 or 1e2 also count as integers when exactly representable.
    if (std::trunc(d) == d && std::fabs(d) <= 9007199254740992.0) {
      v->is_integer = true;
      v->integer = static_cast<int64_t>(d);
    }
    return true;
  }

  std::string_view s_;
  Limits limits_;
  size_t pos_ = 0;
  std::string err_;
  size_t err_pos_ = 0;
};

}  // namespace

Result<Value> Parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error(Code::kTooLarge, "JSON is larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  return Parser(text, limits).Run();
}

void AppendString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out->append(buf);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendNumber(std::string* out, double d) {
  if (!std::isfinite(d)) {
    out->append("null");
    return;
  }
  char buf[64];
  const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) {
    out->append("null");
    return;
  }
  out->append(buf, p);
}

void AppendInteger(std::string* out, int64_t i) { out->append(std::to_string(i)); }

void AppendValue(std::string* out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      out->append("null");
      return;
    case Value::Kind::kBool:
      out->append(v.boolean ? "true" : "false");
      return;
    case Value::Kind::kNumber:
      if (v.is_integer) {
        AppendInteger(out, v.integer);
      } else {
        AppendNumber(out, v.number);
      }
      return;
    case Value::Kind::kString:
      AppendString(out, v.string);
      return;
    case Value::Kind::kArray:
      out->push_back('[');
      for (size_t i = 0; i < v.array.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValue(out, v.array[i]);
      }
      out->push_back(']');
      return;
    case Value::Kind::kObject:
      out->push_back('{');
      for (size_t i = 0; i < v.object.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendString(out, v.object[i].first);
        out->push_back(':');
        AppendValue(out, v.object[i].second);
      }
      out->push_back('}');
      return;
  }
}

}  // namespace touchpoint::surveys::json
