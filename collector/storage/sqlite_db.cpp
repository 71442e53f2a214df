#include "sqlite_db.h"

#include <mutex>
#include <string>

namespace touchpoint::collector::sqlite {

Stmt::Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Stmt::~Stmt() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Stmt& Stmt::Bind(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::BindStatic(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data() != nullptr ? value.data() : "", value.size(), SQLITE_STATIC,
                      SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Stmt& Stmt::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Stmt& Stmt::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Stmt& Stmt::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

int Stmt::Step() { return sqlite3_step(stmt_); }

std::string Stmt::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

int64_t Stmt::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }

std::optional<double> Stmt::ColumnOptDouble(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt_, col);
}

std::optional<int64_t> Stmt::ColumnOptInt(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, col);
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, int busy_timeout_ms) {
  // SQLite's allocation statistics take a process-wide mutex on every malloc; nothing here reads them.
  // Library configuration, set once before SQLite initializes (a later call is refused and harmless).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Error(Code::kIo, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Db> db(new Db(raw, path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // journal_mode=WAL is persistent in the file; the others are per connection.
  TP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Db::Exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Error(Code::kIo, msg + " (" + path_ + ")");
  }
  return Ok();
}

Result<Stmt> Db::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Error(Code::kInternal, std::string("cannot prepare SQL: ") + sqlite3_errmsg(db_) + ": " + sql);
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Stmt(it->second);
}

Error Db::ErrorFor(int rc, std::string_view what) const {
  const int primary = rc & 0xff;
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_) + " (" + path_ + ")";
  if (primary == SQLITE_CONSTRAINT) return Error(Code::kConflict, std::move(msg));
  return Error(Code::kIo, std::move(msg));
}

Status StepDone(Db& db, Stmt& stmt, std::string_view what) {
  const int rc = stmt.Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db.ErrorFor(rc, what);
  return Ok();
}

}  // namespace touchpoint::collector::sqlite
