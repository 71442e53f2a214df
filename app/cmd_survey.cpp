// touchpoint survey publish FILE.json | list [--json] | show ID | close ID | submit ID FILE.jsonl — manage
// surveys in the data dir without a server (a running server sees the change on its next request).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "args.h"
#include "commands.h"
#include "data_dir.h"
#include "touchpoint/collector/service.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::app {
namespace {

constexpr char kUsage[] =
    "usage: touchpoint survey <action> [--data DIR]\n"
    "  publish FILE.json       validate and store a survey; prints its id\n"
    "  list [--json]           surveys with status and response counts\n"
    "  show ID                 the survey JSON with its status\n"
    "  close ID                stop accepting responses (idempotent)\n"
    "  submit ID FILE.jsonl    add responses (one Response JSON per line), validated like the API;\n"
    "                          prints 'submitted N, errors K'\n"
    "  --data DIR              data directory (default ./touchpoint-data)\n";

void PrintError(const char* action, const Error& e) {
  std::fprintf(stderr, "touchpoint survey %s: %s\n", action, e.ToString().c_str());
  for (const FieldError& d : e.details) {
    std::fprintf(stderr, "  %s: %s\n", d.field.c_str(), d.message.c_str());
  }
}

bool ReadWholeFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

int RunSurvey(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"data", "db"};
  spec.flags = {"json"};
  std::string error;
  auto args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint survey: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const auto& pos = args->positional();
  if (pos.empty()) {
    std::fprintf(stderr, "touchpoint survey: missing action (publish, list, show, close, submit)\n");
    return kExitUsage;
  }
  const std::string& action = pos[0];
  const size_t want = action == "list" ? 1 : action == "submit" ? 3 : 2;
  if (action != "publish" && action != "list" && action != "show" && action != "close" &&
      action != "submit") {
    std::fprintf(stderr, "touchpoint survey: unknown action '%s'\n", action.c_str());
    return kExitUsage;
  }
  if (pos.size() != want) {
    std::fprintf(stderr, "touchpoint survey %s: expected %zu argument(s), got %zu (see --help)\n",
                 action.c_str(), want - 1, pos.size() - 1);
    return kExitUsage;
  }
  if (args->Has("json") && action != "list") {
    std::fprintf(stderr, "touchpoint survey %s: --json only applies to list\n", action.c_str());
    return kExitUsage;
  }
  auto storage = OpenDataDir(*args, "survey " + action);
  if (!storage) return kExitFailure;
  collector::Collector collector(*storage);

  if (action == "publish") {
    std::string json;
    if (!ReadWholeFile(pos[1], &json)) {
      std::fprintf(stderr, "touchpoint survey publish: cannot read %s\n", pos[1].c_str());
      return kExitFailure;
    }
    auto id = collector.Publish(json);
    if (!id) {
      PrintError("publish", id.error());
      return kExitFailure;
    }
    std::printf("%s\n", id->c_str());
    return kExitOk;
  }
  if (action == "list") {
    auto list = collector.Summaries();
    if (!list) {
      PrintError("list", list.error());
      return kExitFailure;
    }
    if (args->Has("json")) {
      std::string out = "{\"surveys\":[";
      auto quote = [&out](const std::string& s) {
        out += '"';
        for (char c : s) {
          if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
          } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
            out += buf;
          } else {
            out += c;
          }
        }
        out += '"';
      };
      for (size_t i = 0; i < list->size(); ++i) {
        const auto& s = (*list)[i];
        if (i) out += ',';
        out += "{\"id\":";
        quote(s.id);
        out += ",\"title\":";
        quote(s.title);
        out += ",\"status\":";
        quote(s.status);
        out += ",\"responses\":";
        out += std::to_string(s.responses);
        out += '}';
      }
      std::printf("%s]}\n", out.c_str());
      return kExitOk;
    }
    size_t w = 2;
    for (const auto& s : *list) w = std::max(w, s.id.size());
    std::printf("%s  %-6s  %9s  %s\n", Pad("ID", w).c_str(), "STATUS", "RESPONSES", "TITLE");
    for (const auto& s : *list) {
      std::printf("%s  %-6s  %9lld  %s\n", Pad(s.id, w).c_str(), s.status.c_str(),
                  static_cast<long long>(s.responses), s.title.c_str());
    }
    return kExitOk;
  }
  if (action == "show") {
    auto json = collector.ShowJson(pos[1]);
    if (!json) {
      PrintError("show", json.error());
      return kExitFailure;
    }
    std::printf("%s\n", json->c_str());
    return kExitOk;
  }
  if (action == "close") {
    auto st = collector.Close(pos[1]);
    if (!st) {
      PrintError("close", st.error());
      return kExitFailure;
    }
    std::printf("closed %s\n", pos[1].c_str());
    return kExitOk;
  }
  // submit ID FILE.jsonl
  auto view = collector.Find(pos[1]);
  if (!view) {
    PrintError("submit", view.error());
    return kExitFailure;
  }
  std::ifstream in(pos[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "touchpoint survey submit: cannot read %s\n", pos[2].c_str());
    return kExitFailure;
  }
  long long submitted = 0, errors = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto r = collector.SubmitJson(pos[1], line);
    if (r) {
      ++submitted;
    } else {
      ++errors;
      std::fprintf(stderr, "%s:%lld: %s\n", pos[2].c_str(), line_no, r.error().ToString().c_str());
    }
  }
  std::printf("submitted %lld, errors %lld\n", submitted, errors);
  return kExitOk;
}

}  // namespace touchpoint::app
