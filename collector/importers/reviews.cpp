// Review formats: Google Play Console CSV, App Store Connect (JSON API shape and CSV), Trustpilot (JSON),
// Yelp and Amazon (JSONL), generic CSV and JSONL with a field map.
#include <Poco/Dynamic/Var.h>

#include <algorithm>
#include <initializer_list>

#include "csv.h"
#include "internal.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::collector::importers {

namespace {

// One review as found in the source, before normalization.
struct RawReview {
  std::optional<std::string> id, author, date, rating, lang, title, text;
};

void EmitReview(ItemSink& sink, int64_t line, const std::string& format, const RawReview& raw, double scale) {
  FeedbackRecord item;
  item.source = "review";
  item.format = format;
  item.text = ComposeText(raw.title.value_or(""), raw.text.value_or(""));
  if (item.text.empty()) return sink.Reject(line, "empty text");
  if (raw.date && !Trim(*raw.date).empty()) {
    std::optional<std::string> date = NormalizeDate(*raw.date);
    if (!date) return sink.Reject(line, "unparseable date '" + raw.date->substr(0, 64) + "'");
    item.date = std::move(*date);
  }
  if (raw.rating && !Trim(*raw.rating).empty()) {
    item.rating = NormalizeRating(*raw.rating, scale);
    if (!item.rating) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", scale);
      return sink.Reject(line, "rating '" + raw.rating->substr(0, 32) + "' is not a number from 1 to " + buf);
    }
  }
  item.source_id = Trim(raw.id.value_or(""));
  item.author = Trim(raw.author.value_or(""));
  item.lang = NormalizeLang(raw.lang.value_or(""));
  sink.Item(line, std::move(item));
}

// ---- CSV ----

class Header {
 public:
  explicit Header(const std::vector<std::string>& names) : names_(names) {
    for (auto& n : names_) n = Lower(Trim(n));
  }
  // Index of the first present column among `candidates` (case-insensitive), or -1.
  int Find(std::initializer_list<std::string_view> candidates) const {
    for (std::string_view c : candidates) {
      auto it = std::find(names_.begin(), names_.end(), Lower(c));
      if (it != names_.end()) return static_cast<int>(it - names_.begin());
    }
    return -1;
  }
  int Find(const std::string& name) const { return Find({std::string_view(name)}); }
  size_t size() const { return names_.size(); }
  std::string List() const {
    std::string out;
    for (size_t i = 0; i < names_.size() && i < 30; ++i) out += (i ? ", " : "") + names_[i];
    return out;
  }

 private:
  std::vector<std::string> names_;
};

struct Columns {
  int id = -1, author = -1, date = -1, date_ms = -1, rating = -1, lang = -1, title = -1, text = -1, link = -1;
};

