// tag_line.cpp: see tag_line.h.
#include "touchpoint/analysis/tag_line.h"

#include "text.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {

namespace {

bool IsSupportedLang(std::string_view l) { return l == "en" || l == "ru" || l == "uk" || l == "ro"; }

}  // namespace

std::string TagLine(const Tagger& tagger, std::string_view line, uint64_t line_number,
                    const LineOptions& options, bool* ok) {
  if (ok) *ok = false;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t first = line.find_first_not_of(" \t");
  bool json = options.format == InputFormat::kJsonl ||
              (options.format == InputFormat::kAuto && first != std::string_view::npos && line[first] == '{');
  TagInput input;
  input.lang = options.default_lang;
  std::string id_json;
  Result<JsonValue> parsed = JsonValue();
  if (!json) {
    id_json = "\"" + std::to_string(line_number) + "\"";
    input.text = line;
  } else {
    if (first == std::string_view::npos)
      return ErrorLineJson("", "line " + std::to_string(line_number) + ": empty line");
    parsed = ParseJson(line);
    if (!parsed.ok())
      return ErrorLineJson("", "line " + std::to_string(line_number) + ": " + parsed.error().message);
    const JsonValue& obj = *parsed;
    if (obj.type != JsonValue::Type::kObject) {
      return ErrorLineJson("", "line " + std::to_string(line_number) + ": not a JSON object");
    }
    if (const JsonValue* id = obj.Find("id"); id && FindInvalidUtf8(id->raw) == std::string_view::npos) {
      id_json.assign(id->raw);
    }
    const JsonValue* text = obj.Find("text");
    if (!text || !text->is_string()) return ErrorLineJson(id_json, "text: missing or not a string");
    input.text = text->str;
    if (const JsonValue* lang = obj.Find("lang"); lang && lang->is_string() && IsSupportedLang(lang->str)) {
      input.lang = lang->str;
    }
    if (const JsonValue* stage = obj.Find("stage"); stage && stage->is_string())
      input.stage_prior = stage->str;
    if (const JsonValue* tp = obj.Find("touchpoint"); tp && tp->is_string()) input.touchpoint_prior = tp->str;
  }
  Result<Tags> tags = tagger.Tag(input);
  if (!tags.ok()) return ErrorLineJson(id_json, tags.error().ToString());
  if (ok) *ok = true;
  return TagsToJson(*tags, id_json);
}

}  // namespace touchpoint::analysis
