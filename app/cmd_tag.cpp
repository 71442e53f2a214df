// touchpoint tag: tags feedback read from stdin (JSONL or plain text), one JSONL result per input line, in
// input order. A reader fills bounded batches, worker threads tag a batch, the writer emits it in order;
// memory stays constant whatever the input size.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "args.h"
#include "commands.h"
#include "touchpoint/analysis/tag_line.h"
#include "touchpoint/analysis/tagger.h"
#include "touchpoint/analysis/worker_pool.h"

namespace touchpoint::app {

namespace {

constexpr size_t kMaxLineBytes = 8u << 20;  // longer lines are an error for that line
constexpr size_t kBatchLines = 4096;
constexpr size_t kBatchBytes = 16u << 20;

const char kUsage[] =
    "usage: touchpoint tag [--lang auto|en|ru|uk|ro] [--format auto|jsonl|text] [--threads N] [--cues FILE]\n"
    "                      [--quiet]\n"
    "Reads feedback from stdin, one item per line: JSONL {\"id\",\"text\",\"lang\",\"stage\",\"touchpoint\"} "
    "or\n"
    "plain text (the id is the line number). Writes one JSON result per line to stdout, in input order.\n"
    "  --lang     language when a line has none (default auto: detect)\n"
    "  --format   input format (default auto: a line starting with '{' is JSON)\n"
    "  --threads  worker threads (default: all cores)\n"
    "  --cues     project cue file adding stages / pain points / cues (locales/README.md)\n"
    "  --quiet    no summary on stderr\n";

// Reads lines of at most kMaxLineBytes; a longer line is returned truncated with *too_long set and the rest
// of it skipped.
class LineReader {
 public:
  explicit LineReader(FILE* in) : in_(in) {}

  bool Next(std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    while (true) {
      if (pos_ == len_) {
        len_ = std::fread(buf_, 1, sizeof buf_, in_);
        pos_ = 0;
        if (len_ == 0) return !line->empty() || *too_long;
      }
      const char* start = buf_ + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      size_t n = nl ? static_cast<size_t>(nl - start) : len_ - pos_;
      if (!*too_long) {
        size_t room = kMaxLineBytes - line->size();
        if (n > room) {
          *too_long = true;
        } else {
          line->append(start, n);
        }
      }
      pos_ += n;
      if (nl) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  FILE* in_;
  char buf_[1 << 16];
  size_t pos_ = 0, len_ = 0;
};

}  // namespace

int RunTag(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"lang", "format", "threads", "cues"};
  spec.flags = {"quiet"};
  std::string error;
  std::optional<Args> args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint tag: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args->positional().empty()) {
    std::fprintf(stderr, "touchpoint tag: unexpected argument '%s' (input is read from stdin)\n",
                 args->positional()[0].c_str());
    return kExitUsage;
  }
  analysis::LineOptions options;
  std::string lang = args->Get("lang", "auto");
  if (lang != "auto" && lang != "en" && lang != "ru" && lang != "uk" && lang != "ro") {
    std::fprintf(stderr, "touchpoint tag: --lang must be auto, en, ru, uk or ro (got '%s')\n", lang.c_str());
    return kExitUsage;
  }
  options.default_lang = lang == "auto" ? "" : lang;
  std::string format = args->Get("format", "auto");
  if (format == "auto") {
    options.format = analysis::InputFormat::kAuto;
  } else if (format == "jsonl") {
    options.format = analysis::InputFormat::kJsonl;
  } else if (format == "text") {
    options.format = analysis::InputFormat::kText;
  } else {
    std::fprintf(stderr, "touchpoint tag: --format must be auto, jsonl or text (got '%s')\n", format.c_str());
    return kExitUsage;
  }
  long long cores = std::max(1u, std::thread::hardware_concurrency());
  std::optional<long long> threads = args->GetInt("threads", cores, 1, 1024, &error);
  if (!threads) {
    std::fprintf(stderr, "touchpoint tag: %s\n", error.c_str());
    return kExitUsage;
  }
  analysis::TaggerOptions topts;
  topts.lexicon_dir = ShareDir() + "/lexicon";
  topts.extra_cues = args->Get("cues");
  auto tagger = analysis::Tagger::Load(topts);
  if (!tagger.ok()) {
    std::fprintf(stderr, "touchpoint tag: %s\n", tagger.error().ToString().c_str());
    return kExitFailure;
  }
  const analysis::Tagger& t = **tagger;

  LineReader reader(stdin);
  analysis::WorkerPool pool(static_cast<int>(*threads));
  std::vector<std::string> lines, outputs;
  std::vector<uint8_t> too_long, ok;
  uint64_t line_number = 0, total = 0, errors = 0;
  bool eof = false;
  // Large stdout buffer: one write per ~1 MiB of results.
  static char out_buf[1 << 20];
  std::setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
  while (!eof) {
    // Line strings are reused from batch to batch (no allocation per line once their capacity is reached).
    size_t count = 0, bytes = 0;
    too_long.clear();
    while (count < kBatchLines && bytes < kBatchBytes) {
      if (count == lines.size()) lines.emplace_back();
      bool long_line;
      if (!reader.Next(&lines[count], &long_line)) {
        eof = true;
        break;
      }
      bytes += lines[count].size();
      ++count;
      too_long.push_back(long_line);
    }
    if (count == 0) break;
    outputs.resize(count);
    ok.assign(count, 0);
    const uint64_t base = line_number;
    auto work = [&](size_t i) {
      if (too_long[i]) {
        outputs[i] =
            analysis::ErrorLineJson("", "line " + std::to_string(base + i + 1) + ": longer than 8 MiB");
      } else {
        ok[i] = analysis::TagLine(t, lines[i], base + i + 1, options, &outputs[i]);
      }
    };
    pool.Run(count, std::function<void(size_t)>(work));
    for (size_t i = 0; i < count; ++i) {
      std::string& out = outputs[i];
      errors += !ok[i];
      out.push_back('\n');
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    line_number += count;
    total += count;
  }
  if (std::fflush(stdout) != 0) {
    std::fputs("touchpoint tag: cannot write output\n", stderr);
    return kExitFailure;
  }
  if (!args->Has("quiet")) {
    std::fprintf(stderr, "touchpoint tag: %llu lines, %llu errors\n", static_cast<unsigned long long>(total),
                 static_cast<unsigned long long>(errors));
  }
  // Output is flushed: end the process here, without tearing down the lexicons and the per-thread word caches
  // (tens of milliseconds with all four languages loaded, for nothing).
  std::fflush(stderr);
  std::_Exit(kExitOk);
}

}  // namespace touchpoint::app
