// args.h: the command-line conventions of every touchpoint subcommand (CONTRACT.md "Build and binary"):
// options may stand anywhere after the subcommand name, `--name value` or `--name=value`; flags without a
// value; `--` ends options; unknown options or missing values are usage errors (exit 2, one line on stderr).
// Not thread-safe; used once per process in main.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace touchpoint::app {

enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

struct ArgSpec {
  std::set<std::string> with_value;  // e.g. {"data", "port"} (names without the leading dashes)
  std::set<std::string> flags;       // e.g. {"quiet", "bom"}
  std::set<std::string> repeatable;  // options that may be given more than once (values collected in order)
};

class Args {
 public:
  // Parses argv[first..]. On error returns nullopt and sets *error to a one-line message.
  static std::optional<Args> Parse(const std::vector<std::string>& argv, size_t first, const ArgSpec& spec,
                                   std::string* error);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& def = {}) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  // Integer option: nullopt + *error if not an integer in [lo, hi].
  std::optional<long long> GetInt(const std::string& name, long long def, long long lo, long long hi,
                                  std::string* error) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace touchpoint::app
