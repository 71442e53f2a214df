#include "json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace touchpoint::surveys::json {
namespace {

std::string ErrorOf(std::string_view text, const Limits& limits = {}) {
  auto v = Parse(text, limits);
  EXPECT_FALSE(v.ok()) << text;
  return v.ok() ? "" : v.error().message;
}

TEST(JsonTest, ParsesEveryKind) {
  auto v =
      Parse(R"( {"s": "x", "n": -12, "d": 2.5, "t": true, "f": false, "z": null, "a": [1, "b"], "o": {}} )");
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_TRUE(v->is_object());
  ASSERT_EQ(v->object.size(), 8u);
  EXPECT_EQ(v->object[0].first, "s");  // document order kept
  EXPECT_EQ(v->Find("s")->string, "x");
  EXPECT_TRUE(v->Find("n")->is_integer);
  EXPECT_EQ(v->Find("n")->integer, -12);
  EXPECT_FALSE(v->Find("d")->is_integer);
  EXPECT_EQ(v->Find("d")->number, 2.5);
  EXPECT_TRUE(v->Find("t")->boolean);
  EXPECT_TRUE(v->Find("f")->is_bool());
  EXPECT_FALSE(v->Find("f")->boolean);
  EXPECT_TRUE(v->Find("z")->is_null());
  ASSERT_EQ(v->Find("a")->array.size(), 2u);
  EXPECT_EQ(v->Find("a")->array[1].string, "b");
  EXPECT_TRUE(v->Find("o")->is_object());
  EXPECT_EQ(v->Find("missing"), nullptr);
}

TEST(JsonTest, IntegralNumbers) {
  EXPECT_EQ(Parse("9223372036854775807")->integer, INT64_MAX);
  EXPECT_EQ(Parse("-9223372036854775808")->integer, INT64_MIN);
  EXPECT_FALSE(Parse("9223372036854775808")->is_integer);  // too big for int64: a double
  EXPECT_TRUE(Parse("5.0")->is_integer);
  EXPECT_EQ(Parse("1e2")->integer, 100);
  EXPECT_FALSE(Parse("0.5")->is_integer);
  EXPECT_EQ(Parse("-0")->integer, 0);
}

TEST(JsonTest, StringEscapesAndUnicode) {
  EXPECT_EQ(Parse(R"("a\"b\\c\/d\n\t\r\b\f")")->string, "a\"b\\c/d\n\t\r\b\f");
  EXPECT_EQ(Parse(R"("\u0416\u00e9")")->string, "Жé");
  EXPECT_EQ(Parse(R"("\ud83d\ude00")")->string, "\xF0\x9F\x98\x80");
  EXPECT_EQ(Parse("\"Кур'єр ș ț\"")->string, "Кур'єр ș ț");
}

TEST(JsonTest, ErrorNamesLineColumnAndOffset) {
  const std::string text = "{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}";
  EXPECT_EQ(ErrorOf(text),
            "malformed JSON at line 3, column 10 (offset 21): expected ',' or '}', found '\"'");
  // Columns count code points, offsets count bytes.
  EXPECT_EQ(ErrorOf("{\"ж\": x}"),
            "malformed JSON at line 1, column 7 (offset 7): expected a value, found 'x'");
}

TEST(JsonTest, Errors) {
  EXPECT_EQ(ErrorOf(""),
            "malformed JSON at line 1, column 1 (offset 0): expected a value, found end of input");
  EXPECT_EQ(ErrorOf("[1,]"), "malformed JSON at line 1, column 4 (offset 3): expected a value, found ']'");
  EXPECT_EQ(ErrorOf("[1 2]"),
            "malformed JSON at line 1, column 4 (offset 3): expected ',' or ']', found '2'");
  EXPECT_EQ(ErrorOf("{\"a\" 1}"), "malformed JSON at line 1, column 6 (offset 5): expected ':', found '1'");
  EXPECT_EQ(ErrorOf("{1: 2}"),
            "malformed JSON at line 1, column 2 (offset 1): expected a string key, found '1'");
  EXPECT_EQ(ErrorOf("{\"a\": 1, \"a\": 2}"),
            "malformed JSON at line 1, column 10 (offset 9): duplicate key \"a\"");
  EXPECT_EQ(ErrorOf("\"abc"), "malformed JSON at line 1, column 5 (offset 4): unterminated string");
  EXPECT_EQ(ErrorOf("\"a\nb\""),
            "malformed JSON at line 1, column 3 (offset 2): control character in string (must be escaped)");
  EXPECT_EQ(ErrorOf(R"("\x")"), "malformed JSON at line 1, column 2 (offset 1): invalid escape in string");
  EXPECT_EQ(ErrorOf(R"("\ud800")"),
            "malformed JSON at line 1, column 2 (offset 1): unpaired surrogate in \\u escape");
  EXPECT_EQ(ErrorOf(R"("\u12g4")"),
            "malformed JSON at line 1, column 6 (offset 5): expected 4 hex digits after \\u");
  EXPECT_EQ(ErrorOf("012"),
            "malformed JSON at line 1, column 2 (offset 1): leading zeros are not allowed in numbers");
  EXPECT_EQ(ErrorOf("1."),
            "malformed JSON at line 1, column 3 (offset 2): expected a digit after '.', found end of input");
  EXPECT_EQ(ErrorOf("1e999"), "malformed JSON at line 1, column 1 (offset 0): number out of range");
  EXPECT_EQ(ErrorOf("tru"), "malformed JSON at line 1, column 1 (offset 0): expected a value, found 't'");
  EXPECT_EQ(ErrorOf("{} x"),
            "malformed JSON at line 1, column 4 (offset 3): expected end of input, found 'x'");
  EXPECT_EQ(ErrorOf("NaN"), "malformed JSON at line 1, column 1 (offset 0): expected a value, found 'N'");
}

TEST(JsonTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ErrorOf(std::string("[\"ok\", \"a\xC3\x28\"]")),
            "malformed JSON at line 1, column 10 (offset 9): invalid UTF-8 in string");
  EXPECT_FALSE(Parse(std::string("\"\xED\xA0\x80\"")).ok());  // encoded surrogate
  EXPECT_FALSE(Parse(std::string("\"\xC0\xAF\"")).ok());      // overlong
  EXPECT_EQ(ErrorOf(std::string("\xEF\xBB{}")),
            "malformed JSON at line 1, column 1 (offset 0): expected a value, found byte 0xEF");
}

