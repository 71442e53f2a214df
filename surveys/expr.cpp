#include "touchpoint/surveys/expr.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <system_error>

#include "text.h"

namespace touchpoint::surveys {

namespace {

enum class Tok {
  kIdent,
  kNumber,
  kString,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNot,
  kIn,
  kAnswered,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kEnd,
  kError,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t pos = 0;    // byte offset
  std::string text;  // identifier, string value, number as written, or (kError) what was expected
  double number = 0;
  std::string found;  // kError: what was found
};

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct Operand {
  enum class Kind { kIdent, kNumber, kString } kind = Kind::kIdent;
  std::string text;
  double number = 0;
};

}  // namespace

struct ExprNode {
  enum class Kind { kOr, kAnd, kNot, kCompare, kIn, kAnswered } kind = Kind::kAnswered;
  std::vector<std::unique_ptr<ExprNode>> children;  // kOr, kAnd (2+), kNot (1)
  CmpOp cmp = CmpOp::kEq;
  Operand lhs, rhs;           // kCompare; kIn and kAnswered use lhs (an identifier)
  std::vector<Operand> list;  // kIn
};

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

bool IsNumberSyntax(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_start) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac_start) return false;
  }
  return i == s.size();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Splits the source into tokens. A lexical problem becomes a kError token where it occurs, so the parser
