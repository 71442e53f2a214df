// tag_line.cpp: see tag_line.h.
#include "touchpoint/analysis/tag_line.h"

#include <charconv>

#include "text.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {

namespace {

bool IsSupportedLang(std::string_view l) { return l == "en" || l == "ru" || l == "uk" || l == "ro"; }

}  // namespace

std::string TagLine(const Tagger& tagger, std::string_view line, uint64_t line_number,
                    const LineOptions& options, bool* ok) {
  std::string out;
  const bool line_ok = TagLine(tagger, line, line_number, options, &out);
  if (ok) *ok = line_ok;
  return out;
}

bool TagLine(const Tagger& tagger, std::string_view line, uint64_t line_number, const LineOptions& options,
             std::string* out) {
  out->clear();
  // Error lines: *out = the error, not ok.
  auto error = [out](std::string_view id_json, std::string_view message) {
    *out = ErrorLineJson(id_json, message);
    return false;
  };
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t first = line.find_first_not_of(" \t");
  bool json = options.format == InputFormat::kJsonl ||
              (options.format == InputFormat::kAuto && first != std::string_view::npos && line[first] == '{');
  TagInput input;
  input.lang = options.default_lang;
  std::string id_json;
  Result<JsonValue> parsed = JsonValue();
  if (!json) {
    char buf[24];
    id_json.push_back('"');
    id_json.append(buf, std::to_chars(buf, buf + sizeof buf, line_number).ptr);
    id_json.push_back('"');
    input.text = line;
  } else {
    if (first == std::string_view::npos)
      return error("", "line " + std::to_string(line_number) + ": empty line");
    parsed = ParseJson(line);
    if (!parsed.ok()) return error("", "line " + std::to_string(line_number) + ": " + parsed.error().message);
    const JsonValue& obj = *parsed;
    if (obj.type != JsonValue::Type::kObject) {
      return error("", "line " + std::to_string(line_number) + ": not a JSON object");
    }
    if (const JsonValue* id = obj.Find("id"); id && FindInvalidUtf8(id->raw) == std::string_view::npos) {
      id_json.assign(id->raw);
    }
    const JsonValue* text = obj.Find("text");
    if (!text || !text->is_string()) return error(id_json, "text: missing or not a string");
    input.text = text->str;
    if (const JsonValue* lang = obj.Find("lang"); lang && lang->is_string() && IsSupportedLang(lang->str)) {
      input.lang = lang->str;
    }
    if (const JsonValue* stage = obj.Find("stage"); stage && stage->is_string())
      input.stage_prior = stage->str;
    if (const JsonValue* tp = obj.Find("touchpoint"); tp && tp->is_string()) input.touchpoint_prior = tp->str;
  }
  Result<Tags> tags = tagger.Tag(input);
  if (!tags.ok()) return error(id_json, tags.error().ToString());
  AppendTagsJson(*tags, id_json, out);
  return true;
}

}  // namespace touchpoint::analysis
