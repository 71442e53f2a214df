// touchpoint import — not built yet (placeholder until its issue lands).
#include <cstdio>

#include "args.h"
#include "commands.h"

namespace touchpoint::app {

int RunImport(const Argv& /*argv*/) {
  std::fputs("touchpoint import: not available in this build yet\n", stderr);
  return kExitFailure;
}

}  // namespace touchpoint::app
