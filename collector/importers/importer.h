// importer.h: the importers' public API lives in touchpoint/collector/importer.h (so the app and the
// server reach it through the collector's public include directory); this header forwards to it.
#pragma once

#include "touchpoint/collector/importer.h"
