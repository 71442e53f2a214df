#include "migrate.h"

#include <string>

#include "sql.h"

namespace touchpoint::collector::sqlite {

Result<int> SchemaVersion(Db& db) {
  // Read-only, so opening an up-to-date database never waits for another process's write transaction.
  auto exists = db.Prepare(sql::kHasMigrationsTable);
  if (!exists) return exists.error();
  int rc = exists->Step();
  if (rc != SQLITE_ROW) return db.ErrorFor(rc, "reading schema version");
  if (exists->ColumnInt(0) == 0) return 0;
  auto stmt = db.Prepare(sql::kMaxMigration);
  if (!stmt) return stmt.error();
  rc = stmt->Step();
  if (rc != SQLITE_ROW) return db.ErrorFor(rc, "reading schema version");
  return static_cast<int>(stmt->ColumnInt(0));
}

namespace {

Status CheckNotNewer(const Db& db, int version) {
  const int latest = sql::LatestSchemaVersion();
  if (version > latest) {
    return Error(Code::kIo, "database " + db.path() + " has schema version " + std::to_string(version) +
                                " but this touchpoint knows only up to version " + std::to_string(latest) +
                                "; use a newer touchpoint");
  }
  return Ok();
}

// One step inside an open transaction: false when there is nothing left to do.
Result<bool> ApplyNextStep(Db& db, int target_version, int64_t now_ms) {
  TP_RETURN_IF_ERROR(db.Exec(sql::kCreateMigrations));
  auto version = SchemaVersion(db);
  if (!version) return version.error();
  TP_RETURN_IF_ERROR(CheckNotNewer(db, *version));
  if (*version >= target_version) return false;
  const sql::Migration& step = sql::Migrations()[static_cast<size_t>(*version)];
  if (step.version != *version + 1) {
    throw std::logic_error("schema migrations are not numbered 1, 2, 3, ...");
  }
  Status applied = db.Exec(step.sql);
  if (!applied) {
    return Error(Code::kIo, "schema migration " + std::to_string(step.version) + " (" + step.description +
                                ") failed: " + applied.error().message);
  }
  auto insert = db.Prepare(sql::kInsertMigration);
  if (!insert) return insert.error();
  insert->Bind(1, static_cast<int64_t>(step.version)).Bind(2, now_ms);
  TP_RETURN_IF_ERROR(StepDone(db, *insert, "recording schema migration"));
  return true;
}

}  // namespace

Status Migrate(Db& db, int target_version, int64_t now_ms) {
  if (target_version < 0 || target_version > sql::LatestSchemaVersion()) {
    throw std::logic_error("Migrate: unknown target version " + std::to_string(target_version));
  }
  auto current = SchemaVersion(db);
  if (!current) return current.error();
  TP_RETURN_IF_ERROR(CheckNotNewer(db, *current));
  if (*current >= target_version) return Ok();
  // Bounded: one iteration per known step, plus the final check.
  for (int i = 0; i <= sql::LatestSchemaVersion(); ++i) {
    TP_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Result<bool> more = ApplyNextStep(db, target_version, now_ms);
    if (!more) {
      (void)db.Exec("ROLLBACK");
      return more.error();
    }
    Status commit = db.Exec("COMMIT");
    if (!commit) {
      (void)db.Exec("ROLLBACK");
      return commit.error();
    }
    if (!*more) return Ok();
  }
  return Error(Code::kInternal, "schema migration did not converge");
}

}  // namespace touchpoint::collector::sqlite
