#include <gtest/gtest.h>

#include "internal.h"

namespace touchpoint::collector::importers {
namespace {

TEST(NormalizeDateTest, IsoForms) {
  EXPECT_EQ(NormalizeDate("2026-10-01"), "2026-10-01");
  EXPECT_EQ(NormalizeDate("2026-10-01T09:12:44Z"), "2026-10-01T09:12:44Z");
  EXPECT_EQ(NormalizeDate("2026-10-01 22:09:11"), "2026-10-01T22:09:11");
  EXPECT_EQ(NormalizeDate("2026-09-12T14:03:22.000Z"), "2026-09-12T14:03:22.000Z");
  EXPECT_EQ(NormalizeDate("2026-10-02T08:14:33-07:00"), "2026-10-02T08:14:33-07:00");
  EXPECT_EQ(NormalizeDate("2026-10-02T08:14:33+0300"), "2026-10-02T08:14:33+03:00");
  EXPECT_EQ(NormalizeDate("2026-10-03 18:20"), "2026-10-03T18:20:00");
  EXPECT_EQ(NormalizeDate(" 2026/10/03 "), "2026-10-03");
}

TEST(NormalizeDateTest, DottedDayFirstAndEpochNumbers) {
  EXPECT_EQ(NormalizeDate("02.10.2026"), "2026-10-02");
  EXPECT_EQ(NormalizeDate("1790845964000"), "2026-10-01T09:12:44Z");
  EXPECT_EQ(NormalizeDate("1790845964"), "2026-10-01T09:12:44Z");
  EXPECT_EQ(NormalizeDate("1793347200123"), "2026-10-30T08:00:00.123Z");
}

TEST(NormalizeDateTest, RejectsGarbageAndImpossibleDates) {
  EXPECT_FALSE(NormalizeDate("yesterday"));
  EXPECT_FALSE(NormalizeDate(""));
  EXPECT_FALSE(NormalizeDate("2026-02-30"));
  EXPECT_FALSE(NormalizeDate("2025-02-29"));
  EXPECT_TRUE(NormalizeDate("2024-02-29"));
  EXPECT_FALSE(NormalizeDate("2026-13-01"));
  EXPECT_FALSE(NormalizeDate("2026-10-01T25:00:00"));
  EXPECT_FALSE(NormalizeDate("2026-10-01Tnoon"));
  EXPECT_FALSE(NormalizeDate("2026-10-01T10:00:00+99:00"));
  EXPECT_FALSE(NormalizeDate("12345"));
}

TEST(MillisToIsoTest, KnownInstants) {
  EXPECT_EQ(MillisToIso(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(MillisToIso(951782400000), "2000-02-29T00:00:00Z");
  EXPECT_EQ(MillisToIso(1700000000500), "2023-11-14T22:13:20.500Z");
}

TEST(NormalizeRatingTest, FiveStarScaleKeepsValues) {
  EXPECT_EQ(NormalizeRating("4", 5), 4.0);
  EXPECT_EQ(NormalizeRating("3.0", 5), 3.0);
  EXPECT_EQ(NormalizeRating("4,5", 5), 4.5);
  EXPECT_FALSE(NormalizeRating("0", 5));
  EXPECT_FALSE(NormalizeRating("6", 5));
  EXPECT_FALSE(NormalizeRating("five", 5));
  EXPECT_FALSE(NormalizeRating("nan", 5));
}

TEST(NormalizeRatingTest, TenPointScaleMapsLinearly) {
  EXPECT_EQ(NormalizeRating("1", 10), 1.0);
  EXPECT_EQ(NormalizeRating("10", 10), 5.0);
  EXPECT_DOUBLE_EQ(*NormalizeRating("7", 10), 1 + 6 * 4.0 / 9);
  EXPECT_FALSE(NormalizeRating("11", 10));
}

TEST(NormalizeLangTest, PrimarySubtagAndCommonMistakes) {
  EXPECT_EQ(NormalizeLang("en-US"), "en");
  EXPECT_EQ(NormalizeLang("uk_UA"), "uk");
  EXPECT_EQ(NormalizeLang("UA"), "uk");
  EXPECT_EQ(NormalizeLang(" RU "), "ru");
  EXPECT_EQ(NormalizeLang("mo"), "ro");
  EXPECT_EQ(NormalizeLang("de"), "de");
  EXPECT_EQ(NormalizeLang(""), "");
}

TEST(ComposeTextTest, TitleAndText) {
  EXPECT_EQ(ComposeText("Love it", "Fast checkout"), "Love it. Fast checkout");
  EXPECT_EQ(ComposeText("Why?", "No reply"), "Why? No reply");
  EXPECT_EQ(ComposeText("", " body "), "body");
  EXPECT_EQ(ComposeText("Only title", ""), "Only title");
  EXPECT_EQ(ComposeText("Great", "Great app, thanks"), "Great app, thanks");
  EXPECT_EQ(ComposeText("Жах…", "Кур'єр не приїхав"), "Жах… Кур'єр не приїхав");
}

TEST(ParseFieldMapTest, ParsesAndValidates) {
  auto m = ParseFieldMap("text=Review, rating=Stars,date=Date");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->at("text"), "Review");
  EXPECT_EQ(m->at("rating"), "Stars");
  EXPECT_EQ(m->size(), 3u);
  auto dotted = ParseFieldMap("text=review.body,author=meta.user.name");
  ASSERT_TRUE(dotted.ok());
  EXPECT_EQ(dotted->at("author"), "meta.user.name");
  EXPECT_FALSE(ParseFieldMap("text").ok());
  EXPECT_FALSE(ParseFieldMap("colour=Red").ok());
  EXPECT_FALSE(ParseFieldMap("text=").ok());
}

TEST(SniffTest, RecognisesShapes) {
  EXPECT_EQ(Sniff("WEBVTT\n\n00:00.000 --> 00:01.000\nhi"), Shape::kVtt);
  EXPECT_EQ(Sniff("1\r\n00:00:01,000 --> 00:00:02,000\r\nhi"), Shape::kSrt);
  EXPECT_EQ(Sniff("  [ {\"a\":1} ]"), Shape::kJsonDocument);
  EXPECT_EQ(Sniff("{\n \"data\": []\n}"), Shape::kJsonDocument);
  EXPECT_EQ(Sniff("{\"a\":1}\n{\"a\":2}\n"), Shape::kJsonLines);
  EXPECT_EQ(Sniff("Package Name,Review Text\n"), Shape::kText);
  EXPECT_EQ(Sniff(std::string("a\0b", 3)), Shape::kBinary);
  EXPECT_EQ(Sniff(" \n\n"), Shape::kEmpty);
  EXPECT_EQ(Sniff("[00:01:02] Ana: hi"), Shape::kText);
  EXPECT_EQ(Sniff("[\n  {\"id\": 1}]"), Shape::kJsonDocument);
}

}  // namespace
}  // namespace touchpoint::collector::importers
