// touchpoint eval: tags the texts of a labelled JSONL file (honouring each row's lang) and scores them the
// way eval/score.py does (analysis/metrics.h).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "args.h"
#include "commands.h"
#include "touchpoint/analysis/json.h"
#include "touchpoint/analysis/metrics.h"
#include "touchpoint/analysis/tagger.h"

namespace touchpoint::app {

namespace {

const char kUsage[] =
    "usage: touchpoint eval --task sentiment|stages|pain_points FILE.jsonl [--json] [--pred FILE] [--threads "
    "N]\n"
    "                       [--cues FILE]\n"
    "Tags the texts of FILE.jsonl and scores them against its gold labels like eval/score.py:\n"
    "sentiment gold in \"label\" (or \"sentiment\"), tag gold in \"stages\" / \"pain_points\" lists.\n"
    "  --json     print the metrics as one JSON object instead of the report\n"
    "  --pred     also write the predictions (JSONL, `touchpoint tag` format) to FILE\n"
    "  --threads  worker threads (default: all cores)\n";

struct Row {
  std::string id;
  std::string text;
  std::string lang;
  bool has_text = false;
  std::string gold_label;                          // sentiment
  std::optional<std::set<std::string>> gold_tags;  // stages / pain_points
};

// score.py's str(obj["id"]).
std::string IdString(const analysis::JsonValue& v) {
  if (v.type == analysis::JsonValue::Type::kString) return v.str;
  if (v.type == analysis::JsonValue::Type::kBool) return v.boolean ? "True" : "False";
  if (v.type == analysis::JsonValue::Type::kNull) return "None";
  return std::string(v.raw);
}

// score.py's tag_list(): nullopt when the field is absent.
std::optional<std::set<std::string>> TagList(const analysis::JsonValue& obj, const std::string& field) {
  const analysis::JsonValue* v = obj.Find(field);
  if (v && v->type == analysis::JsonValue::Type::kNull) v = nullptr;
  if (!v) {
    const analysis::JsonValue* tags = obj.Find("tags");
    if (tags && tags->type == analysis::JsonValue::Type::kObject) v = tags->Find(field);
    if (v && v->type == analysis::JsonValue::Type::kNull) v = nullptr;
  }
  if (!v) return std::nullopt;
  std::set<std::string> out;
  auto add = [&](const analysis::JsonValue& it) {
    const analysis::JsonValue* s = &it;
    if (it.type == analysis::JsonValue::Type::kObject) {
      s = it.Find("id");
      if (!s) s = it.Find("label");
      if (!s) s = it.Find("name");
    }
    if (s && s->is_string()) {
      std::string t = s->str;
      size_t b = t.find_first_not_of(" \t\r\n\f\v");
      size_t e = t.find_last_not_of(" \t\r\n\f\v");
      if (b != std::string::npos) out.insert(t.substr(b, e - b + 1));
    }
  };
  if (v->is_string()) {
    add(*v);
  } else if (v->type == analysis::JsonValue::Type::kArray) {
    for (const auto& it : v->items) add(it);
  }
  return out;
}

}  // namespace

int RunEval(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"task", "pred", "threads", "cues"};
  spec.flags = {"json"};
  std::string error;
  std::optional<Args> args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint eval: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const std::string task = args->Get("task");
  if (task != "sentiment" && task != "stages" && task != "pain_points") {
    std::fputs("touchpoint eval: --task must be sentiment, stages or pain_points\n", stderr);
    return kExitUsage;
  }
  if (args->positional().size() != 1) {
    std::fputs("touchpoint eval: expected exactly one FILE.jsonl\n", stderr);
    return kExitUsage;
  }
  long long cores = std::max(1u, std::thread::hardware_concurrency());
  std::optional<long long> threads = args->GetInt("threads", cores, 1, 1024, &error);
  if (!threads) {
    std::fprintf(stderr, "touchpoint eval: %s\n", error.c_str());
    return kExitUsage;
  }
  const std::string path = args->positional()[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "touchpoint eval: cannot read %s\n", path.c_str());
    return kExitFailure;
  }
  std::vector<Row> rows;
  std::unordered_set<std::string> seen;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    size_t b = line.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string::npos) continue;
    auto parsed = analysis::ParseJson(line);
    if (!parsed.ok()) {
      std::fprintf(stderr, "touchpoint eval: %s:%zu: %s\n", path.c_str(), number,
                   parsed.error().message.c_str());
      return kExitFailure;
    }
    const analysis::JsonValue& obj = *parsed;
    const analysis::JsonValue* id = obj.type == analysis::JsonValue::Type::kObject ? obj.Find("id") : nullptr;
    if (!id) {
      std::fprintf(stderr, "touchpoint eval: %s:%zu: line without id\n", path.c_str(), number);
      return kExitFailure;
    }
    Row row;
    row.id = IdString(*id);
    if (!seen.insert(row.id).second) {
      std::fprintf(stderr, "touchpoint eval: %s:%zu: duplicate id '%s'\n", path.c_str(), number,
                   row.id.c_str());
      return kExitFailure;
    }
    if (const auto* text = obj.Find("text"); text && text->is_string()) {
      row.text = text->str;
      row.has_text = true;
    }
    if (const auto* lang = obj.Find("lang"); lang && lang->is_string()) row.lang = lang->str;
    if (task == "sentiment") {
      const auto* label = obj.Find("label");
      if (!label) {
        const auto* s = obj.Find("sentiment");
        if (s && s->is_string()) label = s;
      }
      if (!label || !label->is_string() ||
          (label->str != "positive" && label->str != "negative" && label->str != "neutral")) {
        std::fprintf(stderr, "touchpoint eval: %s:%zu: gold label not positive, negative or neutral\n",
                     path.c_str(), number);
        return kExitFailure;
      }
      row.gold_label = label->str;
    } else {
      row.gold_tags = TagList(obj, task);
    }
    rows.push_back(std::move(row));
  }

  analysis::TaggerOptions topts;
  topts.lexicon_dir = ShareDir() + "/lexicon";
  topts.extra_cues = args->Get("cues");
  auto tagger = analysis::Tagger::Load(topts);
  if (!tagger.ok()) {
    std::fprintf(stderr, "touchpoint eval: %s\n", tagger.error().ToString().c_str());
    return kExitFailure;
  }
  std::vector<std::optional<analysis::Tags>> tags(rows.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < rows.size();) {
      if (!rows[i].has_text) continue;
      analysis::TagInput input;
      input.text = rows[i].text;
      input.lang = rows[i].lang;
      auto r = (*tagger)->Tag(input);
      if (r.ok()) tags[i] = std::move(*r);
    }
  };
  std::vector<std::thread> pool;
  for (long long k = 1; k < *threads; ++k) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();

  if (args->Has("pred")) {
    std::ofstream out(args->Get("pred"), std::ios::binary);
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string id_json = analysis::JsonString(rows[i].id);
      out << (tags[i] ? analysis::TagsToJson(*tags[i], id_json)
                      : analysis::ErrorLineJson(id_json, "not tagged"))
          << '\n';
    }
    if (!out) {
      std::fprintf(stderr, "touchpoint eval: cannot write %s\n", args->Get("pred").c_str());
      return kExitFailure;
    }
  }

  std::string report;
  if (task == "sentiment") {
    std::vector<std::string> gold;
    std::vector<std::optional<std::string>> pred;
    for (size_t i = 0; i < rows.size(); ++i) {
      gold.push_back(rows[i].gold_label);
      pred.push_back(tags[i] ? std::optional<std::string>(tags[i]->sentiment) : std::nullopt);
    }
    auto scores = analysis::ScoreSentiment(gold, pred);
    report = args->Has("json") ? analysis::SentimentScoresJson(scores) + "\n"
                               : analysis::FormatSentimentScores(scores);
  } else {
    std::vector<std::optional<std::set<std::string>>> gold, pred;
    for (size_t i = 0; i < rows.size(); ++i) {
      gold.push_back(rows[i].gold_tags);
      if (tags[i]) {
        const auto& list = task == "stages" ? tags[i]->stages : tags[i]->pain_points;
        pred.emplace_back(std::set<std::string>(list.begin(), list.end()));
      } else {
        pred.emplace_back(std::nullopt);
      }
    }
    auto scores = analysis::ScoreTags(gold, pred);
    report = args->Has("json") ? analysis::TagScoresJson(scores) + "\n" : analysis::FormatTagScores(scores);
  }
  std::fputs(report.c_str(), stdout);
  return kExitOk;
}

}  // namespace touchpoint::app
