// End-to-end tests of `touchpoint tag` and `touchpoint eval` (the binary, with the shipped lexicons): the
// output contract, ordering, per-line errors, id echo, code-point offsets, and eval agreeing with score.py.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "testutil/testutil.h"
#include "text.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;
using testutil::RunCommand;

template <class... T>
std::string Cat(const T&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(testutil::BinaryPath())) GTEST_SKIP() << "binary not built: " << testutil::BinaryPath();
  }
  testutil::CommandResult Tag(const std::vector<std::string>& flags, const std::string& input) {
    std::vector<std::string> args = {testutil::BinaryPath(), "tag"};
    args.insert(args.end(), flags.begin(), flags.end());
    return RunCommand(args, input);
  }
};

TEST_F(CliTest, OneLinePerInputInOrderWithPerLineErrors) {
  std::string input;
  const int n = 300;  // more than one batch of work per thread
  for (int i = 0; i < n; ++i) {
    if (i % 50 == 7) {
      input += Cat("{\"id\": \"bad", i, "\", \"text\": \"\"}\n");
    } else if (i % 50 == 9) {
      input += "{not json\n";
    } else {
      input += Cat("{\"id\": \"r", i, "\", \"text\": \"The courier was late, terrible service\"}\n");
    }
  }
  auto r = Tag({"--threads", "4", "--quiet"}, input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto v = ParseJson(lines[i]);
    ASSERT_TRUE(v.ok()) << lines[i];
    if (i % 50 == 7) {
      EXPECT_EQ(v->Find("id")->str, Cat("bad", i));
      EXPECT_NE(v->Find("error"), nullptr);
    } else if (i % 50 == 9) {
      EXPECT_EQ(v->Find("id")->type, JsonValue::Type::kNull);
      EXPECT_NE(v->Find("error"), nullptr);
    } else {
      EXPECT_EQ(v->Find("id")->str, Cat("r", i));
      EXPECT_EQ(v->Find("sentiment")->Find("label")->str, "negative");
    }
  }
  EXPECT_TRUE(r.err.empty());  // --quiet
}

TEST_F(CliTest, IdsEchoedAsGivenAndPlainTextLineNumbers) {
  auto r = Tag({"--quiet"}, "{\"id\": 42, \"text\": \"good\"}\n{\"text\": \"no id\"}\nplain text line\n\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("{\"id\":42,", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("{\"id\":null,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("{\"id\":\"3\",", 0), 0u) << lines[2];
  EXPECT_NE(lines[3].find("\"error\""), std::string::npos);
  EXPECT_EQ(lines[3].rfind("{\"id\":\"4\",", 0), 0u) << lines[3];
}

TEST_F(CliTest, InvalidUtf8IsAnErrorLineNotACrash) {
  auto r = Tag({"--quiet", "--format", "text"}, "ok line\nbad \xff\xfe line\nlast line\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("\"error\""), std::string::npos);
  EXPECT_EQ(FindInvalidUtf8(r.out), std::string_view::npos);
  EXPECT_NE(lines[2].find("\"sentiment\""), std::string::npos);
}

TEST_F(CliTest, OffsetsAreCodePointsIntoTheGivenText) {
  std::string text = "Кур'єр 😀 запізнився, доставка жахлива";
  auto r = Tag({"--quiet", "--format", "text", "--lang", "uk"}, text + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = ParseJson(Lines(r.out).at(0));
  ASSERT_TRUE(v.ok());
  std::u32string u32;
  for (size_t p = 0; p < text.size();) u32.push_back(DecodeUtf8(text, &p));
  const JsonValue* ev = v->Find("evidence");
  ASSERT_NE(ev, nullptr);
  ASSERT_FALSE(ev->items.empty());
  for (const JsonValue& e : ev->items) {
    int64_t b = static_cast<int64_t>(e.Find("start")->number),
            en = static_cast<int64_t>(e.Find("end")->number);
    ASSERT_LE(0, b);
    ASSERT_LT(b, en);
    ASSERT_LE(en, static_cast<int64_t>(u32.size()));
    if (e.Find("label")->str == "delivery") {
      std::string span;
      for (int64_t i = b; i < en; ++i) AppendUtf8(u32[i], &span);
      EXPECT_TRUE(span.find("доставка") != std::string::npos || span.find("Кур'єр") != std::string::npos)
          << span;
    }
  }
}

TEST_F(CliTest, LangPrecedence) {
  auto r = Tag({"--quiet", "--lang", "ro"},
               "{\"text\": \"Courier late\", \"lang\": \"en\"}\n{\"text\": \"Courier late\"}\n"
               "{\"text\": \"The courier was late\", \"lang\": \"xx\"}\n");
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find("\"lang\":\"en\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"lang\":\"ro\""), std::string::npos);
  EXPECT_NE(lines[2].find("\"lang\":\"ro\""), std::string::npos);  // unsupported lang ignored, --lang applies
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Tag({"--lang", "fr"}, "").exit_code, 2);
  EXPECT_EQ(Tag({"--format", "xml"}, "").exit_code, 2);
  EXPECT_EQ(Tag({"--threads", "0"}, "").exit_code, 2);
  EXPECT_EQ(Tag({"--bogus"}, "").exit_code, 2);
  auto help = Tag({"--help"}, "");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: touchpoint tag"), std::string::npos);
  auto e = RunCommand({testutil::BinaryPath(), "eval", "--task", "bogus", "x.jsonl"});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(Tag({"--cues", "/nonexistent/cues.tsv"}, "x\n").exit_code, 1);
}

