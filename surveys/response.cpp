// Response JSON, answer JSON, CheckResponse and ResponseFromForm.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <system_error>

#include "json.h"
#include "text.h"
#include "touchpoint/surveys/survey.h"

namespace touchpoint::surveys {

namespace {

constexpr size_t kMaxResponseBytes = 1 << 20;
constexpr size_t kMaxAnswers = 2000;
constexpr size_t kMaxListItems = 1000;
constexpr size_t kMaxMetaBytes = 256;  // language, channel, respondent
constexpr size_t kMaxTextCodePoints = 10000;

using json::Value;

std::string AnswerPath(std::string_view qid) { return "answers." + text::Truncate(qid, 80); }

// Converts one JSON answer value. `path` names it in errors.
Result<std::optional<Answer>> AnswerFromValue(const Value& v, const std::string& path) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return std::optional<Answer>();  // unanswered
    case Value::Kind::kString:
      return std::optional<Answer>(v.string);
    case Value::Kind::kNumber:
      if (v.is_integer) return std::optional<Answer>(v.integer);
      return std::optional<Answer>(v.number);
    case Value::Kind::kBool:
      return Error(Code::kInvalid, "must be a string, number, array or object, not a boolean", path);
    case Value::Kind::kArray: {
      if (v.array.size() > kMaxListItems) {
        return Error(Code::kInvalid, "has more than " + std::to_string(kMaxListItems) + " items", path);
      }
      std::vector<std::string> list;
      for (size_t i = 0; i < v.array.size(); ++i) {
        if (!v.array[i].is_string()) {
          return Error(Code::kInvalid, "must be a string (an option id)",
                       path + "[" + std::to_string(i) + "]");
        }
        list.push_back(v.array[i].string);
      }
      return std::optional<Answer>(std::move(list));
    }
    case Value::Kind::kObject: {
      if (v.object.size() > kMaxListItems) {
        return Error(Code::kInvalid, "has more than " + std::to_string(kMaxListItems) + " rows", path);
      }
      std::map<std::string, std::string> rows;
      for (const auto& [row, col] : v.object) {
        if (!col.is_string()) {
          return Error(Code::kInvalid, "must be a string (a column id)",
                       path + "." + text::Truncate(row, 80));
        }
        rows[row] = col.string;
      }
      return std::optional<Answer>(std::move(rows));
    }
  }
  return Error(Code::kInvalid, "unsupported value", path);
}

Result<Answers> AnswersFromValue(const Value& v) {
  if (!v.is_object()) {
    return Error(Code::kInvalid, std::string("must be an object, found ") + json::KindName(v.kind),
                 "answers");
  }
  if (v.object.size() > kMaxAnswers) {
    return Error(Code::kInvalid, "has more than " + std::to_string(kMaxAnswers) + " answers", "answers");
  }
  Answers out;
  for (const auto& [qid, val] : v.object) {
    auto a = AnswerFromValue(val, AnswerPath(qid));
    if (!a.ok()) return a.error();
    if (a->has_value()) out[qid] = std::move(**a);
  }
  return out;
}

Result<std::string> MetaString(const Value& root, const char* key) {
  const Value* v = root.Find(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return Error(Code::kInvalid, "must be a string", key);
  if (v->string.size() > kMaxMetaBytes) {
    return Error(Code::kInvalid, "longer than " + std::to_string(kMaxMetaBytes) + " bytes", key);
  }
  return v->string;
}

bool IsEmptyAnswer(const Answer& a) {
  if (const auto* s = std::get_if<std::string>(&a)) return s->empty();
  if (const auto* l = std::get_if<std::vector<std::string>>(&a)) return l->empty();
  if (const auto* m = std::get_if<std::map<std::string, std::string>>(&a)) return m->empty();
  return false;
}

bool HasOption(const std::vector<Option>& opts, std::string_view id) {
  return std::any_of(opts.begin(), opts.end(), [&](const Option& o) { return o.id == id; });
}

// Integral value of a numeric answer, if it has one.
std::optional<int64_t> AsInteger(const Answer& a) {
  if (const auto* i = std::get_if<int64_t>(&a)) return *i;
  if (const auto* d = std::get_if<double>(&a)) {
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) <= 9007199254740992.0) {
      return static_cast<int64_t>(*d);
    }
  }
  return std::nullopt;
}

std::string FormatNumber(double d) {
  std::string s;
  json::AppendNumber(&s, d);
  return s;
}

