// html.h: the respondent-facing HTML pages of the collector — the survey form, the thank-you page and the
// error pages (404, 410, 413, 429, 503, ...). Each function returns a complete HTML5 document (UTF-8) that
// works without JavaScript, is usable on a phone and follows WCAG form practice: every question is a
// <fieldset>/<legend> or has a <label for>, required questions say so in text and with `required` /
// `aria-required`, errors stand beside their questions (aria-describedby, aria-invalid) and are listed in
// a summary at the top linking to the fields. Everything that comes from a survey, an answer or an error
// is escaped with HtmlEscape, so a title "<script>alert(1)</script>" shows as text.
//
// The pages use one inline <style> and (the form, when a question has `visible_if`) one inline <script>,
// no external resources; send FormCsp() as the Content-Security-Policy header with every page rendered
// here. The script hides questions whose `visible_if` is false and disables their inputs (so hidden
// answers are not sent); without JavaScript every question shows and the server decides.
//
// Thread-safety: pure functions of their arguments; safe to call from any number of threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "i18n.h"
#include "touchpoint/status.h"
#include "touchpoint/surveys/survey.h"

namespace touchpoint::web {

// Escapes text for HTML element content and quoted attribute values: & < > " ' become entities; invalid
// UTF-8 and NUL become U+FFFD.
std::string HtmlEscape(std::string_view text);

// The Content-Security-Policy header value for every page of this file: nothing may load from anywhere,
// only the page's own inline style and script run (allowed by their SHA-256 hashes), forms post only to
// the same origin, no framing.
const std::string& FormCsp();

// The survey as a form posting (application/x-www-form-urlencoded, the field names of
// surveys::ResponseFromForm) to `form_action` (e.g. "/s/cjm-2026"). `lang` picks the survey texts (a
// language the survey does not offer falls back to its default_language) and the UI texts (from
// `catalogs`, English when it has no catalog for the language); it is also sent back in a hidden `lang`
// field. `kept_answers` (may be null) re-fills the form; `errors` (from ResponseFromForm/CheckResponse,
// fields "answers.<qid>" or "answers.<qid>.<row>") are localized with LocalizeFieldError and shown beside
// their questions; an error naming no question appears only in the summary.
std::string RenderForm(const surveys::Survey& survey, std::string_view lang, const Catalogs& catalogs,
                       const surveys::Response* kept_answers, const std::vector<FieldError>& errors,
                       std::string_view form_action);

// "Thank you" page after a successful submission, in `lang` (resolved as for RenderForm).
std::string RenderThankYou(const surveys::Survey& survey, std::string_view lang, const Catalogs& catalogs);

// Error page for an HTTP status (400, 404 survey not found, 410 survey closed, 413, 429, 500, 503; other
// statuses get a generic text) in UI language `lang`. `detail`, if not empty, is shown (escaped) below the
// localized explanation.
std::string RenderErrorPage(int status, std::string_view lang, const Catalogs& catalogs,
                            std::string_view detail = {});

// A respondent-facing message for one validation error, in `lang`. The surveys module's English message is
// not shown; the message is chosen from the error's machine code (FieldError::code: required, too_long,
// invalid_date, not_an_option, out_of_range, ...), the error's question (by its field) and type, and the
// question's limits (scale, min/max, max_length). Without a code, an error on a required question with no
// kept answer means "required".
std::string LocalizeFieldError(const surveys::Survey& survey, const surveys::Response* kept_answers,
                               const FieldError& error, std::string_view lang, const Catalogs& catalogs);

}  // namespace touchpoint::web
