// i18n.h: localized UI text for the respondent-facing web pages. Catalogs holds the compiled gettext
// catalogs (domain "touchpoint", Boost.Locale) of every UI language; msgids are the English texts (see
// messages.h for the full list), so an English lookup or a missing translation yields the msgid itself.
// NegotiateLanguage picks a page language from an HTTP Accept-Language header (RFC 9110 section 12.5.4).
//
// Thread-safety: a Catalogs is immutable after construction; every method is const and may be called from
// any number of threads without external synchronization. Load one at start-up and share it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <locale>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/status.h"

namespace touchpoint::web {

class Catalogs {
 public:
  // English only: every lookup returns the msgid (with placeholders substituted). For tests and as the
  // fallback when no catalogs are installed.
  Catalogs();

  // Loads `<share_dir>/locale/<lang>/LC_MESSAGES/touchpoint.mo` for each of `langs` (the build puts them in
  // build/share/touchpoint/locale). Fails with Code::kIo naming the first missing .mo file.
  static Result<std::shared_ptr<const Catalogs>> Load(const std::filesystem::path& share_dir,
                                                      std::span<const std::string> langs);
  // Same, for en, ru, uk and ro.
  static Result<std::shared_ptr<const Catalogs>> Load(const std::filesystem::path& share_dir);

  Catalogs(const Catalogs&) = delete;
  Catalogs& operator=(const Catalogs&) = delete;

  // True if a catalog for `lang` (a primary language subtag such as "uk"; case and region ignored) is loaded.
  bool Has(std::string_view lang) const;
  // Loaded languages, sorted.
  std::vector<std::string> Languages() const;

  // `msgid` in `lang`; an unknown language or an untranslated msgid gives the msgid (English).
  std::string Translate(std::string_view lang, std::string_view msgid) const;
  // The plural form for `n` (gettext ngettext rules of `lang`: Russian and Ukrainian have three forms,
  // Romanian three, English two).
  std::string TranslatePlural(std::string_view lang, std::string_view singular, std::string_view plural,
                              int64_t n) const;
  // Translate, then replace the placeholders {1}..{9} with `args` (inserted verbatim: escape for HTML
  // afterwards). A placeholder without an argument is left as written.
  std::string Format(std::string_view lang, std::string_view msgid,
                     std::initializer_list<std::string> args) const;
  // TranslatePlural, then placeholders; by convention {1} is the count, so pass it in `args` too.
  std::string FormatPlural(std::string_view lang, std::string_view singular, std::string_view plural,
                           int64_t n, std::initializer_list<std::string> args) const;

 private:
  const std::locale* Find(std::string_view lang) const;
  std::map<std::string, std::locale, std::less<>> locales_;
};

// Replaces {1}..{9} in `pattern` with args[0..8]; "{{" is not special. Exposed for tests.
std::string SubstitutePlaceholders(std::string_view pattern, std::span<const std::string> args);

// Primary language subtag of a tag, lower-cased: "uk-UA" -> "uk", "EN_us" -> "en", "" -> "".
std::string PrimarySubtag(std::string_view tag);

// Chooses one of `offered` (language tags such as "en", "uk") for an Accept-Language header value such as
// "uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.5". Rules: each range's weight is its q-value (default 1, 0..1 with up
// to three decimals; a malformed range is skipped); a range matches an offered language when they are
// equal or share the primary subtag (so "uk-UA" selects "uk" and "en" selects "en-GB"); an exact match
// outranks a primary-subtag match for the same language; "*" covers languages no other range names;
// q=0 excludes. The offered language with the highest weight wins, ties going to the range listed first,
// then to the order of `offered`. No acceptable language (or an empty or hostile header) -> `fallback`.
// Only the first 4096 bytes and 64 ranges of the header are read.
std::string NegotiateLanguage(std::string_view accept_language, std::span<const std::string> offered,
                              std::string_view fallback);

}  // namespace touchpoint::web
