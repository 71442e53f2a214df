// Interview transcripts: WebVTT, SRT and plain text (`Speaker: text` lines or Otter-style `Speaker  00:12`
// headers). One item per speaker turn; consecutive cues of one speaker merge into one turn, and a cue that
// names no speaker continues the current turn.
#include <optional>

#include "internal.h"

namespace touchpoint::collector::importers {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Collects cues into turns and hands each finished turn to the sink.
class TurnBuilder {
 public:
  TurnBuilder(const std::string& format, ItemSink& sink) : format_(format), sink_(sink) {}
  ~TurnBuilder() = default;

  // `speaker` empty: the text continues the current turn.
  void Add(int64_t line, std::optional<int64_t> start_ms, const std::string& speaker,
           const std::string& text) {
    const std::string t = Trim(text);
    if (t.empty()) return;
    const bool new_speaker = !speaker.empty() && (!open_ || speaker != speaker_);
    if (!open_ || new_speaker || text_.size() + t.size() + 1 > kMaxTurnBytes) {
      Flush();
      open_ = true;
      if (!speaker.empty()) speaker_ = speaker;
      line_ = line;
      start_ms_ = start_ms;
    }
    if (!text_.empty()) text_ += ' ';
    text_ += t;
  }

  void Flush() {
    if (!open_) return;
    open_ = false;
    if (text_.empty()) return;
    FeedbackRecord item;
    item.source = "interview";
    item.format = format_;
    item.speaker = speaker_;
    item.author = speaker_;
    item.start_ms = start_ms_;
    item.text = std::move(text_);
    item.source_id =
        std::string(1, '#').append(std::to_string(++turns_));  // importer.cpp prefixes the interview
    text_.clear();
    sink_.Item(line_, std::move(item));
  }

 private:
  const std::string& format_;
  ItemSink& sink_;
  bool open_ = false;
  std::string speaker_, text_;
  int64_t line_ = 0;
  std::optional<int64_t> start_ms_;
  int64_t turns_ = 0;
};

// "01:02:03.500", "02:03.500", "00:00:01,000" (SRT), "1:02:03", "00:12" -> milliseconds.
std::optional<int64_t> ParseTimestamp(std::string_view s) {
  int64_t parts[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  while (n < 3) {
    size_t b = i;
    while (i < s.size() && IsDigit(s[i]) && i - b < 3) ++i;
    if (i == b) return std::nullopt;
    int64_t v = 0;
    if (!ParseInt64(s.substr(b, i - b), &v)) return std::nullopt;
    parts[n++] = v;
    if (i < s.size() && s[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (n < 2) return std::nullopt;
  int64_t ms = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    const size_t b = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    std::string frac(s.substr(b, i - b));
    if (frac.empty() || frac.size() > 3) return std::nullopt;
    while (frac.size() < 3) frac += '0';
    ParseInt64(frac, &ms);
  }
  if (i != s.size()) return std::nullopt;
  const int64_t h = n == 3 ? parts[0] : 0, m = n == 3 ? parts[1] : parts[0],
                sec = n == 3 ? parts[2] : parts[1];
  if (m > 59 || sec > 59) return std::nullopt;
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

// "00:01:02.500 --> 00:01:04.000 align:start" -> start ms; nullopt if not a timing line.
std::optional<int64_t> ParseTimingLine(std::string_view line) {
  const size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return std::nullopt;
  return ParseTimestamp(Trim(line.substr(0, arrow)));
}

// Decodes the few character references WebVTT and SRT use.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&amp;", "&"},
          {"&lt;", "<"},
          {"&gt;", ">"},
          {"&quot;", "\""},
          {"&apos;", "'"},
          {"&#39;", "'"},
          {"&nbsp;", " "},
          {"&lrm;", "\xE2\x80\x8E"},
          {"&rlm;", "\xE2\x80\x8F"},
      };
      bool matched = false;
      for (const auto& [name, value] : kEntities) {
        if (s.substr(i, name.size()) == name) {
          out += value;
          i += name.size() - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += s[i];
  }
  return out;
}

// Removes markup: <c.x>, <i>, <b>, <00:00:01.000>, </v>, <font ...> and SRT's {\an8}.
std::string StripTags(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      const size_t e = s.find('>', i);
      if (e != std::string_view::npos) {
        i = e;
        continue;
      }
    }
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '\\') {
      const size_t e = s.find('}', i);
      if (e != std::string_view::npos) {
        i = e;
        continue;
      }
    }
    out += s[i];
  }
  return DecodeEntities(out);
}

// "Jane Doe: text" -> {"Jane Doe", "text"}: a short name (1-4 words, not starting with a digit, no markup
// or URL) before the first ": ".
std::optional<std::pair<std::string, std::string>> SplitSpeaker(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 48) return std::nullopt;
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return std::nullopt;
  const std::string name = Trim(line.substr(0, colon));
  if (name.empty() || IsDigit(name[0]) || name[0] == '-') return std::nullopt;
  int spaces = 0;
  for (char c : name) {
    if (c == ' ') ++spaces;
    if (c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == '/' ||
        c == '(' || c == '!' || c == '?' || c == ',') {
      return std::nullopt;
    }
  }
  if (spaces > 3) return std::nullopt;
  std::string rest = Trim(line.substr(colon + 1));
  if (rest.empty()) return std::nullopt;
  return std::make_pair(name, rest);
}

