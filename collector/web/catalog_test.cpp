// catalog_test.cpp: the gettext catalogs in locales/<lang>/LC_MESSAGES/touchpoint.po against messages.h:
// every msgid is present and translated in every language, placeholders are kept, nothing is stale, and
// the texts are written in the right alphabet (Romanian comma-below ș ț; Ukrainian, not Russian).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "i18n.h"
#include "messages.h"
#include "testutil/testutil.h"

namespace touchpoint::web {
namespace {

struct PoEntry {
  std::string msgid, msgid_plural;
  std::vector<std::string> msgstr;  // msgstr, or msgstr[0..n-1]
  int line = 0;
};

// Decodes a C-like quoted .po string: "a\"b\n".
std::string Unquote(std::string_view s, int line) {
  EXPECT_TRUE(s.size() >= 2 && s.front() == '"' && s.back() == '"') << "line " << line << ": " << s;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      char e = s[++i];
      out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// A small .po reader: msgid, msgid_plural, msgstr, msgstr[N], continuation lines, comments.
std::vector<PoEntry> ReadPo(const std::string& text) {
  std::vector<PoEntry> entries;
  std::string* target = nullptr;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto value = [&](std::string_view key) { return Unquote(line.substr(key.size() + 1), line_no); };
    if (line.starts_with("msgid_plural ")) {
      entries.back().msgid_plural = value("msgid_plural");
      target = &entries.back().msgid_plural;
    } else if (line.starts_with("msgid ")) {
      entries.push_back(PoEntry{value("msgid"), "", {}, line_no});
      target = &entries.back().msgid;
    } else if (line.starts_with("msgstr[")) {
      size_t close = line.find(']');
      EXPECT_EQ(std::stoul(std::string(line.substr(7, close - 7))), entries.back().msgstr.size());
      entries.back().msgstr.push_back(Unquote(line.substr(close + 2), line_no));
      target = &entries.back().msgstr.back();
    } else if (line.starts_with("msgstr ")) {
      entries.back().msgstr.push_back(value("msgstr"));
      target = &entries.back().msgstr.back();
    } else if (line[0] == '"' && target != nullptr) {
      *target += Unquote(line, line_no);
    } else {
      ADD_FAILURE() << "line " << line_no << ": unexpected " << line;
    }
  }
  return entries;
}

std::set<std::string> Placeholders(std::string_view s) {
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == '{' && s[i + 1] >= '1' && s[i + 1] <= '9' && s[i + 2] == '}')
      out.insert(std::string(s.substr(i, 3)));
  }
  return out;
}

// The source tree: from this file's path (CTest passes only the first of the module's environment
// variables), else from the test environment.
std::filesystem::path SourceDir() {
  const auto here = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  return std::filesystem::exists(here / "locales") ? here : testutil::SourceDir();
}

class PoFile : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto path = SourceDir() / "locales" / GetParam() / "LC_MESSAGES" / "touchpoint.po";
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    entries_ = ReadPo(testutil::ReadFile(path));
    for (const PoEntry& e : entries_) {
      if (!e.msgid.empty()) by_id_[e.msgid] = e;
    }
    ASSERT_FALSE(entries_.empty());
  }
  int ExpectedPluralForms() const { return GetParam() == "en" ? 2 : 3; }

  std::vector<PoEntry> entries_;
  std::map<std::string, PoEntry> by_id_;
};

TEST_P(PoFile, HeaderDeclaresUtf8AndPluralForms) {
  const PoEntry& header = entries_.front();
  ASSERT_TRUE(header.msgid.empty());
  ASSERT_EQ(header.msgstr.size(), 1u);
  EXPECT_NE(header.msgstr[0].find("charset=UTF-8"), std::string::npos);
  EXPECT_NE(header.msgstr[0].find("Language: " + GetParam() + "\n"), std::string::npos);
  EXPECT_NE(header.msgstr[0].find("nplurals=" + std::to_string(ExpectedPluralForms()) + ";"),
            std::string::npos);
}

