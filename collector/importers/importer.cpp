// The import pipeline: sniff, dispatch to the format parser, finish each item (validation, hashes, ids,
// language), and store batches through Storage::AddFeedback.
#include "importer.h"

#include <Poco/UTF8String.h>
#include <openssl/sha.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "internal.h"

namespace touchpoint::collector::importers {

namespace {

// Lower-case hex SHA-256 (libcrypto: hardware SHA where the CPU has it; the same digest as before).
std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

bool IsHashSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends `s` with whitespace runs -> one space, trimmed (the text as compared for duplicates); copies runs
// of other bytes at once.
void AppendNormalizedForHash(std::string_view s, std::string* out) {
  const size_t start = out->size();
  size_t i = 0;
  while (i < s.size()) {
    if (IsHashSpace(s[i])) {
      while (i < s.size() && IsHashSpace(s[i])) ++i;
      if (out->size() > start && i < s.size()) *out += ' ';
      continue;
    }
    const size_t b = i;
    while (i < s.size() && !IsHashSpace(s[i])) ++i;
    out->append(s.data() + b, i - b);
  }
}

// True when CleanText(s) == s: no CR or other control characters (but LF and TAB), nothing to trim.
bool IsCleanText(std::string_view s) {
  if (s.empty() || IsHashSpace(s.front()) || IsHashSpace(s.back())) return s.empty();
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') return false;
  }
  return true;
}

// CRLF/CR -> LF, other control characters (but TAB) dropped, trimmed.
std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c < 0x20 && c != '\n' && c != '\t') {
      continue;
    } else {
      out += static_cast<char>(c);
    }
  }
  return Trim(out);
}

const FormatInfo* FindFormat(const std::string& id) {
  for (const FormatInfo& f : Formats()) {
    if (id == f.id) return &f;
  }
  return nullptr;
}

// Picks a format for --format auto from the shape and the first bytes.
Result<std::string> AutoFormat(Shape shape, std::string_view head) {
  switch (shape) {
    case Shape::kVtt:
      return std::string("vtt");
    case Shape::kSrt:
      return std::string("srt");
    case Shape::kJsonDocument:
    case Shape::kJsonLines:
      if (head.find("customerReviews") != std::string_view::npos) return std::string("appstore");
      if (head.find("\"review_id\"") != std::string_view::npos &&
          head.find("\"business_id\"") != std::string_view::npos) {
        return std::string("yelp");
      }
      if (head.find("\"asin\"") != std::string_view::npos) return std::string("amazon");
      if (head.find("\"consumer\"") != std::string_view::npos) return std::string("trustpilot");
      return std::string("jsonl");
    case Shape::kText: {
      const std::string_view first = head.substr(0, head.find('\n'));
      if (first.find("Review Text") != std::string_view::npos &&
          first.find("Star Rating") != std::string_view::npos) {
        return std::string("googleplay");
      }
      return Error(Code::kInvalid,
                   "cannot tell whether this is a CSV or a text transcript; name it with --format",
                   "--format");
    }
    case Shape::kEmpty:
    case Shape::kBinary:
      break;
  }
  return Error(Code::kInvalid,
               std::string("file looks like ") + ShapeName(shape) + ", not something to import");
}

bool ShapeFits(const std::string& format, Shape shape) {
  const bool json = shape == Shape::kJsonDocument || shape == Shape::kJsonLines;
  if (format == "googleplay" || format == "csv" || format == "txt") return shape == Shape::kText;
  if (format == "appstore") return json || shape == Shape::kText;
  if (format == "trustpilot" || format == "yelp" || format == "amazon" || format == "jsonl") return json;
  if (format == "vtt") return shape == Shape::kVtt;
  if (format == "srt") return shape == Shape::kSrt;
  return false;
}

class FinishingSink : public ItemSink {
 public:
  FinishingSink(const ImportOptions& options, const std::string& source_name,
                const std::function<void(FeedbackRecord&&)>& on_item,
                const std::function<void(const RowError&)>& on_error)
      : options_(options), on_item_(on_item), on_error_(on_error) {
    const std::filesystem::path p(source_name);
    source_file_ = p.filename().string();
    interview_ = options.interview.empty() ? p.stem().string() : options.interview;
    if (interview_.empty()) interview_ = "interview";
  }

