#include "router.h"

#include <gtest/gtest.h>

#include "form_body.h"

namespace touchpoint::collector {
namespace {

RouteMatch M(const char* method, const char* path) { return MatchRoute(method, path); }

TEST(RouterTest, MatchesEveryRoute) {
  struct Case {
    const char* method;
    const char* path;
    Route route;
    const char* id;
  } cases[] = {
      {"GET", "/healthz", Route::kHealth, ""},
      {"GET", "/api/v1/surveys", Route::kListSurveys, ""},
      {"POST", "/api/v1/surveys", Route::kPublishSurvey, ""},
      {"GET", "/api/v1/surveys/cjm-2026", Route::kShowSurvey, "cjm-2026"},
      {"POST", "/api/v1/surveys/cjm-2026/close", Route::kCloseSurvey, "cjm-2026"},
      {"POST", "/api/v1/surveys/a.b_c/responses", Route::kSubmitResponse, "a.b_c"},
      {"GET", "/api/v1/surveys/x/responses", Route::kExport, "x"},
      {"POST", "/api/v1/surveys/cjm-2026/imports", Route::kImport, "cjm-2026"},
      {"POST", "/api/v1/surveys/x/imports/", Route::kImport, "x"},
      {"HEAD", "/api/v1/surveys/x/responses", Route::kExport, "x"},
      {"GET", "/s/x", Route::kFormGet, "x"},
      {"POST", "/s/x/", Route::kFormPost, "x"},
  };
  for (const Case& c : cases) {
    RouteMatch m = M(c.method, c.path);
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound) << c.method << " " << c.path;
    EXPECT_EQ(m.route, c.route) << c.method << " " << c.path;
    EXPECT_EQ(m.survey_id, c.id);
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  RouteMatch m = M("DELETE", "/api/v1/surveys");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, POST");
  m = M("GET", "/api/v1/surveys/x/close");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
  m = M("GET", "/api/v1/surveys/x/imports");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
  EXPECT_FALSE(m.html);
  m = M("PUT", "/s/x");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_TRUE(m.html);
}

TEST(RouterTest, UnknownPathsAre404) {
  for (const char* path :
       {"/", "", "/api", "/api/v1", "/api/v2/surveys", "/api/v1/surveys/x/y", "/api/v1/surveys/x/responses/1",
        "/api/v1/surveys/x/imports/1", "/api/v1/surveys/a%2Fb/imports", "/s", "/s/a/b", "/healthz/x",
        "/api/v1/surveys/a%2Fb", "/a/b/c/d/e/f/g/h/i/j/k"}) {
    EXPECT_EQ(M("GET", path).kind, RouteMatch::Kind::kNotFound) << path;
  }
}

TEST(RouterTest, RejectsHostileSurveyIds) {
  EXPECT_EQ(M("GET", "/api/v1/surveys/..").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(M("GET", "/s/<script>").kind, RouteMatch::Kind::kNotFound);
  EXPECT_TRUE(M("GET", "/s/<script>").html);
  EXPECT_EQ(M("GET", ("/s/" + std::string(129, 'a')).c_str()).kind, RouteMatch::Kind::kNotFound);
  EXPECT_TRUE(ValidSurveyId(std::string(128, 'a')));
  EXPECT_FALSE(ValidSurveyId(""));
  EXPECT_FALSE(ValidSurveyId("a b"));
}

TEST(FormBodyTest, DecodesRepeatedFieldsAndEscapes) {
  auto fields = ParseFormBody(
      "heard=ad&channels=web&channels=app&sat.speed=bad&delivery=Hello+w%C3%B6rld%21&lang=uk&x");
  ASSERT_TRUE(fields.ok()) << fields.error().ToString();
  EXPECT_EQ(fields->count("channels"), 2u);
  auto range = fields->equal_range("channels");
  EXPECT_EQ(range.first->second, "web");
  EXPECT_EQ(std::next(range.first)->second, "app");
  EXPECT_EQ(fields->find("delivery")->second, "Hello wörld!");
  EXPECT_EQ(fields->find("sat.speed")->second, "bad");
  EXPECT_EQ(fields->find("x")->second, "");
}

TEST(FormBodyTest, KeepsMalformedPercentAsText) {
  auto fields = ParseFormBody("a=%zz%4&b=%");
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->find("a")->second, "%zz%4");
  EXPECT_EQ(fields->find("b")->second, "%");
}

TEST(FormBodyTest, BoundsTheFieldCount) {
  std::string body;
  for (int i = 0; i < 11; ++i) body += "f=1&";
  auto fields = ParseFormBody(body, 10);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().code, Code::kTooLarge);
}

}  // namespace
}  // namespace touchpoint::collector
