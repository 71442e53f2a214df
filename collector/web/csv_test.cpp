// csv_test.cpp: RFC 4180 quoting, formula defusing and CsvWriter output.
#include "csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace touchpoint::web {
namespace {

TEST(CsvEscape, PlainFieldsPassUnchanged) {
  EXPECT_EQ(CsvEscape("hello"), "hello");
  EXPECT_EQ(CsvEscape(""), "");
  EXPECT_EQ(CsvEscape("Кур'єр запізнився"), "Кур'єр запізнився");
  EXPECT_EQ(CsvEscape("a b"), "a b");
}

TEST(CsvEscape, QuotesSeparatorsQuotesAndLineBreaks) {
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvEscape("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(CsvEscape("line1\r\nline2"), "\"line1\r\nline2\"");
  EXPECT_EQ(CsvEscape("\""), "\"\"\"\"");
}

TEST(CsvEscape, QuotesLeadingAndTrailingBlanks) {
  EXPECT_EQ(CsvEscape(" padded"), "\" padded\"");
  EXPECT_EQ(CsvEscape("padded "), "\"padded \"");
  EXPECT_EQ(CsvEscape("tail\t"), "\"tail\t\"");
}

TEST(CsvEscape, DefusesFormulaInjection) {
  EXPECT_EQ(CsvEscape("=1+1"), "'=1+1");
  EXPECT_EQ(CsvEscape("+1"), "'+1");
  EXPECT_EQ(CsvEscape("-2"), "'-2");
  EXPECT_EQ(CsvEscape("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvEscape("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(CsvEscape("\t=cmd"), "'\t=cmd");  // defused; the TAB is no longer at the start
  EXPECT_EQ(CsvEscape("\r=cmd"), "\"'\r=cmd\"");
  EXPECT_EQ(CsvEscape("a=b"), "a=b");  // only a leading trigger counts
}

TEST(CsvQuote, DoesNotDefuse) {
  EXPECT_EQ(CsvQuote("-2"), "-2");
  EXPECT_EQ(CsvQuote("=x,y"), "\"=x,y\"");
}

TEST(CsvWriter, WritesRowsWithCrLfAndCountsThem) {
  std::ostringstream out;
  CsvWriter csv(out);
  csv.Row({"response_id", "text", "nps"});
  csv.Text("r1");
  csv.Text("Late, \"again\"");
  csv.Number(int64_t{-3});
  csv.EndRow();
  csv.Text("r2");
  csv.Text("-3");
  csv.Number(2.5);
  csv.EndRow();
  EXPECT_EQ(out.str(),
            "response_id,text,nps\r\n"
            "r1,\"Late, \"\"again\"\"\",-3\r\n"
            "r2,'-3,2.5\r\n");
  EXPECT_EQ(csv.rows(), 3);
}

TEST(CsvWriter, BomOnlyWhenAsked) {
  std::ostringstream with, without;
  {
    CsvWriter csv(with, {.bom = true});
    csv.Row({"a"});
  }
  {
    CsvWriter csv(without);
    csv.Row({"a"});
  }
  EXPECT_EQ(with.str(),
            "\xEF\xBB\xBF"
            "a\r\n");
  EXPECT_EQ(without.str(), "a\r\n");
}

TEST(CsvWriter, DefusingCanBeTurnedOff) {
  std::ostringstream out;
  CsvWriter csv(out, {.bom = false, .defuse_formulas = false});
  std::vector<std::string> row = {"=1", "x,y"};
  csv.Row(row);
  EXPECT_EQ(out.str(), "=1,\"x,y\"\r\n");
}

TEST(CsvWriter, NonFiniteNumbersAreEmptyFields) {
  std::ostringstream out;
  CsvWriter csv(out);
  csv.Number(std::numeric_limits<double>::quiet_NaN());
  csv.Number(std::numeric_limits<double>::infinity());
  csv.Number(0.1);
  csv.EndRow();
  EXPECT_EQ(out.str(), ",,0.1\r\n");
}

}  // namespace
}  // namespace touchpoint::web
