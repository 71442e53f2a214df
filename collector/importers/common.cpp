// Shared helpers of the format parsers: dates, ratings, languages, text and JSON access.
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>

#include <charconv>
#include <cmath>
#include <cstdio>

#include "internal.h"

namespace touchpoint::collector::importers {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses exactly `n` digits at s[*i].
bool Digits(std::string_view s, size_t* i, size_t n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ValidDate(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

std::string FormatDate(int y, int m, int d) {
  char buf[48];  // room for any int values: GCC's -Wformat-truncation cannot see the range checks
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Parses "HH:MM[:SS[.frac]][zone]" at s[i..] (zone: Z, ±HH:MM, ±HHMM, ±HH, " UTC"); appends the ISO form.
bool ParseTimeTail(std::string_view s, size_t i, std::string* out) {
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(s, &i, 2, &hh) || i >= s.size() || s[i] != ':' || !Digits(s, &++i, 2, &mm)) return false;
  std::string frac;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, &i, 2, &ss)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && IsDigit(s[i]) && frac.size() < 9) frac.push_back(s[i++]);
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (frac.empty()) return false;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return false;
  char buf[48];  // room for any int values: GCC's -Wformat-truncation cannot see the range checks
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hh, mm, ss);
  *out += buf;
  if (!frac.empty()) *out += "." + frac;
  if (i == s.size()) return true;
  std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == "z" || zone == " UTC" || zone == "UTC" || zone == " GMT") {
    *out += "Z";
    return true;
  }
  if (zone[0] == ' ') zone.remove_prefix(1);
  if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return false;
  size_t j = 1;
  int zh = 0, zm = 0;
  if (!Digits(zone, &j, 2, &zh)) return false;
  if (j < zone.size() && zone[j] == ':') ++j;
  if (j < zone.size() && !Digits(zone, &j, 2, &zm)) return false;
  if (j != zone.size() || zh > 14 || zm > 59) return false;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", zone[0], zh, zm);
  *out += buf;
  return true;
}

}  // namespace

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  std::string out(s.substr(b, e - b));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string MillisToIso(int64_t ms) {
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const int millis = static_cast<int>(ms - secs * 1000);
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int64_t rem = secs - days * 86400;
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[96];
  if (millis != 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03dZ",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60), millis);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  }
  return buf;
}

std::optional<std::string> NormalizeDate(std::string_view raw) {
  const std::string t = Trim(raw);
  const std::string_view s = t;
  if (s.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && IsDigit(c);
  if (all_digits) {
    int64_t n = 0;
    if (s.size() > 14 || !ParseInt64(s, &n)) return std::nullopt;
    if (s.size() >= 12) return MillisToIso(n);
    if (s.size() >= 9) return MillisToIso(n * 1000);
    return std::nullopt;
  }
  int y = 0, m = 0, d = 0;
  size_t i = 0;
  if (Digits(s, &i, 4, &y) && i < s.size() && (s[i] == '-' || s[i] == '/')) {
    const char sep = s[i++];
    if (!Digits(s, &i, 2, &m) || i >= s.size() || s[i] != sep || !Digits(s, &++i, 2, &d)) return std::nullopt;
  } else {
    i = 0;  // DD.MM.YYYY
    if (!Digits(s, &i, 2, &d) || i >= s.size() || s[i] != '.' || !Digits(s, &++i, 2, &m) || i >= s.size() ||
        s[i] != '.' || !Digits(s, &++i, 4, &y)) {
      return std::nullopt;
    }
  }
  if (!ValidDate(y, m, d)) return std::nullopt;
  std::string out = FormatDate(y, m, d);
  if (i == s.size()) return out;
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  if (!ParseTimeTail(s, i + 1, &out)) return std::nullopt;
  return out;
}

std::optional<double> NormalizeRating(std::string_view raw, double scale) {
  const std::string t = Trim(raw);
  if (t.empty() || scale < 2) return std::nullopt;
  double v = 0;
  std::string num = t;
  for (char& c : num) {
    if (c == ',') c = '.';  // "4,5" in ru/uk/ro spreadsheets
  }
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (ec != std::errc() || p != num.data() + num.size() || !std::isfinite(v)) return std::nullopt;
  if (v < 1 || v > scale) return std::nullopt;
  if (scale == 5) return v;
  return 1 + (v - 1) * 4 / (scale - 1);
}

std::string NormalizeLang(std::string_view raw) {
  std::string s = Lower(Trim(raw));
  const size_t cut = s.find_first_of("-_");
  if (cut != std::string::npos) s.resize(cut);
  if (s == "ua" || s == "ukr") return "uk";
  if (s == "rus") return "ru";
  if (s == "mo" || s == "ron" || s == "rum") return "ro";
  if (s == "eng") return "en";
  if (s.size() > 8) s.resize(8);
  return s;
}

std::string ComposeText(std::string_view title_raw, std::string_view text_raw) {
  const std::string title = Trim(title_raw), text = Trim(text_raw);
  if (title.empty()) return text;
  if (text.empty()) return title;
  if (text.compare(0, title.size(), title) == 0) return text;  // text already starts with its title
  const char last = title.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == ',') {
    return title + " " + text;
  }
  // A title ending in a multi-byte punctuation mark (…, ！, ？) also needs no period.
  if (title.size() >= 3 && (title.ends_with("\xE2\x80\xA6") || title.ends_with("\xEF\xBC\x81") ||
                            title.ends_with("\xEF\xBC\x9F"))) {
    return title + " " + text;
  }
  return title + ". " + text;
}

std::optional<std::string> JsonString(const Poco::JSON::Object::Ptr& root, std::string_view path) {
  Poco::JSON::Object::Ptr obj = root;
  while (!path.empty() && !obj.isNull()) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!obj->has(key)) return std::nullopt;
    if (dot == std::string_view::npos) {
      const Poco::Dynamic::Var v = obj->get(key);
      if (v.isEmpty()) return std::nullopt;
      if (v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr)) {
        return std::nullopt;
      }
      if (v.isBoolean()) return v.convert<bool>() ? std::string("true") : std::string("false");
      return v.convert<std::string>();
    }
    obj = obj->getObject(key);
    path.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

}  // namespace touchpoint::collector::importers
