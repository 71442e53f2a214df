#include "text_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "test_helpers.h"

namespace touchpoint::collector::importers {
namespace {

using testing::ToUtf16;

std::string ReadAll(const std::string& bytes, Encoding* enc = nullptr) {
  std::istringstream in(bytes);
  TextReader r(in);
  std::string out;
  for (int c = r.Get(); c >= 0; c = r.Get()) out += static_cast<char>(c);
  if (enc) *enc = r.encoding();
  return out;
}

TEST(TextReaderTest, PlainUtf8PassesThrough) {
  Encoding e;
  EXPECT_EQ(ReadAll("héllo, світ", &e), "héllo, світ");
  EXPECT_EQ(e, Encoding::kUtf8);
}

TEST(TextReaderTest, StripsUtf8Bom) {
  Encoding e;
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFid,text\n", &e), "id,text\n");
  EXPECT_EQ(e, Encoding::kUtf8Bom);
}

TEST(TextReaderTest, DecodesUtf16LeWithBom) {
  const std::string text = "Review Text\r\nКур'єр 🚚 ok\n";
  Encoding e;
  EXPECT_EQ(ReadAll(ToUtf16(text, true), &e), text);
  EXPECT_EQ(e, Encoding::kUtf16Le);
}

TEST(TextReaderTest, DecodesUtf16BeWithBom) {
  const std::string text = "a;b\nță 😤\n";
  Encoding e;
  EXPECT_EQ(ReadAll(ToUtf16(text, false), &e), text);
  EXPECT_EQ(e, Encoding::kUtf16Be);
}

TEST(TextReaderTest, RecognisesUtf16LeWithoutBom) {
  Encoding e;
  EXPECT_EQ(ReadAll(ToUtf16("id,text\n1,x\n", true, false), &e), "id,text\n1,x\n");
  EXPECT_EQ(e, Encoding::kUtf16Le);
}

TEST(TextReaderTest, SurrogatePairSplitAcrossChunksDecodes) {
  // 64 KiB chunks: put an emoji across the boundary at every possible offset parity.
  for (size_t pad : {65534u / 2 - 2, 65534u / 2 - 1, 65534u / 2}) {
    const std::string text = std::string(pad, 'x') + "😀" + "end";
    EXPECT_EQ(ReadAll(ToUtf16(text)), text) << pad;
  }
}

TEST(TextReaderTest, LoneSurrogateBecomesInvalidUtf8) {
  std::string bytes = "\xFF\xFE";
  bytes += std::string("a\0", 2);
  bytes += std::string("\x00\xD8", 2);  // high surrogate, then a plain unit
  bytes += std::string("b\0", 2);
  const std::string out = ReadAll(bytes);
  EXPECT_EQ(out,
            "a\xFF"
            "b");
  EXPECT_FALSE(IsValidUtf8(out));
}

TEST(TextReaderTest, ReadLineHandlesLfCrlfAndLoneCr) {
  std::istringstream in("one\ntwo\r\nthree\rfour");
  TextReader r(in);
  std::string line;
  bool truncated = false;
  std::vector<std::string> lines;
  while (r.ReadLine(&line, 100, &truncated)) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three", "four"}));
}

TEST(TextReaderTest, ReadLineTruncatesAndSkipsRestOfLongLine) {
  std::istringstream in(std::string(1000, 'a') + "\nnext\n");
  TextReader r(in);
  std::string line;
  bool truncated = false;
  ASSERT_TRUE(r.ReadLine(&line, 10, &truncated));
  EXPECT_TRUE(truncated);
  EXPECT_EQ(line, std::string(10, 'a'));
  ASSERT_TRUE(r.ReadLine(&line, 10, &truncated));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(line, "next");
  EXPECT_FALSE(r.ReadLine(&line, 10, &truncated));
}

TEST(TextReaderTest, LookaheadDoesNotConsume) {
  std::istringstream in("WEBVTT\n\n");
  TextReader r(in);
  EXPECT_EQ(r.Lookahead(6), "WEBVTT");
  EXPECT_EQ(r.Get(), 'W');
  EXPECT_EQ(r.Lookahead(100), "EBVTT\n\n");
}

TEST(TextReaderTest, CountsRawBytes) {
  const std::string bytes = ToUtf16("hello");
  std::istringstream in(bytes);
  TextReader r(in);
  while (r.Get() >= 0) {
  }
  EXPECT_EQ(r.raw_bytes(), bytes.size());
}

TEST(Utf8Test, ValidatesSequences) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Ăă Țț Șș Її Ґґ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1
}

}  // namespace
}  // namespace touchpoint::collector::importers
