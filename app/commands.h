// commands.h: one Run* function per subcommand; each parses its own options (args.h) and returns the exit
// code (0 ok, 1 runtime failure, 2 usage). argv is the whole command line; argv[1] is the subcommand.
#pragma once

#include <string>
#include <vector>

namespace touchpoint::app {

using Argv = std::vector<std::string>;

int RunServe(const Argv& argv);
int RunToken(const Argv& argv);
int RunSurvey(const Argv& argv);
int RunTag(const Argv& argv);
int RunEval(const Argv& argv);
int RunImport(const Argv& argv);
int RunExport(const Argv& argv);
int RunRetag(const Argv& argv);
int RunReport(const Argv& argv);

// The share directory with locale catalogs and lexicons: $TOUCHPOINT_SHARE_DIR, else next to the
// executable (<exe dir>/share/touchpoint, the build tree), else <exe dir>/../share/touchpoint (installed).
std::string ShareDir();

}  // namespace touchpoint::app