// reports problems in source order.
std::vector<Token> Lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto error = [&](size_t pos, std::string expected, std::string found) {
    Token t;
    t.kind = Tok::kError;
    t.pos = pos;
    t.text = std::move(expected);
    t.found = std::move(found);
    out.push_back(std::move(t));
  };
  auto describe_char = [&](size_t pos) -> std::string {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    size_t len = 1;
    while (pos + len < s.size() && (static_cast<unsigned char>(s[pos + len]) & 0xC0) == 0x80) ++len;
    const std::string_view seq = s.substr(pos, len);
    if (text::IsValidUtf8(seq)) return "'" + std::string(seq) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token t;
    t.pos = i;
    auto two = [&](char next) { return i + 1 < s.size() && s[i + 1] == next; };
    if (c == '(') {
      t.kind = Tok::kLParen;
      ++i;
    } else if (c == ')') {
      t.kind = Tok::kRParen;
      ++i;
    } else if (c == '[') {
      t.kind = Tok::kLBracket;
      ++i;
    } else if (c == ']') {
      t.kind = Tok::kRBracket;
      ++i;
    } else if (c == ',') {
      t.kind = Tok::kComma;
      ++i;
    } else if (c == '=' && two('=')) {
      t.kind = Tok::kEq;
      i += 2;
    } else if (c == '!' && two('=')) {
      t.kind = Tok::kNe;
      i += 2;
    } else if (c == '<' && two('=')) {
      t.kind = Tok::kLe;
      i += 2;
    } else if (c == '>' && two('=')) {
      t.kind = Tok::kGe;
      i += 2;
    } else if (c == '<') {
      t.kind = Tok::kLt;
      ++i;
    } else if (c == '>') {
      t.kind = Tok::kGt;
      ++i;
    } else if (c == '!') {
      t.kind = Tok::kNot;
      ++i;
    } else if (c == '&' && two('&')) {
      t.kind = Tok::kAnd;
      i += 2;
    } else if (c == '|' && two('|')) {
      t.kind = Tok::kOr;
      i += 2;
    } else if (c == '=') {
      error(i, "'=='", "'='");
      return out;
    } else if (c == '&') {
      error(i, "'&&'", "'&'");
      return out;
    } else if (c == '|') {
      error(i, "'||'", "'|'");
      return out;
    } else if (c == '\'' || c == '"') {
      const char quote = c;
      size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == quote) {
          closed = true;
          ++j;
          break;
        }
        if (s[j] == '\\') {
          if (j + 1 >= s.size()) break;
          const char e = s[j + 1];
          if (e != '\'' && e != '"' && e != '\\') {
            error(j, "one of \\' \\\" \\\\ (an escape)", "'\\" + std::string(1, e) + "'");
            return out;
          }
          t.text.push_back(e);
          j += 2;
          continue;
        }
        t.text.push_back(s[j]);
        ++j;
      }
      if (!closed) {
        error(s.size(), std::string("closing ") + (quote == '\'' ? "\"'\"" : "'\"'"), "end of input");
        return out;
      }
      if (!text::IsValidUtf8(t.text)) {
        error(i, "a string in valid UTF-8", "invalid UTF-8");
        return out;
      }
      t.kind = Tok::kString;
      i = j;
    } else if (IsIdChar(c) && c != '.') {
      // A run of id characters (after an optional leading '-'): a number if it reads as one, else an id.
      size_t j = i;
      if (s[j] == '-') ++j;
      while (j < s.size() && IsIdChar(s[j])) ++j;
      const std::string_view word = s.substr(i, j - i);
      if (IsNumberSyntax(word)) {
        t.kind = Tok::kNumber;
        t.text = std::string(word);
        const auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), t.number);
        if (ec != std::errc() || p != word.data() + word.size()) {
          error(i, "a number in range", "'" + text::Truncate(word, 32) + "'");
          return out;
        }
      } else if (c == '-' || !text::IsValidId(word)) {
        error(i, c == '-' ? "a number" : "a question id of at most 64 characters",
              "'" + text::Truncate(word, 32) + "'");
        return out;
      } else {
        const std::string lw = Lower(word);
        if (lw == "and")
          t.kind = Tok::kAnd;
        else if (lw == "or")
          t.kind = Tok::kOr;
        else if (lw == "not")
          t.kind = Tok::kNot;
        else if (lw == "in")
          t.kind = Tok::kIn;
        else if (lw == "answered")
          t.kind = Tok::kAnswered;
        else
          t.kind = Tok::kIdent;
        t.text = std::string(word);
      }
      i = j;
    } else {
      error(i, "a question id, number, string, operator or parenthesis", describe_char(i));
      return out;
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.kind = Tok::kEnd;
  end.pos = s.size();
  out.push_back(end);
  return out;
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case Tok::kIdent:
      return "'" + t.text + "'";
    case Tok::kNumber:
      return "number " + t.text;
    case Tok::kString:
      return "string '" + text::Truncate(t.text, 32) + "'";
    case Tok::kEq:
      return "'=='";
    case Tok::kNe:
      return "'!='";
    case Tok::kLt:
      return "'<'";
    case Tok::kLe:
      return "'<='";
    case Tok::kGt:
      return "'>'";
    case Tok::kGe:
      return "'>='";
    case Tok::kAnd:
      return "'and'";
    case Tok::kOr:
      return "'or'";
    case Tok::kNot:
      return "'not'";
    case Tok::kIn:
      return "'in'";
    case Tok::kAnswered:
      return "'answered'";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kLBracket:
      return "'['";
    case Tok::kRBracket:
      return "']'";
    case Tok::kComma:
      return "','";
    case Tok::kEnd:
      return "end of input";
    case Tok::kError:
      return t.found;
  }
  return "?";
}

class ExprParser {
 public:
  ExprParser(std::string_view src, std::vector<Token> tokens) : src_(src), toks_(std::move(tokens)) {}

  std::unique_ptr<ExprNode> Run() {
    auto root = ParseOr(0);
    if (root && Peek().kind != Tok::kEnd) {
      Fail(Peek(), "'and', 'or' or end of input");
      return nullptr;
    }
    return root;
  }

  const std::string& error() const { return error_; }
  std::vector<std::string> identifiers;
  std::vector<ExprLiteral> literals;

 private:
  const Token& Peek() const { return toks_[pos_]; }
  const Token& Next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

  size_t CodePointPos(size_t byte_pos) const { return text::CodePoints(src_.substr(0, byte_pos)); }

  // Records "at position N: expected X, found Y" (the first problem wins).
  void Fail(const Token& at, const std::string& expected) {
    if (!error_.empty()) return;
    if (at.kind == Tok::kError) {
      error_ = "at position " + std::to_string(CodePointPos(at.pos)) + ": expected " + at.text + ", found " +
               at.found;
    } else {
      error_ = "at position " + std::to_string(CodePointPos(at.pos)) + ": expected " + expected + ", found " +
               Describe(at);
    }
  }

