// sql.h: every SQL text of the SQLite backend in one place: the ordered schema migrations and the
// parameterized statements (values are always bound with `?N`, never spliced in). A PostgreSQL backend
// follows the same tables and statements with its own dialect file.
//
// Thread-safety: constants only.
#pragma once

#include <span>

namespace touchpoint::collector::sql {

// One schema step. Versions start at 1 and increase by one; each step runs in its own transaction
// together with its schema_migrations row. Never edit a shipped step: append a new one.
struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// All known steps, in order. The last one's version is the schema version this code writes.
std::span<const Migration> Migrations();
int LatestSchemaVersion();

inline constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations("
    "  version INTEGER PRIMARY KEY,"
    "  applied_at INTEGER NOT NULL)";
inline constexpr const char* kHasMigrationsTable =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
inline constexpr const char* kMaxMigration = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
inline constexpr const char* kInsertMigration =
    "INSERT INTO schema_migrations(version, applied_at) VALUES(?1, ?2)";

// Surveys.
inline constexpr const char* kInsertSurvey =
    "INSERT INTO surveys(id, json, status, created_at_ms) VALUES(?1, ?2, ?3, ?4)";
inline constexpr const char* kSelectSurvey =
    "SELECT id, json, status, created_at_ms, response_count FROM surveys WHERE id = ?1";
inline constexpr const char* kSelectSurveys =
    "SELECT id, json, status, created_at_ms, response_count FROM surveys ORDER BY created_at_ms, id";
inline constexpr const char* kSelectSurveyStatus = "SELECT status FROM surveys WHERE id = ?1";
inline constexpr const char* kUpdateSurveyStatus = "UPDATE surveys SET status = ?2 WHERE id = ?1";

// Responses.
inline constexpr const char* kInsertResponse =
    "INSERT INTO responses(id, survey_id, submitted_at_ms, language, channel, respondent, answers_json)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr const char* kSelectResponseExists = "SELECT 1 FROM responses WHERE id = ?1";
// Keyset pagination: rows after `seq` ?2, at most ?3 of them.
inline constexpr const char* kSelectResponsesPage =
    "SELECT seq, id, survey_id, submitted_at_ms, language, channel, respondent, answers_json"
    " FROM responses WHERE survey_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";

// Feedback (imports). Duplicates by either unique index are skipped (DO NOTHING, changes() == 0).
inline constexpr const char* kInsertFeedback =
    "INSERT INTO feedback(id, survey_id, source, format, source_file, source_id, author, date, rating,"
    "  lang, text, speaker, interview, start_ms, is_interviewer, content_hash, imported_at_ms, tags_json,"
    "  tagged_at_ms, tagger_version)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
    " ON CONFLICT DO NOTHING";
inline constexpr const char* kSelectFeedbackPage =
    "SELECT seq, id, survey_id, source, format, source_file, source_id, author, date, rating, lang, text,"
    "  speaker, interview, start_ms, is_interviewer, content_hash, imported_at_ms"
    " FROM feedback WHERE survey_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";

// Taggable texts and the tagging queue.
inline constexpr const char* kUpsertText =
    "INSERT INTO texts(owner_kind, owner_id, question_id, survey_id, text, lang, stage, touchpoint)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT(owner_kind, owner_id, question_id) DO UPDATE SET"
    "  survey_id = excluded.survey_id, text = excluded.text, lang = excluded.lang,"
    "  stage = excluded.stage, touchpoint = excluded.touchpoint"
    " RETURNING id";
inline constexpr const char* kEnqueueText =
    "INSERT INTO tag_queue(text_id, enqueued_at_ms) VALUES(?1, ?2) ON CONFLICT(text_id) DO NOTHING";
inline constexpr const char* kEnqueueSurvey =
    "INSERT INTO tag_queue(text_id, enqueued_at_ms)"
    " SELECT id, ?2 FROM texts WHERE survey_id = ?1 ORDER BY id"
    " ON CONFLICT(text_id) DO NOTHING";
inline constexpr const char* kCountSurveyTexts = "SELECT COUNT(*) FROM texts WHERE survey_id = ?1";
// Retag: imported items (not interviewer turns) get back the texts row that queues them.
inline constexpr const char* kStageSurveyFeedback =
    "INSERT INTO texts(owner_kind, owner_id, question_id, survey_id, text, lang, stage, touchpoint)"
    " SELECT 'feedback', id, '', survey_id, text, lang, '', '' FROM feedback"
    " WHERE survey_id = ?1 AND is_interviewer = 0 AND text <> '' ORDER BY seq"
    " ON CONFLICT(owner_kind, owner_id, question_id) DO NOTHING";
// Tagged: an imported item's texts row (and by cascade its queue entry) goes; its text stays in feedback.
inline constexpr const char* kDeleteFeedbackText =
    "DELETE FROM texts WHERE owner_kind = 'feedback' AND owner_id = ?1 AND question_id = ?2";
// An imported item's tags live in its feedback row (schema 5).
inline constexpr const char* kSetFeedbackTags =
    "UPDATE feedback SET tags_json = ?2, tagged_at_ms = ?3, tagger_version = ?4 WHERE id = ?1";
inline constexpr const char* kSelectFeedbackTagsPage =
    "SELECT seq, 'feedback', id, '', survey_id, tags_json, tagged_at_ms, tagger_version"
    " FROM feedback WHERE survey_id = ?1 AND seq > ?2 AND tags_json IS NOT NULL ORDER BY seq LIMIT ?3";
inline constexpr const char* kSelectPending =
    "SELECT t.owner_kind, t.owner_id, t.question_id, t.survey_id, t.text, t.lang, t.stage, t.touchpoint"
    " FROM tag_queue q JOIN texts t ON t.id = q.text_id ORDER BY q.seq LIMIT ?1";
inline constexpr const char* kDequeueText =
    "DELETE FROM tag_queue WHERE text_id ="
    " (SELECT id FROM texts WHERE owner_kind = ?1 AND owner_id = ?2 AND question_id = ?3)";

// Tags: one row per owner and question, replaced on re-tagging.
inline constexpr const char* kUpsertTags =
    "INSERT INTO tags(owner_kind, owner_id, question_id, survey_id, tags_json, tagged_at_ms, tagger_version)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT(owner_kind, owner_id, question_id) DO UPDATE SET"
    "  survey_id = excluded.survey_id, tags_json = excluded.tags_json,"
    "  tagged_at_ms = excluded.tagged_at_ms, tagger_version = excluded.tagger_version";
inline constexpr const char* kSelectTagsPage =
    "SELECT rowid, owner_kind, owner_id, question_id, survey_id, tags_json, tagged_at_ms, tagger_version"
    " FROM tags WHERE survey_id = ?1 AND rowid > ?2 ORDER BY rowid LIMIT ?3";

// Settings.
inline constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = ?1";
inline constexpr const char* kUpsertSetting =
    "INSERT INTO settings(key, value, updated_at_ms) VALUES(?1, ?2, ?3)"
    " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms";

}  // namespace touchpoint::collector::sql
