// http_status.h: the one place that maps touchpoint::Code to an HTTP status (CONTRACT.md "HTTP API").
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include "touchpoint/status.h"

namespace touchpoint::collector {

// HTTP status code for an expected failure. Every Code is mapped (a switch without default).
int HttpStatusFor(Code code);

}  // namespace touchpoint::collector
