// form_body.h: decoding of application/x-www-form-urlencoded request bodies (the survey form's POST).
// Thread-safety: pure function.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "touchpoint/status.h"

namespace touchpoint::collector {

// Decodes `body` into name -> value pairs in order ('+' is a space, %XX a byte; a malformed escape is kept as
// text). More than max_fields fields is kTooLarge.
Result<std::multimap<std::string, std::string>> ParseFormBody(std::string_view body,
                                                              size_t max_fields = 5000);

}  // namespace touchpoint::collector
