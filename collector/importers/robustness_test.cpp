// Hostile input: every fixture cut at many points, with bytes flipped, and run through every format. Nothing
// may crash or throw; every outcome is items, row errors or one file Error. (Run under ASan/UBSan in CI.)
#include <gtest/gtest.h>

#include <random>

#include "test_helpers.h"

namespace touchpoint::collector::importers {
namespace {

using testing::Fixture;
using testing::Parsed;
using testing::ParseString;

const char* const kFixtures[] = {
    "play_console_reviews.csv", "appstore_reviews.json", "appstore_reviews.csv", "trustpilot_reviews.json",
    "yelp_reviews.jsonl",       "amazon_reviews.jsonl",  "generic_reviews.csv",  "generic_reviews.jsonl",
    "interview_zoom.vtt",       "interview_voice.vtt",   "interview.srt",        "interview_otter.txt",
    "interview_plain.txt",      "bad_rows.jsonl",
};

void ParseEverywhere(const std::string& data) {
  for (const FormatInfo& f : Formats()) {
    ImportOptions o;
    o.format = f.id;
    Parsed p = ParseString(data, o);
    for (const FeedbackRecord& r : p.items) {
      ASSERT_FALSE(r.text.empty());
      ASSERT_EQ(r.id.size(), 32u);
    }
    for (const RowError& e : p.errors) {
      ASSERT_GE(e.line, 1);
      ASSERT_FALSE(e.message.empty());
    }
  }
}

TEST(RobustnessTest, TruncatedFixturesNeverCrash) {
  for (const char* name : kFixtures) {
    SCOPED_TRACE(name);
    const std::string data = Fixture(name);
    ASSERT_FALSE(data.empty());
    for (size_t cut = 0; cut <= data.size(); cut += 1 + data.size() / 40) {
      ParseEverywhere(data.substr(0, cut));
    }
  }
}

TEST(RobustnessTest, MutatedFixturesNeverCrash) {
  std::mt19937 rng(20261125);
  const char specials[] = {'"', ',', ';', '\n', '\r', '{',  '}',    '[',
                           ']', '<', '>', ':',  '\\', '\0', '\xFF', '\xD8'};
  for (const char* name : kFixtures) {
    SCOPED_TRACE(name);
    const std::string data = Fixture(name);
    for (int round = 0; round < 20; ++round) {
      std::string m = data;
      for (int k = 0; k < 4; ++k) {
        m[rng() % m.size()] = specials[rng() % sizeof specials];
      }
      ParseEverywhere(m);
    }
  }
}

TEST(RobustnessTest, DeepNestingAndHugeTokensStayBounded) {
  ImportOptions o;
  o.format = "trustpilot";
  // A document nested far deeper than any review; the splitter must not recurse.
  Parsed deep = ParseString("[" + std::string(100000, '[') + std::string(100000, ']') + "]", o);
  EXPECT_TRUE(deep.result.ok());
  EXPECT_TRUE(deep.items.empty());
  // A JSONL line over the line bound is one row error, and the next line still imports.
  o.format = "jsonl";
  Parsed big = ParseString("{\"text\":\"" + std::string(9 << 20, 'a') + "\"}\n{\"text\":\"ok\"}\n", o);
  ASSERT_TRUE(big.result.ok()) << big.result.error().ToString();
  ASSERT_EQ(big.errors.size(), 1u);
  EXPECT_EQ(big.errors[0].line, 1);
  ASSERT_EQ(big.items.size(), 1u);
  EXPECT_EQ(big.items[0].text, "ok");
}

}  // namespace
}  // namespace touchpoint::collector::importers
