#include <gtest/gtest.h>

#include "test_helpers.h"

namespace touchpoint::collector::importers {
namespace {

using testing::Fixture;
using testing::Parsed;
using testing::ParseFixture;
using testing::ParseString;
using testing::ToUtf16;

void ExpectNoErrors(const Parsed& p) {
  ASSERT_TRUE(p.result.ok()) << p.result.error().ToString();
  for (const RowError& e : p.errors) ADD_FAILURE() << "line " << e.line << ": " << e.message;
}

TEST(GooglePlayTest, ParsesUtf16FixtureWithAllColumns) {
  Parsed p = ParseFixture("play_console_reviews.csv", "googleplay");
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 4u);
  const FeedbackRecord& a = p.items[0];
  EXPECT_EQ(a.source, "review");
  EXPECT_EQ(a.format, "googleplay");
  EXPECT_EQ(a.lang, "uk");
  EXPECT_EQ(a.rating, 2.0);
  EXPECT_EQ(a.date, "2026-10-01T09:12:44Z");
  EXPECT_EQ(a.source_id, "gp:AOqpTOF1");
  EXPECT_EQ(a.text, "Після оновлення не можу увійти в акаунт, SMS з кодом не приходить.");
  EXPECT_EQ(a.source_file, "play_console_reviews.csv");
  const FeedbackRecord& b = p.items[1];
  EXPECT_EQ(b.text, "Love it. Fast checkout, and the courier, \"Andrii\", was super polite 🚚");
  EXPECT_EQ(b.lang, "en");
  // Multi-line review text keeps its line break; no review id -> dedupe by content hash.
  EXPECT_EQ(p.items[2].text, "Заказ отменили без объяснений,\nденьги вернули только через 10 дней.");
  EXPECT_EQ(p.items[2].source_id, "");
  EXPECT_EQ(p.items[3].lang, "ro");
}

TEST(GooglePlayTest, Utf8ExportWorksToo) {
  const std::string csv =
      "Package Name,Reviewer Language,Review Submit Date and Time,Star Rating,Review Title,Review Text\n"
      "com.x,ru,2026-10-04T21:45:00Z,1,,Не работает\n";
  ImportOptions o;
  o.format = "googleplay";
  Parsed p = ParseString(csv, o);
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].date, "2026-10-04T21:45:00Z");
  // And the same bytes as UTF-16BE.
  Parsed be = ParseString(ToUtf16(csv, false), o);
  ExpectNoErrors(be);
  ASSERT_EQ(be.items.size(), 1u);
  EXPECT_EQ(be.items[0].text, "Не работает");
}

TEST(GooglePlayTest, RatingOnlyReviewIsReportedAsEmptyText) {
  ImportOptions o;
  o.format = "googleplay";
  Parsed p = ParseString(ToUtf16("Star Rating,Review Title,Review Text\r\n5,,\r\n4,,Good\r\n"), o);
  ASSERT_EQ(p.items.size(), 1u);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 2);
  EXPECT_EQ(p.errors[0].message, "empty text");
}

TEST(GooglePlayTest, WrongFileIsNamed) {
  Parsed p = ParseFixture("interview_zoom.vtt", "googleplay");
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.error().message, "file looks like WebVTT, not a Play Console CSV");
  Parsed q = ParseFixture("generic_reviews.csv", "googleplay");
  ASSERT_FALSE(q.result.ok());
  EXPECT_NE(q.result.error().message.find("no 'Review Text' column"), std::string::npos);
}

TEST(AppStoreTest, ParsesApiJson) {
  Parsed p = ParseFixture("appstore_reviews.json", "appstore");
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].source_id, "00000029-1a2b-4c3d-9e8f-000000000001");
  EXPECT_EQ(p.items[0].author, "mkt_runner");
  EXPECT_EQ(p.items[0].rating, 2.0);
  EXPECT_EQ(p.items[0].date, "2026-10-02T08:14:33-07:00");
  EXPECT_EQ(p.items[0].lang, "");  // App Store names a territory, not a language
  EXPECT_EQ(p.items[1].text,
            "Дуже зручно. Оформила замовлення за дві хвилини, оплата карткою пройшла без проблем 👍");
  EXPECT_EQ(p.items[2].author, "andrei.m");
}

