#include "form_body.h"

#include <cctype>

namespace touchpoint::collector {

Result<std::multimap<std::string, std::string>> ParseFormBody(std::string_view body, size_t max_fields) {
  auto decode = [](std::string_view s, std::string* out) {
    out->clear();
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out->push_back(' ');
      } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        out->push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out->push_back(s[i]);
      }
    }
  };
  std::multimap<std::string, std::string> fields;
  size_t i = 0;
  std::string name, value;
  while (i <= body.size()) {
    size_t j = body.find('&', i);
    if (j == std::string_view::npos) j = body.size();
    std::string_view pair = body.substr(i, j - i);
    if (!pair.empty()) {
      if (fields.size() >= max_fields) {
        return Error(Code::kTooLarge, "more than " + std::to_string(max_fields) + " form fields");
      }
      const size_t eq = pair.find('=');
      decode(pair.substr(0, eq), &name);
      decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), &value);
      fields.emplace(name, value);
    }
    i = j + 1;
  }
  return fields;
}

}  // namespace touchpoint::collector
