#include "http_status.h"

namespace touchpoint::collector {

int HttpStatusFor(Code code) {
  // No default: adding a Code makes this fail to compile under -Wall -Werror until it is mapped here.
  switch (code) {
    case Code::kInvalid:
      return 400;
    case Code::kUnauthorized:
      return 401;
    case Code::kNotFound:
      return 404;
    case Code::kMethodNotAllowed:
      return 405;
    case Code::kConflict:
      return 409;
    case Code::kGone:
      return 410;
    case Code::kLengthRequired:
      return 411;
    case Code::kTooLarge:
      return 413;
    case Code::kUnsupportedMedia:
      return 415;
    case Code::kRateLimited:
      return 429;
    case Code::kUnavailable:
      return 503;
    case Code::kIo:
      return 500;
    case Code::kInternal:
      return 500;
  }
  return 500;  // unreachable for valid enum values
}

}  // namespace touchpoint::collector
