#include "http_status.h"

#include <gtest/gtest.h>

#include "json_out.h"

namespace touchpoint::collector {
namespace {

TEST(HttpStatusTest, MapsEveryCode) {
  const std::pair<Code, int> expected[] = {
      {Code::kInvalid, 400},          {Code::kUnauthorized, 401}, {Code::kNotFound, 404},
      {Code::kMethodNotAllowed, 405}, {Code::kConflict, 409},     {Code::kGone, 410},
      {Code::kLengthRequired, 411},   {Code::kTooLarge, 413},     {Code::kUnsupportedMedia, 415},
      {Code::kRateLimited, 429},      {Code::kUnavailable, 503},  {Code::kIo, 500},
      {Code::kInternal, 500},
  };
  for (const auto& [code, status] : expected) EXPECT_EQ(HttpStatusFor(code), status) << CodeName(code);
}

TEST(JsonOutTest, QuotesAndEscapes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonQuote(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(JsonQuote("<script>"), "\"\\u003cscript\\u003e\"");
  EXPECT_EQ(JsonQuote("Кур'єр"), "\"Кур'єр\"");
}

TEST(JsonOutTest, ErrorJsonListsDetails) {
  Error e(Code::kInvalid, "2 problems", "questions[0].id");
  e.details = {{"questions[0].id", "missing"}, {"title", "empty"}};
  EXPECT_EQ(
      ErrorJson(e),
      "{\"error\":\"2 problems\",\"field\":\"questions[0].id\",\"errors\":[{\"field\":\"questions[0].id\","
      "\"error\":\"missing\"},{\"field\":\"title\",\"error\":\"empty\"}]}");
  EXPECT_EQ(ErrorJson(Error(Code::kNotFound, "no such survey")), "{\"error\":\"no such survey\"}");
}

}  // namespace
}  // namespace touchpoint::collector