// "- text" dialogue dash at the start of a subtitle line.
std::string StripDash(const std::string& s) {
  if (s.size() >= 2 && s[0] == '-' && s[1] == ' ') return Trim(std::string_view(s).substr(2));
  return s;
}

// Position of the next "<v " or "<v.class " voice tag at or after `from`.
size_t FindVoiceTag(std::string_view payload, size_t from) {
  for (size_t v = payload.find("<v", from); v != std::string_view::npos; v = payload.find("<v", v + 2)) {
    if (v + 2 < payload.size() && (payload[v + 2] == ' ' || payload[v + 2] == '.')) return v;
  }
  return std::string_view::npos;
}

// One payload line of a VTT/SRT cue -> turns (voice tags, else a `Name: ` prefix).
void AddPayloadLine(TurnBuilder& turns, int64_t line, std::optional<int64_t> start, std::string_view payload,
                    std::string* voice) {
  size_t i = 0;
  bool had_voice = false;
  while (true) {
    const size_t v = FindVoiceTag(payload, i);
    if (v == std::string_view::npos) break;
    // Text before the voice tag belongs to the current voice.
    if (v > i) {
      const std::string pre = StripDash(Trim(StripTags(payload.substr(i, v - i))));
      if (!pre.empty()) turns.Add(line, start, *voice, pre);
    }
    const size_t close = payload.find('>', v);
    if (close == std::string_view::npos) break;
    std::string_view tag = payload.substr(v + 2, close - v - 2);  // ".loud Jane Doe" or " Jane Doe"
    if (!tag.empty() && tag[0] == '.') {
      const size_t sp = tag.find(' ');
      tag = sp == std::string_view::npos ? std::string_view() : tag.substr(sp);
    }
    *voice = Trim(DecodeEntities(tag));
    had_voice = true;
    size_t end = payload.find("</v>", close);
    const size_t next = FindVoiceTag(payload, close);
    if (next != std::string_view::npos && (end == std::string_view::npos || next < end)) end = next;
    const size_t stop = end == std::string_view::npos ? payload.size() : end;
    turns.Add(line, start, *voice, StripDash(Trim(StripTags(payload.substr(close + 1, stop - close - 1)))));
    i = stop;
    if (end != std::string_view::npos && payload.substr(stop, 4) == "</v>") i = stop + 4;
  }
  if (had_voice) {
    if (i < payload.size()) turns.Add(line, start, *voice, StripDash(Trim(StripTags(payload.substr(i)))));
    return;
  }
  const std::string text = StripDash(Trim(StripTags(payload)));
  if (auto named = SplitSpeaker(text)) {
    turns.Add(line, start, named->first, named->second);
  } else {
    turns.Add(line, start, "", text);
  }
}

// Reads blank-line separated blocks: each call fills `lines` (with the line number of the first).
class BlockReader {
 public:
  explicit BlockReader(TextReader& in) : in_(in) {}
  bool Next(std::vector<std::string>* lines, int64_t* first_line, ItemSink& sink) {
    lines->clear();
    std::string line;
    bool truncated = false;
    while (in_.ReadLine(&line, kMaxLineBytes, &truncated)) {
      ++line_no_;
      if (truncated) sink.Reject(line_no_, "line longer than " + std::to_string(kMaxLineBytes) + " bytes");
      if (Trim(line).empty()) {
        if (lines->empty()) continue;
        return true;
      }
      if (lines->empty()) *first_line = line_no_;
      if (lines->size() < 1000) lines->push_back(line);
    }
    return !lines->empty();
  }

 private:
  TextReader& in_;
  int64_t line_no_ = 0;
};

}  // namespace

