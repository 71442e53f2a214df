#include "touchpoint/status.h"

namespace touchpoint {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kInvalid:
      return "invalid";
    case Code::kUnauthorized:
      return "unauthorized";
    case Code::kNotFound:
      return "not_found";
    case Code::kMethodNotAllowed:
      return "method_not_allowed";
    case Code::kConflict:
      return "conflict";
    case Code::kGone:
      return "gone";
    case Code::kLengthRequired:
      return "length_required";
    case Code::kTooLarge:
      return "too_large";
    case Code::kUnsupportedMedia:
      return "unsupported_media_type";
    case Code::kRateLimited:
      return "rate_limited";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kIo:
      return "io";
    case Code::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace touchpoint
