// expr.h: the `visible_if` expression language — a small, safe, side-effect-free language over answers:
//   comparisons == != < <= > >=, and/or/not, parentheses, `q in ['a', 'b']`, answered(q),
//   numbers, single- or double-quoted strings, question ids as identifiers.
// A comparison involving an unanswered question is false, whatever the operator: so `q != 1` is false and
// `not (q == 1)` is true while q is unanswered. A list answer (multiple choice) `in`/`==` tests membership
// (`!=` is its negation). Numbers compare numerically with numeric answers (a number never equals a text
// answer); strings compare as strings (`<` on strings is byte order, which suits YYYY-MM-DD dates).
// Keywords (and or not in answered) are case-insensitive; `&&` `||` `!` are accepted too. An identifier
// starts with a letter or '_' (or is a digit-led id that is not a number) and may contain [A-Za-z0-9_.-].
// Parse errors read "at position N: expected X, found Y", N the 0-based code-point position.
// Bounded: expressions longer than 4096 bytes or nested deeper than 64 are rejected at parse time.
//
// Thread-safety: an Expr is immutable after Parse; Eval is const and safe from any number of threads.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::surveys {

struct ExprNode;  // defined in expr.cpp

// A literal compared with a question (`q == 'a'`, `q >= 9`, each item of `q in [...]`); lets survey
// validation check option ids and types.
struct ExprLiteral {
  std::string qid;
  bool is_number = false;
  std::string text;     // the string value, or the number as written
  double number = 0;    // when is_number
  size_t position = 0;  // 0-based code-point position of the literal in the source
};

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
  static constexpr size_t kMaxSourceBytes = 4096;
  static constexpr int kMaxDepth = 64;
  static Result<std::shared_ptr<const Expr>> Parse(std::string_view source);
  bool Eval(const AnswerLookup& answers) const;
  // Question ids the expression refers to (for validation against the survey).
  // Unique, in order of first appearance.
  const std::vector<std::string>& Identifiers() const { return identifiers_; }
  // Literals compared with a question id, in source order.
  const std::vector<ExprLiteral>& Literals() const { return literals_; }
  const std::string& source() const { return source_; }
  ~Expr();
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

 private:
  Expr() = default;
  std::string source_;
  std::vector<std::string> identifiers_;
  std::vector<ExprLiteral> literals_;
  std::unique_ptr<ExprNode> root_;
};

}  // namespace touchpoint::surveys
