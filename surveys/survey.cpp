// ParseSurvey / SurveyToJson and the Survey model helpers.
#include "touchpoint/surveys/survey.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "json.h"
#include "text.h"

namespace touchpoint::surveys {

namespace {

constexpr size_t kMaxSurveyBytes = 1 << 20;
constexpr size_t kMaxQuestions = 500;
constexpr size_t kMaxOptions = 200;
constexpr size_t kMaxTextCodePoints = 10000;
constexpr size_t kMaxLanguages = 50;
constexpr size_t kMaxStages = 50;
constexpr size_t kMaxDetails = 200;  // problems listed in Error::details; the message counts all
constexpr int64_t kMaxScaleSpan = 100;
constexpr int64_t kMaxScaleMagnitude = 1000000;

using json::Value;

std::string Quote(std::string_view s) { return "'" + text::Truncate(s, 64) + "'"; }

bool IsChoiceType(QuestionType t) {
  return t == QuestionType::kSingleChoice || t == QuestionType::kMultipleChoice ||
         t == QuestionType::kLikert || t == QuestionType::kRanking;
}

// The default 5-point agree/disagree scale of a likert question without `options`.
struct LikertPoint {
  const char* id;
  const char* en;
  const char* ru;
  const char* uk;
  const char* ro;
};
constexpr LikertPoint kLikertScale[] = {
    {"strongly_disagree", "Strongly disagree", "Полностью не согласен", "Зовсім не погоджуюся",
     "Total dezacord"},
    {"disagree", "Disagree", "Скорее не согласен", "Радше не погоджуюся", "Dezacord"},
    {"neutral", "Neither agree nor disagree", "Затрудняюсь ответить", "Важко сказати",
     "Nici acord, nici dezacord"},
    {"agree", "Agree", "Скорее согласен", "Радше погоджуюся", "De acord"},
    {"strongly_agree", "Strongly agree", "Полностью согласен", "Цілком погоджуюся", "Total de acord"},
};

// Texts in the survey's languages that have a default translation; English as a last resort so every point
// has some text.
std::vector<Option> DefaultLikertOptions(const std::vector<std::string>& languages) {
  std::vector<Option> out;
  for (const LikertPoint& p : kLikertScale) {
    Option o;
    o.id = p.id;
    for (const std::string& lang : languages) {
      if (lang == "en") o.text[lang] = p.en;
      if (lang == "ru") o.text[lang] = p.ru;
      if (lang == "uk") o.text[lang] = p.uk;
      if (lang == "ro") o.text[lang] = p.ro;
    }
    if (o.text.empty()) o.text["en"] = p.en;
    out.push_back(std::move(o));
  }
  return out;
}

bool SameOptions(const std::vector<Option>& a, const std::vector<Option>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].text != b[i].text) return false;
  }
  return true;
}

class SurveyParser {
 public:
  Result<Survey> Run(std::string_view source) {
    if (source.size() > kMaxSurveyBytes) {
      return Error(Code::kTooLarge, "survey JSON is larger than 1 MiB");
    }
    json::Limits limits;
    limits.max_bytes = kMaxSurveyBytes;
    Result<Value> doc = json::Parse(source, limits);
    if (!doc.ok()) return doc.error();
    const Value& root = *doc;
    if (!root.is_object()) {
      return Error(Code::kInvalid,
                   std::string("survey must be a JSON object, found ") + json::KindName(root.kind));
    }
    ParseTop(root);
    if (problems_ > 0) {
      Error e(Code::kInvalid,
              "survey has " + std::to_string(problems_) + (problems_ == 1 ? " problem" : " problems"));
      if (problems_ == 1) e.field = details_[0].field;
      e.details = std::move(details_);
      return e;
    }
    return std::move(survey_);
  }

 private:
  void Add(const std::string& path, std::string message) {
    ++problems_;
    if (details_.size() < kMaxDetails) details_.push_back({path, std::move(message)});
  }

