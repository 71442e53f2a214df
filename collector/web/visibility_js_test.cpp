// visibility_js_test.cpp: the form's inline visibility script (run in Node.js over a minimal fake DOM)
// decides every `visible_if` exactly like surveys::Expr::Eval does on the server, for a table of
// expressions and answer sets. Skipped when `node` is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>

#include "html.h"
#include "testutil/testutil.h"

namespace touchpoint::web {
namespace {

using surveys::Answer;
using surveys::Answers;
using surveys::Question;
using surveys::QuestionType;

const std::vector<std::string> kExpressions = {
    "nps <= 6",
    "nps >= 9",
    "nps < 4",
    "nps > 10",
    "orders < 3",
    "note >= 'hello'",
    "nps == 7",
    "nps != 7",
    "nps == '7'",
    "nps in [4, 10]",
    "nps in ['4']",
    "heard == 'ad'",
    "heard != 'ad'",
    "heard in ['ad', \"friend\"]",
    "heard == 1",
    "not (nps == 1)",
    "!(heard == 'ad') && nps > 3",
    "answered(heard)",
    "answered(factors)",
    "not answered(orders)",
    "answered(nps) and nps < 5 or heard == 'friend'",
    "compared == 'shop_a'",
    "compared != 'shop_a'",
    "compared in ['x', 'shop_b']",
    "compared == heard",
    "orders > 2.5",
    "orders >= -1",
    "orders < 10 and orders > -10",
    "note == 'hello'",
    "note > 'a'",
    "note < nps",
    "(nps > 3 or heard == 'ad') and not (orders == 3)",
};

struct AnswerSet {
  Answers answers;
};

std::vector<Answers> AnswerSets() {
  using List = std::vector<std::string>;
  using Matrix = std::map<std::string, std::string>;
  return {
      {},
      {{"nps", int64_t{4}}},
      {{"nps", int64_t{10}}, {"heard", std::string("ad")}},
      {{"nps", int64_t{7}}, {"heard", std::string("friend")}, {"compared", List{"shop_a", "none"}}},
      {{"heard", std::string("friend")}, {"compared", List{"friend"}}, {"orders", 3.0}},
      {{"compared", List{"shop_b"}}, {"orders", -1.0}, {"nps", int64_t{1}}, {"note", std::string("hello")}},
      {{"orders", 2.75}, {"factors", Matrix{{"price", "high"}}}, {"note", std::string("Zebra")}},
  };
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string HtmlUnescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1))
      s.replace(p, strlen(from), to);
  }
  return s;
}

// The inputs a browser would have for one answer, as fake-DOM JSON.
std::string Inputs(const std::string& qid, const Answer* a) {
  std::string out = "[";
  auto input = [&](const std::string& name, const std::string& type, const std::string& value) {
    if (out.size() > 1) out += ',';
    out += "{\"name\":" + JsonString(name) + ",\"type\":" + JsonString(type) +
           ",\"value\":" + JsonString(value) + ",\"checked\":true}";
  };
  if (a == nullptr) {
    input(qid, "text", "");
  } else if (const auto* s = std::get_if<std::string>(a)) {
    input(qid, "radio", *s);
  } else if (const auto* i = std::get_if<int64_t>(a)) {
    input(qid, "radio", std::to_string(*i));
  } else if (const auto* d = std::get_if<double>(a)) {
    std::ostringstream v;
    v << *d;
    input(qid, "number", v.str());
  } else if (const auto* l = std::get_if<std::vector<std::string>>(a)) {
    for (const std::string& v : *l) input(qid, "checkbox", v);
  } else if (const auto* m = std::get_if<std::map<std::string, std::string>>(a)) {
    for (const auto& [row, col] : *m) input(qid + "." + row, "radio", col);
  }
  return out + "]";
}

// Full path of `node` on $PATH, or "" (RunCommand does not search the PATH).
std::string FindNode() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / "node";
    if (!dir.empty() && std::filesystem::is_regular_file(candidate)) return candidate.string();
  }
  return "";
}

constexpr std::string_view kHarness = R"js(
const fs = require("fs");
const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let out = "";
for (const set of data.sets) {
  const boxes = data.boxes.map((b) => {
    const inputs = (set[b.qid] || []).map((i) => Object.assign({disabled: false}, i));
    return {hidden: false, inputs, attrs: {"data-qid": b.qid, "data-qtype": b.qtype, "data-visible-if": b.cond},
            getAttribute(n) { return this.attrs[n] === undefined ? null : this.attrs[n]; },
            querySelectorAll() { return this.inputs; }};
  });
  const form = {elements: boxes.flatMap((b) => b.inputs), querySelectorAll() { return boxes; },
                addEventListener() {}};
  global.document = {getElementById(id) { return id === "tp-form" ? form : null; }};
  new Function(data.script)();
  out += boxes.filter((b) => b.attrs["data-visible-if"]).map((b) => (b.hidden ? "0" : "1")).join("") + "\n";
}
process.stdout.write(out);
)js";

