#include "json_out.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace touchpoint::collector {

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':
      case '>':
      case '&': {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
        break;
      }
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string JsonNumber(double d) {
  if (!std::isfinite(d)) return "null";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) return "null";
  return std::string(buf, p);
}

std::string JsonStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += JsonQuote(items[i]);
  }
  return out + "]";
}

std::string ErrorJson(const Error& error) {
  std::string out = "{\"error\":" + JsonQuote(error.message);
  if (!error.field.empty()) out += ",\"field\":" + JsonQuote(error.field);
  if (!error.details.empty()) {
    out += ",\"errors\":[";
    for (size_t i = 0; i < error.details.size(); ++i) {
      if (i) out += ',';
      out += "{\"field\":" + JsonQuote(error.details[i].field) +
             ",\"error\":" + JsonQuote(error.details[i].message) + "}";
    }
    out += ']';
  }
  return out + "}";
}

}  // namespace touchpoint::collector
