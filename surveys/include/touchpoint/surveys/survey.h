// survey.h: the survey model of touchpoint — a survey is an immutable description of questions whose texts
// are per-language maps, each question tagged with its customer-journey `stage` and `touchpoint`; a Response
// is one respondent's answers. See ../shared/CONTRACT.md ("Survey JSON", "Response JSON").
//
// Parsing returns every problem at once (Error::details, each naming a JSON path such as
// "questions[2].options[0].id"); response validation returns all problems too, so a form can show each
// beside its question, while the JSON API reports the first.
//
// Thread-safety: Survey and Response are plain values. A parsed Survey is not mutated afterwards and may be
// shared (std::shared_ptr<const Survey>) and read from any number of threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "touchpoint/status.h"
#include "touchpoint/surveys/expr.h"

namespace touchpoint::surveys {

// The seven default journey stages, in journey order (TAXONOMY.md).
const std::vector<std::string>& DefaultStages();
// The UI languages touchpoint ships catalogs for: en, ru, uk, ro.
const std::vector<std::string>& SupportedLanguages();

// language code -> text. Lookups fall back to the survey's default language, then to any text.
using LangText = std::map<std::string, std::string>;

enum class QuestionType {
  kSingleChoice,
  kMultipleChoice,
  kRating,
  kNps,
  kLikert,
  kMatrix,
  kRanking,
  kText,
  kNumber,
  kDate
};
const char* QuestionTypeName(QuestionType t);  // "single_choice", ...
std::optional<QuestionType> QuestionTypeFromName(std::string_view name);

struct Option {
  std::string id;
  LangText text;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::kText;
  std::string stage;       // one of Survey::stages, may be empty
  std::string touchpoint;  // free id (TAXONOMY touchpoints recommended), may be empty
  LangText text;
  LangText help;  // optional hint under the question
  bool required = false;
  std::vector<Option> options;           // single/multiple choice, ranking, likert (the scale points)
  std::vector<Option> rows;              // matrix rows
  std::vector<Option> columns;           // matrix columns
  int64_t scale_min = 1, scale_max = 5;  // rating; nps is fixed 0..10
  std::optional<double> min, max;        // number
  std::optional<int64_t> max_length;     // text, default 10000 code points
  std::string visible_if;                // source text, empty = always visible
  std::shared_ptr<const Expr> visible;   // parsed visible_if, null = always visible
  std::map<std::string, std::string> extensions = {};  // "x-..."/"x_..." keys -> their JSON (valid JSON)
};

struct Survey {
  std::string id;
  std::string default_language = "en";
  std::vector<std::string> languages;  // languages offered; default_language is always among them
  LangText title;
  LangText description;
  std::vector<std::string> stages;  // DefaultStages() unless the survey lists its own
  std::vector<Question> questions;
  // Unknown top-level keys -> their JSON (compact), written back by SurveyToJson. "status" is not kept: the
  // collector adds it when showing a survey.
  std::map<std::string, std::string> extensions = {};

  const Question* FindQuestion(std::string_view qid) const;
  // Text of `t` in `lang`, else in default_language, else the first present, else "".
  std::string Text(const LangText& t, std::string_view lang) const;
  // `lang` if the survey offers it, else default_language.
  std::string ResolveLanguage(std::string_view lang) const;
};

// Parses and validates survey JSON. On failure: Code::kInvalid; malformed JSON names line/column/offset in
// `message`; semantic problems are listed in `details` ("survey has N problems"; at most 200 listed). A
// missing `id` is allowed (the caller assigns one) — Survey::id is then empty. Limits: 1 MiB (kTooLarge),
// 500 questions, 200 options/rows/columns each, ids [A-Za-z0-9_.-]{1,64}, texts of 10000 code points.
// Unknown top-level keys are kept as extensions; inside questions and options an unknown key is an error
// unless it starts with "x-" or "x_" (kept for questions, ignored for options). Texts in the default
// language are required for the title, question texts and option texts; a plain string is the default
// language's text.
Result<Survey> ParseSurvey(std::string_view json);
// Canonical JSON of a survey (round-trips through ParseSurvey).
std::string SurveyToJson(const Survey& survey);

// One answer: string (single_choice, likert, text, date), integer (rating, nps), number, list (multiple
// choice, ranking), or row->column map (matrix).
using Answer =
    std::variant<std::string, int64_t, double, std::vector<std::string>, std::map<std::string, std::string>>;
using Answers = std::map<std::string, Answer>;

struct Response {
  std::string language;  // may be empty: survey default
  std::string channel = "web";
  std::string respondent;  // optional external id
  Answers answers;
};

// Parses response JSON (shape only: `answers` object, `language`/`lang`, `channel`, `respondent`); JSON
// numbers that are integral become int64_t. Errors: kInvalid naming the field or the JSON position.
// Limits: 1 MiB of JSON, at most 2000 answers.
Result<Response> ParseResponse(std::string_view json);
// Canonical JSON of one answer / of an answers object (keys sorted); AnswersFromJson reads the latter back
// (null answers are dropped, integral numbers become int64_t).
std::string AnswerToJson(const Answer& a);
std::string AnswersToJson(const Answers& a);
Result<Answers> AnswersFromJson(std::string_view json);

// Gives Expr::Eval access to an Answers map (borrowed: it must outlive the lookup). Numbers (int64_t,
// double) are numeric; strings, lists and numbers (in decimal) give Strings(); a matrix answer is answered
// but has neither number nor strings.
class AnswersLookup final : public AnswerLookup {
 public:
  explicit AnswersLookup(const Answers& answers) : answers_(answers) {}
  bool Answered(std::string_view qid) const override;
  bool Number(std::string_view qid, double* out) const override;
  std::vector<std::string> Strings(std::string_view qid) const override;

 private:
  const Answers& answers_;
};

// True if `q` has no visible_if or its condition holds on `answers`.
bool IsVisible(const Question& q, const Answers& answers);

// Validates `response` against `survey`: unknown question, wrong type, out of range, option not in list,
// missing required *visible* question. Answers to questions that are not visible are removed from
// response.answers and their ids appended to `ignored` (may be null). Visibility is decided in question
// order on the answers kept so far, so a question hidden by its condition hides questions that depend on
// it too. Empty answers ("", [], {}) count as unanswered and are dropped. Returns every problem (field
// "answers.<qid>", "answers.<qid>.<row>" for matrix rows; FieldError::code is a stable machine code such as
// "required", "out_of_range", "not_an_option"), empty when valid. response.language is set to
// Survey::ResolveLanguage(response.language).
std::vector<FieldError> CheckResponse(const Survey& survey, Response& response,
                                      std::vector<std::string>* ignored);

// Builds a Response from HTML form fields (name -> values, in order): question ids, repeated for multiple
// choice and ranking, "qid.row" for matrix rows; empty values mean "not answered". Type problems (e.g.
// "abc" for a number) are returned as FieldErrors like CheckResponse; call CheckResponse afterwards.
// A `lang` field sets response.language; fields that name no question are ignored. Integers ("7", " 7 ")
// and decimals ("3.5", "3,5") are parsed strictly.
Response ResponseFromForm(const Survey& survey, const std::multimap<std::string, std::string>& fields,
                          std::vector<FieldError>* errors);

}  // namespace touchpoint::surveys
