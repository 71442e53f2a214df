#include <gtest/gtest.h>

#include "test_helpers.h"

namespace touchpoint::collector::importers {
namespace {

using testing::Parsed;
using testing::ParseFixture;
using testing::ParseString;

struct Turn {
  std::string speaker;
  std::optional<int64_t> start_ms;
  std::string text;
};

std::vector<Turn> Turns(const Parsed& p) {
  EXPECT_TRUE(p.result.ok()) << p.result.error().ToString();
  for (const RowError& e : p.errors) ADD_FAILURE() << "line " << e.line << ": " << e.message;
  std::vector<Turn> out;
  for (const FeedbackRecord& r : p.items) out.push_back({r.speaker, r.start_ms, r.text});
  return out;
}

TEST(VttTest, ZoomSpeakerPrefixesMergeConsecutiveCues) {
  ImportOptions o;
  o.interviewers = {"maria petrenko"};
  Parsed p = ParseFixture("interview_zoom.vtt", "vtt", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 4u);
  EXPECT_EQ(turns[0].speaker, "Maria Petrenko");
  EXPECT_EQ(turns[0].start_ms, 1000);
  EXPECT_EQ(turns[1].speaker, "Ivan Bondar");
  EXPECT_EQ(turns[1].start_ms, 5000);
  EXPECT_EQ(
      turns[1].text,
      "Honestly, an Instagram ad. I clicked it because of the free delivery. But at checkout the delivery "
      "wasn't free anymore, that was annoying.");
  EXPECT_EQ(turns[3].text, "Я все одно замовив, але кур'єр запізнився на два дні.");
  EXPECT_EQ(turns[3].start_ms, 15500);
  // Interview id from the file name; interviewer marked case-insensitively; ids per turn.
  EXPECT_EQ(p.items[0].interview, "interview_zoom");
  EXPECT_TRUE(p.items[0].is_interviewer);
  EXPECT_FALSE(p.items[1].is_interviewer);
  EXPECT_TRUE(p.items[2].is_interviewer);
  EXPECT_EQ(p.items[1].source, "interview");
  EXPECT_EQ(p.items[1].source_id, "interview_zoom#2");
  EXPECT_EQ(p.items[1].author, "Ivan Bondar");
}

TEST(VttTest, VoiceTagsNotesStylesAndMarkup) {
  Parsed p = ParseFixture("interview_voice.vtt", "vtt");
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 4u);
  EXPECT_EQ(turns[0].speaker, "Interviewer");
  EXPECT_EQ(turns[0].text, "Spuneți-mi despre ultima comandă.");
  EXPECT_EQ(turns[0].start_ms, 0);
  EXPECT_EQ(turns[1].speaker, "Elena");
  EXPECT_EQ(turns[1].start_ms, 3500);
  EXPECT_EQ(
      turns[1].text,
      "Am comandat un frigider & o mașină de spălat. A durat trei săptămâni până la livrare. Nimeni nu m-a "
      "sunat să confirme ora.");
  EXPECT_EQ(turns[2].speaker, "Interviewer");
  EXPECT_EQ(turns[2].text, "Ați contactat suportul?");
  EXPECT_EQ(turns[3].speaker, "Elena");
  EXPECT_EQ(turns[3].text, "Da, de trei ori.");
  EXPECT_EQ(turns[3].start_ms, 11500);
}

TEST(VttTest, SeveralVoicesOnOneLine) {
  ImportOptions o;
  o.format = "vtt";
  Parsed p = ParseString("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi.</v> <v B>Hello!</v>\n", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].speaker, "A");
  EXPECT_EQ(turns[0].text, "Hi.");
  EXPECT_EQ(turns[1].speaker, "B");
  EXPECT_EQ(turns[1].text, "Hello!");
}

TEST(VttTest, BadCueTimingIsReportedAndTheRestImported) {
  ImportOptions o;
  o.format = "vtt";
  o.interview = "int-42";
  Parsed p = ParseString(
      "WEBVTT\r\n\r\n1\r\n00:0x:01.000 --> 00:00:02.000\r\nA: lost\r\n\r\n2\r\n00:00:03.000 --> "
      "00:00:04.000\r\nA: kept\r\n\r\njust text without timing\r\n",
      o);
  ASSERT_TRUE(p.result.ok());
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].text, "kept");
  EXPECT_EQ(p.items[0].interview, "int-42");
  EXPECT_EQ(p.items[0].source_id, "int-42#1");
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 4);
  EXPECT_NE(p.errors[0].message.find("bad cue timing"), std::string::npos);
  EXPECT_EQ(p.errors[1].line, 11);
}