// Validates one answer of a visible question; appends problems to `errs`.
void CheckAnswer(const Question& q, const Answer& a, std::vector<FieldError>* errs) {
  const std::string path = AnswerPath(q.id);
  auto add = [&](std::string field, std::string msg, std::string code) {
    errs->push_back({std::move(field), std::move(msg), std::move(code)});
  };
  const auto* str = std::get_if<std::string>(&a);
  const auto* list = std::get_if<std::vector<std::string>>(&a);
  const auto* map = std::get_if<std::map<std::string, std::string>>(&a);
  const bool numeric = std::holds_alternative<int64_t>(a) || std::holds_alternative<double>(a);
  switch (q.type) {
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
      if (str == nullptr) return add(path, "must be one option id (a string)", "wrong_type");
      if (!HasOption(q.options, *str)) return add(path, "is not one of the options", "not_an_option");
      return;
    case QuestionType::kMultipleChoice: {
      if (list == nullptr) return add(path, "must be an array of option ids", "wrong_type");
      std::set<std::string_view> seen;
      for (const std::string& id : *list) {
        if (!HasOption(q.options, id))
          return add(path, "contains a value that is not one of the options", "not_an_option");
        if (!seen.insert(id).second) return add(path, "lists the same option twice", "duplicate_option");
      }
      return;
    }
    case QuestionType::kRanking: {
      if (list == nullptr) return add(path, "must be an array of all option ids in order", "wrong_type");
      std::set<std::string_view> seen;
      for (const std::string& id : *list) {
        if (!HasOption(q.options, id))
          return add(path, "contains a value that is not one of the options", "not_an_option");
        if (!seen.insert(id).second) return add(path, "lists the same option twice", "duplicate_option");
      }
      if (seen.size() != q.options.size()) {
        return add(path, "must rank all " + std::to_string(q.options.size()) + " options",
                   "incomplete_ranking");
      }
      return;
    }
    case QuestionType::kRating:
    case QuestionType::kNps: {
      const std::string range = std::to_string(q.scale_min) + "-" + std::to_string(q.scale_max);
      const std::optional<int64_t> n = AsInteger(a);
      if (!numeric) return add(path, "must be a whole number " + range, "wrong_type");
      if (!n) return add(path, "must be a whole number " + range, "not_whole_number");
      if (*n < q.scale_min || *n > q.scale_max)
        return add(path, "must be a whole number " + range, "out_of_range");
      return;
    }
    case QuestionType::kNumber: {
      if (!numeric) return add(path, "must be a number", "wrong_type");
      const double d = std::holds_alternative<int64_t>(a) ? static_cast<double>(std::get<int64_t>(a))
                                                          : std::get<double>(a);
      if (!std::isfinite(d)) return add(path, "must be a number", "wrong_type");
      if (q.min && d < *q.min) return add(path, "must be at least " + FormatNumber(*q.min), "out_of_range");
      if (q.max && d > *q.max) return add(path, "must be at most " + FormatNumber(*q.max), "out_of_range");
      return;
    }
    case QuestionType::kText: {
      if (str == nullptr) return add(path, "must be a string", "wrong_type");
      if (!text::IsValidUtf8(*str)) return add(path, "must be valid UTF-8 text", "invalid_text");
      const size_t max = q.max_length ? static_cast<size_t>(*q.max_length) : kMaxTextCodePoints;
      if (text::CodePoints(*str) > max) {
        return add(path, "must be at most " + std::to_string(max) + " characters", "too_long");
      }
      if (q.required && text::IsBlank(*str)) return add(path, "is required", "required");
      return;
    }
    case QuestionType::kDate:
      if (str == nullptr) return add(path, "must be a date YYYY-MM-DD (a string)", "wrong_type");
      if (!text::IsValidDate(*str))
        return add(path, "must be a real date written YYYY-MM-DD", "invalid_date");
      return;
    case QuestionType::kMatrix: {
      if (map == nullptr) return add(path, "must be an object mapping row ids to column ids", "wrong_type");
      for (const auto& [row, col] : *map) {
        const std::string rpath = path + "." + text::Truncate(row, 80);
        if (!HasOption(q.rows, row)) {
          add(rpath, "is not one of the rows", "unknown_row");
        } else if (!HasOption(q.columns, col)) {
          add(rpath, "is not one of the columns", "not_an_option");
        }
      }
      if (q.required) {
        for (const Option& row : q.rows) {
          if (!map->contains(row.id)) add(path + "." + row.id, "is required", "required");
        }
      }
      return;
    }
  }
}

