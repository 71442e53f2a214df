// import_route.h: the pieces of `POST /api/v1/surveys/{id}/imports` that need no socket (CONTRACT.md "HTTP
// API", "Importing"): the query string mapped onto importers::ImportOptions (the CLI's flags, by the same
// names), the accepted content types, a byte-capped input stream over the request body (so a body of any
// allowed size is imported streaming, in constant memory), and the reply JSON.
//
// Thread-safety: pure functions; a CappedStreamBuf is used by one thread.
#pragma once

#include <cstdint>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "touchpoint/collector/importer.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

struct ImportRequest {
  importers::ImportOptions options;
  std::string source_name = "upload";  // stored as each item's source_file; its stem is the interview id
};

// Query parameters (decoded, in order) -> import options: format (required; a format id or auto), map,
// delimiter, interviewer (repeatable), interview, rating_scale, name. kInvalid with `field` = the parameter
// at fault for a missing format, an unknown format or parameter, a bad map, delimiter or scale.
Result<ImportRequest> ParseImportQuery(const std::string& survey_id,
                                       const std::vector<std::pair<std::string, std::string>>& params);

// True for the media types an import body may have (parameters such as charset stripped by the caller):
// text/csv, text/plain, text/vtt, application/x-subrip, application/json, application/x-ndjson,
// application/jsonl, application/octet-stream. Case-insensitive.
bool ImportMediaTypeAllowed(std::string_view media_type);
// "text/csv, text/plain, ..." for the 415 message.
std::string ImportMediaTypes();

// Reads `source` until its end or until more than `cap` bytes would have been read: then it reports the
// end of input and exceeded() is true (the bytes past the cap are never handed on). An exception from the
// source (socket timeout, reset) also ends the input; failed() then says so and error() what happened.
class CappedStreamBuf : public std::streambuf {
 public:
  CappedStreamBuf(std::istream& source, int64_t cap) : source_(source), cap_(cap) {}
  int64_t bytes() const { return bytes_; }
  bool exceeded() const { return exceeded_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // Reads and discards what is left of the source, up to the cap; true if the source ended within it.
  bool Drain();

 protected:
  int_type underflow() override;

 private:
  std::istream& source_;
  const int64_t cap_;
  int64_t bytes_ = 0;
  bool exceeded_ = false;
  bool ended_ = false;
  std::string error_;
  std::vector<char> buf_ = std::vector<char>(64 * 1024);
};

struct ImportOutcome {
  importers::ImportSummary summary;
  std::vector<importers::RowError> error_rows;  // the first kMaxErrorRows
  static constexpr size_t kMaxErrorRows = 100;
};
// {"imported":N,"skipped":M,"errors":K,"error_rows":[{"line":L,"error":"..."}],"error_rows_truncated":true}
// (the last member only when errors > error_rows.size()).
std::string ImportOutcomeJson(const ImportOutcome& outcome);

}  // namespace touchpoint::collector
