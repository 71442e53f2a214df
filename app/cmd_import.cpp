// touchpoint import: reviews (Play, App Store, Trustpilot, Yelp, Amazon, generic CSV/JSONL) and interview
// transcripts (WebVTT, SRT, text) into a survey (CONTRACT.md "Importing"). Parsing and storing live in
// collector/importers (shared with the HTTP import route); this file maps flags to ImportOptions, reports
// bad rows (stderr and --errors FILE), shows progress on a terminal. Items are tagged batch by batch in
// memory on --threads threads by the shared tagging function (collector::TagTexts, as `touchpoint retag`) and
// stored with their tags in the same transaction; whatever is still queued (an earlier --no-tag import) is
// tagged at the end through collector::DrainTagQueue.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "args.h"
#include "commands.h"
#include "touchpoint/analysis/json.h"
#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/importer.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/collector/tagging.h"

namespace touchpoint::app {
namespace {

namespace imp = collector::importers;

constexpr char kUsage[] =
    "usage: touchpoint import --survey ID --format FMT FILE... [options]\n"
    "\n"
    "Imports reviews or interview transcripts into a survey; re-importing adds nothing.\n"
    "  --survey ID            the survey (must exist in the data dir)\n"
    "  --format FMT           googleplay | appstore | trustpilot | yelp | amazon | csv | jsonl |\n"
    "                         vtt | srt | txt | auto (default: auto, picks what it can tell)\n"
    "  FILE...                files to import ('-' reads standard input)\n"
    "  --data DIR             data directory (default ./touchpoint-data)\n"
    "  --map k=Col,...        csv/jsonl: text=Review,rating=Stars,date=Date,lang=Language,author=User,\n"
    "                         id=ReviewId,title=Title (jsonl: dotted paths such as review.body)\n"
    "  --delimiter X          csv: ',' ';' 'tab' or any one character (default: detected)\n"
    "  --rating-scale N       csv/jsonl: ratings are 1..N, mapped linearly onto 1..5 (default 5)\n"
    "  --interviewer NAME     transcripts: this speaker is the researcher (repeatable); kept, not tagged\n"
    "  --interview ID         transcripts: interview id (default: the file name without extension)\n"
    "  --errors FILE          also write bad rows as JSONL {\"line\":N,\"error\":\"...\",\"file\":\"...\"}\n"
    "  --no-tag               store only; tag later with 'touchpoint retag' or the server\n"
    "  --threads N            tagging threads (default: all cores)\n"
    "  --quiet                no progress on stderr\n"
    "\n"
    "The last line on stdout reads 'imported N, skipped M, errors K' (skipped = already stored).\n"
    "Exit 0 if anything was imported or already there, 1 if a file could not be read as a whole.\n";

constexpr int64_t kMaxStderrErrors = 1000;

// "\rfile: 12,345 rows  2,345 rows/s  45%  ETA 0:12" on a terminal, at most ~8 times a second.
class ProgressBar {
 public:
  ProgressBar(std::string name, uint64_t total_bytes)
      : name_(std::move(name)), total_(total_bytes), start_(std::chrono::steady_clock::now()) {}

  void Update(int64_t rows, uint64_t bytes, bool final) {
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(125)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? rows / secs : 0;
    std::string line = "\r" + name_ + ": " + std::to_string(rows) + " rows  " +
                       std::to_string(static_cast<int64_t>(rate)) + " rows/s";
    if (total_ > 0 && bytes > 0) {
      const double frac = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_));
      const int64_t eta = frac > 0 ? static_cast<int64_t>(secs / frac - secs) : 0;
      char buf[64];
      std::snprintf(buf, sizeof buf, "  %3d%%  ETA %lld:%02lld", static_cast<int>(frac * 100),
                    static_cast<long long>(eta / 60), static_cast<long long>(eta % 60));
      line += buf;
    }
    line += "   ";
    std::fputs(line.c_str(), stderr);
    if (final) std::fputc('\n', stderr);
  }

 private:
  std::string name_;
  uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_{};
};

}  // namespace