  void ParseTop(const Value& root) {
    Survey& s = survey_;
    if (const Value* v = root.Find("id")) {
      if (!v->is_string()) {
        Add("id", "must be a string");
      } else if (!text::IsValidId(v->string)) {
        Add("id", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
      } else {
        s.id = v->string;
      }
    }
    ParseLanguages(root);
    languages_set_ = std::set<std::string>(s.languages.begin(), s.languages.end());
    s.title = ParseText(root.Find("title"), "title", /*required=*/true);
    s.description = ParseText(root.Find("description"), "description", /*required=*/false);
    ParseStages(root.Find("stages"));
    ParseQuestions(root.Find("questions"));
    static const std::set<std::string, std::less<>> kKnown = {
        "id", "default_language", "languages", "title", "description", "stages", "questions", "status"};
    for (const auto& [key, value] : root.object) {
      if (kKnown.contains(key)) continue;
      std::string json;
      json::AppendValue(&json, value);
      s.extensions[key] = std::move(json);
    }
  }

  void ParseLanguages(const Value& root) {
    Survey& s = survey_;
    const Value* dl = root.Find("default_language");
    const Value* langs = root.Find("languages");
    std::string def;
    bool def_ok = true;
    if (dl != nullptr) {
      if (!dl->is_string()) {
        Add("default_language", "must be a string");
        def_ok = false;
      } else if (!text::IsValidLanguageCode(dl->string)) {
        Add("default_language", "must be a language code of 2-3 lower-case letters (en, ru, uk, ro, ...)");
        def_ok = false;
      } else {
        def = dl->string;
      }
    }
    if (langs != nullptr) {
      if (!langs->is_array()) {
        Add("languages", "must be an array of language codes");
      } else if (langs->array.empty()) {
        Add("languages", "must list at least one language");
      } else if (langs->array.size() > kMaxLanguages) {
        Add("languages", "must list at most " + std::to_string(kMaxLanguages) + " languages");
      } else {
        for (size_t i = 0; i < langs->array.size(); ++i) {
          const Value& l = langs->array[i];
          const std::string path = "languages[" + std::to_string(i) + "]";
          if (!l.is_string() || !text::IsValidLanguageCode(l.string)) {
            Add(path, "must be a language code of 2-3 lower-case letters (en, ru, uk, ro, ...)");
          } else if (std::find(s.languages.begin(), s.languages.end(), l.string) != s.languages.end()) {
            Add(path, "duplicate language " + Quote(l.string));
          } else {
            s.languages.push_back(l.string);
          }
        }
      }
    }
    if (def.empty()) def = (dl == nullptr && !s.languages.empty()) ? s.languages[0] : "en";
    s.default_language = def;
    if (s.languages.empty()) {
      s.languages.push_back(def);
    } else if (def_ok && std::find(s.languages.begin(), s.languages.end(), def) == s.languages.end()) {
      Add("default_language", "language " + Quote(def) + " is not in languages");
    }
  }

  LangText ParseText(const Value* v, const std::string& path, bool required) {
    LangText out;
    if (v == nullptr) {
      if (required) Add(path, "required");
      return out;
    }
    bool default_reported = false;  // a problem with the default-language text was already reported
    auto check_len = [&](const std::string& p, const std::string& lang, const std::string& t) {
      if (text::CodePoints(t) > kMaxTextCodePoints) {
        Add(p, "longer than " + std::to_string(kMaxTextCodePoints) + " characters");
        default_reported = default_reported || lang == survey_.default_language;
        return false;
      }
      return true;
    };
    if (v->is_string()) {
      if (check_len(path, survey_.default_language, v->string)) out[survey_.default_language] = v->string;
    } else if (v->is_object()) {
      for (const auto& [lang, t] : v->object) {
        const std::string p = path + "." + text::Truncate(lang, 16);
        if (!languages_set_.contains(lang)) {
          Add(p, "language " + Quote(lang) + " is not in languages");
        } else if (!t.is_string()) {
          Add(p, "must be a string");
          default_reported = default_reported || lang == survey_.default_language;
        } else if (check_len(p, lang, t.string)) {
          out[lang] = t.string;
        }
      }
    } else {
      Add(path, "must be a string or an object mapping language codes to texts");
      return out;
    }
    if (required && !default_reported) {
      auto it = out.find(survey_.default_language);
      if (it == out.end()) {
        Add(path, "missing text in the default language " + Quote(survey_.default_language));
      } else if (text::IsBlank(it->second)) {
        Add(path, "must not be empty");
      }
    }
    return out;
  }

  void ParseStages(const Value* v) {
    Survey& s = survey_;
    if (v == nullptr) {
      s.stages = DefaultStages();
      return;
    }
    if (!v->is_array() || v->array.empty()) {
      Add("stages", "must be a non-empty array of stage ids");
      s.stages = DefaultStages();
      return;
    }
    if (v->array.size() > kMaxStages) {
      Add("stages", "must list at most " + std::to_string(kMaxStages) + " stages");
      return;
    }
    for (size_t i = 0; i < v->array.size(); ++i) {
      const Value& st = v->array[i];
      const std::string path = "stages[" + std::to_string(i) + "]";
      if (!st.is_string() || !text::IsValidId(st.string)) {
        Add(path, "must be an id of 1-64 characters of A-Z a-z 0-9 _ . -");
      } else if (std::find(s.stages.begin(), s.stages.end(), st.string) != s.stages.end()) {
        Add(path, "duplicate stage " + Quote(st.string));
      } else {
        s.stages.push_back(st.string);
      }
    }
  }

  std::vector<Option> ParseOptions(const Value* v, const std::string& path, size_t min_count) {
    std::vector<Option> out;
    if (v == nullptr) {
      Add(path, "required");
      return out;
    }
    if (!v->is_array()) {
      Add(path, "must be an array of {\"id\", \"text\"} objects");
      return out;
    }
    if (v->array.size() < min_count) {
      Add(path, "must have at least " + std::to_string(min_count) + (min_count == 1 ? " entry" : " entries"));
    }
    if (v->array.size() > kMaxOptions) {
      Add(path, "must have at most " + std::to_string(kMaxOptions) + " entries");
      return out;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < v->array.size(); ++i) {
      const Value& o = v->array[i];
      const std::string p = path + "[" + std::to_string(i) + "]";
      if (!o.is_object()) {
        Add(p, "must be an object with \"id\" and \"text\"");
        continue;
      }
      Option opt;
      const Value* id = o.Find("id");
      if (id == nullptr) {
        Add(p + ".id", "required");
      } else if (!id->is_string() || !text::IsValidId(id->string)) {
        Add(p + ".id", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
      } else if (!seen.insert(id->string).second) {
        Add(p + ".id", "duplicate id " + Quote(id->string));
      } else {
        opt.id = id->string;
      }
      for (const auto& [key, unused] : o.object) {
        if (key != "id" && key != "text" && !IsExtensionKey(key))
          Add(p + "." + text::Truncate(key, 32), "unknown key");
      }
      opt.text = ParseText(o.Find("text"), p + ".text", /*required=*/true);
      out.push_back(std::move(opt));
    }
    return out;
  }

  static bool IsExtensionKey(std::string_view key) { return key.starts_with("x_") || key.starts_with("x-"); }

  void ParseQuestions(const Value* v) {
    if (v == nullptr) {
      Add("questions", "required");
      return;
    }
    if (!v->is_array()) {
      Add("questions", "must be an array");
      return;
    }
    if (v->array.empty()) {
      Add("questions", "must have at least one question");
      return;
    }
    if (v->array.size() > kMaxQuestions) {
      Add("questions", "must have at most " + std::to_string(kMaxQuestions) + " questions");
      return;
    }
    std::map<std::string, size_t> index;  // question id -> position
    for (size_t i = 0; i < v->array.size(); ++i) {
      const std::string path = "questions[" + std::to_string(i) + "]";
      Question q = ParseQuestion(v->array[i], path);
      if (!q.id.empty()) {
        auto [it, inserted] = index.emplace(q.id, i);
        if (!inserted) {
          Add(path + ".id", "duplicate question id " + Quote(q.id) + " (also questions[" +
                                std::to_string(it->second) + "])");
        }
      }
      survey_.questions.push_back(std::move(q));
    }
    // visible_if may refer only to earlier questions, and its literals must fit those questions.
    for (size_t i = 0; i < survey_.questions.size(); ++i) {
      const Question& q = survey_.questions[i];
      if (!q.visible) continue;
      const std::string path = "questions[" + std::to_string(i) + "].visible_if";
      bool refs_ok = true;
      for (const std::string& id : q.visible->Identifiers()) {
        auto it = index.find(id);
        if (it == index.end()) {
          Add(path, "refers to unknown question " + Quote(id));
          refs_ok = false;
        } else if (it->second >= i) {
          Add(path, "refers to question " + Quote(id) + ", which does not come before this question");
          refs_ok = false;
        }
      }
      if (!refs_ok) continue;
      for (const ExprLiteral& lit : q.visible->Literals()) {
        CheckLiteral(survey_.questions[index.at(lit.qid)], lit, path);
      }
    }
  }

  void CheckLiteral(const Question& ref, const ExprLiteral& lit, const std::string& path) {
    const std::string at = "at position " + std::to_string(lit.position) + ": ";
    switch (ref.type) {
      case QuestionType::kSingleChoice:
      case QuestionType::kMultipleChoice:
      case QuestionType::kLikert:
      case QuestionType::kRanking: {
        if (lit.is_number) {
          Add(path,
              at + "question " + Quote(ref.id) + " has option ids, not numbers; write '" + lit.text + "'");
          return;
        }
        const bool known = std::any_of(ref.options.begin(), ref.options.end(),
                                       [&](const Option& o) { return o.id == lit.text; });
        if (!known) Add(path, at + Quote(lit.text) + " is not an option id of question " + Quote(ref.id));
        return;
      }
      case QuestionType::kRating:
      case QuestionType::kNps:
      case QuestionType::kNumber:
        if (!lit.is_number)
          Add(path, at + "question " + Quote(ref.id) + " has numeric answers; compare it with a number");
        return;
      case QuestionType::kDate:
        if (lit.is_number || !text::IsValidDate(lit.text)) {
          Add(path, at + "question " + Quote(ref.id) + " has date answers; compare it with 'YYYY-MM-DD'");
        }
        return;
      case QuestionType::kText:
        if (lit.is_number)
          Add(path, at + "question " + Quote(ref.id) + " has text answers; compare it with a string");
        return;
      case QuestionType::kMatrix:
        Add(path, at + "matrix question " + Quote(ref.id) + " can only be used in answered()");
        return;
    }
  }

  Question ParseQuestion(const Value& v, const std::string& path) {
    Question q;
    if (!v.is_object()) {
      Add(path, "must be an object");
      return q;
    }
    static const std::set<std::string, std::less<>> kKeys = {
        "id",   "type",    "stage", "touchpoint", "text", "help",       "required",  "options",
        "rows", "columns", "scale", "min",        "max",  "max_length", "visible_if"};
    for (const auto& [key, value] : v.object) {
      if (IsExtensionKey(key)) {
        std::string json;
        json::AppendValue(&json, value);
        q.extensions[key] = std::move(json);
      } else if (!kKeys.contains(key)) {
        Add(path + "." + text::Truncate(key, 32), "unknown key");
      }
    }
    const Value* id = v.Find("id");
    if (id == nullptr) {
      Add(path + ".id", "required");
    } else if (!id->is_string() || !text::IsValidId(id->string)) {
      Add(path + ".id", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
    } else {
      q.id = id->string;
    }
    const Value* type = v.Find("type");
    bool type_ok = false;
    if (type == nullptr) {
      Add(path + ".type", "required");
    } else if (!type->is_string()) {
      Add(path + ".type", "must be a string");
    } else if (auto t = QuestionTypeFromName(type->string)) {
      q.type = *t;
      type_ok = true;
    } else {
      Add(path + ".type", "unknown question type " + Quote(type->string) +
                              " (single_choice, multiple_choice, rating, nps, likert, matrix, ranking, text, "
                              "number, date)");
    }
    if (const Value* st = v.Find("stage")) {
      if (!st->is_string()) {
        Add(path + ".stage", "must be a string");
      } else if (std::find(survey_.stages.begin(), survey_.stages.end(), st->string) ==
                 survey_.stages.end()) {
        Add(path + ".stage", "unknown stage " + Quote(st->string) + " (not in stages)");
      } else {
        q.stage = st->string;
      }
    }
    if (const Value* tp = v.Find("touchpoint")) {
      if (!tp->is_string() || !text::IsValidId(tp->string)) {
        Add(path + ".touchpoint", "must be an id of 1-64 characters of A-Z a-z 0-9 _ . -");
      } else {
        q.touchpoint = tp->string;
      }
    }
    q.text = ParseText(v.Find("text"), path + ".text", /*required=*/true);
    q.help = ParseText(v.Find("help"), path + ".help", /*required=*/false);
    if (const Value* r = v.Find("required")) {
      if (!r->is_bool()) {
        Add(path + ".required", "must be true or false");
      } else {
        q.required = r->boolean;
      }
    }
    if (type_ok) ParseTypeSpecific(v, path, &q);
    if (const Value* vi = v.Find("visible_if")) {
      if (!vi->is_string()) {
        Add(path + ".visible_if", "must be a string");
      } else if (!text::IsBlank(vi->string)) {
        auto expr = Expr::Parse(vi->string);
        if (!expr.ok()) {
          Add(path + ".visible_if", expr.error().message);
        } else {
          q.visible_if = vi->string;
          q.visible = *expr;
        }
      }
    }
    return q;
  }

  void OnlyFor(const Value& v, const std::string& path, const char* key, bool allowed, const char* types) {
    if (!allowed && v.Find(key) != nullptr) Add(path + "." + key, std::string("only allowed for ") + types);
  }

  void ParseTypeSpecific(const Value& v, const std::string& path, Question* q) {
    const QuestionType t = q->type;
    OnlyFor(v, path, "options", IsChoiceType(t),
            "single_choice, multiple_choice, ranking and likert questions");
    OnlyFor(v, path, "rows", t == QuestionType::kMatrix, "matrix questions");
    OnlyFor(v, path, "columns", t == QuestionType::kMatrix, "matrix questions");
    OnlyFor(v, path, "scale", t == QuestionType::kRating, "rating questions");
    OnlyFor(v, path, "min", t == QuestionType::kNumber, "number questions");
    OnlyFor(v, path, "max", t == QuestionType::kNumber, "number questions");
    OnlyFor(v, path, "max_length", t == QuestionType::kText, "text questions");
    switch (t) {
      case QuestionType::kSingleChoice:
      case QuestionType::kMultipleChoice:
        q->options = ParseOptions(v.Find("options"), path + ".options", 1);
        break;
      case QuestionType::kRanking:
        q->options = ParseOptions(v.Find("options"), path + ".options", 2);
        break;
      case QuestionType::kLikert:
        if (v.Find("options") != nullptr) {
          q->options = ParseOptions(v.Find("options"), path + ".options", 2);
        } else {
          q->options = DefaultLikertOptions(survey_.languages);
        }
        break;
      case QuestionType::kMatrix:
        q->rows = ParseOptions(v.Find("rows"), path + ".rows", 1);
        q->columns = ParseOptions(v.Find("columns"), path + ".columns", 1);
        break;
      case QuestionType::kRating:
        ParseScale(v.Find("scale"), path + ".scale", q);
        break;
      case QuestionType::kNps:
        q->scale_min = 0, q->scale_max = 10;
        break;
      case QuestionType::kNumber:
        q->min = ParseFiniteNumber(v.Find("min"), path + ".min");
        q->max = ParseFiniteNumber(v.Find("max"), path + ".max");
        if (q->min && q->max && *q->min > *q->max) Add(path + ".max", "must not be less than min");
        break;
      case QuestionType::kText:
        if (const Value* ml = v.Find("max_length")) {
          if (!ml->is_number() || !ml->is_integer || ml->integer < 1 ||
              ml->integer > static_cast<int64_t>(kMaxTextCodePoints)) {
            Add(path + ".max_length",
                "must be a whole number from 1 to " + std::to_string(kMaxTextCodePoints));
          } else {
            q->max_length = ml->integer;
          }
        }
        break;
      case QuestionType::kDate:
        break;
    }
  }

  std::optional<double> ParseFiniteNumber(const Value* v, const std::string& path) {
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
      Add(path, "must be a number");
      return std::nullopt;
    }
    return v->number;
  }

  void ParseScale(const Value* v, const std::string& path, Question* q) {
    if (v == nullptr) return;  // default 1..5
    if (!v->is_object()) {
      Add(path, "must be an object {\"min\": integer, \"max\": integer}");
      return;
    }
    bool ok = true;
    int64_t bounds[2] = {q->scale_min, q->scale_max};
    const char* names[2] = {"min", "max"};
    for (int k = 0; k < 2; ++k) {
      const Value* b = v->Find(names[k]);
      const std::string p = path + "." + names[k];
      if (b == nullptr) {
        Add(p, "required");
        ok = false;
      } else if (!b->is_number() || !b->is_integer) {
        Add(p, "must be a whole number");
        ok = false;
      } else if (b->integer < -kMaxScaleMagnitude || b->integer > kMaxScaleMagnitude) {
        Add(p, "must be between -1000000 and 1000000");
        ok = false;
      } else {
        bounds[k] = b->integer;
      }
    }
    for (const auto& [key, unused] : v->object) {
      if (key != "min" && key != "max") Add(path + "." + text::Truncate(key, 32), "unknown key");
    }
    if (!ok) return;
    if (bounds[0] >= bounds[1]) {
      Add(path, "min must be less than max");
    } else if (bounds[1] - bounds[0] > kMaxScaleSpan) {
      Add(path, "must span at most " + std::to_string(kMaxScaleSpan) + " points (max - min)");
    } else {
      q->scale_min = bounds[0];
      q->scale_max = bounds[1];
    }
  }

  Survey survey_;
  std::set<std::string> languages_set_;
  std::vector<FieldError> details_;
  size_t problems_ = 0;
};

// --- Writing ---------------------------------------------------------------------------------------------

void AppendText(std::string* out, const LangText& t) {
  out->push_back('{');
  bool first = true;
  for (const auto& [lang, s] : t) {
    if (!first) out->push_back(',');
    first = false;
    json::AppendString(out, lang);
    out->push_back(':');
    json::AppendString(out, s);
  }
  out->push_back('}');
}

void AppendKey(std::string* out, std::string_view key) {
  json::AppendString(out, key);
  out->push_back(':');
}

void AppendOptions(std::string* out, std::string_view key, const std::vector<Option>& opts) {
  out->push_back(',');
  AppendKey(out, key);
  out->push_back('[');
  for (size_t i = 0; i < opts.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append("{\"id\":");
    json::AppendString(out, opts[i].id);
    out->append(",\"text\":");
    AppendText(out, opts[i].text);
    out->push_back('}');
  }
  out->push_back(']');
}

// Extensions were validated JSON when parsed; each is written back as is.
void AppendExtensions(std::string* out, const std::map<std::string, std::string>& ext) {
  for (const auto& [key, json] : ext) {
    out->push_back(',');
    json::AppendString(out, key);
    out->push_back(':');
    out->append(json);
  }
}

void AppendStrings(std::string* out, const std::vector<std::string>& v) {
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out->push_back(',');
    json::AppendString(out, v[i]);
  }
  out->push_back(']');
}

}  // namespace

