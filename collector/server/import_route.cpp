#include "import_route.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include "json_out.h"

namespace touchpoint::collector {
namespace {

namespace imp = importers;

constexpr const char* kMediaTypes[] = {
    "text/csv",         "text/plain",           "text/vtt",          "application/x-subrip",
    "application/json", "application/x-ndjson", "application/jsonl", "application/octet-stream"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string FormatList() {
  std::string known;
  for (const imp::FormatInfo& f : imp::Formats()) {
    known += f.id;
    known += ", ";
  }
  known += "auto";
  return known;
}

// Valid UTF-8 passes; any byte of an invalid sequence becomes '?', so the reply stays valid JSON.
std::string Utf8Safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

}  // namespace

Result<ImportRequest> ParseImportQuery(const std::string& survey_id,
                                       const std::vector<std::pair<std::string, std::string>>& params) {
  static const std::set<std::string> kKnown = {"format",    "map",          "delimiter",    "interviewer",
                                               "interview", "rating_scale", "rating-scale", "name"};
  ImportRequest req;
  req.options.survey_id = survey_id;
  std::set<std::string> seen;
  bool have_format = false;
  for (const auto& [key, value] : params) {
    if (!kKnown.count(key)) {
      return Error(Code::kInvalid,
                   "unknown parameter '" + Utf8Safe(key) +
                       "' (format, map, delimiter, interviewer, interview, rating_scale, name)",
                   Utf8Safe(key));
    }
    if (key == "interviewer") {
      if (!value.empty()) req.options.interviewers.push_back(value);
      continue;
    }
    const std::string name = key == "rating-scale" ? "rating_scale" : key;
    if (!seen.insert(name).second) continue;  // the first one wins, as for every other route
    if (name == "format") {
      const std::string f = Lower(value);
      bool known = f == "auto";
      for (const imp::FormatInfo& info : imp::Formats()) known = known || f == info.id;
      if (!known) {
        return Error(Code::kInvalid,
                     "unknown format '" + Utf8Safe(value) + "' (one of: " + FormatList() + ")", "format");
      }
      req.options.format = f;
      have_format = true;
    } else if (name == "map") {
      Result<std::map<std::string, std::string>> map = imp::ParseFieldMap(value);
      if (!map) return Error(Code::kInvalid, "bad map: " + Utf8Safe(map.error().ToString()), "map");
      req.options.map = std::move(*map);
    } else if (name == "delimiter") {
      if (value == "tab" || value == "\\t" || value == "\t") {
        req.options.delimiter = '\t';
      } else if (value.size() == 1 && value[0] != '"' && value[0] != '\n' && value[0] != '\r') {
        req.options.delimiter = value[0];
      } else {
        return Error(Code::kInvalid,
                     "delimiter must be one character or 'tab', got '" + Utf8Safe(value) + "'", "delimiter");
      }
    } else if (name == "interview") {
      if (value.size() > 200) return Error(Code::kInvalid, "interview id longer than 200 bytes", "interview");
      req.options.interview = value;
    } else if (name == "rating_scale") {
      int scale = 0;
      bool digits = !value.empty() && value.size() <= 4;
      for (char c : value) digits = digits && c >= '0' && c <= '9';
      if (digits) scale = std::stoi(value);
      if (!digits || scale < 2 || scale > 1000) {
        return Error(Code::kInvalid, "rating_scale must be an integer 2..1000, got '" + Utf8Safe(value) + "'",
                     "rating_scale");
      }
      req.options.rating_scale = scale;
    } else if (name == "name") {
      std::string base =
          value.substr(value.find_last_of("/\\") == std::string::npos ? 0 : value.find_last_of("/\\") + 1);
      if (base.size() > 255) return Error(Code::kInvalid, "name longer than 255 bytes", "name");
      if (Utf8Safe(base) != base) return Error(Code::kInvalid, "name is not UTF-8", "name");
      if (!base.empty() && base != "." && base != "..") req.source_name = base;
    }
  }
  if (!have_format) {
    return Error(Code::kInvalid, "format is required (one of: " + FormatList() + ")", "format");
  }
  return req;
}

bool ImportMediaTypeAllowed(std::string_view media_type) {
  const std::string t = Lower(media_type);
  return std::any_of(std::begin(kMediaTypes), std::end(kMediaTypes), [&](const char* m) { return t == m; });
}

std::string ImportMediaTypes() {
  std::string out;
  for (const char* m : kMediaTypes) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

CappedStreamBuf::int_type CappedStreamBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (exceeded_ || ended_ || failed()) return traits_type::eof();
  std::streamsize n = 0;
  try {
    source_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    n = source_.gcount();
  } catch (const std::exception& e) {
    error_ = e.what();
    if (error_.empty()) error_ = "read error";
    return traits_type::eof();
  }
  if (n <= 0) {
    ended_ = true;
    if (source_.bad()) error_ = "read error";
    return traits_type::eof();
  }
  if (bytes_ + n > cap_) {
    exceeded_ = true;
    return traits_type::eof();
  }
  bytes_ += n;
  setg(buf_.data(), buf_.data(), buf_.data() + n);
  return traits_type::to_int_type(*gptr());
}

bool CappedStreamBuf::Drain() {
  while (underflow() != traits_type::eof()) setg(egptr(), egptr(), egptr());
  return !exceeded_ && !failed();
}

std::string ImportOutcomeJson(const ImportOutcome& outcome) {
  const imp::ImportSummary& s = outcome.summary;
  std::string out = "{\"imported\":";
  out += std::to_string(s.imported);
  out += ",\"skipped\":";
  out += std::to_string(s.skipped);
  out += ",\"errors\":";
  out += std::to_string(s.errors);
  out += ",\"error_rows\":[";
  for (size_t i = 0; i < outcome.error_rows.size(); ++i) {
    if (i) out += ',';
    out += "{\"line\":";
    out += std::to_string(outcome.error_rows[i].line);
    out += ",\"error\":";
    out += JsonQuote(Utf8Safe(outcome.error_rows[i].message));
    out += '}';
  }
  out += ']';
  if (s.errors > static_cast<int64_t>(outcome.error_rows.size())) out += ",\"error_rows_truncated\":true";
  out += '}';
  return out;
}

}  // namespace touchpoint::collector
