// json.cpp: the strict JSON reader and string escaping (see json.h).
#include "touchpoint/analysis/json.h"

#include <cstdio>
#include <cstdlib>

#include "text.h"

namespace touchpoint::analysis {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<JsonValue> ParseAll() {
    JsonValue v;
    if (!Value(&v, 0)) return Fail();
    SkipWs();
    if (pos_ != s_.size()) {
      err_ = "unexpected text after the value";
      return Fail();
    }
    return v;
  }

 private:
  Error Fail() const {
    return Error(Code::kInvalid, "bad JSON at byte " + std::to_string(pos_) + ": " + err_);
  }

  void SkipWs() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool Literal(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) {
      err_ = "invalid literal";
      return false;
    }
    pos_ += lit.size();
    return true;
  }

  bool Value(JsonValue* v, int depth) {
    if (depth > kMaxDepth) {
      err_ = "nesting deeper than 64";
      return false;
    }
    SkipWs();
    if (pos_ >= s_.size()) {
      err_ = "unexpected end of input";
      return false;
    }
    size_t start = pos_;
    bool ok;
    char c = s_[pos_];
    if (c == '{') {
      v->type = JsonValue::Type::kObject;
      ok = Object(v, depth);
    } else if (c == '[') {
      v->type = JsonValue::Type::kArray;
      ok = Array(v, depth);
    } else if (c == '"') {
      v->type = JsonValue::Type::kString;
      ok = String(&v->str);
    } else if (c == 't') {
      v->type = JsonValue::Type::kBool;
      v->boolean = true;
      ok = Literal("true");
    } else if (c == 'f') {
      v->type = JsonValue::Type::kBool;
      ok = Literal("false");
    } else if (c == 'n') {
      ok = Literal("null");
    } else {
      v->type = JsonValue::Type::kNumber;
      ok = Number(&v->number);
    }
    if (ok) v->raw = s_.substr(start, pos_ - start);
    return ok;
  }

  bool Object(JsonValue* v, int depth) {
    ++pos_;
    SkipWs();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        err_ = "expected a member name";
        return false;
      }
      std::string key;
      if (!String(&key)) return false;
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        err_ = "expected ':'";
        return false;
      }
      ++pos_;
      JsonValue member;
      if (!Value(&member, depth + 1)) return false;
      v->members.emplace_back(std::move(key), std::move(member));
      SkipWs();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      err_ = "expected ',' or '}'";
      return false;
    }
  }

  bool Array(JsonValue* v, int depth) {
    ++pos_;
    SkipWs();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      JsonValue item;
      if (!Value(&item, depth + 1)) return false;
      v->items.push_back(std::move(item));
      SkipWs();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      err_ = "expected ',' or ']'";
      return false;
    }
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) {
      err_ = "truncated \\u escape";
      return false;
    }
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else {
        err_ = "bad \\u escape";
        return false;
      }
    }
    *out = v;
    return true;
  }

  bool String(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) {
        err_ = "unterminated string";
        return false;
      }
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        err_ = "control character in string";
        return false;
      }
      if (c != '\\') {
        size_t e = pos_ + 1;
        while (e < s_.size() && s_[e] != '"' && s_[e] != '\\' && static_cast<unsigned char>(s_[e]) >= 0x20)
          ++e;
        out->append(s_.substr(pos_, e - pos_));
        pos_ = e;
        continue;
      }
      ++pos_;
      if (pos_ >= s_.size()) {
        err_ = "unterminated escape";
        return false;
      }
      char e = s_[pos_++];
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
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') {
              err_ = "unpaired surrogate";
              return false;
            }
            pos_ += 2;
            if (!Hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              err_ = "unpaired surrogate";
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            err_ = "unpaired surrogate";
            return false;
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          err_ = "bad escape";
          return false;
      }
    }
  }

  bool Number(double* out) {
    size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - b;
    };
    size_t int_start = pos_;
    if (digits() == 0) {
      err_ = "unexpected character";
      return false;
    }
    if (s_[int_start] == '0' && pos_ - int_start > 1) {
      err_ = "leading zero";
      return false;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) {
        err_ = "bad number";
        return false;
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) {
        err_ = "bad number";
        return false;
      }
    }
    std::string tmp(s_.substr(start, pos_ - start));
    *out = std::strtod(tmp.c_str(), nullptr);
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string err_;
};

}  // namespace

Result<JsonValue> ParseJson(std::string_view text) { return Parser(text).ParseAll(); }

namespace {

// Bytes AppendJsonString writes as they are: everything but control characters, '"', '\\', '<', '>', '&'.
struct JsonPlainTable {
  bool plain[256];
  constexpr JsonPlainTable() : plain() {
    for (int c = 0; c < 256; ++c) {
      plain[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
    }
  }
};
constexpr JsonPlainTable kJsonPlain;

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  // Runs of plain bytes are copied at once.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (kJsonPlain.plain[c]) continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
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
      case '<':
        out->append("\\u003c");
        break;
      case '>':
        out->append("\\u003e");
        break;
      case '&':
        out->append("\\u0026");
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

}  // namespace touchpoint::analysis
