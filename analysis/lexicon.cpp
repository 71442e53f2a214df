// lexicon.cpp: reading and indexing the lexicon files (see lexicon.h and locales/README.md).
#include "lexicon.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "stem.h"

namespace touchpoint::analysis {

const char* CueKindName(CueKind kind) {
  switch (kind) {
    case CueKind::kStage:
      return "stage";
    case CueKind::kPainPoint:
      return "pain_point";
    case CueKind::kTouchpoint:
      return "touchpoint";
    case CueKind::kEmotion:
      return "emotion";
  }
  return "stage";
}

const KnownLabels& TaxonomyLabels() {
  static const KnownLabels labels = [] {
    KnownLabels k;
    k.by_kind[0] = {"awareness", "consideration", "decision", "purchase", "service", "loyalty", "advocacy"};
    k.by_kind[1] = {"price",        "delivery",        "product_quality",  "customer_support",
                    "waiting_time", "usability",       "technical_issues", "payment_checkout",
                    "availability", "returns_refunds", "communication",    "trust_security"};
    k.by_kind[2] = {"website",      "mobile_app",  "physical_store",   "call_center", "email",        "chat",
                    "social_media", "advertising", "delivery_courier", "marketplace", "word_of_mouth"};
    k.by_kind[3] = {"joy",         "trust",          "surprise", "anger",
                    "frustration", "disappointment", "anxiety",  "gratitude"};
    return k;
  }();
  return labels;
}

std::vector<TermToken> AnalyzeTerm(Lang lang, std::string_view term) {
  thread_local std::vector<Token> tokens;  // reused: lexicons load tens of thousands of terms
  Tokenize(term, &tokens);
  std::vector<TermToken> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) {
    TermToken tt;
    tt.kind = t.kind;
    tt.raw.assign(term.substr(t.begin, t.end - t.begin));
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
      FoldWord(lang, tt.raw, &tt.folded);
      tt.stem.assign(Stem(lang, tt.folded));
    }
    out.push_back(std::move(tt));
  }
  return out;
}

namespace {

struct Line {
  int number;
  std::vector<std::string_view> fields;
};

uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// The files read, in order (name, then content), for the lexicon hash: languages load on their own threads
// and their logs are folded in language order afterwards, so the hash does not depend on timing.
using ReadLog = std::vector<std::string>;

uint64_t FoldLog(uint64_t h, const ReadLog& log) {
  for (const std::string& s : log) h = Fnv(h, s);
  return h;
}

// Reads a lexicon file; nullopt-like empty content with *exists=false when it does not exist.
Result<std::string> ReadWhole(const std::filesystem::path& path, bool* exists, ReadLog* log) {
  std::error_code ec;
  *exists = std::filesystem::is_regular_file(path, ec);
  if (!*exists) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(Code::kIo, "cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  if (size_t bad = FindInvalidUtf8(data); bad != std::string_view::npos) {
    return Error(Code::kInvalid, path.string() + ": invalid UTF-8 at byte " + std::to_string(bad));
  }
  log->push_back(path.filename().string());
  log->push_back(data);
  return data;
}

std::vector<Line> SplitLines(std::string_view data) {
  std::vector<Line> lines;
  int number = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    Line l;
    l.number = number;
    size_t fpos = 0;
    while (true) {
      size_t tab = line.find('\t', fpos);
      std::string_view f =
          line.substr(fpos, tab == std::string_view::npos ? std::string_view::npos : tab - fpos);
      while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
      while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
      l.fields.push_back(f);
      if (tab == std::string_view::npos) break;
      fpos = tab + 1;
    }
    while (!l.fields.empty() && l.fields.back().empty()) l.fields.pop_back();
    if (!l.fields.empty()) lines.push_back(std::move(l));
  }
  return lines;
}