Status ParseVtt(TextReader& in, const ImportOptions& /*options*/, ItemSink& sink) {
  BlockReader blocks(in);
  std::vector<std::string> lines;
  int64_t first = 0;
  if (!blocks.Next(&lines, &first, sink) || lines[0].rfind("WEBVTT", 0) != 0) {
    return Error(Code::kInvalid, "not a WebVTT file: the first line is not 'WEBVTT'");
  }
  const std::string format = "vtt";
  TurnBuilder turns(format, sink);
  std::string voice;
  while (blocks.Next(&lines, &first, sink)) {
    const std::string& head = lines[0];
    auto starts = [&](std::string_view word) {
      return head.rfind(word, 0) == 0 &&
             (head.size() == word.size() || head[word.size()] == ' ' || head[word.size()] == '\t');
    };
    if (starts("NOTE") || starts("STYLE") || starts("REGION")) continue;
    size_t timing = 0;
    if (head.find("-->") == std::string::npos) timing = 1;  // a cue id first
    if (timing >= lines.size() || lines[timing].find("-->") == std::string::npos) {
      sink.Reject(first, "block without a cue timing line");
      continue;
    }
    const std::optional<int64_t> start = ParseTimingLine(lines[timing]);
    if (!start) {
      sink.Reject(first + static_cast<int64_t>(timing),
                  "bad cue timing '" + lines[timing].substr(0, 64) + "'");
      continue;
    }
    voice.clear();
    for (size_t k = timing + 1; k < lines.size(); ++k) {
      AddPayloadLine(turns, first + static_cast<int64_t>(k), start, lines[k], &voice);
    }
  }
  turns.Flush();
  return Ok();
}

Status ParseSrt(TextReader& in, const ImportOptions& /*options*/, ItemSink& sink) {
  BlockReader blocks(in);
  std::vector<std::string> lines;
  int64_t first = 0;
  const std::string format = "srt";
  TurnBuilder turns(format, sink);
  std::string voice;
  while (blocks.Next(&lines, &first, sink)) {
    size_t timing = 0;
    if (lines[0].find("-->") == std::string::npos) timing = 1;  // the cue index
    if (timing >= lines.size() || lines[timing].find("-->") == std::string::npos) {
      sink.Reject(first, "block without a timing line");
      continue;
    }
    const std::optional<int64_t> start = ParseTimingLine(lines[timing]);
    if (!start) {
      sink.Reject(first + static_cast<int64_t>(timing), "bad timing '" + lines[timing].substr(0, 64) + "'");
      continue;
    }
    voice.clear();
    for (size_t k = timing + 1; k < lines.size(); ++k) {
      AddPayloadLine(turns, first + static_cast<int64_t>(k), start, lines[k], &voice);
    }
  }
  turns.Flush();
  return Ok();
}

namespace {

// Otter-style turn header: "Jane Doe  00:12" / "Speaker 1  1:02:03" -> {name, ms}.
std::optional<std::pair<std::string, int64_t>> OtterHeader(const std::string& line) {
  const std::string t = Trim(line);
  const size_t sp = t.find_last_of(" \t");
  if (sp == std::string::npos) return std::nullopt;
  const std::optional<int64_t> ms = ParseTimestamp(std::string_view(t).substr(sp + 1));
  if (!ms) return std::nullopt;
  const std::string name = Trim(std::string_view(t).substr(0, sp));
  if (name.empty() || name.size() > 60 || name.find(':') != std::string::npos) return std::nullopt;
  int spaces = 0;
  for (char c : name) spaces += c == ' ';
  if (spaces > 5) return std::nullopt;
  return std::make_pair(name, *ms);
}

}  // namespace

Status ParseTranscriptText(TextReader& in, const ImportOptions& /*options*/, ItemSink& sink) {
  const std::string format = "txt";
  TurnBuilder turns(format, sink);
  std::string line;
  bool truncated = false;
  bool otter = false;  // after an Otter header, `Word: ` inside the text is not a speaker
  std::string header_speaker;
  int64_t header_ms = 0, header_line = 0;
  for (int64_t n = 1; in.ReadLine(&line, kMaxLineBytes, &truncated); ++n) {
    if (truncated) {
      sink.Reject(n, "line longer than " + std::to_string(kMaxLineBytes) + " bytes");
      continue;
    }
    if (!IsValidUtf8(line)) {
      sink.Reject(n, "invalid encoding (not UTF-8)");
      continue;
    }
    std::string text = Trim(line);
    if (text.empty()) continue;
    if (auto header = OtterHeader(text)) {
      otter = true;
      header_speaker = header->first;  // the turn starts with its first text line
      header_ms = header->second;
      header_line = n;
      continue;
    }
    // "[00:01:02] Jane: text" or "00:01:02 Jane: text": a leading timestamp.
    std::optional<int64_t> start;
    if (text[0] == '[') {
      const size_t close = text.find(']');
      if (close != std::string::npos) {
        start = ParseTimestamp(std::string_view(text).substr(1, close - 1));
        if (start) text = Trim(std::string_view(text).substr(close + 1));
      }
    }
    if (!otter) {
      if (auto named = SplitSpeaker(text)) {
        turns.Add(n, start, named->first, named->second);
        continue;
      }
    }
    if (!header_speaker.empty()) {
      turns.Add(header_line, header_ms, header_speaker, text);
      header_speaker.clear();
      continue;
    }
    turns.Add(n, start, "", text);
  }
  turns.Flush();
  return Ok();
}

}  // namespace touchpoint::collector::importers
