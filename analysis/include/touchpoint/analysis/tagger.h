// tagger.h: Tagger labels one piece of customer feedback with its language, sentiment, journey stages, pain
// points, touchpoints and emotions, each label with code-point evidence spans (CONTRACT.md "Tagging",
// TAXONOMY.md). Rule- and lexicon-based per language (en, ru, uk, ro).
//
// A Tagger is immutable once loaded: Tag() is const and may be called from any number of threads without
// external synchronization. Load one and share it (std::shared_ptr<const Tagger>).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::analysis {

struct Evidence {
  std::string kind;  // sentiment | stage | pain_point | touchpoint | emotion
  std::string label;
  int64_t start = 0;  // code-point offsets into the text as given, end exclusive
  int64_t end = 0;
  bool from_question = false;  // label comes only from survey question metadata ("source":"question")
};

struct Tags {
  std::string lang;                   // en | ru | uk | ro | und
  std::string sentiment = "neutral";  // positive | negative | neutral
  double score = 0;                   // [-1, 1], sign agrees with a non-neutral label
  std::vector<std::string> stages, pain_points, touchpoints, emotions;
  std::vector<Evidence> evidence;
};

struct TagInput {
  std::string_view text;         // UTF-8; invalid UTF-8 is an Error
  std::string_view lang;         // "" or "auto" = detect; en|ru|uk|ro wins over detection; others ignored
  std::string_view stage_prior;  // survey question's stage, "" if none
  std::string_view touchpoint_prior;
};

struct TaggerOptions {
  std::string lexicon_dir;  // <share>/lexicon, holding <lang>/*.tsv; see locales/README.md
  std::string extra_cues;   // optional project file adding stages / pain points / cues (no recompiling)
};

class Tagger {
 public:
  // Loads all four languages. Errors name the file and line ("uk/stages.tsv:17: unknown label 'foo'").
  static Result<std::shared_ptr<const Tagger>> Load(const TaggerOptions& options);
  virtual ~Tagger() = default;
  // Error (kInvalid) for empty text or invalid UTF-8; the result does not refer to `input`.
  virtual Result<Tags> Tag(const TagInput& input) const = 0;
  // Changes when lexicons change (hash of loaded data), stored with tags so stale ones can be found.
  virtual std::string Version() const = 0;
};

// One output line of `touchpoint tag` (without trailing newline):
// {"id":...,"lang":...,"sentiment":{...},...}. `id_json` is the id as a JSON token, echoed as given (`"17"`,
// `17`); an empty one is written as null.
std::string TagsToJson(const Tags& tags, std::string_view id_json);
// The same appended to *out (no allocation once *out has the capacity).
void AppendTagsJson(const Tags& tags, std::string_view id_json, std::string* out);
std::string ErrorLineJson(std::string_view id_json, std::string_view error);

}  // namespace touchpoint::analysis
