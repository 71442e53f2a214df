#include "handlers.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <cctype>
#include <cstdio>
#include <istream>

#include "client_address.h"
#include "http_status.h"
#include "import_route.h"
#include "json_out.h"
#include "web/html.h"

namespace touchpoint::collector {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool HasBody(const HTTPServerRequest& req) {
  return req.getChunkedTransferEncoding() || (req.hasContentLength() && req.getContentLength64() > 0);
}

void SetCommonHeaders(HTTPServerResponse& resp, bool html) {
  resp.set("X-Content-Type-Options", "nosniff");
  resp.set("Cache-Control", "no-store");
  resp.set("Referrer-Policy", "no-referrer");
  if (html) {
    resp.set("Content-Security-Policy", web::FormCsp());
    resp.set("X-Frame-Options", "DENY");
  }
}

void SendReply(Exchange& ex, const Reply& r) {
  HTTPServerResponse& resp = ex.resp;
  resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
  resp.setContentType(r.content_type);
  SetCommonHeaders(resp, r.content_type.rfind("text/html", 0) == 0);
  for (const auto& [k, v] : r.headers) resp.set(k, v);
  // A body we did not read would be parsed as the next request: close instead.
  if (!ex.body_read && HasBody(ex.req)) resp.setKeepAlive(false);
  resp.setContentLength64(static_cast<Poco::Int64>(r.body.size()));
  std::ostream& out = resp.send();
  if (ex.req.getMethod() != "HEAD") out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
}

Reply JsonReply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  r.body += '\n';
  return r;
}

// The query parameter `name` ("" if absent); the first one wins.
std::string QueryParam(const HTTPServerRequest& req, const std::string& name) {
  try {
    Poco::URI uri(req.getURI());
    for (const auto& [k, v] : uri.getQueryParameters()) {
      if (k == name) return v;
    }
  } catch (const Poco::Exception&) {
  }
  return {};
}

// Page language: ?lang if the survey offers it, then Accept-Language, then the survey default.
std::string PageLanguage(const HTTPServerRequest& req, const surveys::Survey& survey) {
  const std::string q = Lower(QueryParam(req, "lang"));
  if (!q.empty()) {
    for (const auto& l : survey.languages) {
      if (l == q) return l;
    }
  }
  std::vector<std::string> offered = survey.languages;
  if (offered.empty()) offered.push_back(survey.default_language);
  return web::NegotiateLanguage(req.get("Accept-Language", ""), offered, survey.default_language);
}

// Page language when no survey is known (404 pages): ?lang, then Accept-Language over the UI languages.
std::string UiLanguage(const HTTPServerRequest& req) {
  const std::vector<std::string>& ui = surveys::SupportedLanguages();
  const std::string q = Lower(QueryParam(req, "lang"));
  for (const auto& l : ui) {
    if (l == q) return l;
  }
  return web::NegotiateLanguage(req.get("Accept-Language", ""), ui, "en");
}

std::string BearerToken(const HTTPServerRequest& req) {
  const std::string h = req.get("Authorization", "");
  std::string_view v = TrimView(h);
  if (v.size() < 7 || Lower(v.substr(0, 7)) != "bearer ") return {};
  return std::string(TrimView(v.substr(7)));
}

// ---- handlers, one per route ----

class HealthHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool rate_limited() const override { return false; }
  Result<Reply> Serve(Exchange&) override { return JsonReply(200, "{\"status\":\"ok\"}"); }
};

class ListSurveysHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange&) override {
    Result<std::vector<SurveySummary>> list = ctx_.collector.Summaries();
    if (!list) return list.error();
    std::string body = "{\"surveys\":[";
    for (size_t i = 0; i < list->size(); ++i) {
      const SurveySummary& s = (*list)[i];
      if (i) body += ',';
      body += "{\"id\":" + JsonQuote(s.id) + ",\"title\":" + JsonQuote(s.title) +
              ",\"status\":" + JsonQuote(s.status) + ",\"responses\":" + std::to_string(s.responses) + "}";
    }
    return JsonReply(200, body + "]}");
  }
};

class PublishSurveyHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange& ex) override {
    Result<std::string> body = ReadBody(ex, ctx_.config.max_body_bytes, "application/json");
    if (!body) return body.error();
    Result<std::string> id = ctx_.collector.Publish(*body);
    if (!id) return id.error();
    Reply r = JsonReply(201, "{\"id\":" + JsonQuote(*id) + "}");
    r.headers.emplace_back("Location", "/api/v1/surveys/" + *id);
    return r;
  }
};

class ShowSurveyHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange&) override {
    Result<std::string> json = ctx_.collector.ShowJson(match_.survey_id);
    if (!json) return json.error();
    return JsonReply(200, *json);
  }
};

class CloseSurveyHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange&) override {
    TP_RETURN_IF_ERROR(ctx_.collector.Close(match_.survey_id));
    return JsonReply(200, "{\"id\":" + JsonQuote(match_.survey_id) + ",\"status\":\"closed\"}");
  }
};

class SubmitResponseHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  Result<Reply> Serve(Exchange& ex) override {
    Result<std::string> body = ReadBody(ex, ctx_.config.max_body_bytes, "application/json");
    if (!body) return body.error();
    Result<Submitted> stored = ctx_.collector.SubmitJson(match_.survey_id, *body);  // durable on return
    if (!stored) return stored.error();
    if (ctx_.worker) ctx_.worker->Wake();
    return JsonReply(
        201, "{\"id\":" + JsonQuote(stored->id) + ",\"ignored\":" + JsonStringArray(stored->ignored) + "}");
  }
};

class ExportHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange& ex) override {
    ExportOptions options;
    const std::string format = Lower(QueryParam(ex.req, "format"));
    if (format.empty() || format == "csv") {
      options.format = ExportFormat::kCsv;
    } else if (format == "json") {
      options.format = ExportFormat::kJson;
    } else {
      return Error(Code::kInvalid, "format must be csv or json, got '" + format + "'", "format");
    }
    const std::string bom = QueryParam(ex.req, "bom");
    options.bom = bom == "1" || bom == "true";
    options.items = QueryParam(ex.req, "items") == "1" && options.format == ExportFormat::kCsv;
    Result<SurveyView> view = ctx_.collector.Find(match_.survey_id);
    if (!view) return view.error();
    const bool csv = options.format == ExportFormat::kCsv;
    ex.resp.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    ex.resp.setContentType(csv ? "text/csv; charset=utf-8" : "application/json");
    ex.resp.set("Content-Disposition", "attachment; filename=\"" + match_.survey_id +
                                           (options.items ? "-items" : "") + (csv ? ".csv\"" : ".json\""));
    SetCommonHeaders(ex.resp, false);
    ex.resp.setChunkedTransferEncoding(true);
    std::ostream& out = ex.resp.send();
    Reply sent;
    sent.sent = true;
    if (ex.req.getMethod() == "HEAD") return sent;
    Status st = ctx_.collector.Export(*view, options, out);
    if (!st) {
      // Headers are gone; the truncated body is all we can signal. Log for the operator.
      std::fprintf(stderr, "export of %s failed: %s\n", match_.survey_id.c_str(),
                   st.error().ToString().c_str());
    }
    return sent;
  }
};

