// touchpoint eval — not built yet (placeholder until its issue lands).
#include <cstdio>

#include "args.h"
#include "commands.h"

namespace touchpoint::app {

int RunEval(const Argv& /*argv*/) {
  std::fputs("touchpoint eval: not available in this build yet\n", stderr);
  return kExitFailure;
}

}  // namespace touchpoint::app