TEST(AppStoreTest, ParsesCompactOneLineJsonAndCsv) {
  ImportOptions o;
  o.format = "appstore";
  Parsed p = ParseString(
      R"({"data":[{"type":"customerReviews","id":"1","attributes":{"rating":4,"title":"Ok","body":"Fine","reviewerNickname":"n","createdDate":"2026-01-02T03:04:05Z"}}]})",
      o);
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].text, "Ok. Fine");

  Parsed c = ParseFixture("appstore_reviews.csv", "appstore");
  ExpectNoErrors(c);
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.items[0].source_id, "7001");
  EXPECT_EQ(c.items[1].author, "Игорь");
  EXPECT_EQ(c.items[2].text, "Super rapid, am primit coletul a doua zi!");
  EXPECT_EQ(c.items[2].rating, 5.0);
}

TEST(TrustpilotTest, ParsesReviewsObjectAndArray) {
  Parsed p = ParseFixture("trustpilot_reviews.json", "trustpilot");
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].author, "Paul W.");
  EXPECT_EQ(p.items[0].lang, "en");
  EXPECT_EQ(p.items[0].rating, 1.0);
  EXPECT_EQ(p.items[0].date, "2026-09-12T14:03:22.000Z");
  EXPECT_NE(p.items[0].text.find("\"customer care\""), std::string::npos);
  EXPECT_EQ(p.items[1].lang, "uk");
  EXPECT_EQ(p.items[2].text, "Цены нормальные, но возврат товара занял три недели.");

  ImportOptions o;
  o.format = "trustpilot";
  Parsed a =
      ParseString(R"([{"id":"x","stars":5,"text":"Super","language":"ro","createdAt":"2026-01-01T00:00:00Z"},
  {"id":"y","stars":9,"text":"bad stars"}, 17])",
                  o);
  ASSERT_TRUE(a.result.ok());
  ASSERT_EQ(a.items.size(), 1u);
  ASSERT_EQ(a.errors.size(), 2u);
  EXPECT_EQ(a.errors[0].line, 2);
  EXPECT_NE(a.errors[0].message.find("rating '9'"), std::string::npos);
  EXPECT_EQ(a.errors[1].message, "not a JSON object");
}

TEST(TrustpilotTest, MalformedDocumentIsAFileError) {
  ImportOptions o;
  o.format = "trustpilot";
  Parsed p = ParseString("{\n\"reviews\": [\n{\"id\":\"1\",\"text\":\"ok\"}\n", o);
  EXPECT_EQ(p.items.size(), 1u);  // what came before the break is kept
  ASSERT_FALSE(p.result.ok());
  EXPECT_NE(p.result.error().message.find("malformed JSON document"), std::string::npos);
  Parsed q = ParseString("{\n\"other\": [1, 2]\n}", o);
  ASSERT_FALSE(q.result.ok());
  EXPECT_NE(q.result.error().message.find("no \"data\" or \"reviews\" array"), std::string::npos);
}

TEST(YelpTest, ParsesJsonLines) {
  Parsed p = ParseFixture("yelp_reviews.jsonl", "yelp");
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].source_id, "KU_O5udG6zpxOg-VcAEodg");
  EXPECT_EQ(p.items[0].author, "mh_-eMZ6K5RLWhZyISBhwA");
  EXPECT_EQ(p.items[0].rating, 3.0);
  EXPECT_EQ(p.items[0].date, "2026-07-07T22:09:11");
  EXPECT_NE(p.items[1].text.find("🥞"), std::string::npos);
}

TEST(AmazonTest, ParsesJsonLinesWithMillisecondTimestamps) {
  Parsed p = ParseFixture("amazon_reviews.jsonl", "amazon");
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].text,
            "Works great. Arrived in two days, setup took five minutes. The manual is clear.");
  EXPECT_EQ(p.items[0].date, "2026-10-29T08:00:00Z");
  EXPECT_EQ(p.items[1].date, "2026-10-30T08:00:00.123Z");
  EXPECT_EQ(p.items[1].rating, 2.0);
  EXPECT_EQ(p.items[2].author, "AHX2T7RKJ3LEKZ4KQMUV7W4Z6Q5A");
  EXPECT_EQ(p.items[2].source_id, "");
  EXPECT_EQ(p.items[2].content_hash.size(), 64u);
}

TEST(GenericCsvTest, MapSemicolonMultilineAndTenPointScale) {
  ImportOptions o;
  o.map = *ParseFieldMap("text=Review,rating=Stars,date=Date,lang=Language,author=User,id=ReviewId");
  o.rating_scale = 10;
  Parsed p = ParseFixture("generic_reviews.csv", "csv", o);
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 4u);
  EXPECT_EQ(p.items[0].text,
            "Great service.\nThe courier called ahead; I did not have to wait at home all day.");
  EXPECT_EQ(p.items[0].rating, 1 + 8 * 4.0 / 9);
  EXPECT_EQ(p.items[0].source_id, "r-1");
  EXPECT_EQ(p.items[1].text, "Сайт \"зависав\" на оплаті 😤, довелося платити двічі");
  EXPECT_EQ(p.items[1].date, "2026-10-02");
  EXPECT_EQ(p.items[1].author, "Богдан");
  EXPECT_EQ(p.items[2].date, "2026-10-03T18:20:00");
  EXPECT_EQ(p.items[3].rating, 5.0);
  EXPECT_EQ(p.items[3].lang, "ro");
}

