#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "commands.h"

namespace touchpoint::app {

std::string ShareDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("TOUCHPOINT_SHARE_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (const fs::path& candidate :
         {dir / "share" / "touchpoint", dir.parent_path() / "share" / "touchpoint"}) {
      if (fs::is_directory(candidate, ec)) return candidate.string();
    }
  }
  return (fs::current_path(ec) / "share" / "touchpoint").string();
}

}  // namespace touchpoint::app