// Strict integer: optional surrounding ASCII spaces, optional '-', digits only.
std::optional<int64_t> ParseFormInteger(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s.front() == '+') return std::nullopt;
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Strict decimal: [-]digits[(.|,)digits], surrounding spaces allowed.
std::optional<double> ParseFormNumber(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::string t(s);
  size_t i = 0;
  if (t[i] == '-') ++i;
  const size_t int_start = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == int_start) return std::nullopt;
  if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
    t[i] = '.';
    ++i;
    const size_t frac_start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == frac_start) return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  double d = 0;
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

}  // namespace

// --- AnswersLookup ----------------------------------------------------------------------------------------

bool AnswersLookup::Answered(std::string_view qid) const {
  auto it = answers_.find(std::string(qid));
  return it != answers_.end() && !IsEmptyAnswer(it->second);
}

bool AnswersLookup::Number(std::string_view qid, double* out) const {
  auto it = answers_.find(std::string(qid));
  if (it == answers_.end()) return false;
  if (const auto* i = std::get_if<int64_t>(&it->second)) {
    *out = static_cast<double>(*i);
    return true;
  }
  if (const auto* d = std::get_if<double>(&it->second)) {
    *out = *d;
    return true;
  }
  return false;
}

std::vector<std::string> AnswersLookup::Strings(std::string_view qid) const {
  auto it = answers_.find(std::string(qid));
  if (it == answers_.end()) return {};
  const Answer& a = it->second;
  if (const auto* s = std::get_if<std::string>(&a)) return {*s};
  if (const auto* l = std::get_if<std::vector<std::string>>(&a)) return *l;
  if (const auto* i = std::get_if<int64_t>(&a)) return {std::to_string(*i)};
  if (const auto* d = std::get_if<double>(&a)) return {FormatNumber(*d)};
  return {};
}

bool IsVisible(const Question& q, const Answers& answers) {
  if (!q.visible) return true;
  return q.visible->Eval(AnswersLookup(answers));
}

// --- JSON -------------------------------------------------------------------------------------------------

Result<Response> ParseResponse(std::string_view text) {
  json::Limits limits;
  limits.max_bytes = kMaxResponseBytes;
  Result<Value> doc = json::Parse(text, limits);
  if (!doc.ok()) return doc.error();
  const Value& root = *doc;
  if (!root.is_object()) {
    return Error(Code::kInvalid,
                 std::string("response must be a JSON object, found ") + json::KindName(root.kind));
  }
  Response r;
  auto language = MetaString(root, "language");
  if (!language.ok()) return language.error();
  auto lang = MetaString(root, "lang");
  if (!lang.ok()) return lang.error();
  if (!language->empty() && !lang->empty() && *language != *lang) {
    return Error(Code::kInvalid, "\"lang\" and \"language\" disagree", "lang");
  }
  r.language = language->empty() ? *lang : *language;
  auto channel = MetaString(root, "channel");
  if (!channel.ok()) return channel.error();
  if (!channel->empty()) r.channel = *channel;
  auto respondent = MetaString(root, "respondent");
  if (!respondent.ok()) return respondent.error();
  r.respondent = *respondent;
  const Value* answers = root.Find("answers");
  if (answers == nullptr) return Error(Code::kInvalid, "required", "answers");
  auto parsed = AnswersFromValue(*answers);
  if (!parsed.ok()) return parsed.error();
  r.answers = std::move(*parsed);
  return r;
}

std::string AnswerToJson(const Answer& a) {
  std::string out;
  if (const auto* s = std::get_if<std::string>(&a)) {
    json::AppendString(&out, *s);
  } else if (const auto* i = std::get_if<int64_t>(&a)) {
    json::AppendInteger(&out, *i);
  } else if (const auto* d = std::get_if<double>(&a)) {
    json::AppendNumber(&out, *d);
  } else if (const auto* l = std::get_if<std::vector<std::string>>(&a)) {
    out.push_back('[');
    for (size_t k = 0; k < l->size(); ++k) {
      if (k > 0) out.push_back(',');
      json::AppendString(&out, (*l)[k]);
    }
    out.push_back(']');
  } else if (const auto* m = std::get_if<std::map<std::string, std::string>>(&a)) {
    out.push_back('{');
    bool first = true;
    for (const auto& [row, col] : *m) {
      if (!first) out.push_back(',');
      first = false;
      json::AppendString(&out, row);
      out.push_back(':');
      json::AppendString(&out, col);
    }
    out.push_back('}');
  }
  return out;
}