TEST(GenericCsvTest, DefaultsToColumnsNamedLikeFields) {
  ImportOptions o;
  o.format = "csv";
  Parsed p = ParseString("id\ttext\trating\n1\tТовар прийшов зламаний\t1\n", o);
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].source_id, "1");
  EXPECT_EQ(p.items[0].rating, 1.0);
}

TEST(GenericCsvTest, MissingMappedColumnIsAFileError) {
  ImportOptions o;
  o.format = "csv";
  o.map = {{"text", "Comment"}};
  Parsed p = ParseString("Review,Stars\nok,5\n", o);
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.error().field, "--map text");
  EXPECT_NE(p.result.error().message.find("no column 'Comment'"), std::string::npos);
}

TEST(GenericCsvTest, BadRowsAreReportedWithLinesAndGoodRowsKept) {
  ImportOptions o;
  o.format = "csv";
  const std::string csv =
      "text,rating,date\r\n"
      "fine,5,2026-01-01\r\n"
      "ragged,5\r\n"
      "\"multi\r\nline\",4,not a date\r\n"
      ",3,2026-01-02\r\n"
      "bad \xC3\x28 bytes,2,2026-01-03\r\n"
      "still fine,1,2026-01-04\r\n"
      "\"open quote,1,2026-01-05\r\n";
  Parsed p = ParseString(csv, o);
  ASSERT_TRUE(p.result.ok());
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[1].text, "still fine");
  ASSERT_EQ(p.errors.size(), 5u);
  EXPECT_EQ(p.errors[0].line, 3);
  EXPECT_EQ(p.errors[0].message, "row has 2 fields, the header has 3");
  EXPECT_EQ(p.errors[1].line, 4);
  EXPECT_EQ(p.errors[1].message, "unparseable date 'not a date'");
  EXPECT_EQ(p.errors[2].line, 6);
  EXPECT_EQ(p.errors[2].message, "empty text");
  EXPECT_EQ(p.errors[3].line, 7);
  EXPECT_EQ(p.errors[3].message, "invalid encoding (not UTF-8)");
  EXPECT_EQ(p.errors[4].line, 9);
  EXPECT_NE(p.errors[4].message.find("unterminated quoted field"), std::string::npos);
}

TEST(GenericJsonlTest, DottedPathsInMap) {
  ImportOptions o;
  o.map = *ParseFieldMap(
      "text=review.body,rating=review.score,id=review.id,lang=meta.lang,date=meta.created,"
      "author=meta.user.name");
  Parsed p = ParseFixture("generic_reviews.jsonl", "jsonl", o);
  ExpectNoErrors(p);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].source_id, "g-1");
  EXPECT_EQ(p.items[0].author, "sam");
  EXPECT_EQ(p.items[1].author, "Ірина");
  EXPECT_EQ(p.items[1].lang, "uk");
  EXPECT_EQ(p.items[1].rating, 5.0);
}

TEST(JsonLinesTest, BadLinesAreReportedAndGoodOnesKept) {
  Parsed p = ParseFixture("bad_rows.jsonl", "yelp");
  ASSERT_TRUE(p.result.ok());
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].source_id, "ok-1");
  EXPECT_EQ(p.items[1].source_id, "ok-2");
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors[0].line, 2);
  EXPECT_EQ(p.errors[0].message, "unparseable date 'yesterday'");
  EXPECT_EQ(p.errors[1].line, 3);
  EXPECT_NE(p.errors[1].message.find("broken JSON"), std::string::npos);
  EXPECT_EQ(p.errors[2].line, 4);
  EXPECT_EQ(p.errors[2].message, "empty text");
}

