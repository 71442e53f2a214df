#include "sql.h"

#include <array>

namespace touchpoint::collector::sql {
namespace {

constexpr std::array<Migration, 5> kMigrations = {{
    {1, "surveys, responses, settings",
     "CREATE TABLE surveys("
     "  id TEXT PRIMARY KEY NOT NULL,"
     "  json TEXT NOT NULL,"
     "  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),"
     "  created_at_ms INTEGER NOT NULL);"
     "CREATE TABLE responses("
     "  seq INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL UNIQUE,"
     "  survey_id TEXT NOT NULL REFERENCES surveys(id),"
     "  submitted_at_ms INTEGER NOT NULL,"
     "  language TEXT NOT NULL,"
     "  channel TEXT NOT NULL,"
     "  respondent TEXT NOT NULL,"
     "  answers_json TEXT NOT NULL);"
     "CREATE INDEX responses_by_survey ON responses(survey_id, seq);"
     "CREATE TABLE settings("
     "  key TEXT PRIMARY KEY NOT NULL,"
     "  value TEXT NOT NULL,"
     "  updated_at_ms INTEGER NOT NULL);"},
    {2, "feedback (imports) with dedupe indexes",
     "CREATE TABLE feedback("
     "  seq INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL UNIQUE,"
     "  survey_id TEXT NOT NULL REFERENCES surveys(id),"
     "  source TEXT NOT NULL,"
     "  format TEXT NOT NULL,"
     "  source_file TEXT NOT NULL,"
     "  source_id TEXT NOT NULL,"
     "  author TEXT NOT NULL,"
     "  date TEXT NOT NULL,"
     "  rating REAL,"
     "  lang TEXT NOT NULL,"
     "  text TEXT NOT NULL,"
     "  speaker TEXT NOT NULL,"
     "  interview TEXT NOT NULL,"
     "  start_ms INTEGER,"
     "  is_interviewer INTEGER NOT NULL,"
     "  content_hash TEXT NOT NULL,"
     "  imported_at_ms INTEGER NOT NULL);"
     "CREATE INDEX feedback_by_survey ON feedback(survey_id, seq);"
     "CREATE UNIQUE INDEX feedback_by_source_id ON feedback(survey_id, format, source_id)"
     "  WHERE source_id <> '';"
     "CREATE UNIQUE INDEX feedback_by_content ON feedback(survey_id, content_hash)"
     "  WHERE source_id = '';"},
    {3, "taggable texts, tagging queue, tags",
     "CREATE TABLE texts("
     "  id INTEGER PRIMARY KEY,"
     "  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('response', 'feedback')),"
     "  owner_id TEXT NOT NULL,"
     "  question_id TEXT NOT NULL,"
     "  survey_id TEXT NOT NULL REFERENCES surveys(id),"
     "  text TEXT NOT NULL,"
     "  lang TEXT NOT NULL,"
     "  stage TEXT NOT NULL,"
     "  touchpoint TEXT NOT NULL,"
     "  UNIQUE (owner_kind, owner_id, question_id));"
     "CREATE INDEX texts_by_survey ON texts(survey_id, id);"
     "CREATE TABLE tag_queue("
     "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  text_id INTEGER NOT NULL UNIQUE REFERENCES texts(id) ON DELETE CASCADE,"
     "  enqueued_at_ms INTEGER NOT NULL);"
     "CREATE TABLE tags("
     "  owner_kind TEXT NOT NULL,"
     "  owner_id TEXT NOT NULL,"
     "  question_id TEXT NOT NULL,"
     "  survey_id TEXT NOT NULL REFERENCES surveys(id),"
     "  tags_json TEXT NOT NULL,"
     "  tagged_at_ms INTEGER NOT NULL,"
     "  tagger_version TEXT NOT NULL,"
     "  PRIMARY KEY (owner_kind, owner_id, question_id));"
     "CREATE INDEX tags_by_survey ON tags(survey_id);"},
    // GetSurvey runs on every submission; counting responses there grew with the survey.
    {4, "surveys.response_count kept by triggers",
     "ALTER TABLE surveys ADD COLUMN response_count INTEGER NOT NULL DEFAULT 0;"
     "UPDATE surveys SET response_count ="
     "  (SELECT COUNT(*) FROM responses r WHERE r.survey_id = surveys.id);"
     "CREATE TRIGGER responses_count_insert AFTER INSERT ON responses BEGIN"
     "  UPDATE surveys SET response_count = response_count + 1 WHERE id = NEW.survey_id;"
     " END;"
     "CREATE TRIGGER responses_count_delete AFTER DELETE ON responses BEGIN"
     "  UPDATE surveys SET response_count = response_count - 1 WHERE id = OLD.survey_id;"
     " END;"},
    // Imports wrote every item's text twice (feedback.text and texts.text) and its tags into a table keyed
    // by random ids. From here on an imported item's tags live in its feedback row, and its texts row is
    // only a queue entry: PutTags deletes it, RequeueSurvey recreates it from feedback.
    {5, "imported items keep their tags in feedback; their texts rows exist only while queued",
     "ALTER TABLE feedback ADD COLUMN tags_json TEXT;"
     "ALTER TABLE feedback ADD COLUMN tagged_at_ms INTEGER;"
     "ALTER TABLE feedback ADD COLUMN tagger_version TEXT;"
     "UPDATE feedback SET (tags_json, tagged_at_ms, tagger_version) ="
     "  (SELECT t.tags_json, t.tagged_at_ms, t.tagger_version FROM tags t"
     "   WHERE t.owner_kind = 'feedback' AND t.owner_id = feedback.id AND t.question_id = '')"
     " WHERE id IN (SELECT owner_id FROM tags WHERE owner_kind = 'feedback' AND question_id = '');"
     "DELETE FROM tags WHERE owner_kind = 'feedback';"
     "DELETE FROM texts WHERE owner_kind = 'feedback'"
     "  AND id NOT IN (SELECT text_id FROM tag_queue);"},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

}  // namespace touchpoint::collector::sql