// Play Console has no review id column; the review link carries one (".../review-details?reviewId=XYZ").
std::optional<std::string> ReviewIdFromLink(const std::string& link) {
  const size_t p = link.find("reviewId=");
  if (p == std::string::npos) return std::nullopt;
  const size_t b = p + 9;
  const size_t e = link.find_first_of("&#", b);
  return link.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

Result<Columns> ResolveColumns(const Header& h, const ImportOptions& options, const std::string& format) {
  Columns c;
  if (format == "googleplay") {
    c.text = h.Find({"Review Text"});
    c.title = h.Find({"Review Title"});
    c.rating = h.Find({"Star Rating"});
    c.lang = h.Find({"Reviewer Language"});
    c.date_ms = h.Find({"Review Submit Millis Since Epoch"});
    c.date = h.Find({"Review Submit Date and Time"});
    c.link = h.Find({"Review Link"});
    if (c.text < 0) {
      return Error(Code::kInvalid,
                   "not a Play Console CSV: no 'Review Text' column (columns: " + h.List() + ")");
    }
    return c;
  }
  if (format == "appstore") {
    c.id = h.Find({"id", "review id", "review_id", "reviewId"});
    c.rating = h.Find({"rating", "stars", "star rating"});
    c.title = h.Find({"title", "review title"});
    c.text = h.Find({"body", "review", "review text", "content", "text"});
    c.author = h.Find({"reviewerNickname", "nickname", "reviewer nickname", "author", "user"});
    c.date = h.Find({"createdDate", "created date", "date", "review date"});
    if (c.text < 0) {
      return Error(Code::kInvalid,
                   "not an App Store reviews CSV: no 'Body' or 'Review' column (columns: " + h.List() + ")");
    }
    return c;
  }
  // Generic CSV: --map field=Column, else a column named like the field.
  auto col = [&](const std::string& field, std::initializer_list<std::string_view> defaults) -> Result<int> {
    auto it = options.map.find(field);
    if (it != options.map.end()) {
      const int i = h.Find(it->second);
      if (i < 0) {
        return Error(Code::kInvalid,
                     "no column '" + it->second + "' in the header (columns: " + h.List() + ")",
                     "--map " + field);
      }
      return i;
    }
    return h.Find(defaults);
  };
  struct {
    const char* field;
    int* slot;
    std::initializer_list<std::string_view> defaults;
  } fields[] = {
      {"text", &c.text, {"text", "review", "comment", "body", "feedback"}},
      {"title", &c.title, {"title"}},
      {"rating", &c.rating, {"rating", "stars"}},
      {"date", &c.date, {"date"}},
      {"lang", &c.lang, {"lang", "language"}},
      {"author", &c.author, {"author"}},
      {"id", &c.id, {"id"}},
  };
  for (auto& f : fields) {
    Result<int> r = col(f.field, f.defaults);
    if (!r) return r.error();
    *f.slot = *r;
  }
  if (c.text < 0) {
    return Error(Code::kInvalid, "no text column; name it with --map text=COLUMN (columns: " + h.List() + ")",
                 "--map text");
  }
  return c;
}

}  // namespace

Status ParseCsvReviews(TextReader& in, const ImportOptions& options, const std::string& format,
                       ItemSink& sink) {
  CsvOptions csv_options;
  csv_options.delimiter = options.delimiter;
  CsvReader reader(in, csv_options);
  CsvRecord record;
  std::string error;
  CsvReader::Outcome outcome = reader.Read(&record, &error);
  if (outcome == CsvReader::Outcome::kEnd) return Error(Code::kInvalid, "empty file: no CSV header");
  if (outcome == CsvReader::Outcome::kError) {
    return Error(Code::kInvalid, "line " + std::to_string(record.line) + ": bad CSV header: " + error);
  }
  const Header header(record.fields);
  Result<Columns> resolved = ResolveColumns(header, options, format);
  if (!resolved) return resolved.error();
  const Columns cols = *resolved;
  const double scale = format == "csv" ? options.rating_scale : 5;
  for (;;) {
    outcome = reader.Read(&record, &error);
    if (outcome == CsvReader::Outcome::kEnd) break;
    if (outcome == CsvReader::Outcome::kError) {
      sink.Reject(record.line, error);
      continue;
    }
    if (record.fields.size() != header.size()) {
      sink.Reject(record.line, "row has " + std::to_string(record.fields.size()) +
                                   " fields, the header has " + std::to_string(header.size()));
      continue;
    }
    auto get = [&](int i) -> std::optional<std::string> {
      if (i < 0) return std::nullopt;
      return record.fields[static_cast<size_t>(i)];
    };
    RawReview raw;
    raw.id = get(cols.id);
    raw.author = get(cols.author);
    raw.rating = get(cols.rating);
    raw.lang = get(cols.lang);
    raw.title = get(cols.title);
    raw.text = get(cols.text);
    raw.date = get(cols.date);
    if (std::optional<std::string> ms = get(cols.date_ms); ms && !Trim(*ms).empty()) raw.date = ms;
    if (std::optional<std::string> link = get(cols.link)) raw.id = ReviewIdFromLink(*link);
    EmitReview(sink, record.line, format, raw, scale);
  }
  return Ok();
}