// Values read as they were with Poco's parser: a repeated key's last value counts, numbers become text the
// way Poco::Dynamic::Var wrote them (integers as written, 4.0 as "4"), booleans as true/false.
TEST(JsonLinesTest, ScalarsReadAsBefore) {
  ImportOptions o;
  o.format = "jsonl";
  Parsed p = ParseString(
      "{\"text\":\"first\",\"id\":12345,\"rating\":4.0,\"author\":true,\"text\":\"second \\u00e9\"}\n"
      "{\"text\":\"x\",\"id\":2.5,\"author\":null,\"date\":1767225600551,\"title\":{\"a\":1}}\n",
      o);
  ASSERT_TRUE(p.result.ok());
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].text, "second \u00e9");
  EXPECT_EQ(p.items[0].source_id, "12345");
  EXPECT_EQ(p.items[0].rating, 4.0);
  EXPECT_EQ(p.items[0].author, "true");
  EXPECT_EQ(p.items[1].text, "x");
  EXPECT_EQ(p.items[1].source_id, "2.5");
  EXPECT_EQ(p.items[1].author, "");
  EXPECT_EQ(p.items[1].date.substr(0, 10), "2026-01-01");
}

TEST(JsonLinesTest, WrongShapesAreNamed) {
  Parsed p = ParseFixture("generic_reviews.csv", "yelp");
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.error().message, "file looks like text or CSV, not Yelp JSON Lines");
  Parsed q = ParseFixture("yelp_reviews.jsonl", "vtt");
  ASSERT_FALSE(q.result.ok());
  EXPECT_EQ(q.result.error().message, "file looks like JSON Lines, not a WebVTT transcript");
  ImportOptions o;
  o.format = "csv";
  Parsed empty = ParseString("", o);
  ASSERT_FALSE(empty.result.ok());
  EXPECT_EQ(empty.result.error().message, "file is empty");
  o.format = "nope";
  Parsed unknown = ParseString("x", o);
  ASSERT_FALSE(unknown.result.ok());
  EXPECT_EQ(unknown.result.error().field, "--format");
}

TEST(AutoFormatTest, PicksFormatsItCanTell) {
  EXPECT_EQ(ParseFixture("play_console_reviews.csv", "auto").items.size(), 4u);
  EXPECT_EQ(ParseFixture("appstore_reviews.json", "auto").items.at(0).format, "appstore");
  EXPECT_EQ(ParseFixture("yelp_reviews.jsonl", "auto").items.at(0).format, "yelp");
  EXPECT_EQ(ParseFixture("amazon_reviews.jsonl", "auto").items.at(0).format, "amazon");
  EXPECT_EQ(ParseFixture("interview.srt", "auto").items.at(0).format, "srt");
  EXPECT_FALSE(ParseFixture("generic_reviews.csv", "auto").result.ok());
}

TEST(ItemIdentityTest, IdsAndHashesAreStableAndDistinct) {
  // Ids begin with the import time in ms: both parses at the same (fixed) time, or the test depends on
  // whether the clock ticks between them.
  ImportOptions at;
  at.now_ms = [] { return int64_t{1767225600000}; };
  Parsed a = ParseFixture("yelp_reviews.jsonl", "yelp", at);
  Parsed b = ParseFixture("yelp_reviews.jsonl", "yelp", at);
  ASSERT_EQ(a.items.size(), 3u);
  for (size_t i = 0; i < a.items.size(); ++i) {
    EXPECT_EQ(a.items[i].id, b.items[i].id);
    EXPECT_EQ(a.items[i].content_hash, b.items[i].content_hash);
    EXPECT_EQ(a.items[i].id.size(), 32u);
    EXPECT_EQ(a.items[i].survey_id, "s1");
  }
  EXPECT_NE(a.items[0].id, a.items[1].id);
  EXPECT_NE(a.items[0].content_hash, a.items[1].content_hash);
  // Whitespace differences do not change the content hash.
  ImportOptions o;
  o.format = "jsonl";
  Parsed x = ParseString("{\"text\":\"late  again\\n\"}\n{\"text\":\"late again\"}\n", o);
  ASSERT_EQ(x.items.size(), 2u);
  EXPECT_EQ(x.items[0].content_hash, x.items[1].content_hash);
}

TEST(LanguageTest, DetectorFillsOnlyMissingLanguages) {
  ImportOptions o;
  int calls = 0;
  o.detect_lang = [&](std::string_view text) {
    ++calls;
    return text.find("Ресторан") != std::string_view::npos ? std::string("uk") : std::string();
  };
  Parsed p = ParseFixture("yelp_reviews.jsonl", "yelp", o);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(p.items[2].lang, "uk");
  EXPECT_EQ(p.items[0].lang, "");
  Parsed t = ParseFixture("trustpilot_reviews.json", "trustpilot", o);
  EXPECT_EQ(calls, 3);  // Trustpilot names the language of every review
}

}  // namespace
}  // namespace touchpoint::collector::importers