bool ParseFloat(std::string_view s, float* out) {
  std::string tmp(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(tmp.c_str(), &end);
  if (tmp.empty() || end != tmp.c_str() + tmp.size() || errno != 0 || !std::isfinite(v)) return false;
  *out = static_cast<float>(v);
  return true;
}

class Builder {
 public:
  Builder(LangLexicon* lex) : lex_(lex) {}

  // Pattern words of a (possibly multi-word) term; `*` at the end of a word makes it a prefix. Returns false
  // when the term holds no word.
  // With `exact`, words are kept as folded surface forms instead of stems. Punctuation glued between two
  // words of one piece ("б/у", "prom.ua") becomes the second word's joiner, which the text must repeat.
  bool Words(std::string_view term, std::vector<PatternWord>* words, bool* has_negator, bool exact = false) {
    *has_negator = false;
    size_t pos = 0;
    while (pos <= term.size()) {
      size_t sp = term.find(' ', pos);
      if (sp == std::string_view::npos) sp = term.size();
      std::string_view piece = term.substr(pos, sp - pos);
      pos = sp + 1;
      if (piece.empty()) continue;
      if (piece == "#") {  // any number (a term made only of numbers has no word)
        PatternWord w;
        w.number = true;
        words->push_back(std::move(w));
        continue;
      }
      if (piece.size() > 1 && piece.back() == '*') {
        PatternWord w;
        w.prefix = true;
        FoldWord(lex_->lang, piece.substr(0, piece.size() - 1), &w.key);
        if (!w.key.empty()) words->push_back(std::move(w));
        continue;
      }
      std::string joiner;
      bool word_in_piece = false;
      for (TermToken& t : AnalyzeTerm(lex_->lang, piece)) {
        if (t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) {
          if (word_in_piece) joiner += t.raw;
          continue;
        }
        if (lex_->negators.count(t.folded) || IsEnglishContraction(t.folded)) *has_negator = true;
        PatternWord w;
        w.key = exact ? std::move(t.folded) : std::move(t.stem);
        w.exact = exact;
        if (word_in_piece) w.joiner = std::move(joiner);
        joiner.clear();
        word_in_piece = true;
        words->push_back(std::move(w));
      }
    }
    return std::any_of(words->begin(), words->end(), [](const PatternWord& w) { return !w.number; });
  }

  bool IsEnglishContraction(std::string_view folded) const {
    return lex_->lang == Lang::kEn && folded.size() > 3 && folded.substr(folded.size() - 3) == "n't";
  }

  void AddPattern(Pattern p) {
    uint32_t idx = static_cast<uint32_t>(lex_->patterns.size());
    bool cue = p.role == Role::kCue;
    if (p.words[0].prefix) {
      (cue ? lex_->cue_prefix_first : lex_->prefix_first)[p.words[0].key].push_back(idx);
      auto& lengths = cue ? lex_->cue_prefix_lengths : lex_->prefix_lengths;
      size_t len = p.words[0].key.size();
      if (std::find(lengths.begin(), lengths.end(), len) == lengths.end()) lengths.push_back(len);
    } else if (p.words[0].number) {  // found through kNumberKey, which every number token looks up
      (cue ? lex_->cue_by_first : lex_->by_first)[std::string(kNumberKey)].push_back(idx);
    } else if (p.words[0].exact) {  // found through the word's stem, then compared as written
      (cue ? lex_->cue_by_first : lex_->by_first)[std::string(Stem(lex_->lang, p.words[0].key))].push_back(
          idx);
    } else {
      (cue ? lex_->cue_by_first : lex_->by_first)[p.words[0].key].push_back(idx);
    }
    lex_->patterns.push_back(std::move(p));
  }

  // Adds a function word (negator, contrast, intensifier): single words to the sets, phrases as patterns.
  void AddFunctionWord(Role role, std::string_view term, float value) {
    std::vector<TermToken> toks = AnalyzeTerm(lex_->lang, term);
    if (toks.size() == 1 && toks[0].kind == TokenKind::kWord && term.back() != '*') {
      if (role == Role::kNegator) lex_->negators.insert(toks[0].folded);
      if (role == Role::kContrast) lex_->contrast.insert(toks[0].folded);
      if (role == Role::kConcessive) lex_->concessive.insert(toks[0].folded);
      if (role == Role::kProsHeader || role == Role::kConsHeader) lex_->section_header[toks[0].folded] = role;
      if (role == Role::kExcess || role == Role::kCounterfactual) lex_->scope_words[toks[0].folded] = role;
      if (role == Role::kIntensifier) lex_->intensifier[toks[0].folded] = value;
      return;
    }
    Pattern p;
    p.role = role;
    p.valence = value;
    bool neg;
    if (Words(term, &p.words, &neg)) AddPattern(std::move(p));
  }

  void AddSentiment(std::string_view term, float valence) {
    std::vector<TermToken> toks = AnalyzeTerm(lex_->lang, term);
    if (toks.empty()) return;
    if (toks.size() == 1 && term.back() != '*') {
      const TermToken& t = toks[0];
      if (t.kind == TokenKind::kWord) {
        lex_->word_valence[t.folded] = valence;
        auto& acc = stem_acc_[t.stem];
        acc.first += valence;
        acc.second += 1;
        uint32_t chars = 0;
        for (char c : t.folded) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        auto [it, fresh] = lex_->stem_min_chars.try_emplace(t.stem, chars);
        if (!fresh) it->second = std::min(it->second, chars);
      } else if (t.kind == TokenKind::kEmoticon) {
        lex_->emo_valence[EmoticonKey(t.raw)] = valence;
      } else if (t.kind == TokenKind::kEmoji) {
        lex_->emo_valence[t.raw] = valence;
      }
      ++lex_->sentiment_count;
      return;
    }
    for (const TermToken& t : toks) {
      bool star = t.kind == TokenKind::kPunct && t.raw == "*";
      if (t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber && !star) return;  // e.g. "( '}{' )"
    }
    Pattern p;
    p.role = Role::kSentiment;
    p.valence = valence;
    if (Words(term, &p.words, &p.has_negator)) {
      AddPattern(std::move(p));
      ++lex_->sentiment_count;
    }
  }

  void FinishStems() {
    for (const auto& [stem, acc] : stem_acc_)
      lex_->stem_valence[stem] = acc.first / static_cast<float>(acc.second);
  }

 private:
  LangLexicon* lex_;
  StringMap<std::pair<float, int>> stem_acc_;
};

Error LineError(const std::string& file, int line, const std::string& what) {
  return Error(Code::kInvalid, file + ":" + std::to_string(line) + ": " + what);
}

bool ValidLabelId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// One cue row (kind, label, term, [flags]) into `lex`.
Status AddCue(Builder* b, const std::vector<std::string_view>& f, size_t first, bool builtin,
              const std::string& file, int line, KnownLabels* known) {
  if (f.size() < first + 3 || f.size() > first + 4) {
    return LineError(file, line, "expected kind<TAB>label<TAB>term[<TAB>flags]");
  }
  Pattern p;
  p.role = Role::kCue;
  std::string_view kind = f[first];
  int k = -1;
  for (int i = 0; i < kNumCueKinds; ++i) {
    if (kind == CueKindName(static_cast<CueKind>(i))) k = i;
  }
  if (k < 0) return LineError(file, line, "unknown kind '" + std::string(kind) + "'");
  p.cue_kind = static_cast<CueKind>(k);
  std::string label(f[first + 1]);
  if (builtin ? !TaxonomyLabels().by_kind[k].count(label) : !ValidLabelId(label)) {
    return LineError(file, line, "unknown label '" + label + "'");
  }
  known->by_kind[k].insert(label);
  p.label = label;
  if (f.size() == first + 4) {
    std::string_view flags = f[first + 3];
    size_t pos = 0;
    while (pos <= flags.size()) {
      size_t comma = flags.find(',', pos);
      if (comma == std::string_view::npos) comma = flags.size();
      std::string_view flag = flags.substr(pos, comma - pos);
      while (!flag.empty() && flag.front() == ' ') flag.remove_prefix(1);
      while (!flag.empty() && flag.back() == ' ') flag.remove_suffix(1);
      pos = comma + 1;
      if (flag.empty()) continue;
      if (flag == "neg") {
        p.neg_only = true;
      } else if (flag == "problem") {
        p.problem = true;
      } else if (flag == "exact") {
        p.exact = true;
      } else if (flag == "rated") {
        p.rated = true;
      } else if (flag == "near") {
        p.near = true;
      } else {
        return LineError(file, line, "unknown flag '" + std::string(flag) + "'");
      }
    }
  }
  if (!b->Words(f[first + 2], &p.words, &p.has_negator, p.exact)) {
    return LineError(file, line, "term has no word");
  }
  b->AddPattern(std::move(p));
  return Ok();
}

}  // namespace

