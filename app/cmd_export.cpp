// touchpoint export — not built yet (placeholder until its issue lands).
#include <cstdio>

#include "args.h"
#include "commands.h"

namespace touchpoint::app {

int RunExport(const Argv& /*argv*/) {
  std::fputs("touchpoint export: not available in this build yet\n", stderr);
  return kExitFailure;
}

}  // namespace touchpoint::app
