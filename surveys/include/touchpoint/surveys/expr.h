// expr.h: the `visible_if` expression language — a small, safe, side-effect-free language over answers:
//   comparisons == != < <= > >=, and/or/not, parentheses, `q in ['a', 'b']`, answered(q),
//   numbers, single- or double-quoted strings, question ids as identifiers.
// A comparison involving an unanswered question is false. A list answer (multiple choice) `in`/`==`
// tests membership. Parse errors name the 0-based character position.
// Bounded: expressions longer than 4096 bytes or nested deeper than 64 are rejected at parse time.
//
// Thread-safety: an Expr is immutable after Parse; Eval is const and safe from any number of threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::surveys {

struct ExprNode;  // defined in expr.cpp

// Callbacks that give Eval access to answers without depending on the Answer type.
class AnswerLookup {
 public:
  virtual ~AnswerLookup() = default;
  virtual bool Answered(std::string_view qid) const = 0;
  // Number value of a numeric answer; false if unanswered or not numeric.
  virtual bool Number(std::string_view qid, double* out) const = 0;
  // String values: one for single answers, several for lists; empty if unanswered.
  virtual std::vector<std::string> Strings(std::string_view qid) const = 0;
};

class Expr {
 public:
  // Error: kInvalid, message "at position N: expected ..." .
  static Result<std::shared_ptr<const Expr>> Parse(std::string_view source);
  bool Eval(const AnswerLookup& answers) const;
  // Question ids the expression refers to (for validation against the survey).
  const std::vector<std::string>& Identifiers() const { return identifiers_; }
  const std::string& source() const { return source_; }
  ~Expr();
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

 private:
  Expr() = default;
  std::string source_;
  std::vector<std::string> identifiers_;
  std::unique_ptr<ExprNode> root_;
};

}  // namespace touchpoint::surveys
