#include "touchpoint/collector/service.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <unordered_map>

#include "json_out.h"
#include "storage/token.h"
#include "web/csv.h"

namespace touchpoint::collector {
namespace {

constexpr size_t kMaxMetaLength = 256;  // channel, respondent
constexpr size_t kMaxParsedCacheEntries = 1024;

std::string Join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(sep);
    out += items[i];
  }
  return out;
}

// An answer in a CSV cell: option ids and texts as text, numbers as numbers, lists ';'-joined. Matrix
// answers are split into qid.row columns by the caller.
void AnswerCell(web::CsvWriter& csv, const surveys::Answer* a) {
  if (a == nullptr) return csv.Text("");
  if (const auto* s = std::get_if<std::string>(a)) return csv.Text(*s);
  if (const auto* i = std::get_if<int64_t>(a)) return csv.Number(*i);
  if (const auto* d = std::get_if<double>(a)) return csv.Number(*d);
  if (const auto* l = std::get_if<std::vector<std::string>>(a)) return csv.Text(Join(*l, ';'));
  csv.Text("");
}

// The CSV summary of one tag result: sentiment label, stages and pain points ';'-joined.
struct TagCells {
  std::string sentiment, stages, pain_points;
};

std::vector<std::string> StringList(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
  std::vector<std::string> out;
  if (!obj->has(key)) return out;
  Poco::JSON::Array::Ptr arr = obj->getArray(key);
  if (!arr) return out;
  for (size_t i = 0; i < arr->size(); ++i)
    out.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

TagCells SummarizeTags(const std::string& tags_json) {
  TagCells cells;
  try {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr obj = parser.parse(tags_json).extract<Poco::JSON::Object::Ptr>();
    if (obj->has("sentiment")) {
      if (Poco::JSON::Object::Ptr s = obj->getObject("sentiment")) {
        cells.sentiment = s->optValue<std::string>("label", "");
      } else {
        cells.sentiment = obj->optValue<std::string>("sentiment", "");
      }
    }
    cells.stages = Join(StringList(obj, "stages"), ';');
    cells.pain_points = Join(StringList(obj, "pain_points"), ';');
  } catch (const Poco::Exception&) {
    // A stored tag result we cannot read (e.g. a tagging error record): leave the cells empty.
  }
  return cells;
}

bool IsJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    parser.parse(text);
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

// A stored tag result as valid JSON. Results written by DrainTagQueue (collector/storage/tagging.cpp) carry
// the owner id unquoted ({"id":3fa2...,"lang":...}: it passes the id where TagsToJson takes a JSON token);
// those get the id quoted. Anything else that does not parse becomes an error object.
// A stored tag result that is not valid JSON (e.g. written by an older version) is exported as an error
// object rather than breaking the JSON export.
std::string ValidTagsJson(const std::string& text) {
  if (IsJson(text)) return text;
  return "{\"error\":\"stored tag result is not valid JSON\"}";
}

std::string OwnerKey(const std::string& owner, const std::string& qid) { return owner + '\x1f' + qid; }

}  // namespace

WallClock SystemWallClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

