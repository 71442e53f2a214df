// csv.h: CsvReader is a streaming RFC 4180 parser over a TextReader: quoted fields holding delimiters, `""`
// escapes, CR/LF inside quotes (kept as given), CRLF, LF or a lone CR between records, trailing empty
// fields, `,` `;` or TAB delimiter (given, or detected from the first record). Blank lines between records
// are skipped. A bare `"` inside an unquoted field is kept literally (as most writers emit it).
//
// Problems are reported per record with the physical line where the record starts and the reader carries
// on with the next record: text after a closing quote, a field or record over its size bound, and an
// unterminated quote (which, by nature, runs to the end of the file).
//
// Memory is bounded by CsvOptions: one record at a time. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text_reader.h"

namespace touchpoint::collector::importers {

struct CsvOptions {
  char delimiter = 0;                // 0: detect from the first record (the most frequent of , ; TAB)
  size_t max_field_bytes = 1 << 20;  // longer fields make the record an error
  size_t max_fields = 4096;          // more fields make the record an error
};

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // 1-based physical line of the record's first byte
};

class CsvReader {
 public:
  enum class Outcome { kRecord, kError, kEnd };

  // `in` must outlive the reader.
  CsvReader(TextReader& in, const CsvOptions& options);

  // kRecord: *record holds the next record. kError: record->line is where the bad record started and
  // *error says why; the reader has moved past it. kEnd: no more records.
  Outcome Read(CsvRecord* record, std::string* error);

  char delimiter() const { return delimiter_; }

 private:
  void DetectDelimiter();

  TextReader& in_;
  CsvOptions options_;
  char delimiter_;
  int64_t line_ = 1;
};

}  // namespace touchpoint::collector::importers
