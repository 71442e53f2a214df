// touchpoint token rotate [--data DIR]: replaces the researcher token stored (hashed) in the data dir with a
// new one and prints it once.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "args.h"
#include "commands.h"
#include "data_dir.h"
#include "touchpoint/collector/server.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::app {

int RunToken(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"data", "db"};
  std::string error;
  auto args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint token: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(
        "usage: touchpoint token rotate [--data DIR]\n"
        "Replaces the researcher token of the data dir (stored only as a salted hash) and prints the new "
        "one.\n"
        "A running server accepts the new token within a second. TOUCHPOINT_TOKEN or config auth.token, "
        "when\n"
        "set, still win over the stored token.\n",
        stdout);
    return kExitOk;
  }
  if (args->positional().size() != 1 || args->positional()[0] != "rotate") {
    std::fprintf(stderr, "touchpoint token: expected 'rotate' (see --help)\n");
    return kExitUsage;
  }
  auto storage = OpenDataDir(*args, "token");
  if (!storage) return kExitFailure;
  auto token = collector::RotateResearcherToken(*storage);
  if (!token) {
    std::fprintf(stderr, "touchpoint token: %s\n", token.error().ToString().c_str());
    return kExitFailure;
  }
  if (const char* env = std::getenv("TOUCHPOINT_TOKEN"); env && *env) {
    std::fprintf(stderr, "touchpoint token: note: TOUCHPOINT_TOKEN is set and wins over the stored token\n");
  }
  std::printf("%s\n", token->c_str());
  return kExitOk;
}

}  // namespace touchpoint::app