  void Item(int64_t line, FeedbackRecord&& item) override {
    for (const std::string* s :
         {&item.text, &item.author, &item.speaker, &item.source_id, &item.lang, &item.date}) {
      if (!IsValidUtf8(*s)) return Reject(line, "invalid encoding (not UTF-8)");
    }
    if (!IsCleanText(item.text)) item.text = CleanText(item.text);
    if (item.text.empty()) return Reject(line, "empty text");
    item.survey_id = options_.survey_id;
    item.source_file = source_file_;
    if (item.source == "interview") {
      item.interview = interview_;
      item.source_id = interview_ + item.source_id;
      for (const std::string& name : options_.interviewers) {
        if (!item.speaker.empty() && Poco::UTF8::icompare(Trim(name), item.speaker) == 0)
          item.is_interviewer = true;
      }
    }
    if (item.lang.empty() && options_.detect_lang) item.lang = options_.detect_lang(item.text);
    hash_input_.clear();
    AppendNormalizedForHash(item.text, &hash_input_);
    hash_input_ += '\x1f';
    hash_input_ += item.author;
    hash_input_ += '\x1f';
    hash_input_ += item.date;
    item.content_hash = Sha256Hex(hash_input_);
    const std::string key = item.source_id.empty() ? "hash\x1f" + item.content_hash
                                                   : "id\x1f" + item.format + '\x1f' + item.source_id;
    item.imported_at_ms = options_.now_ms ? options_.now_ms()
                                          : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count();
    // 32 hex digits: the import time (12, so ids of one import ascend and the id index grows at its end
    // instead of taking a write in a random page per item) and 20 of the hash of survey and dedupe key.
    // Dedupe is by the key's own index, so a re-import finds the stored item whatever its id.
    char stamp[16];
    std::snprintf(stamp, sizeof stamp, "%012llx",
                  static_cast<unsigned long long>(item.imported_at_ms) & 0xffffffffffffULL);
    item.id = stamp;
    item.id += Sha256Hex(item.survey_id + '\x1f' + key).substr(0, 20);
    ++items_;
    on_item_(std::move(item));
  }

  void Reject(int64_t line, std::string message) override {
    if (on_error_) on_error_(importers::RowError{line, std::move(message)});
  }

  int64_t items() const { return items_; }

 private:
  const ImportOptions& options_;
  const std::function<void(FeedbackRecord&&)>& on_item_;
  const std::function<void(const importers::RowError&)>& on_error_;
  std::string source_file_, interview_;
  std::string hash_input_;  // reused: normalized text, author and date, hashed
  int64_t items_ = 0;
};

Status Dispatch(TextReader& in, const ImportOptions& options, ItemSink& sink) {
  std::string format = options.format.empty() ? "auto" : options.format;
  const FormatInfo* info = nullptr;
  if (format != "auto") {
    info = FindFormat(format);
    if (!info) {
      std::string known;
      for (const FormatInfo& f : Formats()) known += std::string(known.empty() ? "" : ", ") + f.id;
      return Error(Code::kInvalid, "unknown format '" + format + "' (one of: " + known + ", auto)",
                   "--format");
    }
  }
  const std::string_view head = in.Lookahead(64 * 1024);
  const Shape shape = Sniff(head);
  if (shape == Shape::kEmpty) return Error(Code::kInvalid, "file is empty");
  if (format == "auto") {
    Result<std::string> picked = AutoFormat(shape, head);
    if (!picked) return picked.error();
    format = *picked;
    info = FindFormat(format);
  }
  if (!ShapeFits(format, shape)) {
    return Error(Code::kInvalid,
                 std::string("file looks like ") + ShapeName(shape) + ", not " + info->description);
  }
  if (format == "googleplay" || format == "csv" || (format == "appstore" && shape == Shape::kText)) {
    return ParseCsvReviews(in, options, format, sink);
  }
  if (format == "vtt") return ParseVtt(in, options, sink);
  if (format == "srt") return ParseSrt(in, options, sink);
  if (format == "txt") return ParseTranscriptText(in, options, sink);
  return ParseJsonReviews(in, shape, options, format, sink);
}

}  // namespace