TEST(JsonTest, IgnoresLeadingByteOrderMark) {
  auto v = Parse("\xEF\xBB\xBF{\"a\": 1}");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->Find("a")->integer, 1);
  // Offsets still count from the first byte of the text.
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF{x"),
            "malformed JSON at line 1, column 3 (offset 4): expected a string key, found 'x'");
  EXPECT_FALSE(Parse("{} \xEF\xBB\xBF").ok());  // only at the start
}

TEST(JsonTest, BoundsDepthAndSize) {
  Limits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(Parse("[[[1]]]", limits).ok());
  EXPECT_EQ(ErrorOf("[[[[1]]]]", limits),
            "malformed JSON at line 1, column 4 (offset 3): nested deeper than 3 levels");
  // The default depth stops deep nesting long before the stack would.
  EXPECT_FALSE(Parse(std::string(100000, '[')).ok());
  limits = Limits{};
  limits.max_bytes = 4;
  auto big = Parse("[1,2]", limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, Code::kTooLarge);
}

TEST(JsonTest, WriterRoundTrips) {
  std::string out;
  const std::string nasty = std::string(
                                "q\"u\\o\nt\x01"
                                "e ") +
                            "ș ї \x7f";
  AppendString(&out, nasty);
  EXPECT_EQ(out, "\"q\\\"u\\\\o\\nt\\u0001e ș ї \\u007F\"");
  EXPECT_EQ(Parse(out)->string, nasty);
  for (double d : {0.1, -2.5, 1e-300, 123456.789, 1e21}) {
    std::string n;
    AppendNumber(&n, d);
    EXPECT_EQ(Parse(n)->number, d) << n;
  }
  std::string inf;
  AppendNumber(&inf, INFINITY);
  EXPECT_EQ(inf, "null");
  std::string i;
  AppendInteger(&i, INT64_MIN);
  EXPECT_EQ(Parse(i)->integer, INT64_MIN);
}

}  // namespace
}  // namespace touchpoint::surveys::json
