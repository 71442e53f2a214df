// touchpoint retag: re-queues every stored text of a survey (free-text answers and imported feedback) and
// tags them again with the current lexicons, through the same code path as the server's worker and the
// import (collector::DrainTagQueue over collector::TagTexts), on --threads threads.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "args.h"
#include "commands.h"
#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/collector/tagging.h"

namespace touchpoint::app {
namespace {

constexpr char kUsage[] =
    "usage: touchpoint retag --survey ID [--data DIR] [--cues FILE] [--threads N] [--quiet]\n"
    "\n"
    "Re-tags every stored text of the survey (after lexicon or cue changes).\n"
    "  --survey ID   the survey\n"
    "  --data DIR    data directory (default ./touchpoint-data)\n"
    "  --cues FILE   a project cue file adding stages / pain points (locales/README.md)\n"
    "  --threads N   tagging threads (default: all cores)\n"
    "  --quiet       no progress on stderr\n";

}  // namespace

int RunRetag(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"survey", "data", "db", "cues", "threads"};
  spec.flags = {"quiet"};
  std::string err;
  auto args = Args::Parse(argv, 2, spec, &err);
  if (!args) {
    std::fprintf(stderr, "touchpoint retag: %s\n", err.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args->positional().empty() || !args->Has("survey")) {
    std::fprintf(stderr, "touchpoint retag: %s\n",
                 args->Has("survey") ? "unexpected argument" : "--survey ID is required");
    return kExitUsage;
  }
  const long long cores = std::max(1u, std::thread::hardware_concurrency());
  std::optional<long long> threads = args->GetInt("threads", cores, 1, 1024, &err);
  if (!threads) {
    std::fprintf(stderr, "touchpoint retag: %s\n", err.c_str());
    return kExitUsage;
  }
  if (args->Has("db")) {
    std::fprintf(stderr, "touchpoint retag: --db (PostgreSQL) is not available in this build; use --data\n");
    return kExitFailure;
  }
  const std::string survey = args->Get("survey");
  auto storage = collector::OpenSqliteStorage(args->Get("data", "./touchpoint-data"));
  if (!storage.ok()) {
    std::fprintf(stderr, "touchpoint retag: %s\n", storage.error().ToString().c_str());
    return kExitFailure;
  }
  if (auto s = (*storage)->GetSurvey(survey); !s.ok()) {
    std::fprintf(stderr, "touchpoint retag: %s\n", s.error().ToString().c_str());
    return kExitFailure;
  }
  analysis::TaggerOptions topts;
  topts.lexicon_dir = ShareDir() + "/lexicon";
  topts.extra_cues = args->Get("cues");
  auto tagger = analysis::Tagger::Load(topts);
  if (!tagger.ok()) {
    std::fprintf(stderr, "touchpoint retag: %s\n", tagger.error().ToString().c_str());
    return kExitFailure;
  }
  auto queued = (*storage)->RequeueSurvey(survey);
  if (!queued.ok()) {
    std::fprintf(stderr, "touchpoint retag: %s\n", queued.error().ToString().c_str());
    return kExitFailure;
  }
  const bool progress = !args->Has("quiet") && isatty(STDERR_FILENO);
  collector::TagPool pool(static_cast<int>(*threads));
  collector::DrainOptions dopts;
  dopts.pool = &pool;
  if (progress) {
    const int64_t total = *queued;
    dopts.progress = [total](int64_t done) {
      std::fprintf(stderr, "\rtagged %lld of %lld", static_cast<long long>(done),
                   static_cast<long long>(total));
    };
  }
  auto done = collector::DrainTagQueue(**storage, **tagger, dopts);
  if (progress) std::fputc('\n', stderr);
  if (!done.ok()) {
    std::fprintf(stderr, "touchpoint retag: %s\n", done.error().ToString().c_str());
    return kExitFailure;
  }
  std::printf("retagged %lld texts of survey %s\n", static_cast<long long>(*done), survey.c_str());
  return kExitOk;
}

}  // namespace touchpoint::app
