// csv.cpp: RFC 4180 escaping with spreadsheet formula defusing, and CsvWriter.
#include "csv.h"

#include <charconv>
#include <cmath>

namespace touchpoint::web {

namespace {

bool NeedsQuotes(std::string_view f) {
  if (f.empty()) return false;
  if (f.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  return blank(f.front()) || blank(f.back());
}

bool LooksLikeFormula(std::string_view f) {
  if (f.empty()) return false;
  switch (f.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string CsvQuote(std::string_view field) {
  if (!NeedsQuotes(field)) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string CsvEscape(std::string_view field) {
  if (!LooksLikeFormula(field)) return CsvQuote(field);
  std::string defused;
  defused.reserve(field.size() + 1);
  defused.push_back('\'');
  defused.append(field);
  return CsvQuote(defused);
}

CsvWriter::CsvWriter(std::ostream& out, Options options) : out_(out), options_(options) {
  if (options_.bom) out_ << "\xEF\xBB\xBF";
}

void CsvWriter::Separator() {
  if (row_started_) out_.put(',');
  row_started_ = true;
}

void CsvWriter::Text(std::string_view field) {
  Separator();
  out_ << (options_.defuse_formulas ? CsvEscape(field) : CsvQuote(field));
}

void CsvWriter::Number(int64_t value) {
  Separator();
  out_ << value;
}

void CsvWriter::Number(double value) {
  Separator();
  if (!std::isfinite(value)) return;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec == std::errc()) out_.write(buf, end - buf);
}

void CsvWriter::EndRow() {
  out_ << "\r\n";
  row_started_ = false;
  ++rows_;
}

void CsvWriter::Row(std::span<const std::string> fields) {
  for (const std::string& f : fields) Text(f);
  EndRow();
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  for (std::string_view f : fields) Text(f);
  EndRow();
}

}  // namespace touchpoint::web
