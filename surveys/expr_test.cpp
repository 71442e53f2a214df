#include "touchpoint/surveys/expr.h"

#include <gtest/gtest.h>

#include <string>

#include "touchpoint/surveys/survey.h"

namespace touchpoint::surveys {
namespace {

// Parses `src` (must succeed) and evaluates it on `answers`.
bool Eval(const std::string& src, const Answers& answers) {
  auto e = Expr::Parse(src);
  EXPECT_TRUE(e.ok()) << src << ": " << e.error().message;
  if (!e.ok()) return false;
  return (*e)->Eval(AnswersLookup(answers));
}

std::string ParseError(const std::string& src) {
  auto e = Expr::Parse(src);
  EXPECT_FALSE(e.ok()) << src << " parsed";
  if (e.ok()) return "";
  EXPECT_EQ(e.error().code, Code::kInvalid);
  return e.error().message;
}

TEST(ExprTest, ComparesNumbersWithEveryOperator) {
  const Answers a = {{"nps", int64_t{7}}};
  EXPECT_TRUE(Eval("nps == 7", a));
  EXPECT_FALSE(Eval("nps == 8", a));
  EXPECT_TRUE(Eval("nps != 8", a));
  EXPECT_FALSE(Eval("nps != 7", a));
  EXPECT_TRUE(Eval("nps < 8", a));
  EXPECT_FALSE(Eval("nps < 7", a));
  EXPECT_TRUE(Eval("nps <= 7", a));
  EXPECT_FALSE(Eval("nps <= 6", a));
  EXPECT_TRUE(Eval("nps > 6", a));
  EXPECT_FALSE(Eval("nps > 7", a));
  EXPECT_TRUE(Eval("nps >= 7", a));
  EXPECT_FALSE(Eval("nps >= 8", a));
}

TEST(ExprTest, LiteralMayStandOnTheLeft) {
  const Answers a = {{"nps", int64_t{3}}};
  EXPECT_TRUE(Eval("6 >= nps", a));
  EXPECT_FALSE(Eval("2 >= nps", a));
  EXPECT_TRUE(Eval("'3' == nps", a));
}

TEST(ExprTest, DecimalAndNegativeNumbers) {
  EXPECT_TRUE(Eval("x == 2.5", {{"x", 2.5}}));
  EXPECT_TRUE(Eval("x > -1", {{"x", int64_t{0}}}));
  EXPECT_FALSE(Eval("x > -1", {{"x", int64_t{-2}}}));
  EXPECT_TRUE(Eval("x==-1.5", {{"x", -1.5}}));
  // Integer answer against a decimal literal compares numerically.
  EXPECT_TRUE(Eval("x == 4.0", {{"x", int64_t{4}}}));
}

TEST(ExprTest, StringsCompareAsStrings) {
  const Answers a = {{"heard", std::string("friend")}};
  EXPECT_TRUE(Eval("heard == 'friend'", a));
  EXPECT_TRUE(Eval("heard == \"friend\"", a));
  EXPECT_FALSE(Eval("heard == 'search'", a));
  EXPECT_TRUE(Eval("heard != 'search'", a));
  // A number never equals a text answer.
  EXPECT_FALSE(Eval("heard == 5", {{"heard", std::string("5")}}));
}

TEST(ExprTest, DatesOrderAsStrings) {
  const Answers a = {{"last", std::string("2026-03-15")}};
  EXPECT_TRUE(Eval("last >= '2026-01-01'", a));
  EXPECT_FALSE(Eval("last < '2026-01-01'", a));
}

TEST(ExprTest, StringEscapes) {
  EXPECT_TRUE(Eval(R"(t == 'it\'s')", {{"t", std::string("it's")}}));
  EXPECT_TRUE(Eval(R"(t == "say \"hi\"")", {{"t", std::string("say \"hi\"")}}));
  EXPECT_TRUE(Eval(R"(t == 'a\\b')", {{"t", std::string("a\\b")}}));
  EXPECT_TRUE(Eval(R"(t == "don't")", {{"t", std::string("don't")}}));
}

TEST(ExprTest, InList) {
  const Answers a = {{"heard", std::string("ad")}, {"nps", int64_t{9}}};
  EXPECT_TRUE(Eval("heard in ['search', \"ad\"]", a));
  EXPECT_FALSE(Eval("heard in ['search', 'friend']", a));
  EXPECT_TRUE(Eval("nps in [9, 10]", a));
  EXPECT_FALSE(Eval("nps in [0, 1]", a));
  EXPECT_FALSE(Eval("heard in []", a));
}

TEST(ExprTest, ListAnswersTestMembership) {
  const Answers a = {{"cmp", std::vector<std::string>{"price", "reviews"}}};
  EXPECT_TRUE(Eval("cmp == 'reviews'", a));
  EXPECT_FALSE(Eval("cmp == 'brand'", a));
  EXPECT_TRUE(Eval("cmp != 'brand'", a));
  EXPECT_FALSE(Eval("cmp != 'price'", a));
  EXPECT_TRUE(Eval("cmp in ['brand', 'price']", a));
  EXPECT_FALSE(Eval("cmp in ['brand', 'delivery']", a));
}

TEST(ExprTest, UnansweredComparisonsAreFalse) {
  const Answers none;
  for (const char* src : {"q == 1", "q != 1", "q < 1", "q <= 1", "q > 1", "q >= 1", "q == 'a'", "q != 'a'",
                          "q in ['a', 1]", "1 == q"}) {
    EXPECT_FALSE(Eval(src, none)) << src;
  }
  // ... so negating one is true.
  EXPECT_TRUE(Eval("not (q == 1)", none));
  EXPECT_TRUE(Eval("!(q != 1)", none));
  // Empty answers count as unanswered.
  EXPECT_FALSE(Eval("q == ''", {{"q", std::string()}}));
  EXPECT_FALSE(Eval("answered(q)", {{"q", std::vector<std::string>{}}}));
}

TEST(ExprTest, Answered) {
  EXPECT_TRUE(Eval("answered(q)", {{"q", std::string("x")}}));
  EXPECT_TRUE(Eval("answered(m)", {{"m", std::map<std::string, std::string>{{"r", "c"}}}}));
  EXPECT_FALSE(Eval("answered(q)", {{"other", std::string("x")}}));
  EXPECT_TRUE(Eval("not answered(q)", {}));
}

TEST(ExprTest, BooleanOperatorsAndAliases) {
  const Answers a = {{"a", int64_t{1}}, {"b", int64_t{2}}};
  EXPECT_TRUE(Eval("a == 1 and b == 2", a));
  EXPECT_FALSE(Eval("a == 1 and b == 3", a));
  EXPECT_TRUE(Eval("a == 1 && b == 2", a));
  EXPECT_TRUE(Eval("a == 5 or b == 2", a));
  EXPECT_FALSE(Eval("a == 5 || b == 5", a));
  EXPECT_TRUE(Eval("not a == 5", a));
  EXPECT_FALSE(Eval("!(a == 1)", a));
  EXPECT_TRUE(Eval("A == 1 AND b == 2", {{"A", int64_t{1}}, {"b", int64_t{2}}}));
}

TEST(ExprTest, AndBindsTighterThanOr) {
  const Answers a = {{"a", int64_t{1}}, {"b", int64_t{0}}, {"c", int64_t{1}}};
  // a==1 or (b==1 and c==0): true; (a==1 or b==1) and c==0 would be false.
  EXPECT_TRUE(Eval("a == 1 or b == 1 and c == 0", a));
  EXPECT_FALSE(Eval("(a == 1 or b == 1) and c == 0", a));
  // not binds tighter than and.
  EXPECT_TRUE(Eval("not b == 1 and c == 1", a));
  EXPECT_FALSE(Eval("not (b == 0 and c == 1)", a));
}

TEST(ExprTest, ComparesTwoQuestions) {
  EXPECT_TRUE(Eval("a < b", {{"a", int64_t{1}}, {"b", int64_t{2}}}));
  EXPECT_FALSE(Eval("a < b", {{"a", int64_t{1}}}));
  EXPECT_TRUE(Eval("a == b", {{"a", std::string("x")}, {"b", std::string("x")}}));
}

TEST(ExprTest, IdentifiersAndLiterals) {
  auto e = Expr::Parse("nps <= 6 and heard in ['ad', 'friend'] or answered(why) or nps == 0");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ((*e)->Identifiers(), (std::vector<std::string>{"nps", "heard", "why"}));
  const auto& lits = (*e)->Literals();
  ASSERT_EQ(lits.size(), 4u);
  EXPECT_EQ(lits[0].qid, "nps");
  EXPECT_TRUE(lits[0].is_number);
  EXPECT_EQ(lits[0].number, 6);
  EXPECT_EQ(lits[0].position, 7u);
  EXPECT_EQ(lits[1].qid, "heard");
  EXPECT_FALSE(lits[1].is_number);
  EXPECT_EQ(lits[1].text, "ad");
  EXPECT_EQ(lits[2].text, "friend");
  EXPECT_EQ(lits[3].qid, "nps");
  EXPECT_EQ((*e)->source(), "nps <= 6 and heard in ['ad', 'friend'] or answered(why) or nps == 0");
}

TEST(ExprTest, IdsWithDotsDashesAndDigits) {
  EXPECT_TRUE(Eval("q-1.a == 'x'", {{"q-1.a", std::string("x")}}));
  EXPECT_TRUE(Eval("2fa == 'yes'", {{"2fa", std::string("yes")}}));
}

TEST(ExprTest, ParseErrorsNamePosition) {
  EXPECT_EQ(
      ParseError(""),
      "at position 0: expected a question id, number, string, 'not', 'answered' or '(', found end of input");
  EXPECT_EQ(
      ParseError("nps <="),
      "at position 6: expected a question id, number, string, 'not', 'answered' or '(', found end of input");
  EXPECT_EQ(ParseError("nps = 5"), "at position 4: expected '==', found '='");
  EXPECT_EQ(ParseError("nps 5"),
            "at position 4: expected a comparison operator (== != < <= > >= in), found number 5");
  EXPECT_EQ(ParseError("(nps == 5"), "at position 9: expected ')', found end of input");
  EXPECT_EQ(ParseError("nps == 5)"), "at position 8: expected 'and', 'or' or end of input, found ')'");
  EXPECT_EQ(ParseError("q == 'abc"), "at position 9: expected closing \"'\", found end of input");
  EXPECT_EQ(ParseError("q in ['a' 'b']"), "at position 10: expected ',' or ']', found string 'b'");
  EXPECT_EQ(ParseError("q in 'a'"), "at position 5: expected '[', found string 'a'");
  EXPECT_EQ(ParseError("answered q"), "at position 9: expected '(' after 'answered', found 'q'");
  EXPECT_EQ(ParseError("q == 1 # x"),
            "at position 7: expected a question id, number, string, operator or parenthesis, found '#'");
  EXPECT_EQ(ParseError("1 == 2"),
            "at position 0: expected a question id on one side of the comparison, found two literals");
  EXPECT_EQ(ParseError("'a' in ['a']"),
            "at position 4: expected a comparison operator (the left side of 'in' must be a question id), "
            "found 'in'");
  EXPECT_EQ(ParseError(R"(q == 'a\n')"),
            "at position 7: expected one of \\' \\\" \\\\ (an escape), found '\\n'");
  EXPECT_EQ(ParseError("q & r"), "at position 2: expected '&&', found '&'");
  EXPECT_EQ(ParseError("q == -x"), "at position 5: expected a number, found '-x'");
  EXPECT_EQ(ParseError("nps"),
            "at position 3: expected a comparison operator (== != < <= > >= in), found end of input");
}

TEST(ExprTest, ErrorPositionsCountCodePoints) {
  // "відповідь" is 9 code points but 18 bytes.
  EXPECT_EQ(ParseError("q == 'відповідь' x"),
            "at position 17: expected 'and', 'or' or end of input, found 'x'");
  EXPECT_EQ(ParseError("q == 1 ю"),
            "at position 7: expected a question id, number, string, operator or parenthesis, found 'ю'");
}

TEST(ExprTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ParseError(std::string("q == '\xff'")),
            "at position 6: expected valid UTF-8, found an invalid byte");
}

