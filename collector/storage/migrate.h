// migrate.h: brings a SQLite touchpoint database to a schema version by applying the steps of
// sql::Migrations() in order, one transaction (BEGIN IMMEDIATE) each, recording every step in
// schema_migrations(version, applied_at). Safe against another process migrating the same file at the same
// time: each step re-reads the version inside its transaction.
//
// Thread-safety: uses the given connection only; the caller guards it.
#pragma once

#include <cstdint>

#include "sqlite_db.h"
#include "touchpoint/status.h"

namespace touchpoint::collector::sqlite {

// The version recorded in the database (0 for a fresh file).
Result<int> SchemaVersion(Db& db);

// Applies the steps up to `target_version` (normally sql::LatestSchemaVersion(); tests pass a lower one to
// build an old database). A database already newer than the code knows is an Error naming both versions.
Status Migrate(Db& db, int target_version, int64_t now_ms);

}  // namespace touchpoint::collector::sqlite