Result<std::vector<LangLexicon>> LoadLexicons(const std::string& dir, const std::string& extra_cues,
                                              uint64_t* hash) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error(Code::kIo, "lexicon directory not found: " + dir);
  *hash = 14695981039346656037ULL;
  std::vector<LangLexicon> lexicons(kNumLangs);
  static std::atomic<uint64_t> next_load_id{1};
  const uint64_t load_id = next_load_id.fetch_add(1);
  for (LangLexicon& lex : lexicons) lex.load_id = load_id;
  KnownLabels known;  // labels seen (built-in files are checked against TAXONOMY.md)
  ReadLog common_log;
  bool common_exists;
  Result<std::string> common =
      ReadWhole(fs::path(dir) / "common" / "sentiment.tsv", &common_exists, &common_log);
  if (!common.ok()) return common.error();
  const std::vector<Line> common_lines = SplitLines(*common);

  // One language's files into lexicons[li]. Languages share nothing mutable (the stemmer and folding
  // caches are per thread), so they load in parallel, each into its own log and label set.
  auto load_language = [&](int li, ReadLog* log, KnownLabels* known_here) -> Status {
    bool exists;
    LangLexicon& lex = lexicons[li];
    lex.lang = static_cast<Lang>(li);
    Builder b(&lex);
    const std::string code = LangCode(lex.lang);
    fs::path ldir = fs::path(dir) / code;
    auto file = [&](const char* name) { return code + "/" + name; };

    // Function words first: phrases need to know the negators.
    for (const auto& [name, role] :
         {std::pair{"negators.txt", Role::kNegator}, std::pair{"contrast.txt", Role::kContrast},
          std::pair{"concessive.txt", Role::kConcessive}, std::pair{"pros.txt", Role::kProsHeader},
          std::pair{"cons.txt", Role::kConsHeader}, std::pair{"excess.txt", Role::kExcess},
          std::pair{"counterfactual.txt", Role::kCounterfactual}, std::pair{"stopwords.txt", Role::kNone}}) {
      Result<std::string> data = ReadWhole(ldir / name, &exists, log);
      if (!data.ok()) return data.error();
      for (const Line& l : SplitLines(*data)) {
        if (role == Role::kNone) {
          std::string folded;
          FoldWord(lex.lang, l.fields[0], &folded);
          lex.stopwords.insert(std::move(folded));
        } else {
          b.AddFunctionWord(role, l.fields[0], 0);
        }
      }
    }
    {
      Result<std::string> data = ReadWhole(ldir / "intensifiers.tsv", &exists, log);
      if (!data.ok()) return data.error();
      for (const Line& l : SplitLines(*data)) {
        float v;
        if (l.fields.size() != 2 || !ParseFloat(l.fields[1], &v) || std::fabs(v) > 4) {
          return LineError(file("intensifiers.tsv"), l.number,
                           "expected term<TAB>factor (a number in -4..4)");
        }
        b.AddFunctionWord(Role::kIntensifier, l.fields[0], v);
      }
    }
    {
      Result<std::string> data = ReadWhole(ldir / "complaint.txt", &exists, log);
      if (!data.ok()) return data.error();
      for (const Line& l : SplitLines(*data)) {
        LangLexicon::ComplaintTerm c;
        for (TermToken& t : AnalyzeTerm(lex.lang, l.fields[0])) {
          if (t.kind == TokenKind::kWord) c.words.push_back(std::move(t.folded));
        }
        if (c.words.empty() || l.fields.size() > 2 || (l.fields.size() == 2 && l.fields[1] != "?")) {
          return LineError(file("complaint.txt"), l.number, "expected term[<TAB>?]");
        }
        c.question_only = l.fields.size() == 2;
        lex.complaint_first.insert(c.words[0]);
        lex.complaint.push_back(std::move(c));
      }
    }
    // Sentiment: the shared emoji/emoticon file, then the language's own (which wins on conflicts).
    // Sentiment files: common/sentiment.tsv, then <lang>/sentiment.tsv, then any <lang>/sentiment_*.tsv
    // supplements in name order (later files win on conflicts).
    std::vector<std::string> names = {"common/sentiment.tsv", file("sentiment.tsv")};
    {
      std::vector<std::string> extra;
      for (const auto& entry : fs::directory_iterator(ldir, ec)) {
        std::string fname = entry.path().filename().string();
        if (fname.rfind("sentiment_", 0) == 0 && fname.size() > 14 &&
            fname.substr(fname.size() - 4) == ".tsv") {
          extra.push_back(fname);
        }
      }
      std::sort(extra.begin(), extra.end());
      for (const std::string& e : extra) names.push_back(file(e.c_str()));
    }
    for (const std::string& name : names) {
      std::vector<Line> own;
      const std::vector<Line>* lines = &common_lines;
      Result<std::string> data = std::string();
      if (name != "common/sentiment.tsv") {
        data = ReadWhole(fs::path(dir) / name, &exists, log);
        if (!data.ok()) return data.error();
        own = SplitLines(*data);
        lines = &own;
      }
      for (const Line& l : *lines) {
        float v;
        if (l.fields.size() < 2 || !ParseFloat(l.fields[1], &v) || std::fabs(v) > 4) {
          return LineError(name, l.number, "expected term<TAB>score (a number in -4..4)");
        }
        b.AddSentiment(l.fields[0], v);
      }
    }
    b.FinishStems();
    {
      Result<std::string> data = ReadWhole(ldir / "cues.tsv", &exists, log);
      if (!data.ok()) return data.error();
      for (const Line& l : SplitLines(*data)) {
        TP_RETURN_IF_ERROR(AddCue(&b, l.fields, 0, /*builtin=*/true, file("cues.tsv"), l.number, known_here));
        ++lex.cue_count;
      }
    }
    return Ok();
  };
  std::vector<ReadLog> logs(kNumLangs);
  std::vector<KnownLabels> known_by_lang(kNumLangs);
  std::vector<Status> status(kNumLangs, Ok());
  {
    // As many threads as cores (up to one per language), each taking the next language not yet loaded.
    std::atomic<int> next{0};
    auto worker = [&] {
      for (int li; (li = next.fetch_add(1)) < kNumLangs;) {
        status[li] = load_language(li, &logs[li], &known_by_lang[li]);
      }
    };
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (int i = 1; i < std::min(kNumLangs, cores); ++i) threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads) t.join();
  }
  *hash = FoldLog(*hash, common_log);
  for (int li = 0; li < kNumLangs; ++li) {
    if (!status[li].ok()) return status[li].error();
    *hash = FoldLog(*hash, logs[li]);
    for (int k = 0; k < kNumCueKinds; ++k) {
      known.by_kind[k].insert(known_by_lang[li].by_kind[k].begin(), known_by_lang[li].by_kind[k].end());
    }
  }

  if (!extra_cues.empty()) {
    bool exists_extra;
    ReadLog extra_log;
    Result<std::string> data = ReadWhole(extra_cues, &exists_extra, &extra_log);
    if (!data.ok()) return data.error();
    *hash = FoldLog(*hash, extra_log);
    if (!exists_extra) return Error(Code::kIo, "cue file not found: " + extra_cues);
    for (const Line& l : SplitLines(*data)) {
      Lang only = Lang::kUnd;
      size_t first = 0;
      if (l.fields.size() >= 4 && (ParseLang(l.fields[0]) != Lang::kUnd || l.fields[0] == "*")) {
        only = ParseLang(l.fields[0]);
        first = 1;
      }
      for (int li = 0; li < kNumLangs; ++li) {
        if (only != Lang::kUnd && static_cast<int>(only) != li) continue;
        Builder b(&lexicons[li]);
        TP_RETURN_IF_ERROR(AddCue(&b, l.fields, first, /*builtin=*/false, extra_cues, l.number, &known));
        ++lexicons[li].cue_count;
      }
    }
  }
  for (LangLexicon& lex : lexicons) {
    lex.second_word_hash.clear();
    for (const Pattern& p : lex.patterns) {
      bool filter = p.words.size() >= 2 && !p.words[1].prefix && !p.words[1].exact && !p.words[1].number;
      lex.second_word_hash.push_back(filter ? StemKeyHash(p.words[1].key) : 0);
    }
  }
  return lexicons;
}

}  // namespace touchpoint::analysis