// POST /api/v1/surveys/{id}/imports?format=FMT: the body is the file, streamed into the importer through a
// byte cap (http.max_import_bytes), never buffered whole.
class ImportHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool researcher() const override { return true; }
  Result<Reply> Serve(Exchange& ex) override {
    std::vector<std::pair<std::string, std::string>> params;
    try {
      params = Poco::URI(ex.req.getURI()).getQueryParameters();
    } catch (const Poco::Exception&) {
      return Error(Code::kInvalid, "malformed query string");
    }
    Result<ImportRequest> request = ParseImportQuery(match_.survey_id, params);
    if (!request) return request.error();
    Result<SurveyView> view = ctx_.collector.Find(match_.survey_id);
    if (!view) return view.error();
    if (!view->open()) return Error(Code::kConflict, "survey '" + match_.survey_id + "' is closed");

    HTTPServerRequest& req = ex.req;
    const int64_t cap = ctx_.config.max_import_bytes;
    std::string too_large = "file larger than ";
    too_large += std::to_string(cap);
    too_large += " bytes (http.max_import_bytes)";
    const bool chunked = req.getChunkedTransferEncoding();
    if (!chunked && !req.hasContentLength()) {
      return Error(Code::kLengthRequired, "Content-Length or chunked Transfer-Encoding required");
    }
    if (!chunked && req.getContentLength64() > cap) {
      return Error(Code::kTooLarge, too_large);
    }
    const std::string type = req.getContentType();
    const std::string_view base = TrimView(std::string_view(type).substr(0, type.find(';')));
    if (!ImportMediaTypeAllowed(base)) {
      return Error(Code::kUnsupportedMedia,
                   "Content-Type must be one of " + ImportMediaTypes() + ", got '" + std::string(base) + "'");
    }

    importers::ImportOptions& options = request->options;
    // Tagged on this request thread batch by batch and stored with the items (the worker gets nothing).
    options.tagger = ctx_.tagger.get();
    ImportOutcome outcome;
    importers::ImportCallbacks callbacks;
    callbacks.on_error = [&outcome](const importers::RowError& e) {
      if (outcome.error_rows.size() < ImportOutcome::kMaxErrorRows) outcome.error_rows.push_back(e);
    };
    CappedStreamBuf body(req.stream(), cap);
    std::istream in(&body);
    Result<importers::ImportSummary> summary =
        importers::ImportStream(ctx_.storage, options, in, request->source_name, callbacks);
    if (summary && summary->imported > 0 && ctx_.worker) ctx_.worker->Wake();
    // Read what the importer left (after a file error) so the connection can carry the reply.
    const bool whole = body.Drain();
    ex.body_read = whole;
    std::string stored;
    if (summary) {
      stored = "; ";
      stored += std::to_string(summary->imported);
      stored += " items before it were stored";
    }
    if (body.exceeded()) return Error(Code::kTooLarge, too_large + stored);
    if (body.failed()) {
      return Error(Code::kInvalid, "could not read the request body: " + body.error() + stored);
    }
    if (!chunked && body.bytes() < req.getContentLength64()) {
      return Error(Code::kInvalid, "body shorter than its Content-Length" + stored);
    }
    if (!summary) {
      Error e = summary.error();
      if (e.field == "--format") e.field = "format";
      return e;
    }
    outcome.summary = *summary;
    return JsonReply(200, ImportOutcomeJson(outcome));
  }
};

// HTML routes: errors are localized pages.
class PageHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  Reply ErrorReply(Exchange& ex, const Error& error) override {
    Reply r;
    r.status = HttpStatusFor(error.code);
    r.content_type = "text/html; charset=utf-8";
    const std::string lang = ex.lang.empty() ? UiLanguage(ex.req) : ex.lang;
    const bool plain =
        error.code == Code::kNotFound || error.code == Code::kGone || error.code == Code::kInternal;
    r.body = web::RenderErrorPage(r.status, lang, *ctx_.catalogs, plain ? std::string_view() : error.message);
    return r;
  }

  Result<SurveyView> OpenSurvey(Exchange& ex) {
    Result<SurveyView> view = ctx_.collector.Find(match_.survey_id);
    if (!view) return view.error();
    ex.lang = PageLanguage(ex.req, *view->survey);
    if (!view->open()) return Error(Code::kGone, "survey closed");
    return view;
  }

  static Reply Html(int status, std::string body) {
    Reply r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    return r;
  }
};

class FormGetHandler : public PageHandler {
 public:
  using PageHandler::PageHandler;

 protected:
  Result<Reply> Serve(Exchange& ex) override {
    Result<SurveyView> view = OpenSurvey(ex);
    if (!view) return view.error();
    return Html(
        200, web::RenderForm(*view->survey, ex.lang, *ctx_.catalogs, nullptr, {}, "/s/" + match_.survey_id));
  }
};

class FormPostHandler : public PageHandler {
 public:
  using PageHandler::PageHandler;