const std::vector<FormatInfo>& Formats() {
  static const std::vector<FormatInfo> kFormats = {
      {"googleplay", "review", "a Play Console CSV"},
      {"appstore", "review", "App Store Connect reviews (JSON or CSV)"},
      {"trustpilot", "review", "Trustpilot JSON"},
      {"yelp", "review", "Yelp JSON Lines"},
      {"amazon", "review", "Amazon reviews JSON Lines"},
      {"csv", "review", "a CSV file"},
      {"jsonl", "review", "JSON Lines"},
      {"vtt", "interview", "a WebVTT transcript"},
      {"srt", "interview", "an SRT transcript"},
      {"txt", "interview", "a text transcript"},
  };
  return kFormats;
}

const char* ShapeName(Shape s) {
  switch (s) {
    case Shape::kEmpty:
      return "an empty file";
    case Shape::kBinary:
      return "binary data";
    case Shape::kVtt:
      return "WebVTT";
    case Shape::kSrt:
      return "SRT subtitles";
    case Shape::kJsonDocument:
      return "a JSON document";
    case Shape::kJsonLines:
      return "JSON Lines";
    case Shape::kText:
      return "text or CSV";
  }
  return "?";
}

Shape Sniff(std::string_view head) {
  if (head.find('\0') != std::string_view::npos) return Shape::kBinary;
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
  head.remove_prefix(i);
  if (head.empty()) return Shape::kEmpty;
  if (head.rfind("WEBVTT", 0) == 0) return Shape::kVtt;
  if (head[0] == '[') {
    // An array of objects (or arrays, strings); "[00:01:02] Ana: ..." is a transcript line.
    const size_t next = head.find_first_not_of(" \t\r\n", 1);
    if (next == std::string_view::npos ||
        std::string_view("{[\"]").find(head[next]) != std::string_view::npos) {
      return Shape::kJsonDocument;
    }
  }
  const size_t eol = head.find_first_of("\r\n");
  const std::string first = Trim(head.substr(0, eol));
  if (head[0] == '{') {
    // One complete object on the first line, or a first line longer than the lookahead: JSON Lines.
    const bool complete = !first.empty() && first.back() == '}';
    return complete || eol == std::string_view::npos ? Shape::kJsonLines : Shape::kJsonDocument;
  }
  // SRT: "1" then "00:00:01,000 --> 00:00:04,000" (or the timing line first).
  if (first.find("-->") != std::string::npos) return Shape::kSrt;
  bool digits = !first.empty() && first.size() < 10;
  for (char c : first) digits = digits && c >= '0' && c <= '9';
  if (digits && eol != std::string_view::npos) {
    std::string_view rest = head.substr(eol);
    while (!rest.empty() && (rest[0] == '\r' || rest[0] == '\n')) rest.remove_prefix(1);
    if (rest.substr(0, rest.find_first_of("\r\n")).find("-->") != std::string_view::npos) return Shape::kSrt;
  }
  return Shape::kText;
}

std::string SniffShape(std::string_view head) { return ShapeName(Sniff(head)); }

Result<std::map<std::string, std::string>> ParseFieldMap(std::string_view spec) {
  static const char* const kFields[] = {"text", "rating", "date", "lang", "author", "id", "title"};
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i <= spec.size()) {
    size_t comma = spec.find(',', i);
    if (comma == std::string_view::npos) comma = spec.size();
    const std::string entry = Trim(spec.substr(i, comma - i));
    i = comma + 1;
    if (entry.empty()) continue;
    const size_t eq = entry.find('=');
    if (eq == std::string::npos) return Error(Code::kInvalid, "'" + entry + "' is not field=Column", "--map");
    const std::string field = Lower(Trim(entry.substr(0, eq))), column = Trim(entry.substr(eq + 1));
    bool known = false;
    for (const char* f : kFields) known = known || field == f;
    if (!known) {
      return Error(Code::kInvalid,
                   "unknown field '" + field + "' (one of text, rating, date, lang, author, id, title)",
                   "--map");
    }
    if (column.empty()) return Error(Code::kInvalid, "field '" + field + "' has no column", "--map");
    out[field] = column;
  }
  return out;
}

