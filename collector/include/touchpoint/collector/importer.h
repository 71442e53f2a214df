// touchpoint/collector/importer.h: imports reviews (Google Play, App Store, Trustpilot, Yelp, Amazon, generic
// CSV/JSONL) and interview transcripts (WebVTT, SRT, plain text) into a survey as FeedbackRecords
// (CONTRACT.md "Importing"). The CLI (`touchpoint import`) and the HTTP route (`POST
// /api/v1/surveys/{id}/imports`) call the same functions; input is any std::istream, read streaming in
// constant memory, so a body or a file of any size is imported with bounded memory.
//
// What goes where: a bad row (unparseable date, empty text, broken JSON line, invalid encoding, ragged CSV
// row) is reported through ImportCallbacks::on_error with its line number and the import goes on; a file
// that cannot be read as the named format at all (wrong format, unterminated structure) is an Error.
// Items are written by Storage::AddTaggedFeedback in batches of ImportOptions::batch_size, one transaction
// each (with their tags when ImportOptions::tagger is set), on a writer thread while the next batch is parsed
// and tagged; storage skips duplicates (same source id, else same content hash), so an import that was
// interrupted can simply be run again and ends with exactly the right rows and tags.
//
// Thread-safety: the functions are reentrant; ImportOptions and callbacks are used by the calling thread
// only. Storage is thread-safe by its own contract.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/collector/tagging.h"
#include "touchpoint/status.h"

namespace touchpoint::collector::importers {

struct FormatInfo {
  const char* id;           // googleplay, appstore, ... (the --format value)
  const char* source;       // "review" | "interview"
  const char* description;  // "a Play Console CSV" (used in "file looks like X, not Y")
};
// Every supported format, in the order of CONTRACT.md. "auto" is accepted as well: it picks by sniffing.
const std::vector<FormatInfo>& Formats();

struct ImportOptions {
  std::string survey_id;
  std::string format = "auto";
  // Generic csv/jsonl: item field -> column name (csv) or dotted path (jsonl). Fields: text (required),
  // rating, date, lang, author, id, title. Unset fields fall back to a column/key of the field's own name.
  std::map<std::string, std::string> map;
  char delimiter = 0;                     // csv: 0 = detect , ; or TAB
  double rating_scale = 5;                // generic: ratings in [1, rating_scale] map linearly onto [1, 5]
  std::vector<std::string> interviewers;  // speakers whose turns are is_interviewer (case-insensitive)
  std::string interview;                  // interview id; default: the source name's stem
  size_t batch_size = 1000;               // items per AddFeedback transaction
  // Tags every batch in memory before storing it (collector::TagTexts, the code path of DrainTagQueue and
  // `touchpoint retag`) and stores the items with their tags in one transaction (Storage::AddTaggedFeedback);
  // an item whose source names no language gets the one the tagger used. nullptr: items are stored queued
  // for tagging (the server's worker or `touchpoint retag` tags them later).
  const analysis::Tagger* tagger = nullptr;
  TagPool* pool = nullptr;  // threads for tagging a batch; nullptr: one (the pipeline's tagging thread)
  // Without a tagger: optional language detector for items whose source names no language ("" = unsure).
  std::function<std::string(std::string_view text)> detect_lang;
  // Clock for imported_at_ms (milliseconds since the epoch); default: the system clock.
  std::function<int64_t()> now_ms;
};

struct RowError {
  int64_t line = 0;  // 1-based line in the (decoded) input where the bad item starts
  std::string message;
};

struct ImportSummary {
  int64_t imported = 0;  // new rows stored
  int64_t skipped = 0;   // duplicates of stored rows
  int64_t errors = 0;    // bad rows reported through on_error
};

struct ImportCallbacks {
  std::function<void(const RowError&)> on_error;
  // Called every few hundred items and at the end: items parsed so far and raw bytes read.
  std::function<void(int64_t items, uint64_t bytes)> on_progress;
};

// Parses `in` as options.format and stores its items in `storage` under options.survey_id.
// `source_name` is stored as each item's source_file; its stem is the default interview id.
Result<ImportSummary> ImportStream(Storage& storage, const ImportOptions& options, std::istream& in,
                                   const std::string& source_name, const ImportCallbacks& callbacks = {});
// Opens `path` (kIo naming it if unreadable) and imports it with ImportStream.
Result<ImportSummary> ImportFile(Storage& storage, const ImportOptions& options, const std::string& path,
                                 const ImportCallbacks& callbacks = {});

// Parses without storing: every finished item (ids, hashes, survey id filled in) goes to `on_item`, in
// order. Returns the number of items, or the Error that stopped the whole file.
Result<int64_t> ParseStream(const ImportOptions& options, std::istream& in, const std::string& source_name,
                            const std::function<void(FeedbackRecord&&)>& on_item,
                            const std::function<void(const RowError&)>& on_error);

// "text=Review,rating=Stars,date=Date" -> {{"text","Review"},...}; kInvalid naming the bad entry or field.
Result<std::map<std::string, std::string>> ParseFieldMap(std::string_view spec);

// What the start of a file looks like: "WebVTT", "SRT", "a JSON document", "JSON Lines", "text or CSV",
// "binary data", "empty". Used for "file looks like WebVTT, not a Play Console CSV".
std::string SniffShape(std::string_view head);

}  // namespace touchpoint::collector::importers