  bool Deeper(int depth, const Token& at) {
    if (depth >= Expr::kMaxDepth) {
      if (error_.empty()) {
        error_ = "at position " + std::to_string(CodePointPos(at.pos)) + ": expected at most " +
                 std::to_string(Expr::kMaxDepth) + " levels of nesting, found more";
      }
      return false;
    }
    return true;
  }

  void NoteIdent(const std::string& id) {
    if (std::find(identifiers.begin(), identifiers.end(), id) == identifiers.end()) identifiers.push_back(id);
  }

  void NoteLiteral(const std::string& qid, const Operand& lit, size_t byte_pos) {
    ExprLiteral l;
    l.qid = qid;
    l.is_number = lit.kind == Operand::Kind::kNumber;
    l.text = lit.text;
    l.number = lit.number;
    l.position = CodePointPos(byte_pos);
    literals.push_back(std::move(l));
  }

  std::unique_ptr<ExprNode> ParseOr(int depth) {
    auto first = ParseAnd(depth);
    if (!first) return nullptr;
    if (Peek().kind != Tok::kOr) return first;
    auto node = std::make_unique<ExprNode>();
    node->kind = ExprNode::Kind::kOr;
    node->children.push_back(std::move(first));
    while (Peek().kind == Tok::kOr) {
      Next();
      auto child = ParseAnd(depth);
      if (!child) return nullptr;
      node->children.push_back(std::move(child));
    }
    return node;
  }

  std::unique_ptr<ExprNode> ParseAnd(int depth) {
    auto first = ParseNot(depth);
    if (!first) return nullptr;
    if (Peek().kind != Tok::kAnd) return first;
    auto node = std::make_unique<ExprNode>();
    node->kind = ExprNode::Kind::kAnd;
    node->children.push_back(std::move(first));
    while (Peek().kind == Tok::kAnd) {
      Next();
      auto child = ParseNot(depth);
      if (!child) return nullptr;
      node->children.push_back(std::move(child));
    }
    return node;
  }

  std::unique_ptr<ExprNode> ParseNot(int depth) {
    const Token& t = Peek();
    if (t.kind == Tok::kNot) {
      if (!Deeper(depth, t)) return nullptr;
      Next();
      auto child = ParseNot(depth + 1);
      if (!child) return nullptr;
      auto node = std::make_unique<ExprNode>();
      node->kind = ExprNode::Kind::kNot;
      node->children.push_back(std::move(child));
      return node;
    }
    if (t.kind == Tok::kLParen) {
      if (!Deeper(depth, t)) return nullptr;
      Next();
      auto inner = ParseOr(depth + 1);
      if (!inner) return nullptr;
      if (Peek().kind != Tok::kRParen) {
        Fail(Peek(), "')'");
        return nullptr;
      }
      Next();
      return inner;
    }
    if (t.kind == Tok::kAnswered) {
      Next();
      if (Peek().kind != Tok::kLParen) {
        Fail(Peek(), "'(' after 'answered'");
        return nullptr;
      }
      Next();
      if (Peek().kind != Tok::kIdent) {
        Fail(Peek(), "a question id");
        return nullptr;
      }
      auto node = std::make_unique<ExprNode>();
      node->kind = ExprNode::Kind::kAnswered;
      node->lhs.text = Next().text;
      NoteIdent(node->lhs.text);
      if (Peek().kind != Tok::kRParen) {
        Fail(Peek(), "')'");
        return nullptr;
      }
      Next();
      return node;
    }
    return ParseComparison();
  }

  bool ParseOperand(Operand* out, size_t* byte_pos) {
    const Token& t = Peek();
    *byte_pos = t.pos;
    switch (t.kind) {
      case Tok::kIdent:
        out->kind = Operand::Kind::kIdent;
        break;
      case Tok::kNumber:
        out->kind = Operand::Kind::kNumber;
        out->number = t.number;
        break;
      case Tok::kString:
        out->kind = Operand::Kind::kString;
        break;
      default:
        Fail(t, "a question id, number, string, 'not', 'answered' or '('");
        return false;
    }
    out->text = t.text;
    Next();
    return true;
  }

