#include "data_dir.h"

#include <cstdio>
#include <filesystem>

namespace touchpoint::app {

std::unique_ptr<collector::Storage> OpenDataDir(const Args& args, const std::string& command,
                                                const DataDirOptions& options) {
  const char* name = command.c_str();
  if (args.Has("db")) {
    std::fprintf(stderr, "touchpoint %s: --db (PostgreSQL) is not available in this build; use --data\n",
                 name);
    return nullptr;
  }
  const std::string data = args.Get("data", "./touchpoint-data");
  if (options.must_exist && !std::filesystem::exists(std::filesystem::path(data) / "touchpoint.db")) {
    std::fprintf(stderr, "touchpoint %s: no database in %s\n", name, data.c_str());
    return nullptr;
  }
  if (options.create) {
    std::error_code ec;
    std::filesystem::create_directories(data, ec);
  }
  auto storage = collector::OpenSqliteStorage(data);
  if (!storage) {
    std::fprintf(stderr, "touchpoint %s: %s\n", name, storage.error().ToString().c_str());
    return nullptr;
  }
  return std::move(*storage);
}

}  // namespace touchpoint::app
