#include "csv.h"

#include <string_view>

namespace touchpoint::collector::importers {

CsvReader::CsvReader(TextReader& in, const CsvOptions& options)
    : in_(in), options_(options), delimiter_(options.delimiter) {
  if (delimiter_ == 0) DetectDelimiter();
}

void CsvReader::DetectDelimiter() {
  const std::string_view head = in_.Lookahead(64 * 1024);
  size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (size_t i = 0; i < head.size(); ++i) {
    const char c = head[i];
    if (c == '"') {
      quoted = !quoted;  // `""` toggles twice: no effect, as it should
    } else if (!quoted) {
      if (c == '\n' || c == '\r') break;
      if (c == ',') ++comma;
      if (c == ';') ++semicolon;
      if (c == '\t') ++tab;
    }
  }
  delimiter_ = ',';
  if (semicolon > comma && semicolon >= tab) delimiter_ = ';';
  if (tab > comma && tab > semicolon) delimiter_ = '\t';
}

CsvReader::Outcome CsvReader::Read(CsvRecord* record, std::string* error) {
  record->fields.clear();
  error->clear();
  int c = in_.Get();
  // Skip blank lines between records.
  while (c == '\n' || c == '\r') {
    if (c == '\r' && in_.Peek() == '\n') in_.Get();
    ++line_;
    c = in_.Get();
  }
  if (c < 0) return Outcome::kEnd;
  record->line = line_;

  std::string field;
  bool at_field_start = true;
  auto fail = [&](std::string msg) {
    if (error->empty()) *error = std::move(msg);
  };
  auto append = [&](char ch) {
    if (field.size() < options_.max_field_bytes) {
      field.push_back(ch);
    } else {
      fail("field " + std::to_string(record->fields.size() + 1) + " is longer than " +
           std::to_string(options_.max_field_bytes) + " bytes");
    }
  };
  auto push_field = [&]() {
    if (record->fields.size() < options_.max_fields) {
      record->fields.push_back(std::move(field));
    } else {
      fail("more than " + std::to_string(options_.max_fields) + " fields");
    }
    field.clear();
  };
  // Consumes a line break that starts with `ch` (CR, LF or CRLF).
  auto eat_break = [&](int ch) {
    if (ch == '\r' && in_.Peek() == '\n') in_.Get();
    ++line_;
  };

  for (;;) {
    if (at_field_start && c == '"') {
      const int64_t quote_line = line_;
      for (;;) {
        c = in_.Get();
        if (c < 0) {
          push_field();
          fail("unterminated quoted field starting on line " + std::to_string(quote_line));
          return Outcome::kError;
        }
        if (c == '"') {
          if (in_.Peek() == '"') {
            in_.Get();
            append('"');
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        if (c == '\r') {
          append('\r');
          if (in_.Peek() == '\n') {
            in_.Get();
            append('\n');
          }
          ++line_;
          continue;
        }
        append(static_cast<char>(c));
      }
      c = in_.Get();
      if (c >= 0 && c != delimiter_ && c != '\n' && c != '\r') {
        fail("unexpected text after the closing quote of field " + std::to_string(record->fields.size() + 1));
      }
      at_field_start = false;
      continue;  // `c` is handled below as if in an unquoted field
    }
    at_field_start = false;
    if (c < 0) {
      push_field();
      break;
    }
    if (c == delimiter_) {
      push_field();
      at_field_start = true;
      c = in_.Get();
      continue;
    }
    if (c == '\n' || c == '\r') {
      push_field();
      eat_break(c);
      break;
    }
    append(static_cast<char>(c));
    c = in_.Get();
  }
  return error->empty() ? Outcome::kRecord : Outcome::kError;
}

}  // namespace touchpoint::collector::importers
