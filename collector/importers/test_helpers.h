// test_helpers.h: helpers shared by the importer test files (parse a string or a fixture, collect items and
// row errors). Test-only; not thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "importer.h"
#include "testutil/testutil.h"

namespace touchpoint::collector::importers::testing {

struct Parsed {
  std::vector<FeedbackRecord> items;
  std::vector<RowError> errors;
  Result<int64_t> result = int64_t{0};
};

inline Parsed ParseString(const std::string& data, ImportOptions options, const std::string& name = "input") {
  if (options.survey_id.empty()) options.survey_id = "s1";
  std::istringstream in(data);
  Parsed p;
  p.result = ParseStream(
      options, in, name, [&](FeedbackRecord&& r) { p.items.push_back(std::move(r)); },
      [&](const RowError& e) { p.errors.push_back(e); });
  return p;
}

// tests/data/import: from $TOUCHPOINT_SOURCE_DIR, else relative to this header (ctest may not pass the
// environment through; see the report on cmake/TouchpointHelpers.cmake).
inline std::filesystem::path FixtureDir() {
  const std::filesystem::path from_env = testutil::SourceDir() / "tests" / "data" / "import";
  if (std::filesystem::is_directory(from_env)) return from_env;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "tests" / "data" /
         "import";
}

// The touchpoint binary: $TOUCHPOINT_BINARY, else <build>/touchpoint next to
// <build>/collector/tests_importers.
inline std::string TouchpointBinary() {
  const std::string from_env = testutil::BinaryPath();
  if (std::filesystem::exists(from_env)) return from_env;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? from_env : (self.parent_path().parent_path() / "touchpoint").string();
}

inline std::string Fixture(const std::string& name) {
  std::ifstream in(FixtureDir() / name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Parsed ParseFixture(const std::string& name, const std::string& format, ImportOptions options = {}) {
  options.format = format;
  return ParseString(Fixture(name), options, name);
}

// "a\nb" -> UTF-16LE bytes with a BOM (ASCII/BMP/astral all handled).
inline std::string ToUtf16(const std::string& utf8, bool little_endian = true, bool bom = true) {
  std::string out;
  auto unit = [&](uint32_t u) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    if (little_endian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  if (bom) unit(0xFEFF);
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp;
    int len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, len = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, len = 3;
    } else {
      cp = c & 0x07, len = 4;
    }
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

}  // namespace touchpoint::collector::importers::testing