TEST(VisibilityScript, AgreesWithTheServerSideEvaluator) {
  const std::string node = FindNode();
  if (node.empty() || testutil::RunCommand({node, "--version"}).exit_code != 0) {
    GTEST_SKIP() << "node is not installed";
  }

  surveys::Survey s;
  s.id = "vis";
  s.languages = {"en"};
  auto add = [&](const char* id, QuestionType type) {
    Question q;
    q.id = id;
    q.type = type;
    q.text = {{"en", id}};
    s.questions.push_back(q);
  };
  add("nps", QuestionType::kNps);
  add("heard", QuestionType::kSingleChoice);
  add("compared", QuestionType::kMultipleChoice);
  add("orders", QuestionType::kNumber);
  add("factors", QuestionType::kMatrix);
  add("note", QuestionType::kText);
  std::vector<std::shared_ptr<const surveys::Expr>> exprs;
  for (size_t i = 0; i < kExpressions.size(); ++i) {
    auto e = surveys::Expr::Parse(kExpressions[i]);
    ASSERT_TRUE(e.ok()) << kExpressions[i] << ": " << e.error().message;
    exprs.push_back(*e);
    Question q;
    q.id = "c" + std::to_string(i);
    q.type = QuestionType::kText;
    q.visible_if = kExpressions[i];
    s.questions.push_back(q);
  }
  const std::string html = RenderForm(s, "en", Catalogs(), nullptr, {}, "/s/vis");

  // The boxes as rendered (qid, type and the unescaped condition), in document order.
  std::string boxes = "[";
  const std::regex box(R"re(data-qid="([^"]*)" data-qtype="([^"]*)"(?: data-visible-if="([^"]*)")?)re");
  size_t conditions = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), box); it != std::sregex_iterator(); ++it) {
    if (boxes.size() > 1) boxes += ',';
    const std::string cond = HtmlUnescape((*it)[3]);
    conditions += !cond.empty();
    boxes += "{\"qid\":" + JsonString((*it)[1].str()) + ",\"qtype\":" + JsonString((*it)[2].str()) +
             ",\"cond\":" + (cond.empty() ? std::string("null") : JsonString(cond)) + "}";
  }
  boxes += "]";
  ASSERT_EQ(conditions, kExpressions.size());

  std::string sets = "[", expected;
  for (const Answers& answers : AnswerSets()) {
    if (sets.size() > 1) sets += ',';
    sets += "{";
    bool first = true;
    for (const char* qid : {"nps", "heard", "compared", "orders", "factors", "note"}) {
      auto it = answers.find(qid);
      if (!first) sets += ',';
      first = false;
      sets += JsonString(qid) + ":" + Inputs(qid, it == answers.end() ? nullptr : &it->second);
    }
    sets += "}";
    surveys::AnswersLookup lookup(answers);
    for (const auto& e : exprs) expected += e->Eval(lookup) ? '1' : '0';
    expected += '\n';
  }
  sets += "]";
  ASSERT_NE(expected.find('0'), std::string::npos);
  ASSERT_NE(expected.find('1'), std::string::npos);

  const size_t open = html.find("<script>") + 8;
  const std::string script = html.substr(open, html.find("</script>", open) - open);
  testutil::TempDir dir;
  testutil::WriteFile(dir.path() / "harness.js", std::string(kHarness));
  testutil::WriteFile(dir.path() / "data.json", "{\"script\":" + JsonString(script) + ",\"boxes\":" + boxes +
                                                    ",\"sets\":" + sets + "}");
  const auto run =
      testutil::RunCommand({node, (dir.path() / "harness.js").string(), (dir.path() / "data.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  // Compare per answer set and expression, naming the disagreements.
  std::istringstream got_lines(run.out), want_lines(expected);
  std::string got, want;
  const auto all_sets = AnswerSets();
  for (size_t set = 0; std::getline(want_lines, want); ++set) {
    ASSERT_TRUE(std::getline(got_lines, got)) << "missing output for answer set " << set;
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i], want[i]) << "answer set " << set << ", expression: " << kExpressions[i];
    }
  }
}

}  // namespace
}  // namespace touchpoint::web
