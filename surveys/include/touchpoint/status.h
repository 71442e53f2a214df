// status.h: how touchpoint reports expected failures (bad input, validation, missing records) as values.
//
// Exceptions are reserved for bugs and fatal conditions (corrupt database, broken shipped data); everything a
// user can cause is an Error inside a Result<T>. An Error names the JSON path or field at fault (`field`) and
// the reason (`message`); survey validation lists every problem in `details`.
//
// Thread-safety: plain value types; const access from many threads is safe, mutation needs external locking.
#pragma once

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace touchpoint {

// One code per outcome a caller may want to react to. collector/http_status.cpp maps each to an HTTP status
// with a switch that has no default, so adding a code forces a decision there.
enum class Code {
  kInvalid,           // bad input: malformed JSON, validation failure (400)
  kUnauthorized,      // no or bad researcher token (401)
  kNotFound,          // unknown survey, response, route (404)
  kMethodNotAllowed,  // route exists, method does not (405)
  kConflict,          // id exists, survey closed (409)
  kGone,              // form of a closed survey (410)
  kLengthRequired,    // body-taking route without Content-Length or chunking (411)
  kTooLarge,          // body over the cap (413)
  kUnsupportedMedia,  // wrong Content-Type (415)
  kRateLimited,       // per-client rate limit (429)
  kUnavailable,       // overloaded, shutting down (503)
  kIo,                // storage or file system failure the caller may retry (500)
  kInternal,          // a bug surfaced as a value at a boundary (500)
};

const char* CodeName(Code code);

// One problem with one field. `field` is a JSON path such as "questions[2].options[0].id" or "answers.nps".
// `code` is an optional stable machine code ("required", "out_of_range", ...) the web layer may localize;
// aggregate init `{field, message}` leaves it empty.
struct FieldError {
  std::string field;
  std::string message;
  std::string code = {};
  bool operator==(const FieldError&) const = default;
};

struct Error {
  Code code = Code::kInternal;
  std::string message;
  std::string field;                // JSON path of the field at fault, empty when not about one field
  std::vector<FieldError> details;  // every problem, when there are several (survey validation)

  Error() = default;
  Error(Code c, std::string msg, std::string fld = {})
      : code(c), message(std::move(msg)), field(std::move(fld)) {}

  // "answers.nps: must be an integer 0-10" or just the message.
  std::string ToString() const { return field.empty() ? message : field + ": " + message; }
};

// Result<T> holds either a T or an Error. Construct implicitly from either.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // value()/operator* on an error is a bug: it throws std::logic_error with the error text.
  T& value() & {
    Check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    Check();
    return std::get<0>(v_);
  }
  T&& value() && {
    Check();
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // error() on success is a bug: throws std::logic_error.
  const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() called on success");
    return std::get<1>(v_);
  }

 private:
  void Check() const {
    if (!ok()) throw std::logic_error("Result::value() called on error: " + std::get<1>(v_).ToString());
  }
  std::variant<T, Error> v_;
};

using Status = Result<std::monostate>;
inline Status Ok() { return std::monostate{}; }

// Early return helper: TP_RETURN_IF_ERROR(DoThing());
#define TP_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    auto tp_status_ = (expr);                        \
    if (!tp_status_.ok()) return tp_status_.error(); \
  } while (0)

}  // namespace touchpoint