TEST_P(PoFile, EveryMessageIsTranslatedWithItsPlaceholders) {
  for (std::string_view id : msg::kAll) {
    auto it = by_id_.find(std::string(id));
    ASSERT_NE(it, by_id_.end()) << GetParam() << ": missing msgid \"" << id << "\"";
    const PoEntry& e = it->second;
    EXPECT_TRUE(e.msgid_plural.empty()) << id;
    ASSERT_EQ(e.msgstr.size(), 1u) << id;
    EXPECT_FALSE(e.msgstr[0].empty()) << GetParam() << ": empty msgstr for \"" << id << "\"";
    EXPECT_EQ(Placeholders(e.msgstr[0]), Placeholders(id)) << GetParam() << ": " << e.msgstr[0];
  }
}

TEST_P(PoFile, EveryPluralMessageHasAllForms) {
  for (const msg::Plural& p : msg::kAllPlural) {
    auto it = by_id_.find(std::string(p.singular));
    ASSERT_NE(it, by_id_.end()) << GetParam() << ": missing msgid \"" << p.singular << "\"";
    const PoEntry& e = it->second;
    EXPECT_EQ(e.msgid_plural, p.plural);
    ASSERT_EQ(static_cast<int>(e.msgstr.size()), ExpectedPluralForms()) << p.singular;
    for (const std::string& form : e.msgstr) {
      EXPECT_FALSE(form.empty()) << GetParam() << ": " << p.singular;
      EXPECT_EQ(Placeholders(form), Placeholders(p.singular)) << GetParam() << ": " << form;
    }
  }
}

TEST_P(PoFile, HasNoStaleMessages) {
  std::set<std::string> known(msg::kAll.begin(), msg::kAll.end());
  for (const msg::Plural& p : msg::kAllPlural) known.insert(std::string(p.singular));
  for (const PoEntry& e : entries_) {
    if (!e.msgid.empty()) {
      EXPECT_TRUE(known.count(e.msgid)) << GetParam() << ":" << e.line << ": stale msgid " << e.msgid;
    }
  }
  EXPECT_EQ(by_id_.size(), known.size()) << "duplicate msgids?";
}

TEST_P(PoFile, TranslationsAreInTheRightAlphabet) {
  const std::string lang = GetParam();
  for (const auto& [id, e] : by_id_) {
    for (const std::string& s : e.msgstr) {
      if (lang == "ro") {
        // Comma-below ș ț (U+0219, U+021B), never the cedilla forms ş ţ (U+015F, U+0163).
        for (const char* cedilla : {"\xC5\x9F", "\xC5\xA3", "\xC5\x9E", "\xC5\xA2"}) {
          EXPECT_EQ(s.find(cedilla), std::string::npos) << "cedilla in: " << s;
        }
      }
      if (lang == "uk") {
        // Letters Ukrainian does not have: ы э ъ ё.
        for (const char* russian : {"ы", "э", "ъ", "ё", "Ы", "Э"}) {
          EXPECT_EQ(s.find(russian), std::string::npos) << "Russian letter " << russian << " in: " << s;
        }
      }
      if (lang == "ru") {
        for (const char* ukrainian : {"і", "ї", "є", "ґ", "І", "Ї", "Є"}) {
          EXPECT_EQ(s.find(ukrainian), std::string::npos) << "Ukrainian letter " << ukrainian << " in: " << s;
        }
      }
      if (lang == "ru" || lang == "uk") {
        // Every translation is actually Cyrillic (the date pattern and placeholders aside).
        EXPECT_TRUE(s.find("\xD0") != std::string::npos || s.find("\xD1") != std::string::npos) << s;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Locales, PoFile, ::testing::Values("en", "ru", "uk", "ro"));

// The compiled catalogs (the .mo files the build made from the .po files) give a translation for every
// message in ru, uk and ro: none falls back to English.
TEST(CompiledCatalogs, NoMessageFallsBackToEnglish) {
  auto loaded = Catalogs::Load(testutil::ShareDir());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const Catalogs& c = **loaded;
  for (const char* lang : {"ru", "uk", "ro"}) {
    for (std::string_view id : msg::kAll) {
      EXPECT_NE(c.Translate(lang, id), id) << lang << ": " << id;
    }
    for (const msg::Plural& p : msg::kAllPlural) {
      for (int n : {1, 2, 5}) {
        const std::string t = c.TranslatePlural(lang, p.singular, p.plural, n);
        EXPECT_NE(t, p.singular) << lang;
        EXPECT_NE(t, p.plural) << lang;
      }
    }
  }
  for (std::string_view id : msg::kAll) EXPECT_EQ(c.Translate("en", id), id);
}

}  // namespace
}  // namespace touchpoint::web
