// testutil.h: helpers shared by the GoogleTest suites: temporary directories, file I/O, running the
// touchpoint binary as a subprocess, and locating the source/build trees (set by CTest's environment).
// Not thread-safe across tests that share a TempDir; each test makes its own.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace touchpoint::testutil {

// A fresh directory under $TMPDIR, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& p);
void WriteFile(const std::filesystem::path& p, const std::string& content);

// Paths of the build under test (compile-time defaults from CMake), overridable by the environment
// variables TOUCHPOINT_BINARY, TOUCHPOINT_SOURCE_DIR and TOUCHPOINT_SHARE_DIR.
std::string BinaryPath();
std::filesystem::path SourceDir();
std::filesystem::path ShareDir();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `args` (argv, no shell) with `stdin_data` on standard input; captures stdout and stderr.
CommandResult RunCommand(const std::vector<std::string>& args, const std::string& stdin_data = {});

}  // namespace touchpoint::testutil