std::string AnswersToJson(const Answers& answers) {
  std::string out = "{";
  bool first = true;
  for (const auto& [qid, a] : answers) {
    if (!first) out.push_back(',');
    first = false;
    json::AppendString(&out, qid);
    out.push_back(':');
    out.append(AnswerToJson(a));
  }
  out.push_back('}');
  return out;
}

Result<Answers> AnswersFromJson(std::string_view text) {
  json::Limits limits;
  limits.max_bytes = kMaxResponseBytes;
  Result<Value> doc = json::Parse(text, limits);
  if (!doc.ok()) return doc.error();
  return AnswersFromValue(*doc);
}

// --- Validation -------------------------------------------------------------------------------------------

std::vector<FieldError> CheckResponse(const Survey& survey, Response& response,
                                      std::vector<std::string>* ignored) {
  std::vector<FieldError> errs;
  response.language = survey.ResolveLanguage(response.language);
  // Unanswered in every sense: "", [], {} are dropped before anything else.
  for (auto it = response.answers.begin(); it != response.answers.end();) {
    it = IsEmptyAnswer(it->second) ? response.answers.erase(it) : std::next(it);
  }
  for (const auto& [qid, unused] : response.answers) {
    if (survey.FindQuestion(qid) == nullptr)
      errs.push_back({AnswerPath(qid), "unknown question", "unknown_question"});
  }
  // Visibility in question order over the answers kept so far (valid answers of visible questions).
  Answers kept;
  for (const Question& q : survey.questions) {
    auto it = response.answers.find(q.id);
    if (!IsVisible(q, kept)) {
      if (it != response.answers.end()) {
        response.answers.erase(it);
        if (ignored != nullptr) ignored->push_back(q.id);
      }
      continue;
    }
    if (it == response.answers.end()) {
      if (q.required) errs.push_back({AnswerPath(q.id), "is required", "required"});
      continue;
    }
    const size_t before = errs.size();
    CheckAnswer(q, it->second, &errs);
    if (errs.size() == before) kept.emplace(q.id, it->second);
  }
  return errs;
}

Response ResponseFromForm(const Survey& survey, const std::multimap<std::string, std::string>& fields,
                          std::vector<FieldError>* errors) {
  Response r;
  auto add_error = [&](const std::string& field, std::string msg, std::string code) {
    if (errors != nullptr) errors->push_back({field, std::move(msg), std::move(code)});
  };
  // All non-empty values of a field, in order.
  auto values = [&](const std::string& name) {
    std::vector<std::string> out;
    auto [lo, hi] = fields.equal_range(name);
    for (auto it = lo; it != hi && out.size() < kMaxListItems; ++it) {
      if (!it->second.empty()) out.push_back(it->second);
    }
    return out;
  };
  if (auto lang = values("lang"); !lang.empty() && lang[0].size() <= kMaxMetaBytes) r.language = lang[0];
  for (const Question& q : survey.questions) {
    const std::string path = AnswerPath(q.id);
    if (q.type == QuestionType::kMatrix) {
      std::map<std::string, std::string> rows;
      for (const Option& row : q.rows) {
        auto v = values(q.id + "." + row.id);
        if (!v.empty()) rows[row.id] = v[0];
      }
      if (!rows.empty()) r.answers[q.id] = std::move(rows);
      continue;
    }
    std::vector<std::string> v = values(q.id);
    if (q.type == QuestionType::kMultipleChoice || q.type == QuestionType::kRanking) {
      if (!v.empty()) r.answers[q.id] = std::move(v);
      continue;
    }
    // Single-valued: the first non-empty value; a whitespace-only number field is unanswered.
    if (v.empty()) continue;
    const std::string& first = v[0];
    switch (q.type) {
      case QuestionType::kRating:
      case QuestionType::kNps:
        if (text::IsBlank(first)) break;
        if (auto n = ParseFormInteger(first)) {
          r.answers[q.id] = *n;
        } else {
          add_error(path, "must be a whole number", "not_whole_number");
        }
        break;
      case QuestionType::kNumber:
        if (text::IsBlank(first)) break;
        if (auto n = ParseFormInteger(first)) {
          r.answers[q.id] = *n;
        } else if (auto d = ParseFormNumber(first)) {
          r.answers[q.id] = *d;
        } else {
          add_error(path, "must be a number", "not_a_number");
        }
        break;
      default:
        r.answers[q.id] = first;
        break;
    }
  }
  return r;
}

}  // namespace touchpoint::surveys
