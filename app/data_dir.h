// data_dir.h: opening the embedded data directory for a subcommand, one way for all of them. Not shared
// between threads (plain functions; each call opens its own storage).
#pragma once

#include <memory>
#include <string>

#include "args.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::app {

struct DataDirOptions {
  bool create = true;       // create the directory (and a fresh database) when missing
  bool must_exist = false;  // refuse a directory without touchpoint.db ("no database in DIR")
};

// Opens the SQLite storage in --data (default ./touchpoint-data). On failure prints
// "touchpoint <command>: <reason>" on stderr and returns null; --db (PostgreSQL) is refused in this build.
std::unique_ptr<collector::Storage> OpenDataDir(const Args& args, const std::string& command,
                                                const DataDirOptions& options = {});

}  // namespace touchpoint::app
