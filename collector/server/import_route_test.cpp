#include "import_route.h"

#include <gtest/gtest.h>

#include <sstream>

namespace touchpoint::collector {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(ImportQueryTest, MapsEveryParameterOntoTheCliOptions) {
  auto r = ParseImportQuery("cjm", {{"format", "CSV"},
                                    {"map", "text=Review,rating=Stars"},
                                    {"delimiter", ";"},
                                    {"interviewer", "Maria"},
                                    {"interviewer", "Олена"},
                                    {"interviewer", ""},
                                    {"interview", "zoom-1"},
                                    {"rating_scale", "10"},
                                    {"name", "C:\\exports\\reviews.csv"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->options.survey_id, "cjm");
  EXPECT_EQ(r->options.format, "csv");
  EXPECT_EQ(r->options.map.at("text"), "Review");
  EXPECT_EQ(r->options.map.at("rating"), "Stars");
  EXPECT_EQ(r->options.delimiter, ';');
  EXPECT_EQ(r->options.interviewers, (std::vector<std::string>{"Maria", "Олена"}));
  EXPECT_EQ(r->options.interview, "zoom-1");
  EXPECT_EQ(r->options.rating_scale, 10);
  EXPECT_EQ(r->source_name, "reviews.csv");

  r = ParseImportQuery("cjm", {{"format", "auto"}, {"delimiter", "tab"}, {"rating-scale", "7"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->options.format, "auto");
  EXPECT_EQ(r->options.delimiter, '\t');
  EXPECT_EQ(r->options.rating_scale, 7);
  EXPECT_EQ(r->source_name, "upload");
  EXPECT_TRUE(r->options.map.empty());

  r = ParseImportQuery("cjm", {{"format", "vtt"}, {"format", "docx"}, {"name", "../"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();  // the first value wins
  EXPECT_EQ(r->options.format, "vtt");
  EXPECT_EQ(r->source_name, "upload");
}

TEST(ImportQueryTest, BadParametersAre400NamingTheParameter) {
  struct Case {
    Params params;
    const char* field;
    const char* says;
  } cases[] = {
      {{}, "format", "required"},
      {{{"map", "text=Review"}}, "format", "required"},
      {{{"format", "docx"}}, "format", "unknown format 'docx'"},
      {{{"format", ""}}, "format", "unknown format"},
      {{{"format", "csv"}, {"map", "colour=x"}}, "map", "bad map"},
      {{{"format", "csv"}, {"map", "text"}}, "map", "bad map"},
      {{{"format", "csv"}, {"delimiter", "ab"}}, "delimiter", "one character"},
      {{{"format", "csv"}, {"delimiter", "\""}}, "delimiter", "one character"},
      {{{"format", "csv"}, {"rating_scale", "1"}}, "rating_scale", "2..1000"},
      {{{"format", "csv"}, {"rating_scale", "ten"}}, "rating_scale", "2..1000"},
      {{{"format", "csv"}, {"rating_scale", "99999999999"}}, "rating_scale", "2..1000"},
      {{{"format", "csv"}, {"survey", "x"}}, "survey", "unknown parameter 'survey'"},
      {{{"format", "vtt"}, {"interview", std::string(201, 'x')}}, "interview", "200"},
      {{{"format", "vtt"}, {"name", std::string(300, 'x')}}, "name", "255"},
      {{{"format", "vtt"}, {"name", "\xff.vtt"}}, "name", "UTF-8"},
  };
  for (const Case& c : cases) {
    auto r = ParseImportQuery("cjm", c.params);
    ASSERT_FALSE(r.ok()) << c.field << " " << c.says;
    EXPECT_EQ(r.error().code, Code::kInvalid);
    EXPECT_EQ(r.error().field, c.field) << r.error().ToString();
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(ImportQueryTest, AcceptsTheFileMediaTypesOnly) {
  for (const char* t :
       {"text/csv", "text/plain", "text/vtt", "application/x-subrip", "application/json",
        "application/x-ndjson", "application/jsonl", "application/octet-stream", "Text/CSV"}) {
    EXPECT_TRUE(ImportMediaTypeAllowed(t)) << t;
  }
  for (const char* t : {"", "text/html", "multipart/form-data", "application/x-www-form-urlencoded",
                        "application/xml", "text/csv2"}) {
    EXPECT_FALSE(ImportMediaTypeAllowed(t)) << t;
  }
  EXPECT_NE(ImportMediaTypes().find("application/x-subrip"), std::string::npos);
}

std::string ReadAll(std::istream& in) {
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(CappedStreamBufTest, PassesABodyWithinTheCap) {
  const std::string data(200000, 'a');
  for (int64_t cap : {int64_t{200000}, int64_t{1} << 30}) {
    std::istringstream src(data);
    CappedStreamBuf buf(src, cap);
    std::istream in(&buf);
    EXPECT_EQ(ReadAll(in), data);
    EXPECT_FALSE(buf.exceeded());
    EXPECT_FALSE(buf.failed());
    EXPECT_EQ(buf.bytes(), 200000);
    EXPECT_TRUE(buf.Drain());
  }
}

TEST(CappedStreamBufTest, EndsTheInputPastTheCapAndSaysSo) {
  const std::string data(200001, 'b');
  std::istringstream src(data);
  CappedStreamBuf buf(src, 200000);
  std::istream in(&buf);
  const std::string got = ReadAll(in);
  EXPECT_LE(got.size(), 200000u);
  EXPECT_TRUE(buf.exceeded());
  EXPECT_LE(buf.bytes(), 200000);
  EXPECT_FALSE(buf.Drain());
}

TEST(CappedStreamBufTest, DrainReadsTheRestOfAPartlyReadBody) {
  const std::string data(150000, 'c');
  std::istringstream src(data);
  CappedStreamBuf buf(src, 1 << 20);
  std::istream in(&buf);
  char head[10];
  in.read(head, sizeof head);
  EXPECT_TRUE(buf.Drain());
  EXPECT_EQ(buf.bytes(), 150000);
  EXPECT_TRUE(src.eof());
}

TEST(CappedStreamBufTest, ASourceThatThrowsEndsTheInputAsFailed) {
  struct Throwing : std::streambuf {
    int_type underflow() override { throw std::runtime_error("Timeout"); }
  } throwing;
  std::istream src(&throwing);
  src.exceptions(std::ios::badbit);
  CappedStreamBuf buf(src, 100);
  std::istream in(&buf);
  EXPECT_EQ(ReadAll(in), "");
  EXPECT_TRUE(buf.failed());
  EXPECT_NE(buf.error().find("Timeout"), std::string::npos);
}

TEST(ImportOutcomeJsonTest, ListsErrorRowsAndSaysWhenTruncated) {
  ImportOutcome o;
  o.summary.imported = 2;
  o.summary.skipped = 1;
  o.summary.errors = 2;
  o.error_rows = {{3, "bad date \"yesterday\""}, {4, "broken \xff JSON"}};
  EXPECT_EQ(ImportOutcomeJson(o),
            "{\"imported\":2,\"skipped\":1,\"errors\":2,\"error_rows\":[{\"line\":3,\"error\":\"bad date "
            "\\\"yesterday\\\"\"},{\"line\":4,\"error\":\"broken ? JSON\"}]}");
  o.summary.errors = 250;
  const std::string json = ImportOutcomeJson(o);
  EXPECT_NE(json.find(",\"error_rows_truncated\":true}"), std::string::npos) << json;
  o = {};
  EXPECT_EQ(ImportOutcomeJson(o), "{\"imported\":0,\"skipped\":0,\"errors\":0,\"error_rows\":[]}");
}

}  // namespace
}  // namespace touchpoint::collector
