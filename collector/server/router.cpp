#include "router.h"

#include <optional>
#include <vector>

namespace touchpoint::collector {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size() && out.size() < 8) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  if (i < path.size()) out.push_back("…");  // more than 8 segments: matches nothing
  return out;
}

struct Methods {
  std::optional<Route> get, post;
};

RouteMatch Pick(std::string_view method, const Methods& m, std::string id, bool html) {
  RouteMatch r;
  r.survey_id = std::move(id);
  r.html = html;
  if ((method == "GET" || method == "HEAD") && m.get) {
    r.kind = RouteMatch::Kind::kFound;
    r.route = *m.get;
  } else if (method == "POST" && m.post) {
    r.kind = RouteMatch::Kind::kFound;
    r.route = *m.post;
  } else {
    r.kind = RouteMatch::Kind::kMethodNotAllowed;
    if (m.get) r.allow = "GET, HEAD";
    if (m.post) r.allow += r.allow.empty() ? "POST" : ", POST";
  }
  return r;
}

}  // namespace

bool ValidSurveyId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return id != "." && id != "..";
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  const std::vector<std::string_view> s = Segments(path);
  const bool trailing_ok = !path.empty() && path.front() == '/';
  if (!trailing_ok) return {};
  if (s.size() == 1 && s[0] == "healthz") return Pick(method, {Route::kHealth, std::nullopt}, "", false);
  if (s.size() == 2 && s[0] == "s") {
    if (!ValidSurveyId(s[1])) {
      RouteMatch none;
      none.html = true;
      return none;
    }
    return Pick(method, {Route::kFormGet, Route::kFormPost}, std::string(s[1]), true);
  }
  if (s.size() >= 3 && s[0] == "api" && s[1] == "v1" && s[2] == "surveys") {
    if (s.size() == 3) return Pick(method, {Route::kListSurveys, Route::kPublishSurvey}, "", false);
    if (!ValidSurveyId(s[3])) return {};
    std::string id(s[3]);
    if (s.size() == 4) return Pick(method, {Route::kShowSurvey, std::nullopt}, id, false);
    if (s.size() == 5 && s[4] == "close") return Pick(method, {std::nullopt, Route::kCloseSurvey}, id, false);
    if (s.size() == 5 && s[4] == "responses")
      return Pick(method, {Route::kExport, Route::kSubmitResponse}, id, false);
    if (s.size() == 5 && s[4] == "imports") return Pick(method, {std::nullopt, Route::kImport}, id, false);
  }
  return {};
}

}  // namespace touchpoint::collector