  std::unique_ptr<ExprNode> ParseComparison() {
    auto node = std::make_unique<ExprNode>();
    size_t lhs_pos = 0;
    if (!ParseOperand(&node->lhs, &lhs_pos)) return nullptr;
    const Token& op = Peek();
    if (op.kind == Tok::kIn) {
      if (node->lhs.kind != Operand::Kind::kIdent) {
        Fail(op, "a comparison operator (the left side of 'in' must be a question id)");
        return nullptr;
      }
      Next();
      node->kind = ExprNode::Kind::kIn;
      NoteIdent(node->lhs.text);
      if (Peek().kind != Tok::kLBracket) {
        Fail(Peek(), "'['");
        return nullptr;
      }
      Next();
      if (Peek().kind == Tok::kRBracket) {
        Next();
        return node;
      }
      while (true) {
        const Token& item = Peek();
        if (item.kind != Tok::kString && item.kind != Tok::kNumber) {
          Fail(item, "a string or number");
          return nullptr;
        }
        Operand lit;
        lit.kind = item.kind == Tok::kString ? Operand::Kind::kString : Operand::Kind::kNumber;
        lit.text = item.text;
        lit.number = item.number;
        NoteLiteral(node->lhs.text, lit, item.pos);
        node->list.push_back(std::move(lit));
        Next();
        if (Peek().kind == Tok::kComma) {
          Next();
          continue;
        }
        if (Peek().kind == Tok::kRBracket) {
          Next();
          return node;
        }
        Fail(Peek(), "',' or ']'");
        return nullptr;
      }
    }
    CmpOp cmp;
    switch (op.kind) {
      case Tok::kEq:
        cmp = CmpOp::kEq;
        break;
      case Tok::kNe:
        cmp = CmpOp::kNe;
        break;
      case Tok::kLt:
        cmp = CmpOp::kLt;
        break;
      case Tok::kLe:
        cmp = CmpOp::kLe;
        break;
      case Tok::kGt:
        cmp = CmpOp::kGt;
        break;
      case Tok::kGe:
        cmp = CmpOp::kGe;
        break;
      default:
        Fail(op, "a comparison operator (== != < <= > >= in)");
        return nullptr;
    }
    Next();
    node->kind = ExprNode::Kind::kCompare;
    node->cmp = cmp;
    size_t rhs_pos = 0;
    if (!ParseOperand(&node->rhs, &rhs_pos)) return nullptr;
    const bool lhs_id = node->lhs.kind == Operand::Kind::kIdent;
    const bool rhs_id = node->rhs.kind == Operand::Kind::kIdent;
    if (!lhs_id && !rhs_id) {
      if (error_.empty()) {
        error_ = "at position " + std::to_string(CodePointPos(lhs_pos)) +
                 ": expected a question id on one side of the comparison, found two literals";
      }
      return nullptr;
    }
    if (lhs_id) NoteIdent(node->lhs.text);
    if (rhs_id) NoteIdent(node->rhs.text);
    if (lhs_id && !rhs_id) NoteLiteral(node->lhs.text, node->rhs, rhs_pos);
    if (rhs_id && !lhs_id) NoteLiteral(node->rhs.text, node->lhs, lhs_pos);
    return node;
  }

  std::string_view src_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::string error_;
};

// The value of one operand during evaluation.
struct Val {
  bool answered = true;
  bool has_number = false;
  double number = 0;
  bool is_list = false;
  std::vector<std::string> strings;
};

Val Resolve(const Operand& o, const AnswerLookup& answers) {
  Val v;
  switch (o.kind) {
    case Operand::Kind::kNumber:
      v.has_number = true;
      v.number = o.number;
      v.strings = {o.text};
      return v;
    case Operand::Kind::kString:
      v.strings = {o.text};
      return v;
    case Operand::Kind::kIdent:
      v.answered = answers.Answered(o.text);
      if (!v.answered) return v;
      v.has_number = answers.Number(o.text, &v.number);
      v.strings = answers.Strings(o.text);
      v.is_list = v.strings.size() != 1;
      return v;
  }
  return v;
}