int RunImport(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"survey",       "format",      "data",      "db",     "map",    "delimiter",
                     "rating-scale", "interviewer", "interview", "errors", "threads"};
  spec.flags = {"quiet", "no-tag"};
  spec.repeatable = {"interviewer"};
  std::string err;
  auto args = Args::Parse(argv, 2, spec, &err);
  auto usage_error = [](const std::string& msg) {
    std::fprintf(stderr, "touchpoint import: %s\n", msg.c_str());
    return kExitUsage;
  };
  if (!args) return usage_error(err);
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args->Has("survey")) return usage_error("--survey ID is required");
  if (args->positional().empty()) return usage_error("no FILE given");

  imp::ImportOptions options;
  options.survey_id = args->Get("survey");
  options.format = args->Get("format", "auto");
  bool known = options.format == "auto";
  for (const imp::FormatInfo& f : imp::Formats()) known = known || options.format == f.id;
  if (!known) {
    return usage_error("unknown --format '" + options.format +
                       "' (googleplay, appstore, trustpilot, yelp, amazon, csv, jsonl, vtt, srt, txt, auto)");
  }
  if (args->Has("map")) {
    auto map = imp::ParseFieldMap(args->Get("map"));
    if (!map.ok()) return usage_error(map.error().ToString());
    options.map = std::move(*map);
  }
  if (args->Has("delimiter")) {
    const std::string d = args->Get("delimiter");
    if (d == "tab" || d == "\\t" || d == "\t") {
      options.delimiter = '\t';
    } else if (d.size() == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r') {
      options.delimiter = d[0];
    } else {
      return usage_error("--delimiter must be one character or 'tab', got '" + d + "'");
    }
  }
  if (args->Has("rating-scale")) {
    auto scale = args->GetInt("rating-scale", 5, 2, 1000, &err);
    if (!scale) return usage_error(err);
    options.rating_scale = static_cast<double>(*scale);
  }
  const long long cores = std::max(1u, std::thread::hardware_concurrency());
  std::optional<long long> threads = args->GetInt("threads", cores, 1, 1024, &err);
  if (!threads) return usage_error(err);
  options.interviewers = args->GetAll("interviewer");
  options.interview = args->Get("interview");
  if (args->Has("db")) {
    std::fprintf(stderr, "touchpoint import: --db (PostgreSQL) is not available in this build; use --data\n");
    return kExitFailure;
  }

  auto storage = collector::OpenSqliteStorage(args->Get("data", "./touchpoint-data"));
  if (!storage.ok()) {
    std::fprintf(stderr, "touchpoint import: %s\n", storage.error().ToString().c_str());
    return kExitFailure;
  }
  if (auto s = (*storage)->GetSurvey(options.survey_id); !s.ok()) {
    std::fprintf(stderr, "touchpoint import: %s\n", s.error().ToString().c_str());
    return kExitFailure;
  }

  std::unique_ptr<std::ofstream> errors_file;
  if (args->Has("errors")) {
    errors_file = std::make_unique<std::ofstream>(args->Get("errors"), std::ios::binary | std::ios::trunc);
    if (!*errors_file) {
      std::fprintf(stderr, "touchpoint import: %s: cannot open for writing\n", args->Get("errors").c_str());
      return kExitFailure;
    }
  }

  // The tagger tags every batch before it is stored (and names the language of items whose source names
  // none); without it items are stored queued for tagging.
  std::shared_ptr<const analysis::Tagger> tagger;
  std::unique_ptr<collector::TagPool> pool;
  if (!args->Has("no-tag")) {
    analysis::TaggerOptions topts;
    topts.lexicon_dir = ShareDir() + "/lexicon";
    auto loaded = analysis::Tagger::Load(topts);
    if (loaded.ok()) {
      tagger = *loaded;
      pool = std::make_unique<collector::TagPool>(static_cast<int>(*threads));
      options.tagger = tagger.get();
      options.pool = pool.get();
    } else {
      std::fprintf(stderr, "touchpoint import: warning: no tagger (%s); items are stored untagged\n",
                   loaded.error().ToString().c_str());
    }
  }

  const bool tty = !args->Has("quiet") && isatty(STDERR_FILENO);
  imp::ImportSummary total;
  bool file_failed = false;
  int64_t reported = 0;
  for (const std::string& path : args->positional()) {
    const bool is_stdin = path == "-";
    const std::string name = is_stdin ? "stdin" : path;
    std::error_code ec;
    const uint64_t size = is_stdin ? 0 : std::filesystem::file_size(path, ec);
    ProgressBar bar(std::filesystem::path(name).filename().string(), ec ? 0 : size);
    imp::ImportCallbacks cb;
    cb.on_error = [&](const imp::RowError& e) {
      if (reported < kMaxStderrErrors) {
        std::fprintf(stderr, "%s%s:%lld: %s\n", tty ? "\r" : "", name.c_str(), static_cast<long long>(e.line),
                     e.message.c_str());
      } else if (reported == kMaxStderrErrors) {
        std::fprintf(stderr, "touchpoint import: more bad rows not shown%s\n",
                     errors_file ? " (all are in the --errors file)" : "; use --errors FILE");
      }
      ++reported;
      if (errors_file) {
        *errors_file << "{\"line\":" << e.line << ",\"error\":" << analysis::JsonString(e.message)
                     << ",\"file\":" << analysis::JsonString(name) << "}\n";
      }
    };
    if (tty) cb.on_progress = [&](int64_t rows, uint64_t bytes) { bar.Update(rows, bytes, false); };
    Result<imp::ImportSummary> r = is_stdin ? imp::ImportStream(**storage, options, std::cin, name, cb)
                                            : imp::ImportFile(**storage, options, path, cb);
    if (tty) bar.Update(r.ok() ? r->imported + r->skipped : 0, size, true);
    if (!r.ok()) {
      std::fprintf(stderr, "touchpoint import: %s: %s\n", name.c_str(), r.error().ToString().c_str());
      file_failed = true;
      continue;
    }
    total.imported += r->imported;
    total.skipped += r->skipped;
    total.errors += r->errors;
  }
  if (errors_file) errors_file->flush();

  if (tagger && total.imported > 0) {
    collector::DrainOptions dopts;
    dopts.pool = pool.get();
    if (tty) {
      dopts.progress = [](int64_t done) {
        std::fprintf(stderr, "\rtagged %lld", static_cast<long long>(done));
      };
    }
    auto tagged = collector::DrainTagQueue(**storage, *tagger, dopts);
    if (tty) std::fputc('\n', stderr);
    if (!tagged.ok()) {
      std::fprintf(stderr, "touchpoint import: tagging: %s (run 'touchpoint retag' later)\n",
                   tagged.error().ToString().c_str());
    }
  }

  std::printf("imported %lld, skipped %lld, errors %lld\n", static_cast<long long>(total.imported),
              static_cast<long long>(total.skipped), static_cast<long long>(total.errors));
  if (file_failed) return kExitFailure;
  return total.imported + total.skipped > 0 ? kExitOk : kExitFailure;
}

}  // namespace touchpoint::app
