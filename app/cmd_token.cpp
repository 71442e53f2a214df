// touchpoint token — not built yet (placeholder until its issue lands).
#include <cstdio>

#include "args.h"
#include "commands.h"

namespace touchpoint::app {

int RunToken(const Argv& /*argv*/) {
  std::fputs("touchpoint token: not available in this build yet\n", stderr);
  return kExitFailure;
}

}  // namespace touchpoint::app