bool Equal(const Operand& lo, const Val& l, const Operand& ro, const Val& r) {
  const bool l_num_lit = lo.kind == Operand::Kind::kNumber;
  const bool r_num_lit = ro.kind == Operand::Kind::kNumber;
  if (l_num_lit || r_num_lit || (l.has_number && r.has_number)) {
    return l.has_number && r.has_number && l.number == r.number;
  }
  if (lo.kind == Operand::Kind::kString) {
    return std::find(r.strings.begin(), r.strings.end(), l.strings[0]) != r.strings.end();
  }
  if (ro.kind == Operand::Kind::kString) {
    return std::find(l.strings.begin(), l.strings.end(), r.strings[0]) != l.strings.end();
  }
  // Two questions: same set of values.
  std::vector<std::string> a = l.strings, b = r.strings;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool Order(CmpOp op, const Val& l, const Val& r) {
  int c;
  if (l.has_number && r.has_number) {
    c = l.number < r.number ? -1 : (l.number > r.number ? 1 : 0);
  } else if (!l.has_number && !r.has_number && !l.is_list && !r.is_list && l.strings.size() == 1 &&
             r.strings.size() == 1) {
    c = l.strings[0].compare(r.strings[0]);
  } else {
    return false;
  }
  switch (op) {
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLe:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    case CmpOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool EvalNode(const ExprNode& n, const AnswerLookup& answers) {
  switch (n.kind) {
    case ExprNode::Kind::kOr:
      for (const auto& c : n.children) {
        if (EvalNode(*c, answers)) return true;
      }
      return false;
    case ExprNode::Kind::kAnd:
      for (const auto& c : n.children) {
        if (!EvalNode(*c, answers)) return false;
      }
      return true;
    case ExprNode::Kind::kNot:
      return !EvalNode(*n.children[0], answers);
    case ExprNode::Kind::kAnswered:
      return answers.Answered(n.lhs.text);
    case ExprNode::Kind::kIn: {
      const Val v = Resolve(n.lhs, answers);
      if (!v.answered) return false;
      for (const Operand& item : n.list) {
        if (item.kind == Operand::Kind::kNumber) {
          if (v.has_number && v.number == item.number) return true;
        } else if (!v.has_number || v.is_list) {
          if (std::find(v.strings.begin(), v.strings.end(), item.text) != v.strings.end()) return true;
        }
      }
      return false;
    }
    case ExprNode::Kind::kCompare: {
      const Val l = Resolve(n.lhs, answers);
      const Val r = Resolve(n.rhs, answers);
      if (!l.answered || !r.answered) return false;
      switch (n.cmp) {
        case CmpOp::kEq:
          return Equal(n.lhs, l, n.rhs, r);
        case CmpOp::kNe:
          return !Equal(n.lhs, l, n.rhs, r);
        default:
          return Order(n.cmp, l, r);
      }
    }
  }
  return false;
}

}  // namespace

Expr::~Expr() = default;

Result<std::shared_ptr<const Expr>> Expr::Parse(std::string_view source) {
  if (source.size() > kMaxSourceBytes) {
    return Error(Code::kInvalid, "at position " + std::to_string(kMaxSourceBytes) + ": expected at most " +
                                     std::to_string(kMaxSourceBytes) + " bytes, found " +
                                     std::to_string(source.size()));
  }
  if (const size_t bad = text::FirstInvalidUtf8(source); bad != std::string_view::npos) {
    return Error(Code::kInvalid, "at position " + std::to_string(text::CodePoints(source.substr(0, bad))) +
                                     ": expected valid UTF-8, found an invalid byte");
  }
  ExprParser parser(source, Lex(source));
  std::unique_ptr<ExprNode> root = parser.Run();
  if (!root) return Error(Code::kInvalid, parser.error());
  std::shared_ptr<Expr> expr(new Expr());
  expr->source_ = std::string(source);
  expr->identifiers_ = std::move(parser.identifiers);
  expr->literals_ = std::move(parser.literals);
  expr->root_ = std::move(root);
  return std::shared_ptr<const Expr>(std::move(expr));
}

bool Expr::Eval(const AnswerLookup& answers) const { return EvalNode(*root_, answers); }

}  // namespace touchpoint::surveys