Result<int64_t> ParseStream(const ImportOptions& options, std::istream& in, const std::string& source_name,
                            const std::function<void(FeedbackRecord&&)>& on_item,
                            const std::function<void(const RowError&)>& on_error) {
  TextReader reader(in);
  FinishingSink sink(options, source_name, on_item, on_error);
  TP_RETURN_IF_ERROR(Dispatch(reader, options, sink));
  return sink.items();
}

namespace {

// One value handed from one thread to another; Put waits while the previous one has not been taken, so a
// pipeline of slots holds a bounded number of batches. Cancel wakes both sides for good.
template <class T>
class Slot {
 public:
  bool Put(T&& value) {  // false once cancelled
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !value_ || cancelled_; });
    if (cancelled_) return false;
    value_ = std::move(value);
    cv_.notify_all();
    return true;
  }
  std::optional<T> Take() {  // nullopt once closed and empty, or cancelled
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return value_ || closed_ || cancelled_; });
    if (cancelled_ || !value_) return std::nullopt;
    std::optional<T> out = std::move(value_);
    value_.reset();
    cv_.notify_all();
    return out;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<T> value_;  // guarded by mu_
  bool closed_ = false;     // guarded by mu_
  bool cancelled_ = false;  // guarded by mu_
};

struct Batch {
  std::vector<FeedbackRecord> items;
  std::vector<TagRecord> tags;  // one per item once tagged; empty tags_json = store queued for tagging
  bool durable = false;
};

// The import pipeline: the caller parses batches; a tagging thread tags batch k+1 (on ImportOptions::pool)
// while a writer thread stores batch k with its tags in one transaction. A batch goes to the writer only
// once the next one is tagged (or the input ended), so exactly the last one is written durably, which syncs
// every earlier one as well. A failed write stops the pipeline; what was written stays, complete.
class Pipeline {
 public:
  Pipeline(Storage& storage, const ImportOptions& options)
      : storage_(storage),
        options_(options),
        tag_thread_([this] { TagLoop(); }),
        write_thread_([this] { WriteLoop(); }) {}
  ~Pipeline() { (void)Finish(); }

  // Hands a parsed batch over (waits while the tagging thread is busy with an earlier one). False once a
  // write has failed.
  bool Submit(std::vector<FeedbackRecord>&& items) {
    if (failed_.load()) return false;
    return to_tag_.Put(Batch{std::move(items), {}, false});
  }
  bool failed() const { return failed_.load(); }

  // Waits until everything submitted is written; the first error, if any.
  std::optional<Error> Finish() {
    to_tag_.Close();
    if (tag_thread_.joinable()) tag_thread_.join();
    if (write_thread_.joinable()) write_thread_.join();
    return failure_;
  }
  ImportCounts counts() const { return counts_; }  // after Finish

 private:
  void Tag(Batch& b) {
    if (!options_.tagger) {
      b.tags.resize(b.items.size());  // stored queued for tagging
      return;
    }
    texts_.clear();
    for (const FeedbackRecord& item : b.items) {
      texts_.push_back(PendingText{"feedback", item.id, "", item.survey_id, item.text, item.lang, "", ""});
    }
    TagTextsOptions topts;
    topts.pool = options_.pool;
    topts.langs = &langs_;
    if (options_.now_ms) topts.now_ms = options_.now_ms();
    b.tags = TagTexts(*options_.tagger, texts_, topts);
    for (size_t i = 0; i < b.items.size(); ++i) {
      if (b.items[i].lang.empty()) b.items[i].lang = langs_[i];
    }
  }