 protected:
  Result<Reply> Serve(Exchange& ex) override {
    Result<std::string> body = ReadBody(ex, ctx_.config.max_body_bytes, "application/x-www-form-urlencoded");
    if (!body) return body.error();
    Result<std::multimap<std::string, std::string>> fields = ParseFormBody(*body);
    if (!fields) return fields.error();
    Result<SurveyView> view = ctx_.collector.Find(match_.survey_id);
    if (!view) return view.error();
    const surveys::Survey& survey = *view->survey;
    // The hidden `lang` field is the language the form was shown in.
    auto lang_field = fields->find("lang");
    ex.lang = lang_field != fields->end() ? survey.ResolveLanguage(Lower(lang_field->second))
                                          : PageLanguage(ex.req, survey);
    if (!view->open()) return Error(Code::kGone, "survey closed");
    std::vector<FieldError> problems;
    surveys::Response response = surveys::ResponseFromForm(survey, *fields, &problems);
    if (response.language.empty()) response.language = ex.lang;
    response.channel = "web";
    const std::string action = "/s/" + match_.survey_id;
    if (!problems.empty())
      return Html(400, web::RenderForm(survey, ex.lang, *ctx_.catalogs, &response, problems, action));
    const surveys::Response kept = response;  // Submit drops hidden answers; re-show what was sent
    Result<Submitted> stored = ctx_.collector.Submit(*view, std::move(response));
    if (!stored) {
      if (stored.error().code != Code::kInvalid) return stored.error();
      std::vector<FieldError> all = stored.error().details;
      if (all.empty()) all.push_back({stored.error().field, stored.error().message});
      return Html(400, web::RenderForm(survey, ex.lang, *ctx_.catalogs, &kept, all, action));
    }
    if (ctx_.worker) ctx_.worker->Wake();
    return Html(200, web::RenderThankYou(survey, ex.lang, *ctx_.catalogs));
  }
};

class NoRouteHandler : public RouteHandler {
 public:
  using RouteHandler::RouteHandler;

 protected:
  bool rate_limited() const override { return true; }
  Result<Reply> Serve(Exchange& ex) override {
    if (match_.kind == RouteMatch::Kind::kMethodNotAllowed) {
      ex.resp.set("Allow", match_.allow);
      return Error(Code::kMethodNotAllowed,
                   "method " + ex.req.getMethod() + " not allowed; allowed: " + match_.allow);
    }
    return Error(Code::kNotFound, "no such resource");
  }
};

class NoRoutePageHandler : public PageHandler {
 public:
  using PageHandler::PageHandler;

 protected:
  Result<Reply> Serve(Exchange& ex) override {
    if (match_.kind == RouteMatch::Kind::kMethodNotAllowed) {
      ex.resp.set("Allow", match_.allow);
      return Error(Code::kMethodNotAllowed, "method not allowed");
    }
    return Error(Code::kNotFound, "no such survey");
  }
};

}  // namespace

Result<std::string> ReadBody(Exchange& ex, int64_t max_bytes, std::string_view media_type) {
  HTTPServerRequest& req = ex.req;
  const bool chunked = req.getChunkedTransferEncoding();
  if (!chunked && !req.hasContentLength()) {
    return Error(Code::kLengthRequired, "Content-Length or chunked Transfer-Encoding required");
  }
  if (!chunked && req.getContentLength64() > max_bytes) {
    return Error(Code::kTooLarge, "body larger than " + std::to_string(max_bytes) + " bytes");
  }
  const std::string type = req.getContentType();
  const std::string_view base = TrimView(std::string_view(type).substr(0, type.find(';')));
  if (Lower(base) != media_type) {
    return Error(Code::kUnsupportedMedia,
                 "Content-Type must be " + std::string(media_type) + ", got '" + std::string(base) + "'");
  }
  std::string body;
  std::istream& in = req.stream();
  char buf[16384];
  while (in) {
    in.read(buf, sizeof buf);
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    if (static_cast<int64_t>(body.size()) + n > max_bytes) {
      return Error(Code::kTooLarge, "body larger than " + std::to_string(max_bytes) + " bytes");
    }
    body.append(buf, static_cast<size_t>(n));
  }
  if (!chunked && static_cast<int64_t>(body.size()) < req.getContentLength64()) {
    return Error(Code::kInvalid, "body shorter than its Content-Length");
  }
  ex.body_read = true;
  return body;
}

