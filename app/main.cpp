// touchpoint: one binary, many subcommands. main only maps argv[1] to a Run* call (commands.h).
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "args.h"
#include "commands.h"

namespace {

void PrintUsage(FILE* out) {
  std::fputs(
      "usage: touchpoint <command> [options]\n"
      "\n"
      "commands:\n"
      "  serve      run the collector HTTP server\n"
      "  token      manage the researcher token (token rotate)\n"
      "  survey     publish | list | show ID | close ID surveys in the data dir\n"
      "  tag        tag feedback read from stdin (JSONL or text), JSONL out\n"
      "  eval       score the tagger on labelled JSONL\n"
      "  import     import reviews or interview transcripts into a survey\n"
      "  export     export responses and imported feedback with their tags\n"
      "  retag      re-tag the stored texts of a survey\n"
      "  report     per-stage journey / pain-point report\n"
      "\n"
      "Run 'touchpoint <command> --help' for the options of a command.\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace touchpoint::app;
  std::vector<std::string> args(argv, argv + argc);
  if (args.size() < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  const std::pair<const char*, int (*)(const Argv&)> commands[] = {
      {"serve", RunServe},   {"token", RunToken}, {"survey", RunSurvey},
      {"tag", RunTag},       {"eval", RunEval},   {"import", RunImport},
      {"export", RunExport}, {"retag", RunRetag}, {"report", RunReport},
  };
  const std::string& cmd = args[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  for (const auto& [name, fn] : commands) {
    if (cmd == name) {
      try {
        return fn(args);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "touchpoint %s: fatal: %s\n", name, e.what());
        return kExitFailure;
      }
    }
  }
  std::fprintf(stderr, "touchpoint: unknown command '%s' (see touchpoint --help)\n", cmd.c_str());
  return kExitUsage;
}