std::string IsoUtc(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Collector::Collector(Storage& storage, WallClock clock) : storage_(storage), clock_(std::move(clock)) {}

Result<std::string> Collector::Publish(std::string_view survey_json) {
  Result<surveys::Survey> parsed = surveys::ParseSurvey(survey_json);
  if (!parsed) return parsed.error();
  surveys::Survey survey = std::move(*parsed);
  if (survey.id.empty()) survey.id = "s-" + RandomHex(6);
  SurveyRecord record;
  record.id = survey.id;
  record.json = surveys::SurveyToJson(survey);
  record.status = "open";
  record.created_at_ms = clock_();
  TP_RETURN_IF_ERROR(storage_.PutSurvey(record));
  return survey.id;
}

Result<std::vector<SurveyRecord>> Collector::List() { return storage_.ListSurveys(); }

Result<std::vector<SurveySummary>> Collector::Summaries() {
  Result<std::vector<SurveyRecord>> records = storage_.ListSurveys();
  if (!records) return records.error();
  std::vector<SurveySummary> out;
  out.reserve(records->size());
  for (const SurveyRecord& r : *records) {
    Result<std::shared_ptr<const surveys::Survey>> survey = Parsed(r);
    std::string title = survey ? (*survey)->Text((*survey)->title, (*survey)->default_language) : "";
    out.push_back(SurveySummary{r.id, std::move(title), r.status, r.response_count});
  }
  return out;
}

Result<std::shared_ptr<const surveys::Survey>> Collector::Parsed(const SurveyRecord& record) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = parsed_.find(record.id);
    if (it != parsed_.end() && it->second.first == record.json) return it->second.second;
  }
  Result<surveys::Survey> survey = surveys::ParseSurvey(record.json);
  if (!survey) {
    return Error(Code::kInternal,
                 "stored survey '" + record.id + "' does not parse: " + survey.error().ToString());
  }
  auto shared = std::make_shared<const surveys::Survey>(std::move(*survey));
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (parsed_.size() >= kMaxParsedCacheEntries) parsed_.clear();
  parsed_[record.id] = {record.json, shared};
  return shared;
}

Result<SurveyView> Collector::Find(const std::string& id) {
  Result<SurveyRecord> record = storage_.GetSurvey(id);
  if (!record) return record.error();
  Result<std::shared_ptr<const surveys::Survey>> survey = Parsed(*record);
  if (!survey) return survey.error();
  return SurveyView{*survey, record->status, record->response_count};
}

Result<std::string> Collector::ShowJson(const std::string& id) {
  Result<SurveyRecord> record = storage_.GetSurvey(id);
  if (!record) return record.error();
  const std::string& json = record->json;
  const size_t brace = json.find('{');
  if (brace == std::string::npos)
    return Error(Code::kInternal, "stored survey '" + id + "' is not an object");
  const bool empty = json.find_first_not_of(" \t\r\n", brace + 1) == json.rfind('}');
  return json.substr(0, brace + 1) + "\"status\":" + JsonQuote(record->status) + (empty ? "" : ",") +
         json.substr(brace + 1);
}

Status Collector::Close(const std::string& id) { return storage_.SetSurveyStatus(id, "closed"); }

Result<Submitted> Collector::Submit(const SurveyView& view, surveys::Response response) {
  const surveys::Survey& survey = *view.survey;
  if (!view.open()) return Error(Code::kConflict, "survey '" + survey.id + "' is closed");
  if (response.channel.size() > kMaxMetaLength) {
    return Error(Code::kInvalid, "longer than " + std::to_string(kMaxMetaLength) + " bytes", "channel");
  }
  if (response.respondent.size() > kMaxMetaLength) {
    return Error(Code::kInvalid, "longer than " + std::to_string(kMaxMetaLength) + " bytes", "respondent");
  }
  Submitted out;
  std::vector<FieldError> problems = surveys::CheckResponse(survey, response, &out.ignored);
  if (!problems.empty()) {
    Error e(Code::kInvalid, problems.front().message, problems.front().field);
    e.details = std::move(problems);
    return e;
  }
  ResponseRecord record;
  record.id = RandomHex(16);
  record.survey_id = survey.id;
  record.submitted_at_ms = clock_();
  record.language = survey.ResolveLanguage(response.language);
  record.channel = response.channel.empty() ? "web" : response.channel;
  record.respondent = response.respondent;
  record.answers_json = surveys::AnswersToJson(response.answers);
  std::vector<PendingText> texts;
  for (const surveys::Question& q : survey.questions) {
    if (q.type != surveys::QuestionType::kText) continue;
    auto it = response.answers.find(q.id);
    if (it == response.answers.end()) continue;
    const auto* text = std::get_if<std::string>(&it->second);
    if (!text || text->empty()) continue;
    texts.push_back(
        PendingText{"response", record.id, q.id, survey.id, *text, record.language, q.stage, q.touchpoint});
  }
  TP_RETURN_IF_ERROR(storage_.AddResponse(record, texts));
  out.id = record.id;
  return out;
}

