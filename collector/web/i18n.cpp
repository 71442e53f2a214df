// i18n.cpp: Catalogs over Boost.Locale gettext catalogs, and Accept-Language negotiation.
#include "i18n.h"

#include <algorithm>
#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>
#include <optional>
#include <system_error>

namespace touchpoint::web {

namespace {

constexpr size_t kMaxHeaderBytes = 4096;
constexpr size_t kMaxRanges = 64;

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Lower-cases a tag and turns '_' into '-'.
std::string NormalizeTag(std::string_view tag) {
  std::string out;
  out.reserve(tag.size());
  for (char c : tag) out.push_back(c == '_' ? '-' : AsciiLower(c));
  return out;
}

// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"   (RFC 4647 section 2.1)
bool IsLanguageRange(std::string_view r) {
  if (r == "*") return true;
  size_t i = 0, part = 0;
  while (i <= r.size()) {
    size_t end = r.find('-', i);
    if (end == std::string_view::npos) end = r.size();
    std::string_view sub = r.substr(i, end - i);
    if (sub.empty() || sub.size() > 8) return false;
    for (char c : sub) {
      if (!(IsAlpha(c) || (part > 0 && IsDigit(c)))) return false;
    }
    ++part;
    i = end + 1;
  }
  return true;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), returned in thousandths.
std::optional<int> ParseQValue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int whole = v[0] - '0';
  if (v.size() == 1) return whole * 1000;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int frac = 0, scale = 100;
  for (size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (!IsDigit(v[i])) return std::nullopt;
    frac += (v[i] - '0') * scale;
  }
  if (whole == 1 && frac != 0) return std::nullopt;
  return whole * 1000 + frac;
}

struct LangRange {
  std::string tag;  // normalized, or "*"
  int q = 1000;     // thousandths
};

std::vector<LangRange> ParseAcceptLanguage(std::string_view header) {
  std::vector<LangRange> ranges;
  if (header.size() > kMaxHeaderBytes) header = header.substr(0, kMaxHeaderBytes);
  size_t pos = 0;
  while (pos <= header.size() && ranges.size() < kMaxRanges) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    pos = comma + 1;
    size_t semi = item.find(';');
    std::string_view range = TrimOws(item.substr(0, semi));
    LangRange lr{NormalizeTag(range), 1000};
    if (lr.tag.empty() || !IsLanguageRange(lr.tag)) continue;
    bool ok = true;
    while (semi != std::string_view::npos) {
      size_t next = item.find(';', semi + 1);
      std::string_view param =
          TrimOws(item.substr(semi + 1, next == std::string_view::npos ? next : next - semi - 1));
      semi = next;
      size_t eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view name = TrimOws(param.substr(0, eq));
      if (name.size() == 1 && AsciiLower(name[0]) == 'q') {
        std::optional<int> q = ParseQValue(TrimOws(param.substr(eq + 1)));
        if (!q) {
          ok = false;
          break;
        }
        lr.q = *q;
      }
    }
    if (ok) ranges.push_back(std::move(lr));
  }
  return ranges;
}

std::string MoPath(const std::filesystem::path& share_dir, const std::string& lang) {
  return (share_dir / "locale" / lang / "LC_MESSAGES" / "touchpoint.mo").string();
}

}  // namespace

std::string PrimarySubtag(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_' || c == '.' || c == '@') break;
    out.push_back(AsciiLower(c));
  }
  return out;
}

std::string SubstitutePlaceholders(std::string_view pattern, std::span<const std::string> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9' &&
        pattern[i + 2] == '}') {
      size_t n = static_cast<size_t>(pattern[i + 1] - '1');
      if (n < args.size()) {
        out += args[n];
        i += 2;
        continue;
      }
    }
    out.push_back(pattern[i]);
  }
  return out;
}

Catalogs::Catalogs() = default;

