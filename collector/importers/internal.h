// internal.h: what the importer's format parsers share (not part of the public API; see importer.h).
// A parser reads a TextReader and hands raw items (line + partly filled FeedbackRecord) or row errors to an
// ItemSink; importer.cpp finishes the items (validation, hashes, ids). Not thread-safe; one per import.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importer.h"
#include "text_reader.h"

namespace touchpoint::collector::importers {

class ItemSink {
 public:
  virtual ~ItemSink() = default;
  virtual void Item(int64_t line, FeedbackRecord&& item) = 0;
  virtual void Reject(int64_t line, std::string message) = 0;
};

// Bounds on what one item may hold (hostile input must not grow memory without limit).
inline constexpr size_t kMaxLineBytes = 8 << 20;   // one JSONL line / one transcript line
inline constexpr size_t kMaxItemBytes = 8 << 20;   // one JSON element of an array
inline constexpr size_t kMaxTurnBytes = 64 << 10;  // a longer speaker turn is split

enum class Shape { kEmpty, kBinary, kVtt, kSrt, kJsonDocument, kJsonLines, kText };
Shape Sniff(std::string_view head);
const char* ShapeName(Shape s);

// Format parsers. An Error stops the whole file (after the items already handed on).
Status ParseCsvReviews(TextReader& in, const ImportOptions& options, const std::string& format,
                       ItemSink& sink);
Status ParseJsonReviews(TextReader& in, Shape shape, const ImportOptions& options, const std::string& format,
                        ItemSink& sink);
Status ParseVtt(TextReader& in, const ImportOptions& options, ItemSink& sink);
Status ParseSrt(TextReader& in, const ImportOptions& options, ItemSink& sink);
Status ParseTranscriptText(TextReader& in, const ImportOptions& options, ItemSink& sink);

// --- helpers (common.cpp) ---
// Accepts ISO 8601 dates and date-times (T or space, optional fraction, Z or ±hh:mm), DD.MM.YYYY and
// YYYY/MM/DD, and Unix epoch seconds or milliseconds; returns the ISO 8601 form: "YYYY-MM-DD" or
// "YYYY-MM-DDTHH:MM:SS[.fff](Z|±hh:mm)" (no zone given: as given, without one). nullopt if unparseable.
std::optional<std::string> NormalizeDate(std::string_view s);
std::string MillisToIso(int64_t ms);  // "2024-03-14T10:22:31.123Z" (".fff" omitted when zero)
// A rating on [1, scale] as a number (or numeric string) -> [1, 5]; nullopt if not a number or outside.
std::optional<double> NormalizeRating(std::string_view s, double scale);
// "en-US", "uk_UA", "UA" -> "en", "uk", "uk"; "" if empty.
std::string NormalizeLang(std::string_view s);
// "Title. Text" (no doubled period, title alone if text is empty), trimmed.
std::string ComposeText(std::string_view title, std::string_view text);
std::string Trim(std::string_view s);
std::string Lower(std::string_view s);  // ASCII only
bool ParseInt64(std::string_view s, int64_t* out);

// JSON access by dotted path ("consumer.displayName"); scalars converted to strings; null/missing: nullopt.
std::optional<std::string> JsonString(const Poco::JSON::Object::Ptr& obj, std::string_view path);

}  // namespace touchpoint::collector::importers