// ---- JSON ----

namespace {

// The last member named `key` (a repeated key: the last one counts, as it always did with Poco's parser).
const analysis::JsonValue* Member(const analysis::JsonValue& obj, std::string_view key) {
  if (obj.type != analysis::JsonValue::Type::kObject) return nullptr;
  for (auto it = obj.members.rbegin(); it != obj.members.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

// The scalar at a dotted path as text: strings as they are, true/false, numbers as Poco's Var wrote them
// (integers as written, others through Poco's double formatting, e.g. 4.0 -> "4"); nullopt when missing,
// null, an object or an array.
std::optional<std::string> JsonScalar(const analysis::JsonValue& root, std::string_view path) {
  const analysis::JsonValue* v = &root;
  while (true) {
    const size_t dot = path.find('.');
    v = Member(*v, path.substr(0, dot));
    if (!v) return std::nullopt;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  using Type = analysis::JsonValue::Type;
  switch (v->type) {
    case Type::kString:
      return v->str;
    case Type::kBool:
      return std::string(v->boolean ? "true" : "false");
    case Type::kNumber: {
      std::string_view raw = v->raw;
      const bool negative = !raw.empty() && raw[0] == '-';
      const std::string_view digits = raw.substr(negative ? 1 : 0);
      bool integer = !digits.empty() && digits.size() <= 18;
      for (char c : digits) integer = integer && c >= '0' && c <= '9';
      if (integer) return std::string(raw);
      return Poco::Dynamic::Var(v->number).convert<std::string>();
    }
    default:
      return std::nullopt;
  }
}

RawReview ReviewFromJson(const analysis::JsonValue& obj, const std::string& format, const ImportOptions& o) {
  RawReview r;
  auto s = [&](std::string_view path) { return JsonScalar(obj, path); };
  auto first = [&](std::initializer_list<std::string_view> paths) -> std::optional<std::string> {
    for (std::string_view p : paths) {
      if (auto v = s(p)) return v;
    }
    return std::nullopt;
  };
  if (format == "appstore") {
    const std::string a = Member(obj, "attributes") ? "attributes." : "";
    r.id = s("id");
    r.rating = s(a + "rating");
    r.title = s(a + "title");
    r.text = s(a + "body");
    r.author = s(a + "reviewerNickname");
    r.date = s(a + "createdDate");
  } else if (format == "trustpilot") {
    r.id = s("id");
    r.rating = first({"stars", "rating"});
    r.title = s("title");
    r.text = first({"text", "content"});
    r.lang = s("language");
    r.date = first({"createdAt", "dates.publishedDate", "date"});
    r.author = first({"consumer.displayName", "consumer.name"});
  } else if (format == "yelp") {
    r.id = s("review_id");
    r.author = s("user_id");
    r.rating = s("stars");
    r.text = s("text");
    r.date = s("date");
  } else if (format == "amazon") {
    r.rating = s("rating");
    r.title = s("title");
    r.text = s("text");
    r.author = s("user_id");
    r.date = s("timestamp");
  } else {  // jsonl
    auto field = [&](const char* name) {
      auto it = o.map.find(name);
      return s(it == o.map.end() ? std::string_view(name) : std::string_view(it->second));
    };
    r.id = field("id");
    r.author = field("author");
    r.rating = field("rating");
    r.lang = field("lang");
    r.title = field("title");
    r.text = field("text");
    r.date = field("date");
  }
  return r;
}

class JsonItems {
 public:
  JsonItems(const ImportOptions& options, const std::string& format, ItemSink& sink)
      : options_(options),
        format_(format),
        sink_(sink),
        scale_(format == "jsonl" ? options.rating_scale : 5) {}

  // One JSON text (a JSONL line or one array element). `unwrap`: an object holding a "data" or "reviews"
  // array stands for its elements (a one-line API page). Parsed with the analysis module's JSON reader
  // (no Poco::Dynamic::Var per value: the parse was most of an import's CPU time besides tagging).
  void Handle(int64_t line, const std::string& text, bool unwrap) {
    if (!IsValidUtf8(text)) return sink_.Reject(line, "invalid encoding (not UTF-8)");
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '{') return sink_.Reject(line, "not a JSON object");
    Result<analysis::JsonValue> parsed = analysis::ParseJson(text);
    if (!parsed) return sink_.Reject(line, "broken JSON: " + parsed.error().message.substr(0, 200));
    const analysis::JsonValue& obj = *parsed;
    if (obj.type != analysis::JsonValue::Type::kObject) return sink_.Reject(line, "not a JSON object");
    if (unwrap) {
      for (const char* key : {"data", "reviews"}) {
        const analysis::JsonValue* arr = Member(obj, key);
        if (arr && arr->type == analysis::JsonValue::Type::kArray) {
          for (size_t i = 0; i < arr->items.size(); ++i) {
            const analysis::JsonValue& el = arr->items[i];
            if (el.type != analysis::JsonValue::Type::kObject) {
              sink_.Reject(line, std::string(key) + "[" + std::to_string(i) + "]: not a JSON object");
            } else {
              EmitReview(sink_, line, format_, ReviewFromJson(el, format_, options_), scale_);
            }
          }
          return;
        }
      }
    }
    EmitReview(sink_, line, format_, ReviewFromJson(obj, format_, options_), scale_);
  }

 private:
  const ImportOptions& options_;
  const std::string& format_;
  ItemSink& sink_;
  double scale_;
};

// Walks a JSON document byte by byte without building it, handing each element of the review array (the
// top-level array, or the "data"/"reviews" array of the top-level object) to `on_element` as raw text.
class JsonDocumentSplitter {
 public:
  explicit JsonDocumentSplitter(TextReader& in) : in_(in) {}

  Status Run(const std::function<void(int64_t line, const std::string& raw)>& on_element,
             const std::function<void(int64_t line, std::string msg)>& on_error) {
    on_element_ = &on_element;
    on_error_ = &on_error;
    int c = SkipWs();
    if (c == '[') return Array();
    if (c != '{') return Fail("the JSON document is not an array or an object");
    bool found = false;
    c = SkipWs();
    if (c == '}') return Error(Code::kInvalid, "the JSON object has no \"data\" or \"reviews\" array");
    for (;;) {
      if (c != '"') return Fail("expected a key");
      std::string key;
      if (!String(&key, 256)) return Fail("unterminated string");
      if (SkipWs() != ':') return Fail("expected ':'");
      c = SkipWs();
      if ((key == "data" || key == "reviews") && c == '[' && !found) {
        found = true;
        TP_RETURN_IF_ERROR(Array());
      } else {
        bool too_big = false;
        if (!Value(c, nullptr, 0, &too_big)) return Fail("unterminated value");
      }
      c = SkipWs();
      if (c == ',') {
        c = SkipWs();
        continue;
      }
      if (c == '}') break;
      return Fail("expected ',' or '}'");
    }
    if (!found) return Error(Code::kInvalid, "the JSON object has no \"data\" or \"reviews\" array");
    return Ok();
  }

 private:
  int Get() {
    const int c = in_.Get();
    if (c == '\n') ++line_;
    return c;
  }
  int SkipWs() {
    int c = Get();
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = Get();
    return c;
  }
  Status Fail(const std::string& what) {
    return Error(Code::kInvalid, "line " + std::to_string(line_) + ": malformed JSON document: " + what);
  }
  // After an opening quote: reads to the closing one, appending the raw bytes (escapes kept) to *out up to
  // `max` bytes. False at the end of input.
  bool String(std::string* out, size_t max) {
    for (;;) {
      const int c = Get();
      if (c < 0) return false;
      if (c == '"') return true;
      if (out && out->size() < max) out->push_back(static_cast<char>(c));
      if (c == '\\') {
        const int d = Get();
        if (d < 0) return false;
        if (out && out->size() < max) out->push_back(static_cast<char>(d));
      }
    }
  }
  // Reads one whole value starting with `c`, appending its raw text to *out (if any; beyond `max` bytes
  // *too_big is set and the rest is dropped). False at a premature end of input.
  bool Value(int c, std::string* out, size_t max, bool* too_big) {
    auto put = [&](int ch) {
      if (!out) return;
      if (out->size() < max) {
        out->push_back(static_cast<char>(ch));
      } else {
        *too_big = true;
      }
    };
    if (c == '{' || c == '[') {
      int depth = 0;
      for (;;) {
        if (c < 0) return false;
        put(c);
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') {
          if (--depth == 0) return true;
        }
        if (c == '"') {
          for (;;) {
            const int d = Get();
            if (d < 0) return false;
            put(d);
            if (d == '"') break;
            if (d == '\\') {
              const int e = Get();
              if (e < 0) return false;
              put(e);
            }
          }
        }
        c = Get();
      }
    }
    if (c == '"') {
      put(c);
      std::string tmp;
      if (!String(out ? &tmp : nullptr, max)) return false;
      for (char ch : tmp) put(static_cast<unsigned char>(ch));
      put('"');
      return true;
    }
    if (c < 0) return false;
    put(c);
    for (int p = in_.Peek();
         p >= 0 && p != ',' && p != ']' && p != '}' && p != ' ' && p != '\n' && p != '\r' && p != '\t';
         p = in_.Peek()) {
      put(Get());
    }
    return true;
  }
  // After '[': each element to on_element_, through the closing ']'.
  Status Array() {
    int c = SkipWs();
    if (c == ']') return Ok();
    for (int index = 0;; ++index) {
      const int64_t line = line_;
      std::string raw;
      bool too_big = false;
      if (!Value(c, &raw, kMaxItemBytes, &too_big))
        return Fail("unterminated array element " + std::to_string(index));
      if (too_big) {
        (*on_error_)(line, "array element " + std::to_string(index) + " is larger than " +
                               std::to_string(kMaxItemBytes) + " bytes");
      } else {
        (*on_element_)(line, raw);
      }
      c = SkipWs();
      if (c == ',') {
        c = SkipWs();
        continue;
      }
      if (c == ']') return Ok();
      return Fail("expected ',' or ']' after array element " + std::to_string(index));
    }
  }

  TextReader& in_;
  int64_t line_ = 1;
  const std::function<void(int64_t, const std::string&)>* on_element_ = nullptr;
  const std::function<void(int64_t, std::string)>* on_error_ = nullptr;
};

}  // namespace

Status ParseJsonReviews(TextReader& in, Shape shape, const ImportOptions& options, const std::string& format,
                        ItemSink& sink) {
  JsonItems items(options, format, sink);
  if (shape == Shape::kJsonDocument) {
    JsonDocumentSplitter splitter(in);
    return splitter.Run([&](int64_t line, const std::string& raw) { items.Handle(line, raw, false); },
                        [&](int64_t line, std::string msg) { sink.Reject(line, std::move(msg)); });
  }
  std::string line;
  bool truncated = false;
  for (int64_t n = 1; in.ReadLine(&line, kMaxLineBytes, &truncated); ++n) {
    if (truncated) {
      sink.Reject(n, "line longer than " + std::to_string(kMaxLineBytes) + " bytes");
      continue;
    }
    if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;  // blank (no copy of it)
    items.Handle(n, line, format == "appstore" || format == "trustpilot");
  }
  return Ok();
}

}  // namespace touchpoint::collector::importers
