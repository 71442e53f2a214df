// Accuracy regression: runs `touchpoint eval --json` on the dev sets in ../shared/data (skipped when absent)
// and fails when a figure drops more than 0.02 (sentiment sets) or 0.05 (30-text labelled sets) below the
// value recorded here. Record new values when an improvement lands (measured with the shipped lexicons).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "testutil/testutil.h"
#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {
namespace {

namespace fs = std::filesystem;

struct Recorded {
  const char* file;    // under shared/data
  const char* task;    // sentiment | stages | pain_points
  const char* metric;  // macro_f1 | micro_f1
  double value;
  double tolerance;
};

// Measured 2026-11-25 with the lexicons of this commit.
constexpr Recorded kRecorded[] = {
    {"sentiment/dev/en_amazon_dev.jsonl", "sentiment", "macro_f1", 0.6291, 0.02},
    {"sentiment/dev/en_movie.jsonl", "sentiment", "macro_f1", 0.5070, 0.02},
    {"sentiment/dev/en_nyt.jsonl", "sentiment", "macro_f1", 0.5840, 0.02},
    {"sentiment/dev/ro_laroseda_dev.jsonl", "sentiment", "macro_f1", 0.9603, 0.02},
    {"sentiment/dev/uk_hotline_mt.jsonl", "sentiment", "macro_f1", 0.8137, 0.02},
    {"sentiment/dev/ru_tkk.jsonl", "sentiment", "macro_f1", 0.6115, 0.02},
    {"labelled/dev_en.jsonl", "stages", "micro_f1", 0.8254, 0.05},
    {"labelled/dev_en.jsonl", "stages", "macro_f1", 0.6339, 0.05},
    {"labelled/dev_en.jsonl", "pain_points", "micro_f1", 0.5882, 0.05},
    {"labelled/dev_en.jsonl", "pain_points", "macro_f1", 0.5000, 0.05},
    {"labelled/dev_ru.jsonl", "stages", "micro_f1", 0.7805, 0.05},
    {"labelled/dev_ru.jsonl", "stages", "macro_f1", 0.6944, 0.05},
    {"labelled/dev_ru.jsonl", "pain_points", "micro_f1", 0.5769, 0.05},
    {"labelled/dev_ru.jsonl", "pain_points", "macro_f1", 0.3566, 0.05},
    {"labelled/dev_uk.jsonl", "stages", "micro_f1", 0.7815, 0.05},
    {"labelled/dev_uk.jsonl", "stages", "macro_f1", 0.5759, 0.05},
    {"labelled/dev_uk.jsonl", "pain_points", "micro_f1", 0.6429, 0.05},
    {"labelled/dev_uk.jsonl", "pain_points", "macro_f1", 0.5816, 0.05},
    {"labelled/dev_ro.jsonl", "stages", "micro_f1", 0.8222, 0.05},
    {"labelled/dev_ro.jsonl", "stages", "macro_f1", 0.8574, 0.05},
    {"labelled/dev_ro.jsonl", "pain_points", "micro_f1", 0.7347, 0.05},
    {"labelled/dev_ro.jsonl", "pain_points", "macro_f1", 0.6190, 0.05},
};

TEST(AccuracyRegressionTest, DevSetsDoNotDrop) {
  fs::path data = testutil::SourceDir().parent_path() / "shared" / "data";
  if (!fs::is_directory(data)) GTEST_SKIP() << "no dev data at " << data;
  if (!fs::exists(testutil::BinaryPath())) GTEST_SKIP() << "binary not built";
  for (const Recorded& r : kRecorded) {
    fs::path file = data / r.file;
    if (!fs::exists(file)) continue;
    auto out =
        testutil::RunCommand({testutil::BinaryPath(), "eval", "--task", r.task, file.string(), "--json"});
    ASSERT_EQ(out.exit_code, 0) << r.file << ": " << out.err;
    auto v = ParseJson(out.out.substr(0, out.out.find('\n')));
    ASSERT_TRUE(v.ok()) << out.out;
    const JsonValue* m = v->Find(r.metric);
    ASSERT_NE(m, nullptr) << out.out;
    std::printf("%-40s %-12s %-9s %.4f (recorded %.4f)\n", r.file, r.task, r.metric, m->number, r.value);
    EXPECT_GE(m->number, r.value - r.tolerance) << r.file << " " << r.task << " " << r.metric;
  }
}

}  // namespace
}  // namespace touchpoint::analysis