TEST(ExprTest, BoundsSourceLength) {
  std::string src = "q == 1";
  while (src.size() <= Expr::kMaxSourceBytes) src += " or q == 1";
  EXPECT_NE(ParseError(src).find("expected at most 4096 bytes"), std::string::npos);
  // A long flat chain under the limit is fine (no recursion per operand).
  std::string ok = "q == 1";
  while (ok.size() + 10 <= Expr::kMaxSourceBytes) ok += " or q == 2";
  EXPECT_TRUE(Eval(ok, {{"q", int64_t{2}}}));
}

TEST(ExprTest, BoundsNestingDepth) {
  auto nested = [](int depth) { return std::string(depth, '(') + "q == 1" + std::string(depth, ')'); };
  EXPECT_TRUE(Eval(nested(Expr::kMaxDepth), {{"q", int64_t{1}}}));
  EXPECT_EQ(ParseError(nested(Expr::kMaxDepth + 1)),
            "at position 64: expected at most 64 levels of nesting, found more");
  std::string nots;
  for (int i = 0; i < 65; ++i) nots += "not ";
  EXPECT_NE(ParseError(nots + "q == 1").find("levels of nesting"), std::string::npos);
  std::string ok_nots;
  for (int i = 0; i < 64; ++i) ok_nots += "not ";
  EXPECT_TRUE(Eval(ok_nots + "q == 1", {{"q", int64_t{1}}}));  // even number of nots
}

TEST(ExprTest, HostileInputsDoNotCrash) {
  const std::string inputs[] = {"(((((",  ")))",        "[",         "'",          "\"",  "\\",
                                "q in [", "q in ['a',", "answered(", "answered()", "not", "!",
                                "&&",     "q == 1 and", "-",         "1.",         ".5",  "q == 1.2.3"};
  for (const std::string& s : inputs) {
    auto e = Expr::Parse(s);
    if (e.ok()) {
      (void)(*e)->Eval(AnswersLookup(Answers{}));
    } else {
      EXPECT_EQ(e.error().message.rfind("at position ", 0), 0u) << s << " -> " << e.error().message;
    }
  }
}

}  // namespace
}  // namespace touchpoint::surveys