Reply RouteHandler::ErrorReply(Exchange&, const Error& error) {
  return JsonReply(HttpStatusFor(error.code), ErrorJson(error));
}

void RouteHandler::handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) {
  ctx_.active_requests.fetch_add(1);
  struct Done {
    std::atomic<int>& n;
    ~Done() { n.fetch_sub(1); }
  } done{ctx_.active_requests};
  Exchange ex{req, resp, match_, false, {}};
  try {
    if (ctx_.request_hook) ctx_.request_hook(match_.survey_id.empty() ? req.getURI() : match_.survey_id);
    Result<Reply> reply = Error(Code::kInternal, "not served");
    RateLimiter::Decision rate;
    if (rate_limited()) {
      const std::string client = ClientAddress(req.clientAddress().host().toString(),
                                               req.get("X-Forwarded-For", ""), ctx_.config.trusted_proxies);
      rate = ctx_.limiter.Allow(client);
    }
    if (!rate.allowed) {
      resp.set("Retry-After", std::to_string(rate.retry_after_s));
      reply = Error(Code::kRateLimited,
                    "too many requests; retry after " + std::to_string(rate.retry_after_s) + " s");
    } else if (researcher() && !ctx_.tokens.Verify(BearerToken(req))) {
      resp.set("WWW-Authenticate", "Bearer realm=\"touchpoint\"");
      reply = Error(Code::kUnauthorized, "missing or invalid researcher token (Authorization: Bearer TOKEN)");
    } else {
      reply = Serve(ex);
    }
    if (reply && reply->sent) return;
    SendReply(ex, reply ? *reply : ErrorReply(ex, reply.error()));
  } catch (const std::exception& e) {
    // A bug or a dead disk, never bad input: log it, answer 500 without internals if we still can.
    std::fprintf(stderr, "internal error serving %s %s: %s\n", req.getMethod().c_str(), req.getURI().c_str(),
                 e.what());
    if (!resp.sent()) {
      try {
        ex.body_read = false;  // do not trust the connection state any more
        SendReply(ex, ErrorReply(ex, Error(Code::kInternal, "internal error")));
      } catch (const std::exception&) {
      }
    }
  }
}

Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const HTTPServerRequest& request) {
  std::string path;
  try {
    path = Poco::URI(request.getURI()).getPath();
  } catch (const Poco::Exception&) {
    path.clear();  // malformed URI: matches nothing, 404
  }
  RouteMatch m = MatchRoute(request.getMethod(), path);
  if (m.kind != RouteMatch::Kind::kFound) {
    if (m.html) return new NoRoutePageHandler(ctx_, std::move(m));
    return new NoRouteHandler(ctx_, std::move(m));
  }
  switch (m.route) {
    case Route::kHealth:
      return new HealthHandler(ctx_, std::move(m));
    case Route::kListSurveys:
      return new ListSurveysHandler(ctx_, std::move(m));
    case Route::kPublishSurvey:
      return new PublishSurveyHandler(ctx_, std::move(m));
    case Route::kShowSurvey:
      return new ShowSurveyHandler(ctx_, std::move(m));
    case Route::kCloseSurvey:
      return new CloseSurveyHandler(ctx_, std::move(m));
    case Route::kSubmitResponse:
      return new SubmitResponseHandler(ctx_, std::move(m));
    case Route::kExport:
      return new ExportHandler(ctx_, std::move(m));
    case Route::kImport:
      return new ImportHandler(ctx_, std::move(m));
    case Route::kFormGet:
      return new FormGetHandler(ctx_, std::move(m));
    case Route::kFormPost:
      return new FormPostHandler(ctx_, std::move(m));
  }
  return new NoRouteHandler(ctx_, std::move(m));
}

}  // namespace touchpoint::collector
