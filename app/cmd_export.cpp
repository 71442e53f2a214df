// touchpoint export --survey ID --format csv|json [--out FILE] [--bom] [--items]: responses (or, with
// --items, imported feedback items) with their tags, as the HTTP export does.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "args.h"
#include "commands.h"
#include "data_dir.h"
#include "touchpoint/collector/service.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::app {

int RunExport(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"data", "db", "survey", "format", "out"};
  spec.flags = {"bom", "items"};
  std::string error;
  auto args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint export: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(
        "usage: touchpoint export --survey ID --format csv|json [--out FILE] [--bom] [--items] [--data DIR]\n"
        "  --format   csv (one row per response, tags per text question) or json (responses and feedback)\n"
        "  --out      write to FILE (default: standard output)\n"
        "  --bom      start with a UTF-8 byte order mark (Excel)\n"
        "  --items    CSV of imported feedback items (reviews, interview turns) instead of responses\n",
        stdout);
    return kExitOk;
  }
  if (!args->positional().empty()) {
    std::fprintf(stderr, "touchpoint export: unexpected argument '%s'\n", args->positional()[0].c_str());
    return kExitUsage;
  }
  if (!args->Has("survey")) {
    std::fprintf(stderr, "touchpoint export: --survey ID is required\n");
    return kExitUsage;
  }
  collector::ExportOptions options;
  const std::string format = args->Get("format", "csv");
  if (format == "csv") {
    options.format = collector::ExportFormat::kCsv;
  } else if (format == "json") {
    options.format = collector::ExportFormat::kJson;
  } else if (format == "xlsx" || format == "sav" || format == "qdpx") {
    std::fprintf(stderr, "touchpoint export: --format %s is not available in this build yet\n",
                 format.c_str());
    return kExitFailure;
  } else {
    std::fprintf(stderr, "touchpoint export: --format must be csv or json, got '%s'\n", format.c_str());
    return kExitUsage;
  }
  options.bom = args->Has("bom");
  options.items = args->Has("items");
  if (options.items && options.format != collector::ExportFormat::kCsv) {
    std::fprintf(stderr, "touchpoint export: --items is a CSV mode (JSON always holds the feedback items)\n");
    return kExitUsage;
  }
  auto storage = OpenDataDir(*args, "export", {.create = false, .must_exist = true});
  if (!storage) return kExitFailure;
  collector::Collector collector(*storage);
  auto view = collector.Find(args->Get("survey"));
  if (!view) {
    std::fprintf(stderr, "touchpoint export: %s\n", view.error().ToString().c_str());
    return kExitFailure;
  }
  if (!args->Has("out")) {
    Status st = collector.Export(*view, options, std::cout);
    std::cout.flush();
    if (!st) {
      std::fprintf(stderr, "touchpoint export: %s\n", st.error().ToString().c_str());
      return kExitFailure;
    }
    return kExitOk;
  }
  // Write beside the target and rename, so a failed export never leaves a half file under FILE.
  const std::string out_path = args->Get("out");
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::fprintf(stderr, "touchpoint export: cannot write %s\n", tmp.c_str());
      return kExitFailure;
    }
    Status st = collector.Export(*view, options, out);
    out.flush();
    if (!st || !out) {
      std::fprintf(stderr, "touchpoint export: %s\n",
                   st ? ("cannot write " + tmp).c_str() : st.error().ToString().c_str());
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return kExitFailure;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) {
    std::fprintf(stderr, "touchpoint export: cannot write %s: %s\n", out_path.c_str(), ec.message().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace touchpoint::app