Result<std::shared_ptr<const Catalogs>> Catalogs::Load(const std::filesystem::path& share_dir,
                                                       std::span<const std::string> langs) {
  boost::locale::generator gen;
  gen.add_messages_path((share_dir / "locale").string());
  gen.add_messages_domain("touchpoint");
  auto catalogs = std::shared_ptr<Catalogs>(new Catalogs());
  for (const std::string& lang : langs) {
    std::string code = PrimarySubtag(lang);
    if (code.empty() || code.size() > 8 || !std::all_of(code.begin(), code.end(), IsAlpha)) {
      return Error(Code::kInvalid, "bad language code '" + lang + "'", "lang");
    }
    std::string mo = MoPath(share_dir, code);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(mo, ec)) {
      return Error(Code::kIo, "message catalog not found: " + mo);
    }
    try {
      catalogs->locales_.emplace(code, gen(code + ".UTF-8"));
    } catch (const std::exception& e) {
      return Error(Code::kIo, "cannot load message catalog " + mo + ": " + e.what());
    }
  }
  return std::shared_ptr<const Catalogs>(std::move(catalogs));
}

Result<std::shared_ptr<const Catalogs>> Catalogs::Load(const std::filesystem::path& share_dir) {
  static const std::string kLangs[] = {"en", "ru", "uk", "ro"};
  return Load(share_dir, kLangs);
}

const std::locale* Catalogs::Find(std::string_view lang) const {
  auto it = locales_.find(PrimarySubtag(lang));
  if (it == locales_.end()) it = locales_.find("en");
  return it == locales_.end() ? nullptr : &it->second;
}

bool Catalogs::Has(std::string_view lang) const { return locales_.count(PrimarySubtag(lang)) > 0; }

std::vector<std::string> Catalogs::Languages() const {
  std::vector<std::string> out;
  for (const auto& [code, loc] : locales_) out.push_back(code);
  return out;
}

std::string Catalogs::Translate(std::string_view lang, std::string_view msgid) const {
  std::string id(msgid);
  const std::locale* loc = Find(lang);
  if (loc == nullptr || id.empty()) return id;
  return boost::locale::gettext(id.c_str(), *loc);
}

std::string Catalogs::TranslatePlural(std::string_view lang, std::string_view singular,
                                      std::string_view plural, int64_t n) const {
  std::string s(singular), p(plural);
  const std::locale* loc = Find(lang);
  if (loc == nullptr) return n == 1 ? s : p;
  // ngettext takes an int; clamp so the plural rule still sees the right last digits for huge counts.
  int64_t m = n < 0 ? -n : n;
  if (m > 1000000) m = 1000000 + m % 100;
  return boost::locale::ngettext(s.c_str(), p.c_str(), static_cast<int>(m), *loc);
}

std::string Catalogs::Format(std::string_view lang, std::string_view msgid,
                             std::initializer_list<std::string> args) const {
  return SubstitutePlaceholders(Translate(lang, msgid),
                                std::span<const std::string>(args.begin(), args.size()));
}

std::string Catalogs::FormatPlural(std::string_view lang, std::string_view singular, std::string_view plural,
                                   int64_t n, std::initializer_list<std::string> args) const {
  return SubstitutePlaceholders(TranslatePlural(lang, singular, plural, n),
                                std::span<const std::string>(args.begin(), args.size()));
}

std::string NegotiateLanguage(std::string_view accept_language, std::span<const std::string> offered,
                              std::string_view fallback) {
  const std::vector<LangRange> ranges = ParseAcceptLanguage(accept_language);
  int best_q = 0;
  size_t best_range = 0, best_offer = 0;
  bool found = false;
  for (size_t j = 0; j < offered.size(); ++j) {
    const std::string tag = NormalizeTag(offered[j]);
    const std::string primary = PrimarySubtag(tag);
    if (primary.empty()) continue;
    // The most specific level that has a match decides: 2 exact, 1 same primary subtag, 0 wildcard.
    int level = -1, q = 0;
    size_t index = 0;
    for (size_t i = 0; i < ranges.size(); ++i) {
      const LangRange& r = ranges[i];
      int l = r.tag == "*" ? 0 : r.tag == tag ? 2 : PrimarySubtag(r.tag) == primary ? 1 : -1;
      if (l < 0 || l < level) continue;
      if (l > level || r.q > q) {
        level = l;
        q = r.q;
        index = i;
      }
    }
    if (level < 0 || q == 0) continue;
    if (!found || q > best_q || (q == best_q && index < best_range)) {
      found = true;
      best_q = q;
      best_range = index;
      best_offer = j;
    }
  }
  return found ? offered[best_offer] : std::string(fallback);
}

}  // namespace touchpoint::web
