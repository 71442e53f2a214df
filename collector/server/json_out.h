// json_out.h: minimal JSON text building for the collector's replies (string escaping, number text).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::collector {

// `s` as a JSON string literal with quotes; '"', '\\', control characters, and '<' '>' '&' (so a reply is
// harmless if a browser sniffs it as HTML) are escaped; other UTF-8 passes through.
std::string JsonQuote(std::string_view s);
std::string JsonNumber(double d);
// ["a","b"]
std::string JsonStringArray(const std::vector<std::string>& items);
// {"error": message, "field": ..., "errors": [{"field", "error"}...]} for an Error.
std::string ErrorJson(const Error& error);

}  // namespace touchpoint::collector
