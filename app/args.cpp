#include "args.h"

#include <charconv>

namespace touchpoint::app {

std::optional<Args> Args::Parse(const std::vector<std::string>& argv, size_t first, const ArgSpec& spec,
                                std::string* error) {
  Args a;
  bool options_done = false;
  for (size_t i = first; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-' || (arg[1] != '-' && arg != "-h")) {
      a.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg == "-h" ? "help" : arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "help" || spec.flags.count(name)) {
      if (value) {
        *error = "option --" + name + " takes no value";
        return std::nullopt;
      }
      a.values_.emplace(name, "1");
      continue;
    }
    if (!spec.with_value.count(name)) {
      *error = "unknown option --" + name;
      return std::nullopt;
    }
    if (!value) {
      if (i + 1 >= argv.size()) {
        *error = "option --" + name + " needs a value";
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (a.values_.count(name) && !spec.repeatable.count(name)) {
      *error = "option --" + name + " given twice";
      return std::nullopt;
    }
    a.values_.emplace(name, *value);
  }
  return a;
}

std::string Args::Get(const std::string& name, const std::string& def) const {
  auto it = values_.find(name);
  return it == values_.end() ? def : it->second;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = values_.equal_range(name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

std::optional<long long> Args::GetInt(const std::string& name, long long def, long long lo, long long hi,
                                      std::string* error) const {
  if (!Has(name)) return def;
  std::string v = Get(name);
  long long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
    *error = "option --" + name + " must be an integer from " + std::to_string(lo) + " to " +
             std::to_string(hi) + ", got '" + v + "'";
    return std::nullopt;
  }
  return n;
}

}  // namespace touchpoint::app
