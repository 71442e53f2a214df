// router.h: the collector's URL space in one place (CONTRACT.md "HTTP API"). MatchRoute maps a method and a
// decoded path to a route and its survey id, or says why nothing matched (404, or 405 with the Allow list).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace touchpoint::collector {

enum class Route {
  kHealth,          // GET  /healthz
  kListSurveys,     // GET  /api/v1/surveys
  kPublishSurvey,   // POST /api/v1/surveys
  kShowSurvey,      // GET  /api/v1/surveys/{id}
  kCloseSurvey,     // POST /api/v1/surveys/{id}/close
  kSubmitResponse,  // POST /api/v1/surveys/{id}/responses
  kExport,          // GET  /api/v1/surveys/{id}/responses
  kImport,          // POST /api/v1/surveys/{id}/imports
  kFormGet,         // GET  /s/{id}
  kFormPost,        // POST /s/{id}
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
  Route route = Route::kHealth;
  std::string survey_id;
  std::string allow;  // for kMethodNotAllowed: "GET, POST"
  bool html = false;  // the path belongs to the respondent HTML pages (/s/...): errors as HTML
};

// HEAD is treated like GET. Survey ids in paths: 1-128 characters of [A-Za-z0-9._-] (else 404).
RouteMatch MatchRoute(std::string_view method, std::string_view path);
bool ValidSurveyId(std::string_view id);

}  // namespace touchpoint::collector
