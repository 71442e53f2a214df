#include "csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace touchpoint::collector::importers {
namespace {

struct Outcome {
  std::vector<CsvRecord> records;
  std::vector<std::pair<int64_t, std::string>> errors;
  char delimiter = 0;
};

Outcome ParseCsv(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  TextReader reader(in);
  CsvReader csv(reader, options);
  Outcome out;
  out.delimiter = csv.delimiter();
  CsvRecord rec;
  std::string error;
  for (int guard = 0; guard < 10000; ++guard) {
    const CsvReader::Outcome o = csv.Read(&rec, &error);
    if (o == CsvReader::Outcome::kEnd) break;
    if (o == CsvReader::Outcome::kError) {
      out.errors.emplace_back(rec.line, error);
    } else {
      out.records.push_back(rec);
    }
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, SimpleRecordsWithLf) {
  Outcome o = ParseCsv("a,b,c\n1,2,3\n");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(o.records[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(o.records[1].line, 2);
}

TEST(CsvReaderTest, CrlfAndLfAreBothRecordBreaks) {
  Outcome o = ParseCsv("a,b\r\n1,2\n3,4\r\n");
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(o.records[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(o.records[2].line, 3);
}

TEST(CsvReaderTest, LastRecordWithoutNewline) {
  Outcome o = ParseCsv("a,b\n1,2");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields, (Fields{"1", "2"}));
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimiters) {
  Outcome o = ParseCsv("text,n\n\"late, and rude\",1\n");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields, (Fields{"late, and rude", "1"}));
}

TEST(CsvReaderTest, DoubledQuotesAreEscapes) {
  Outcome o = ParseCsv("t\n\"she said \"\"hi\"\"\"\n\"\"\"\"\n");
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[1].fields[0], "she said \"hi\"");
  EXPECT_EQ(o.records[2].fields[0], "\"");
}

TEST(CsvReaderTest, EmbeddedLineBreaksKeepTheirBytesAndCountLines) {
  Outcome o = ParseCsv("id,text\r\n1,\"line one\r\nline two\nline three\"\r\n2,next\r\n");
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[1].fields[1], "line one\r\nline two\nline three");
  EXPECT_EQ(o.records[1].line, 2);
  EXPECT_EQ(o.records[2].line, 5);  // the multi-line record spans lines 2-4
}

TEST(CsvReaderTest, TrailingEmptyFieldsAreKept) {
  Outcome o = ParseCsv("a,b,c\n1,,\n,,\n");
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[1].fields, (Fields{"1", "", ""}));
  EXPECT_EQ(o.records[2].fields, (Fields{"", "", ""}));
}

TEST(CsvReaderTest, EmptyQuotedFieldIsEmpty) {
  Outcome o = ParseCsv("a,b\n\"\",x\n");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields, (Fields{"", "x"}));
}

TEST(CsvReaderTest, BlankLinesBetweenRecordsAreSkipped) {
  Outcome o = ParseCsv("a\n\n1\r\n\r\n2\n");
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[2].fields[0], "2");
  EXPECT_EQ(o.records[2].line, 5);
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorWithItsLine) {
  Outcome o = ParseCsv("a,b\n1,2\n3,\"never closed\n4,5\n");
  ASSERT_EQ(o.records.size(), 2u);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].first, 3);
  EXPECT_NE(o.errors[0].second.find("unterminated quoted field starting on line 3"), std::string::npos);
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnErrorAndParsingGoesOn) {
  Outcome o = ParseCsv("a,b\n\"x\"y,1\n2,3\n");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].first, 2);
  EXPECT_NE(o.errors[0].second.find("after the closing quote"), std::string::npos);
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields, (Fields{"2", "3"}));
}

TEST(CsvReaderTest, BareQuoteInsideUnquotedFieldIsLiteral) {
  Outcome o = ParseCsv("a\n5\" screen\n");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields[0], "5\" screen");
}

TEST(CsvReaderTest, DetectsSemicolonAndTab) {
  EXPECT_EQ(ParseCsv("a;b;c\n1;2,5;3\n").delimiter, ';');
  EXPECT_EQ(ParseCsv("a\tb\n1\t2\n").delimiter, '\t');
  EXPECT_EQ(ParseCsv("a,b\n").delimiter, ',');
  // Delimiters inside a quoted header name do not count.
  EXPECT_EQ(ParseCsv("\"x;y;z\",b,c\n").delimiter, ',');
  Outcome o = ParseCsv("a;b\n\"1;2\";3\n");
  EXPECT_EQ(o.records[1].fields, (Fields{"1;2", "3"}));
}

TEST(CsvReaderTest, GivenDelimiterWins) {
  CsvOptions opts;
  opts.delimiter = '|';
  Outcome o = ParseCsv("a|b,c\n1|2,3\n", opts);
  EXPECT_EQ(o.records[1].fields, (Fields{"1", "2,3"}));
}

TEST(CsvReaderTest, FieldOverBoundIsAnError) {
  CsvOptions opts;
  opts.max_field_bytes = 8;
  Outcome o = ParseCsv("a\n0123456789\nok\n", opts);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].first, 2);
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].fields[0], "ok");
}

TEST(CsvReaderTest, TooManyFieldsIsAnError) {
  CsvOptions opts;
  opts.max_fields = 3;
  Outcome o = ParseCsv("a,b,c,d,e\n", opts);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].second.find("more than 3 fields"), std::string::npos);
}

TEST(CsvReaderTest, Utf8BomBeforeHeader) {
  Outcome o = ParseCsv("\xEF\xBB\xBFReview,Stars\nок,5\n");
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[0].fields[0], "Review");
}

}  // namespace
}  // namespace touchpoint::collector::importers