const std::vector<std::string>& DefaultStages() {
  static const std::vector<std::string> kStages = {"awareness", "consideration", "decision", "purchase",
                                                   "service",   "loyalty",       "advocacy"};
  return kStages;
}

const std::vector<std::string>& SupportedLanguages() {
  static const std::vector<std::string> kLanguages = {"en", "ru", "uk", "ro"};
  return kLanguages;
}

const char* QuestionTypeName(QuestionType t) {
  switch (t) {
    case QuestionType::kSingleChoice:
      return "single_choice";
    case QuestionType::kMultipleChoice:
      return "multiple_choice";
    case QuestionType::kRating:
      return "rating";
    case QuestionType::kNps:
      return "nps";
    case QuestionType::kLikert:
      return "likert";
    case QuestionType::kMatrix:
      return "matrix";
    case QuestionType::kRanking:
      return "ranking";
    case QuestionType::kText:
      return "text";
    case QuestionType::kNumber:
      return "number";
    case QuestionType::kDate:
      return "date";
  }
  return "text";
}

std::optional<QuestionType> QuestionTypeFromName(std::string_view name) {
  static constexpr QuestionType kAll[] = {QuestionType::kSingleChoice, QuestionType::kMultipleChoice,
                                          QuestionType::kRating,       QuestionType::kNps,
                                          QuestionType::kLikert,       QuestionType::kMatrix,
                                          QuestionType::kRanking,      QuestionType::kText,
                                          QuestionType::kNumber,       QuestionType::kDate};
  for (QuestionType t : kAll) {
    if (name == QuestionTypeName(t)) return t;
  }
  return std::nullopt;
}