TEST(VttTest, MissingHeaderIsAFileError) {
  ImportOptions o;
  o.format = "vtt";
  Parsed p = ParseString("00:01.000 --> 00:02.000\nhello\n", o);
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.error().message, "file looks like SRT subtitles, not a WebVTT transcript");
}

TEST(SrtTest, SpeakersMultilineCuesAndItalics) {
  ImportOptions o;
  o.interviewers = {"Интервьюер"};
  Parsed p = ParseFixture("interview.srt", "srt", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 3u);
  EXPECT_EQ(turns[0].speaker, "Интервьюер");
  EXPECT_EQ(turns[0].start_ms, 500);
  EXPECT_EQ(turns[1].speaker, "Клиент");
  EXPECT_EQ(turns[1].start_ms, 3200);
  EXPECT_EQ(turns[1].text, "Карта не проходила, пришлось звонить в банк. Потом всё заработало.");
  EXPECT_EQ(turns[2].text, "Спасибо!");
  EXPECT_TRUE(p.items[0].is_interviewer);
  EXPECT_FALSE(p.items[1].is_interviewer);
  EXPECT_TRUE(p.items[2].is_interviewer);
}

TEST(SrtTest, CuesWithoutSpeakersContinueTheTurn) {
  ImportOptions o;
  o.format = "srt";
  Parsed p = ParseString(
      "1\n00:00:01,000 --> 00:00:02,000\n- First line.\n\n2\n00:00:02,500 --> 00:00:03,000\n"
      "Second line.\n",
      o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].speaker, "");
  EXPECT_EQ(turns[0].text, "First line. Second line.");
}

TEST(TextTranscriptTest, OtterHeaders) {
  ImportOptions o;
  o.interviewers = {"Olha Shevchenko"};
  Parsed p = ParseFixture("interview_otter.txt", "txt", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 4u);
  EXPECT_EQ(turns[0].speaker, "Olha Shevchenko");
  EXPECT_EQ(turns[0].start_ms, 0);
  EXPECT_EQ(turns[1].speaker, "Dmytro");
  EXPECT_EQ(turns[1].start_ms, 7000);
  // "Note:" inside an Otter turn is text, not a speaker.
  EXPECT_EQ(turns[1].text,
            "Порівнював на сайті три тарифи. Note: таблиця порівняння не відкривалася на телефоні.");
  EXPECT_EQ(turns[3].start_ms, 25000);
  EXPECT_TRUE(p.items[0].is_interviewer);
  EXPECT_FALSE(p.items[1].is_interviewer);
}

TEST(TextTranscriptTest, SpeakerColonLines) {
  ImportOptions o;
  o.interviewers = {"Interviewer"};
  Parsed p = ParseFixture("interview_plain.txt", "txt", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 4u);
  EXPECT_EQ(turns[1].speaker, "Customer");
  EXPECT_EQ(
      turns[1].text,
      "Short and clear. The manager explained the billing. The only issue: the contract PDF never arrived by "
      "email.");
  EXPECT_FALSE(turns[1].start_ms.has_value());
  EXPECT_EQ(turns[3].text, "Yes, the hotline. They resent it the next day.");
  EXPECT_TRUE(p.items[2].is_interviewer);
}

TEST(TextTranscriptTest, BracketTimestampsAndLongTurnsSplit) {
  ImportOptions o;
  o.format = "txt";
  Parsed p = ParseString("[00:01:02] Ana: Bună ziua.\n[00:01:05] Ion: Salut.\n", o);
  const std::vector<Turn> turns = Turns(p);
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].start_ms, 62000);
  EXPECT_EQ(turns[1].speaker, "Ion");

  std::string big = "Ana: start\n";
  for (int i = 0; i < 2000; ++i) big += "a line of text that keeps on going and going\n";
  Parsed q = ParseString(big, o);
  ASSERT_TRUE(q.result.ok());
  ASSERT_GT(q.items.size(), 1u);
  for (const FeedbackRecord& r : q.items) {
    EXPECT_LE(r.text.size(), 64u << 10);
    EXPECT_EQ(r.speaker, "Ana");
  }
}

}  // namespace
}  // namespace touchpoint::collector::importers