Result<Submitted> Collector::SubmitJson(const std::string& survey_id, std::string_view response_json) {
  Result<SurveyView> view = Find(survey_id);
  if (!view) return view.error();
  if (!view->open()) return Error(Code::kConflict, "survey '" + survey_id + "' is closed");
  Result<surveys::Response> response = surveys::ParseResponse(response_json);
  if (!response) return response.error();
  return Submit(*view, std::move(*response));
}

Status Collector::Export(const SurveyView& view, const ExportOptions& options, std::ostream& out) {
  const surveys::Survey& survey = *view.survey;
  if (options.bom) out << "\xEF\xBB\xBF";
  // Tags are joined in memory (one entry per tagged text); responses and items stream.
  std::unordered_map<std::string, std::string> tags;  // OwnerKey(owner, qid) -> tags_json
  TP_RETURN_IF_ERROR(storage_.ForEachTags(survey.id, [&](const TagRecord& t) {
    // Embedded verbatim in the JSON export, so only text that parses as JSON is kept.
    tags[OwnerKey(t.owner_id, t.question_id)] = ValidTagsJson(t.tags_json);
    return true;
  }));
  auto find_tags = [&](const std::string& owner, const std::string& qid) -> const std::string* {
    auto it = tags.find(OwnerKey(owner, qid));
    return it == tags.end() ? nullptr : &it->second;
  };

  std::vector<const surveys::Question*> text_questions;
  for (const auto& q : survey.questions) {
    if (q.type == surveys::QuestionType::kText) text_questions.push_back(&q);
  }

  std::string buf;
  Status inner = Ok();
  if (options.format == ExportFormat::kCsv) {
    web::CsvWriter csv(out);  // the BOM is already written
    if (options.items) {
      csv.Row({"id", "source", "format", "source_id", "author", "date", "rating", "lang", "text", "speaker",
               "interview", "is_interviewer", "sentiment", "stages", "pain_points"});
      TP_RETURN_IF_ERROR(storage_.ForEachFeedback(survey.id, [&](const FeedbackRecord& f) {
        TagCells cells;
        if (const std::string* t = find_tags(f.id, "")) cells = SummarizeTags(*t);
        for (const std::string* v : {&f.id, &f.source, &f.format, &f.source_id, &f.author, &f.date})
          csv.Text(*v);
        if (f.rating) {
          csv.Number(*f.rating);
        } else {
          csv.Text("");
        }
        for (const std::string* v : {&f.lang, &f.text, &f.speaker, &f.interview}) csv.Text(*v);
        csv.Number(int64_t{f.is_interviewer ? 1 : 0});
        csv.Text(cells.sentiment);
        csv.Text(cells.stages);
        csv.Text(cells.pain_points);
        csv.EndRow();
        return static_cast<bool>(out);
      }));
      return Ok();
    }
    std::vector<std::string> header = {"response_id", "submitted_at", "language", "channel", "respondent"};
    for (const auto& q : survey.questions) {
      if (q.type == surveys::QuestionType::kMatrix) {
        for (const auto& row : q.rows) header.push_back(q.id + "." + row.id);
      } else {
        header.push_back(q.id);
      }
    }
    for (const auto* q : text_questions) {
      header.push_back(q->id + ".sentiment");
      header.push_back(q->id + ".stages");
      header.push_back(q->id + ".pain_points");
    }
    csv.Row(header);
    TP_RETURN_IF_ERROR(storage_.ForEachResponse(survey.id, [&](const ResponseRecord& r) {
      Result<surveys::Answers> answers = surveys::AnswersFromJson(r.answers_json);
      if (!answers) {
        inner = Error(Code::kInternal, "stored response '" + r.id + "' does not parse");
        return false;
      }
      csv.Text(r.id);
      csv.Text(IsoUtc(r.submitted_at_ms));
      csv.Text(r.language);
      csv.Text(r.channel);
      csv.Text(r.respondent);
      for (const auto& q : survey.questions) {
        auto it = answers->find(q.id);
        const surveys::Answer* a = it == answers->end() ? nullptr : &it->second;
        if (q.type == surveys::QuestionType::kMatrix) {
          const auto* m = a ? std::get_if<std::map<std::string, std::string>>(a) : nullptr;
          for (const auto& mrow : q.rows) {
            std::string value;
            if (m) {
              if (auto cell = m->find(mrow.id); cell != m->end()) value = cell->second;
            }
            csv.Text(value);
          }
        } else {
          AnswerCell(csv, a);
        }
      }
      for (const auto* q : text_questions) {
        TagCells cells;
        if (const std::string* t = find_tags(r.id, q->id)) cells = SummarizeTags(*t);
        csv.Text(cells.sentiment);
        csv.Text(cells.stages);
        csv.Text(cells.pain_points);
      }
      csv.EndRow();
      return static_cast<bool>(out);
    }));
    return inner;
  }

  // JSON: {"survey": id, "responses": [...], "feedback": [...]}
  out << "{\"survey\":" << JsonQuote(survey.id) << ",\"responses\":[";
  bool first = true;
  TP_RETURN_IF_ERROR(storage_.ForEachResponse(survey.id, [&](const ResponseRecord& r) {
    buf = first ? "" : ",";
    first = false;
    buf += "\n{\"response_id\":" + JsonQuote(r.id) +
           ",\"submitted_at\":" + JsonQuote(IsoUtc(r.submitted_at_ms)) +
           ",\"language\":" + JsonQuote(r.language) + ",\"channel\":" + JsonQuote(r.channel) +
           ",\"respondent\":" + JsonQuote(r.respondent) +
           ",\"answers\":" + (r.answers_json.empty() ? std::string("{}") : r.answers_json) + ",\"tags\":{";
    bool first_tag = true;
    for (const auto* q : text_questions) {
      if (const std::string* t = find_tags(r.id, q->id)) {
        buf += (first_tag ? "" : ",") + JsonQuote(q->id) + ":" + *t;
        first_tag = false;
      }
    }
    buf += "}}";
    out << buf;
    return static_cast<bool>(out);
  }));
  out << "],\"feedback\":[";
  first = true;
  TP_RETURN_IF_ERROR(storage_.ForEachFeedback(survey.id, [&](const FeedbackRecord& f) {
    buf = first ? "" : ",";
    first = false;
    const std::string* t = find_tags(f.id, "");
    buf += "\n{\"id\":" + JsonQuote(f.id) + ",\"source\":" + JsonQuote(f.source) +
           ",\"format\":" + JsonQuote(f.format) + ",\"source_id\":" + JsonQuote(f.source_id) +
           ",\"author\":" + JsonQuote(f.author) + ",\"date\":" + JsonQuote(f.date) +
           ",\"rating\":" + (f.rating ? JsonNumber(*f.rating) : "null") + ",\"lang\":" + JsonQuote(f.lang) +
           ",\"text\":" + JsonQuote(f.text) + ",\"speaker\":" + JsonQuote(f.speaker) +
           ",\"interview\":" + JsonQuote(f.interview) +
           ",\"is_interviewer\":" + (f.is_interviewer ? "true" : "false") + ",\"tags\":" + (t ? *t : "null") +
           "}";
    out << buf;
    return static_cast<bool>(out);
  }));
  out << "]}\n";
  return Ok();
}

}  // namespace touchpoint::collector