  void TagLoop() {
    std::optional<Batch> ready;  // tagged, waiting for the next one to decide whether it is the last
    while (std::optional<Batch> b = to_tag_.Take()) {
      try {
        Tag(*b);
      } catch (const std::exception& e) {
        Fail(Error(Code::kInternal, std::string("tagging: ") + e.what()));
        break;
      }
      if (ready && !to_write_.Put(std::move(*ready))) break;
      ready = std::move(b);
    }
    if (ready && !failed_.load()) {
      ready->durable = true;
      (void)to_write_.Put(std::move(*ready));
    }
    to_write_.Close();
  }

  void WriteLoop() {
    while (std::optional<Batch> b = to_write_.Take()) {
      Result<ImportCounts> r = Error(Code::kInternal, "not written");
      try {
        r = storage_.AddTaggedFeedback(b->items, b->tags, b->durable);
      } catch (const std::exception& e) {
        r = Error(Code::kInternal, std::string("storing feedback: ") + e.what());
      }
      if (!r) {
        Fail(r.error());
        return;
      }
      counts_.inserted += r->inserted;
      counts_.duplicates += r->duplicates;
    }
  }

  void Fail(Error e) {
    {
      std::lock_guard lock(mu_);
      if (!failure_) failure_ = std::move(e);
    }
    failed_.store(true);
    to_tag_.Cancel();
    to_write_.Cancel();
  }

  Storage& storage_;
  const ImportOptions& options_;
  Slot<Batch> to_tag_, to_write_;
  std::atomic<bool> failed_{false};
  std::mutex mu_;
  std::optional<Error> failure_;           // guarded by mu_; read after the joins
  ImportCounts counts_;                    // writer thread only; read after the joins
  std::vector<PendingText> texts_;         // tagging thread only
  std::vector<std::string> langs_;         // tagging thread only
  std::thread tag_thread_, write_thread_;  // last: they start after the members they use
};

}  // namespace

Result<ImportSummary> ImportStream(Storage& storage, const ImportOptions& options, std::istream& in,
                                   const std::string& source_name, const ImportCallbacks& callbacks) {
  ImportSummary summary;
  const size_t batch_size = std::max<size_t>(1, options.batch_size);
  std::vector<FeedbackRecord> batch;
  batch.reserve(std::min<size_t>(batch_size, 4096));
  ImportOptions sink_options = options;
  if (options.tagger) sink_options.detect_lang = nullptr;  // the tagger's language is used instead
  Pipeline pipeline(storage, sink_options);
  TextReader reader(in);
  int64_t parsed = 0;
  auto submit = [&]() {
    if (batch.empty()) return;
    if (!pipeline.Submit(std::move(batch))) reader.Abort();
    batch = {};
    batch.reserve(std::min<size_t>(batch_size, 4096));
  };
  const std::function<void(FeedbackRecord &&)> on_item = [&](FeedbackRecord&& item) {
    if (pipeline.failed()) {
      reader.Abort();
      return;
    }
    batch.push_back(std::move(item));
    if (++parsed % 256 == 0 && callbacks.on_progress) callbacks.on_progress(parsed, reader.raw_bytes());
    if (batch.size() >= batch_size) submit();
  };
  const std::function<void(const RowError&)> on_error = [&](const RowError& e) {
    ++summary.errors;
    if (callbacks.on_error) callbacks.on_error(e);
  };
  FinishingSink sink(sink_options, source_name, on_item, on_error);
  Status status = Dispatch(reader, sink_options, sink);
  if (!pipeline.failed()) submit();
  std::optional<Error> failure = pipeline.Finish();
  const ImportCounts counts = pipeline.counts();
  summary.imported = counts.inserted;
  summary.skipped = counts.duplicates;
  if (callbacks.on_progress) callbacks.on_progress(parsed, reader.raw_bytes());
  if (failure) return *failure;
  if (!status) return status.error();
  return summary;
}

Result<ImportSummary> ImportFile(Storage& storage, const ImportOptions& options, const std::string& path,
                                 const ImportCallbacks& callbacks) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error(Code::kIo, path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(Code::kIo, path + ": cannot open for reading");
  return ImportStream(storage, options, in, path, callbacks);
}

}  // namespace touchpoint::collector::importers
