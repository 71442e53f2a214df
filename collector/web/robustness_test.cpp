// robustness_test.cpp: hostile bytes through the escaping and parsing entry points (a deterministic
// pseudo-random sweep): HtmlEscape's output is valid UTF-8 with no markup characters, CsvEscape's output
// parses back to the input (bar the formula apostrophe), NegotiateLanguage only ever returns an offered
// language or the fallback, and the form renders any survey text without raw markup.
#include <gtest/gtest.h>

#include <random>

#include "csv.h"
#include "html.h"
#include "i18n.h"

namespace touchpoint::web {
namespace {

std::string RandomBytes(std::mt19937& rng, size_t max_len) {
  static const std::string kInteresting =
      "<>&\"'=+-@\t\r\n, ;q=0.5*-_\xD0\xB0\xC8\x99\xE2\x80\x94\xF0\x9F\x98\x80\xFF\xC0";
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(0, 255), pick(0, 3);
  std::string s;
  for (size_t i = len(rng); i > 0; --i) {
    if (pick(rng) == 0) {
      s.push_back(static_cast<char>(byte(rng)));
    } else {
      s.push_back(kInteresting[static_cast<size_t>(byte(rng)) % kInteresting.size()]);
    }
  }
  return s;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// RFC 4180 reader for one record of one field (the inverse of CsvQuote).
std::string CsvUnquote(const std::string& f) {
  if (f.empty() || f.front() != '"') return f;
  std::string out;
  for (size_t i = 1; i + 1 < f.size(); ++i) {
    out.push_back(f[i]);
    if (f[i] == '"') ++i;  // doubled quote
  }
  return out;
}

TEST(Robustness, HtmlEscapeOutputIsInertValidUtf8) {
  std::mt19937 rng(20261125);
  for (int i = 0; i < 5000; ++i) {
    const std::string in = RandomBytes(rng, 64);
    const std::string out = HtmlEscape(in);
    ASSERT_TRUE(IsValidUtf8(out)) << i;
    ASSERT_EQ(out.find_first_of("<>\"'"), std::string::npos) << i;
    ASSERT_EQ(out.find('\0'), std::string::npos) << i;
    if (IsValidUtf8(in) && in.find('\0') == std::string::npos && in.find('&') == std::string::npos &&
        in.find_first_of("<>\"'") == std::string::npos) {
      ASSERT_EQ(out, in) << i;  // nothing to escape: unchanged
    }
  }
}

TEST(Robustness, CsvEscapeRoundTrips) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string in = RandomBytes(rng, 40);
    const std::string out = CsvEscape(in);
    std::string back = CsvUnquote(out);
    const bool defused = !in.empty() && std::string_view("=+-@\t\r").find(in[0]) != std::string_view::npos;
    if (defused) {
      ASSERT_EQ(back.front(), '\'') << i;
      back.erase(0, 1);
    }
    ASSERT_EQ(back, in) << i;
    // Unquoted output never contains a separator, quote or line break.
    if (out.empty() || out.front() != '"') {
      ASSERT_EQ(out.find_first_of(",\"\r\n"), std::string::npos) << i;
    }
  }
}

TEST(Robustness, NegotiateLanguageReturnsAnOfferOrTheFallback) {
  std::mt19937 rng(42);
  const std::vector<std::string> offered = {"en", "ru", "uk", "ro"};
  for (int i = 0; i < 5000; ++i) {
    std::string header = RandomBytes(rng, 80);
    if (i % 3 == 0) header += ",uk;q=0.3";
    const std::string got = NegotiateLanguage(header, offered, "fallback");
    ASSERT_TRUE(got == "fallback" || std::find(offered.begin(), offered.end(), got) != offered.end()) << got;
    if (i % 3 == 0) {
      ASSERT_NE(got, "fallback") << header;  // "uk" is acceptable at least
    }
  }
}

TEST(Robustness, FormWithHostileTextsHasNoRawMarkup) {
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    surveys::Survey s;
    s.id = "x";
    s.languages = {"en"};
    s.title = {{"en", "<b>" + RandomBytes(rng, 30)}};
    surveys::Question q;
    q.id = "q";
    q.type = surveys::QuestionType::kSingleChoice;
    q.text = {{"en", "<i>" + RandomBytes(rng, 30)}};
    q.options = {{RandomBytes(rng, 10), {{"en", "<u>" + RandomBytes(rng, 30)}}}};
    s.questions = {q};
    surveys::Response kept;
    kept.answers["q"] = RandomBytes(rng, 10);
    const std::string html = RenderForm(s, RandomBytes(rng, 5), Catalogs(), &kept,
                                        {{"answers." + RandomBytes(rng, 8), RandomBytes(rng, 20)}}, "/s/x");
    ASSERT_TRUE(IsValidUtf8(html)) << i;
    ASSERT_EQ(html.find("<b>"), std::string::npos) << i;
    ASSERT_EQ(html.find("<i>"), std::string::npos) << i;
    ASSERT_EQ(html.find("<u>"), std::string::npos) << i;
  }
}

}  // namespace
}  // namespace touchpoint::web
