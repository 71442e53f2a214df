// sqlite_db.h: a thin RAII layer over the raw sqlite3 C API for the SQLite storage backend: one
// connection (Db) with a cache of prepared statements keyed by their SQL text, and a Stmt helper that
// binds parameters, steps and reads columns. Values are always bound, never spliced into SQL.
//
// Thread-safety: none. A Db and its statements belong to one thread at a time; callers guard them (the
// storage keeps one writer connection under a mutex and a pool of reader connections).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "touchpoint/status.h"

namespace touchpoint::collector::sqlite {

// A prepared statement borrowed from a Db's cache. Reset (bindings cleared) on construction and on
// destruction, so a borrowed statement never holds a read transaction open after its scope ends.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt);
  ~Stmt();
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;

  // Binding: 1-based index, as in SQLite. Strings are copied (SQLITE_TRANSIENT).
  Stmt& Bind(int index, std::string_view value);
  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, double value);
  Stmt& Bind(int index, const std::optional<double>& value);
  Stmt& Bind(int index, const std::optional<int64_t>& value);
  Stmt& BindNull(int index);
  // Not copied (SQLITE_STATIC): `value` must stay alive and unchanged until this Stmt is destroyed.
  Stmt& BindStatic(int index, std::string_view value);

  // Steps once: SQLITE_ROW, SQLITE_DONE or an error code (see Db::ErrorFor).
  int Step();

  std::string ColumnText(int col) const;
  int64_t ColumnInt(int col) const;
  std::optional<double> ColumnOptDouble(int col) const;
  std::optional<int64_t> ColumnOptInt(int col) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

// One open database connection with its statement cache.
class Db {
 public:
  // Opens (creating) `path` read-write, sets the busy timeout, foreign_keys=ON, synchronous=FULL and
  // journal_mode=WAL. Errors: kIo naming the path and SQLite's message.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, int busy_timeout_ms);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements without parameters (schema, BEGIN/COMMIT, pragmas).
  Status Exec(const char* sql);
  // The cached prepared statement for `sql` (prepared on first use). Returns an error if it fails to
  // compile, which is a bug in our SQL, reported as kInternal.
  Result<Stmt> Prepare(const char* sql);

  // kIo "<what>: <sqlite message> (<path>)", or kConflict for a constraint violation.
  Error ErrorFor(int rc, std::string_view what) const;
  int64_t Changes() const { return sqlite3_changes64(db_); }
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Steps a statement that returns no rows; maps failures via ErrorFor.
Status StepDone(Db& db, Stmt& stmt, std::string_view what);

}  // namespace touchpoint::collector::sqlite