const Question* Survey::FindQuestion(std::string_view qid) const {
  for (const Question& q : questions) {
    if (q.id == qid) return &q;
  }
  return nullptr;
}

std::string Survey::Text(const LangText& t, std::string_view lang) const {
  if (auto it = t.find(std::string(lang)); it != t.end()) return it->second;
  if (auto it = t.find(default_language); it != t.end()) return it->second;
  if (!t.empty()) return t.begin()->second;
  return "";
}

std::string Survey::ResolveLanguage(std::string_view lang) const {
  for (const std::string& l : languages) {
    if (l == lang) return l;
  }
  return default_language;
}

Result<Survey> ParseSurvey(std::string_view json) { return SurveyParser().Run(json); }

std::string SurveyToJson(const Survey& s) {
  std::string out = "{";
  if (!s.id.empty()) {
    AppendKey(&out, "id");
    json::AppendString(&out, s.id);
    out.push_back(',');
  }
  AppendKey(&out, "default_language");
  json::AppendString(&out, s.default_language);
  out.push_back(',');
  AppendKey(&out, "languages");
  AppendStrings(&out, s.languages);
  out.push_back(',');
  AppendKey(&out, "title");
  AppendText(&out, s.title);
  if (!s.description.empty()) {
    out.push_back(',');
    AppendKey(&out, "description");
    AppendText(&out, s.description);
  }
  out.push_back(',');
  AppendKey(&out, "stages");
  AppendStrings(&out, s.stages);
  out.append(",\"questions\":[");
  const std::vector<Option> default_likert = DefaultLikertOptions(s.languages);
  for (size_t i = 0; i < s.questions.size(); ++i) {
    const Question& q = s.questions[i];
    if (i > 0) out.push_back(',');
    out.push_back('{');
    AppendKey(&out, "id");
    json::AppendString(&out, q.id);
    out.append(",\"type\":");
    json::AppendString(&out, QuestionTypeName(q.type));
    if (!q.stage.empty()) {
      out.append(",\"stage\":");
      json::AppendString(&out, q.stage);
    }
    if (!q.touchpoint.empty()) {
      out.append(",\"touchpoint\":");
      json::AppendString(&out, q.touchpoint);
    }
    out.append(",\"text\":");
    AppendText(&out, q.text);
    if (!q.help.empty()) {
      out.append(",\"help\":");
      AppendText(&out, q.help);
    }
    if (q.required) out.append(",\"required\":true");
    switch (q.type) {
      case QuestionType::kSingleChoice:
      case QuestionType::kMultipleChoice:
      case QuestionType::kRanking:
        AppendOptions(&out, "options", q.options);
        break;
      case QuestionType::kLikert:
        if (!SameOptions(q.options, default_likert)) AppendOptions(&out, "options", q.options);
        break;
      case QuestionType::kMatrix:
        AppendOptions(&out, "rows", q.rows);
        AppendOptions(&out, "columns", q.columns);
        break;
      case QuestionType::kRating:
        out.append(",\"scale\":{\"min\":");
        json::AppendInteger(&out, q.scale_min);
        out.append(",\"max\":");
        json::AppendInteger(&out, q.scale_max);
        out.push_back('}');
        break;
      case QuestionType::kNumber:
        if (q.min) {
          out.append(",\"min\":");
          json::AppendNumber(&out, *q.min);
        }
        if (q.max) {
          out.append(",\"max\":");
          json::AppendNumber(&out, *q.max);
        }
        break;
      case QuestionType::kText:
        if (q.max_length) {
          out.append(",\"max_length\":");
          json::AppendInteger(&out, *q.max_length);
        }
        break;
      case QuestionType::kNps:
      case QuestionType::kDate:
        break;
    }
    if (!q.visible_if.empty()) {
      out.append(",\"visible_if\":");
      json::AppendString(&out, q.visible_if);
    }
    AppendExtensions(&out, q.extensions);
    out.push_back('}');
  }
  out.push_back(']');
  AppendExtensions(&out, s.extensions);
  out.push_back('}');
  return out;
}

}  // namespace touchpoint::surveys
