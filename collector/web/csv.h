// csv.h: CSV output for the export (RFC 4180), safe to open in a spreadsheet.
//
// Escaping: a field is quoted when it contains ',', '"', CR or LF, or begins or ends with a space or TAB
// (so spreadsheets do not trim it); a '"' inside is doubled. Formula injection (CWE-1236): a text field
// beginning with '=', '+', '-', '@', TAB or CR would be run as a formula by Excel, LibreOffice and Google
// Sheets, so it gets a leading apostrophe ("'=1+1"), which those programs show as text. Numbers written
// with CsvWriter::Number are not altered, so "-3" stays a negative number; a respondent's text "-3" is
// defused. Rows end with CRLF.
//
// Thread-safety: CsvEscape is a pure function. A CsvWriter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace touchpoint::web {

// `field` escaped for CSV as described above (with formula defusing).
std::string CsvEscape(std::string_view field);
// Quoting only, no formula defusing (for values the program produced, e.g. ids, timestamps, numbers).
std::string CsvQuote(std::string_view field);

// Writes rows to a borrowed std::ostream, which must outlive the writer.
//   CsvWriter csv(out, {.bom = true});
//   csv.Row({"response_id", "nps"});
//   csv.Text("r1"); csv.Number(int64_t{9}); csv.EndRow();
class CsvWriter {
 public:
  struct Options {
    bool bom = false;             // write a UTF-8 byte order mark first (for Excel)
    bool defuse_formulas = true;  // apply the apostrophe rule to Text fields
  };
  explicit CsvWriter(std::ostream& out) : CsvWriter(out, Options{}) {}
  CsvWriter(std::ostream& out, Options options);
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Appends one field to the current row.
  void Text(std::string_view field);
  void Number(int64_t value);
  void Number(double value);  // shortest round-trip form; NaN and infinities are written as empty fields
  // Ends the current row (an empty row is written as an empty line).
  void EndRow();
  // Writes a whole row of text fields.
  void Row(std::span<const std::string> fields);
  void Row(std::initializer_list<std::string_view> fields);

  int64_t rows() const { return rows_; }

 private:
  void Separator();
  std::ostream& out_;
  Options options_;
  bool row_started_ = false;
  int64_t rows_ = 0;
};

}  // namespace touchpoint::web