TEST_F(CliTest, ProjectCuesFlag) {
  testutil::TempDir dir;
  testutil::WriteFile(dir.path() / "cues.tsv", "stage\tonboarding\tsign up\n");
  auto r = Tag({"--quiet", "--cues", (dir.path() / "cues.tsv").string()}, "The sign up was easy\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"onboarding\""), std::string::npos) << r.out;
}

// `touchpoint eval` and eval/score.py agree on the same predictions.
double LastMetric(const std::string& out, const std::string& key) {
  for (const std::string& line : Lines(out)) {
    if (line.rfind(Cat(key, "="), 0) == 0) return std::stod(line.substr(key.size() + 1));
  }
  return -1;
}

void CompareWithScorePy(const fs::path& gold, const std::string& task) {
  fs::path score_py = testutil::SourceDir().parent_path() / "shared" / "eval" / "score.py";
  if (!fs::exists(score_py) || !fs::exists(gold)) GTEST_SKIP() << "no score.py or data";
  testutil::TempDir dir;
  std::string pred = (dir.path() / "pred.jsonl").string();
  auto ours = RunCommand({testutil::BinaryPath(), "eval", "--task", task, gold.string(), "--pred", pred});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  std::string python;
  for (const char* p : {"/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"}) {
    if (fs::exists(p)) {
      python = p;
      break;
    }
  }
  if (python.empty()) GTEST_SKIP() << "no python3";
  std::vector<std::string> py = {python, score_py.string()};
  if (task == "sentiment") {
    py.insert(py.end(), {"sentiment", gold.string(), pred});
  } else {
    py.insert(py.end(), {"tags", gold.string(), pred, "--field", task});
  }
  auto theirs = RunCommand(py);
  ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
  for (const std::string& key : task == "sentiment" ? std::vector<std::string>{"accuracy", "macro_f1"}
                                                    : std::vector<std::string>{"micro_f1", "exact_match"}) {
    double a = LastMetric(ours.out, key), b = LastMetric(theirs.out, key);
    EXPECT_GE(a, 0) << key << "\n" << ours.out;
    EXPECT_DOUBLE_EQ(a, b) << task << " " << key << "\n" << ours.out << "\n" << theirs.out;
  }
  if (task != "sentiment") {
    // "macro_f1=0.xxxx  (over N labels present in gold)"
    auto macro = [](const std::string& out) {
      for (const std::string& line : Lines(out)) {
        if (line.rfind("macro_f1=", 0) == 0) return line;
      }
      return std::string();
    };
    EXPECT_EQ(macro(ours.out), macro(theirs.out));
  }
}

TEST_F(CliTest, EvalAgreesWithScorePy) {
  fs::path data = testutil::SourceDir().parent_path() / "shared" / "data";
  CompareWithScorePy(data / "sentiment" / "dev" / "ro_laroseda_dev.jsonl", "sentiment");
  CompareWithScorePy(data / "labelled" / "dev_uk.jsonl", "sentiment");
  CompareWithScorePy(data / "labelled" / "dev_uk.jsonl", "stages");
  CompareWithScorePy(data / "labelled" / "dev_ro.jsonl", "pain_points");
}

TEST_F(CliTest, EvalOnHandMadeFileWithMissingAndNeutral) {
  testutil::TempDir dir;
  fs::path gold = dir.path() / "gold.jsonl";
  testutil::WriteFile(
      gold,
      "{\"id\": \"a\", \"lang\": \"en\", \"text\": \"great, I love it\", \"label\": \"positive\"}\n"
      "{\"id\": \"b\", \"lang\": \"en\", \"text\": \"terrible, I hate it\", \"label\": \"negative\"}\n"
      "{\"id\": 3, \"lang\": \"en\", \"text\": \"\", \"label\": \"negative\"}\n"
      "{\"id\": \"d\", \"lang\": \"en\", \"text\": \"the box is blue\", \"label\": \"positive\"}\n");
  auto r = RunCommand({testutil::BinaryPath(), "eval", "--task", "sentiment", gold.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // a, b right; 3 missing (empty text); d predicted neutral, which is not a gold class: wrong.
  EXPECT_DOUBLE_EQ(LastMetric(r.out, "accuracy"), 0.5);
  EXPECT_NE(r.out.find("missing=1"), std::string::npos) << r.out;
  auto j = RunCommand({testutil::BinaryPath(), "eval", "--task", "sentiment", gold.string(), "--json"});
  auto v = ParseJson(j.out.substr(0, j.out.find('\n')));
  ASSERT_TRUE(v.ok()) << j.out;
  EXPECT_DOUBLE_EQ(v->Find("accuracy")->number, 0.5);
  CompareWithScorePy(gold, "sentiment");
}

}  // namespace
}  // namespace touchpoint::analysis
