// html.cpp: form, thank-you and error pages (see html.h).
#include "html.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include "messages.h"

namespace touchpoint::web {

namespace {

using surveys::Answer;
using surveys::Question;
using surveys::QuestionType;
using surveys::Survey;

// ---------------------------------------------------------------------------------------------------------
// Static page assets. Their exact bytes are hashed into FormCsp(); keep them free of user data.

constexpr std::string_view kCss =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1b1b1b;"
    "background:#f4f5f7}"
    "main{max-width:42rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}"
    ".lang{margin:0 0 1rem;font-size:.95rem}"
    ".lang a{display:inline-block;padding:.6rem .5rem;min-height:44px}"
    ".lang a[aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}"
    ".q{background:#fff;border:1px solid #cfd3d9;border-radius:8px;padding:1rem;margin:0 0 1rem}"
    ".q.invalid{border:2px solid #b00020}"
    "fieldset{border:0;margin:0;padding:0;min-width:0}"
    "legend,.qlabel{display:block;font-weight:600;font-size:1.05rem;padding:0;margin:0 0 .5rem}"
    ".req,.opt{font-weight:400;color:#555;font-size:.9rem}"
    ".help{color:#555;margin:.25rem 0 .5rem}"
    ".choice{display:flex;align-items:center;gap:.6rem;min-height:44px;padding:.2rem 0;cursor:pointer}"
    ".choice input{width:1.4rem;height:1.4rem;margin:0;flex:none}"
    ".scale{display:flex;flex-wrap:wrap;gap:.3rem}"
    ".scale .choice{flex-direction:column;justify-content:center;gap:.1rem;min-width:2.75rem;"
    "text-align:center}"
    ".anchors{display:flex;justify-content:space-between;gap:1rem;color:#555;font-size:.9rem;margin:.25rem 0 "
    "0}"
    "textarea,input[type=number],input[type=date],select{display:block;width:100%;font:inherit;"
    "padding:.6rem;min-height:44px;border:1px solid #7d848e;border-radius:6px;background:#fff;color:inherit}"
    "textarea{min-height:7rem;resize:vertical}"
    ".matrix{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{padding:.4rem;text-align:center;border-bottom:1px solid #e3e6ea}"
    "th[scope=row]{text-align:left;font-weight:400}"
    "td input{width:1.4rem;height:1.4rem}"
    ".rank{margin:.5rem 0}"
    ".rank label{display:block;margin:0 0 .2rem}"
    ".err{color:#b00020;font-weight:600;margin:.25rem 0 .5rem}"
    ".summary{border:3px solid #b00020;background:#fff;padding:1rem;margin:0 0 1rem;border-radius:8px}"
    ".summary h2{margin:0 0 .5rem;font-size:1.2rem}"
    ".summary a{color:#b00020}"
    "button{font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:8px;"
    "padding:.8rem 1.6rem;min-height:48px;width:100%;cursor:pointer}"
    "@media(min-width:40rem){button{width:auto}}"
    "a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid "
    "#ffbf47;outline-offset:2px}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    "[hidden]{display:none!important}";

// Evaluates data-visible-if with the grammar of surveys/expr.h over the live form values; questions are
// visited in order, and a hidden question's inputs are disabled (so later conditions see it unanswered,
// and the browser neither validates nor sends it). Any parse error shows the question.
constexpr std::string_view kScript =
    "(function(){\"use strict\";"
    "var form=document.getElementById(\"tp-form\");if(!form)return;"
    "var boxes=form.querySelectorAll(\"[data-qid]\"),qs={},i;"
    "for(i=0;i<boxes.length;i++)qs[boxes[i].getAttribute(\"data-qid\")]=boxes[i];"
    "function lex(s){var t=[],i=0,n=s.length,m;while(i<n){var c=s.charAt(i),two=s.substr(i,2);"
    "if(/\\s/.test(c)){i++;continue;}"
    "if([\"==\",\"!=\",\"<=\",\">=\",\"&&\",\"||\"].indexOf(two)>=0){t.push({k:\"op\",v:two});i+=2;continue;}"
    "if(\"<>!()[],\".indexOf(c)>=0){t.push({k:\"op\",v:c});i++;continue;}"
    "if(c===\"'\"||c==='\"'){var j=i+1,v=\"\";while(j<n&&s.charAt(j)!==c){if(s.charAt(j)===\"\\\\\")j++;"
    "v+=s.charAt(j);j++;}if(j>=n)throw 0;t.push({k:\"str\",v:v});i=j+1;continue;}"
    "m=/^-?[A-Za-z0-9_.-]+/.exec(s.substr(i));if(!m)throw 0;i+=m[0].length;"
    "if(/^-?[0-9]+(\\.[0-9]+)?$/.test(m[0]))t.push({k:\"num\",v:parseFloat(m[0]),s:m[0]});"
    "else if(m[0].charAt(0)===\"-\")throw 0;else t.push({k:\"id\",v:m[0]});}return t;}"
    "function ans(q){var b=qs[q];if(!b)return null;var ty=b.getAttribute(\"data-qtype\"),out=[],"
    "els=form.elements;for(var i=0;i<els.length;i++){var e=els[i];if(e.disabled||!e.name)continue;"
    "if(e.name!==q&&!(ty===\"matrix\"&&e.name.indexOf(q+\".\")===0))continue;"
    "if((e.type===\"radio\"||e.type===\"checkbox\")&&!e.checked)continue;"
    "if(String(e.value).trim()===\"\")continue;out.push(String(e.value));}"
    "return out.length?{t:ty,v:out}:null;}"
    "function val(q){var a=ans(q);if(!a)return{u:1};var r={strs:a.t===\"matrix\"?[]:a.v};"
    "if((a.t===\"rating\"||a.t===\"nps\"||a.t===\"number\")&&a.v.length===1&&isFinite(Number(a.v[0])))"
    "r.num=Number(a.v[0]);r.list=r.strs.length!==1;return r;}"
    "function ok(a){return a!==null&&typeof a===\"object\"&&!a.u;}"
    "function hasN(a){return a.num!==undefined;}"
    "function same(x,y){if(x.length!==y.length)return false;x=x.slice().sort();y=y.slice().sort();"
    "for(var i=0;i<x.length;i++)if(x[i]!==y[i])return false;return true;}"
    "function eq(a,b){if(a.lit===\"n\"||b.lit===\"n\"||(hasN(a)&&hasN(b)))return "
    "hasN(a)&&hasN(b)&&a.num===b.num;"
    "if(a.lit===\"s\")return b.strs.indexOf(a.strs[0])>=0;if(b.lit===\"s\")return "
    "a.strs.indexOf(b.strs[0])>=0;"
    "return same(a.strs,b.strs);}"
    "function rel(op,a,b){if(!ok(a)||!ok(b))return false;if(op===\"==\")return eq(a,b);"
    "if(op===\"!=\")return !eq(a,b);var c;if(hasN(a)&&hasN(b))c=a.num<b.num?-1:a.num>b.num?1:0;"
    "else if(!hasN(a)&&!hasN(b)&&!a.list&&!b.list)c=a.strs[0]<b.strs[0]?-1:a.strs[0]>b.strs[0]?1:0;"
    "else return false;return op===\"<\"?c<0:op===\"<=\"?c<=0:op===\">\"?c>0:c>=0;}"
    "function isIn(a,l){if(!ok(a))return false;for(var i=0;i<l.length;i++){var x=l[i];if(!ok(x))continue;"
    "if(x.lit===\"n\"){if(hasN(a)&&a.num===x.num)return true;}"
    "else if((!hasN(a)||a.list)&&a.strs.indexOf(x.strs[0])>=0)return true;}return false;}"
    "function ev(src){var t=lex(src),p=0;"
    "function is(v){return p<t.length&&(t[p].k===\"op\"||t[p].k===\"id\")&&t[p].v===v;}"
    "function eat(v){if(is(v)){p++;return true;}return false;}"
    "function or(){var a=and();while(eat(\"or\")||eat(\"||\")){var b=and();a=a||b;}return a;}"
    "function and(){var a=not();while(eat(\"and\")||eat(\"&&\")){var b=not();a=a&&b;}return a;}"
    "function not(){if(eat(\"not\")||eat(\"!\"))return !not();return cmp();}"
    "function cmp(){var a=prim(),ops=[\"==\",\"!=\",\"<=\",\">=\",\"<\",\">\"],k;"
    "if(eat(\"in\")){if(!eat(\"[\"))throw 0;var l=[];if(!eat(\"]\")){do{l.push(prim());}while(eat(\",\"));"
    "if(!eat(\"]\"))throw 0;}return isIn(a,l);}"
    "for(k=0;k<ops.length;k++)if(eat(ops[k]))return rel(ops[k],a,prim());"
    "return typeof a===\"boolean\"?a:ok(a);}"
    "function prim(){if(p>=t.length)throw 0;var k=t[p];"
    "if(eat(\"(\")){var v=or();if(!eat(\")\"))throw 0;return v;}"
    "if(k.k===\"id\"&&k.v===\"answered\"){p++;if(!eat(\"(\"))throw 0;var q=t[p++];"
    "if(!q||q.k!==\"id\"||!eat(\")\"))throw 0;return ans(q.v)!==null;}p++;"
    "if(k.k===\"num\")return{num:k.v,strs:[k.s],lit:\"n\",list:false};"
    "if(k.k===\"str\")return{strs:[k.v],lit:\"s\",list:false};"
    "if(k.k===\"id\"&&[\"and\",\"or\",\"not\",\"in\"].indexOf(k.v)<0)return val(k.v);throw 0;}"
    "var r=or();if(p!==t.length)throw 0;return r;}"
    "function update(){for(var i=0;i<boxes.length;i++){var b=boxes[i],c=b.getAttribute(\"data-visible-if\");"
    "if(!c)continue;var v=true;try{v=!!ev(c);}catch(e){v=true;}b.hidden=!v;"
    "var f=b.querySelectorAll(\"input,select,textarea\");for(var j=0;j<f.length;j++)f[j].disabled=!v;}}"
    "form.addEventListener(\"change\",update);form.addEventListener(\"input\",update);update();"
    "})();";

std::string Sha256Base64(std::string_view data) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(data.data(), static_cast<unsigned>(data.size()));
  const Poco::DigestEngine::Digest& digest = sha.digest();
  std::ostringstream out;
  Poco::Base64Encoder b64(out);
  b64.rdbuf()->setLineLength(0);
  b64.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  b64.close();
  return out.str();
}

// ---------------------------------------------------------------------------------------------------------
// Text helpers.

// Code point count of UTF-8 (lead bytes).
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return "";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "";
}

// Text of `t` in `lang`, else the survey's default language, else the first present.
std::string Pick(const Survey& s, const surveys::LangText& t, const std::string& lang) {
  if (auto it = t.find(lang); it != t.end() && !it->second.empty()) return it->second;
  if (auto it = t.find(s.default_language); it != t.end() && !it->second.empty()) return it->second;
  for (const auto& [code, text] : t) {
    if (!text.empty()) return text;
  }
  return "";
}

std::string ResolveLanguage(const Survey& s, std::string_view lang) {
  const std::string code = PrimarySubtag(lang);
  for (const std::string& l : s.languages) {
    if (l == code) return l;
  }
  return s.default_language.empty() ? std::string("en") : s.default_language;
}

std::string LanguageName(const std::string& code) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"en", "English"}, {"ru", "Русский"}, {"uk", "Українська"}, {"ro", "Română"}};
  auto it = kNames.find(code);
  return it == kNames.end() ? code : it->second;
}

// Percent-encodes a query value (unreserved characters pass).
std::string UrlEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// Every string an answer holds: one for scalars, several for lists; matrix answers give their columns.
std::vector<std::string> AnswerStrings(const Answer& a) {
  std::vector<std::string> out;
  if (const auto* s = std::get_if<std::string>(&a)) {
    out.push_back(*s);
  } else if (const auto* i = std::get_if<int64_t>(&a)) {
    out.push_back(std::to_string(*i));
  } else if (const auto* d = std::get_if<double>(&a)) {
    out.push_back(FormatNumber(*d));
  } else if (const auto* l = std::get_if<std::vector<std::string>>(&a)) {
    out = *l;
  } else if (const auto* m = std::get_if<std::map<std::string, std::string>>(&a)) {
    for (const auto& [row, col] : *m) out.push_back(col);
  }
  return out;
}

const Answer* FindAnswer(const surveys::Response* r, const std::string& qid) {
  if (r == nullptr) return nullptr;
  auto it = r->answers.find(qid);
  return it == r->answers.end() ? nullptr : &it->second;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// True if the answer holds something (a non-blank string, a number, a non-empty list or map).
bool HasValue(const Answer* a) {
  if (a == nullptr) return false;
  if (const auto* s = std::get_if<std::string>(a)) return !IsBlank(*s);
  if (const auto* l = std::get_if<std::vector<std::string>>(a)) return !l->empty();
  if (const auto* m = std::get_if<std::map<std::string, std::string>>(a)) return !m->empty();
  return true;
}

// The question an error field names ("answers.<qid>" or "answers.<qid>.<row>", or without the prefix),
// with the row part. Ids may contain '.', so the longest matching question id wins.
const Question* QuestionForField(const Survey& s, std::string_view field, std::string* row) {
  constexpr std::string_view kPrefix = "answers.";
  if (field.substr(0, kPrefix.size()) == kPrefix) field.remove_prefix(kPrefix.size());
  const Question* best = nullptr;
  for (const Question& q : s.questions) {
    if (q.id.empty() || (best != nullptr && q.id.size() <= best->id.size())) continue;
    if (field == q.id ||
        (field.size() > q.id.size() && field.substr(0, q.id.size()) == q.id && field[q.id.size()] == '.')) {
      best = &q;
    }
  }
  if (best != nullptr && row != nullptr) {
    *row = field.size() > best->id.size() ? std::string(field.substr(best->id.size() + 1)) : std::string();
  }
  return best;
}

bool IsRadioType(QuestionType t) {
  return t == QuestionType::kSingleChoice || t == QuestionType::kLikert || t == QuestionType::kNps ||
         t == QuestionType::kRating;
}

// Rating scales are bounded by the survey parser (span <= 100); this guards hand-built surveys.
constexpr int64_t kMaxScalePoints = 101;
constexpr int64_t kDefaultMaxLength = 10000;

// ---------------------------------------------------------------------------------------------------------
// Page skeleton.

void BeginPage(std::string& out, const std::string& lang, std::string_view title) {
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += HtmlEscape(lang);
  out +=
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>";
  out += HtmlEscape(title);
  out += "</title><style>";
  out += kCss;
  out += "</style></head>\n<body><main>\n";
}

void EndPage(std::string& out, bool with_script) {
  out += "</main>";
  if (with_script) {
    out += "<script>";
    out += kScript;
    out += "</script>";
  }
  out += "</body></html>\n";
}

// ---------------------------------------------------------------------------------------------------------
// Form rendering.

struct QuestionErrors {
  std::vector<std::string> messages;  // localized, de-duplicated
};

class FormRenderer {
 public:
  FormRenderer(const Survey& s, std::string lang, const Catalogs& c, const surveys::Response* kept)
      : s_(s), lang_(std::move(lang)), c_(c), kept_(kept) {}

  std::string Render(const std::vector<FieldError>& errors, std::string_view action);

 private:
  std::string T(std::string_view msgid) const { return c_.Translate(lang_, msgid); }
  std::string Text(const surveys::LangText& t) const { return Pick(s_, t, lang_); }
  std::string FirstControlId(const Question& q) const;
  void RenderQuestion(std::string& out, const Question& q, size_t index);
  void RenderChoices(std::string& out, const Question& q, const std::string& qid, bool checkbox,
                     const std::string& attrs);
  void RenderScale(std::string& out, const Question& q, const std::string& qid, int64_t lo, int64_t hi,
                   const std::string& attrs);
  void RenderMatrix(std::string& out, const Question& q, const std::string& qid, const std::string& attrs);
  void RenderRanking(std::string& out, const Question& q, const std::string& qid, const std::string& attrs);
  bool Kept(const Question& q, std::string_view value) const;

  const Survey& s_;
  const std::string lang_;
  const Catalogs& c_;
  const surveys::Response* kept_;
  std::map<const Question*, QuestionErrors> errors_;
};

std::string FormRenderer::FirstControlId(const Question& q) const {
  const std::string qid = HtmlEscape(q.id);
  switch (q.type) {
    case QuestionType::kSingleChoice:
    case QuestionType::kMultipleChoice:
    case QuestionType::kLikert:
    case QuestionType::kNps:
    case QuestionType::kRating:
      return "f-" + qid + "-0";
    case QuestionType::kMatrix:
      return "f-" + qid + "-0-0";
    case QuestionType::kRanking:
      return "f-" + qid + "-1";
    case QuestionType::kText:
    case QuestionType::kNumber:
    case QuestionType::kDate:
      return "f-" + qid;
  }
  return "q-" + qid;
}

bool FormRenderer::Kept(const Question& q, std::string_view value) const {
  const Answer* a = FindAnswer(kept_, q.id);
  if (a == nullptr) return false;
  for (const std::string& v : AnswerStrings(*a)) {
    if (v == value) return true;
  }
  return false;
}

std::string FormRenderer::Render(const std::vector<FieldError>& errors, std::string_view action) {
  // Group the errors by question, localized; the rest go to the summary only.
  std::vector<std::string> general;
  for (const FieldError& e : errors) {
    const Question* q = QuestionForField(s_, e.field, nullptr);
    std::string message = LocalizeFieldError(s_, kept_, e, lang_, c_);
    std::vector<std::string>& list = q != nullptr ? errors_[q].messages : general;
    if (std::find(list.begin(), list.end(), message) == list.end()) list.push_back(std::move(message));
  }

  std::string title = Text(s_.title);
  if (title.empty()) title = T(msg::kSurvey);
  std::string out;
  out.reserve(16384);
  BeginPage(out, lang_, errors.empty() ? title : c_.Format(lang_, msg::kErrorTitle, {title}));

  if (s_.languages.size() > 1) {
    out += "<nav class=\"lang\" aria-label=\"" + HtmlEscape(T(msg::kLanguage)) + "\">";
    out += HtmlEscape(T(msg::kLanguage)) + ": ";
    for (const std::string& l : s_.languages) {
      out += "<a href=\"?lang=" + HtmlEscape(UrlEncode(l)) + "\" hreflang=\"" + HtmlEscape(l) + "\" lang=\"" +
             HtmlEscape(l) + "\"";
      if (l == lang_) out += " aria-current=\"page\"";
      out += ">" + HtmlEscape(LanguageName(l)) + "</a> ";
    }
    out += "</nav>\n";
  }

  out += "<h1>" + HtmlEscape(title) + "</h1>\n";
  if (std::string d = Text(s_.description); !d.empty())
    out += "<p class=\"help\">" + HtmlEscape(d) + "</p>\n";

  if (!errors.empty()) {
    out += "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"summary-title\">";
    out += "<h2 id=\"summary-title\">" + HtmlEscape(T(msg::kCorrectErrors)) + "</h2>";
    const int64_t count = static_cast<int64_t>(errors_.size() + general.size());
    out += "<p>" +
           HtmlEscape(c_.FormatPlural(lang_, msg::kProblemCount.singular, msg::kProblemCount.plural, count,
                                      {std::to_string(count)})) +
           "</p><ul>";
    for (const std::string& m : general) out += "<li>" + HtmlEscape(m) + "</li>";
    for (const Question& q : s_.questions) {  // in question order
      auto it = errors_.find(&q);
      if (it == errors_.end()) continue;
      for (const std::string& m : it->second.messages) {
        std::string label = Text(q.text);
        if (label.empty()) label = q.id;
        out += "<li><a href=\"#" + FirstControlId(q) + "\">" + HtmlEscape(label) + " — " + HtmlEscape(m) +
               "</a></li>";
      }
    }
    out += "</ul></div>\n";
  }

  out += "<form id=\"tp-form\" method=\"post\" action=\"" + HtmlEscape(action) +
         "\" accept-charset=\"UTF-8\">\n<input type=\"hidden\" name=\"lang\" value=\"" + HtmlEscape(lang_) +
         "\">\n";
  bool any_condition = false;
  for (size_t i = 0; i < s_.questions.size(); ++i) {
    RenderQuestion(out, s_.questions[i], i);
    any_condition = any_condition || !s_.questions[i].visible_if.empty();
  }
  out += "<button type=\"submit\">" + HtmlEscape(T(msg::kSubmit)) + "</button>\n</form>\n";
  EndPage(out, any_condition);
  return out;
}

void FormRenderer::RenderQuestion(std::string& out, const Question& q, size_t index) {
  (void)index;
  const std::string qid = HtmlEscape(q.id);
  auto err = errors_.find(&q);
  const bool invalid = err != errors_.end();

  out += "<div class=\"q";
  if (invalid) out += " invalid";
  out += "\" id=\"q-" + qid + "\" data-qid=\"" + qid + "\" data-qtype=\"" +
         surveys::QuestionTypeName(q.type) + "\"";
  if (!q.visible_if.empty()) out += " data-visible-if=\"" + HtmlEscape(q.visible_if) + "\"";
  out += ">\n";

  // Ids of the texts that describe the controls: help, hints, error.
  std::string help_html, described;
  auto describe = [&](const std::string& id, const std::string& cls, const std::string& html) {
    help_html += "<p class=\"" + cls + "\" id=\"" + id + "\">" + html + "</p>\n";
    if (!described.empty()) described += ' ';
    described += id;
  };
  const std::string help = Text(q.help);
  if (!help.empty()) describe("help-" + qid, "help", HtmlEscape(help));
  // The generic hint only when the author wrote no help of their own (it usually says the same).
  if (q.type == QuestionType::kMultipleChoice && help.empty()) {
    describe("hint-" + qid, "help", HtmlEscape(T(msg::kChooseAll)));
  }
  if (q.type == QuestionType::kRanking) describe("hint-" + qid, "help", HtmlEscape(T(msg::kRankHint)));
  if (q.type == QuestionType::kText && q.max_length) {
    describe("hint-" + qid, "help",
             HtmlEscape(c_.FormatPlural(lang_, msg::kMaxChars.singular, msg::kMaxChars.plural, *q.max_length,
                                        {std::to_string(*q.max_length)})));
  }
  if (q.type == QuestionType::kNps) {
    describe("anchors-" + qid, "anchors",
             "<span>0 — " + HtmlEscape(T(msg::kNotAtAllLikely)) + "</span><span>10 — " +
                 HtmlEscape(T(msg::kExtremelyLikely)) + "</span>");
  }
  if (invalid) {
    std::string html;
    for (const std::string& m : err->second.messages) {
      if (!html.empty()) html += "<br>";
      html += "<span class=\"sr\">" + HtmlEscape(T(msg::kErrorPrefix)) + " </span>" + HtmlEscape(m);
    }
    describe("err-" + qid, "err", html);
  }

  std::string text = Text(q.text);
  if (text.empty()) text = q.id;
  const std::string marker = q.required
                                 ? " <span class=\"req\">(" + HtmlEscape(T(msg::kRequired)) + ")</span>"
                                 : " <span class=\"opt\">(" + HtmlEscape(T(msg::kOptional)) + ")</span>";

  // Attributes for each control (or for the group).
  std::string attrs;
  if (!described.empty()) attrs += " aria-describedby=\"" + described + "\"";
  if (invalid) attrs += " aria-invalid=\"true\"";

  const bool labelled =
      q.type == QuestionType::kText || q.type == QuestionType::kNumber || q.type == QuestionType::kDate;
  if (labelled) {
    out += "<label class=\"qlabel\" for=\"f-" + qid + "\">" + HtmlEscape(text) + marker + "</label>\n";
    out += help_html;
    std::string control_attrs = attrs;
    if (q.required) control_attrs += " required aria-required=\"true\"";
    const Answer* a = FindAnswer(kept_, q.id);
    const std::string value = a != nullptr && !AnswerStrings(*a).empty() ? AnswerStrings(*a).front() : "";
    if (q.type == QuestionType::kText) {
      out += "<textarea id=\"f-" + qid + "\" name=\"" + qid + "\" maxlength=\"" +
             std::to_string(q.max_length.value_or(kDefaultMaxLength)) + "\" rows=\"4\"" + control_attrs + ">";
      // A leading newline right after <textarea> is dropped by HTML parsers; keep one that was typed.
      if (!value.empty() && value.front() == '\n') out += '\n';
      out += HtmlEscape(value) + "</textarea>\n";
    } else if (q.type == QuestionType::kNumber) {
      out += "<input type=\"number\" inputmode=\"decimal\" id=\"f-" + qid + "\" name=\"" + qid +
             "\" step=\"any\"";
      if (q.min) out += " min=\"" + FormatNumber(*q.min) + "\"";
      if (q.max) out += " max=\"" + FormatNumber(*q.max) + "\"";
      out += " value=\"" + HtmlEscape(value) + "\"" + control_attrs + ">\n";
    } else {
      out += "<input type=\"date\" id=\"f-" + qid + "\" name=\"" + qid + "\" value=\"" + HtmlEscape(value) +
             "\" placeholder=\"YYYY-MM-DD\"" + control_attrs + ">\n";
    }
    out += "</div>\n";
    return;
  }

  out += "<fieldset";
  if (IsRadioType(q.type)) {
    out += " role=\"radiogroup\"";
    if (q.required) out += " aria-required=\"true\"";
  }
  out += attrs + ">\n<legend>" + HtmlEscape(text) + marker + "</legend>\n" + help_html;
  std::string control_attrs = attrs;
  switch (q.type) {
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
      RenderChoices(out, q, qid, false, q.required ? std::string(" required") : std::string());
      break;
    case QuestionType::kMultipleChoice:
      RenderChoices(out, q, qid, true, "");
      break;
    case QuestionType::kNps:
      RenderScale(out, q, qid, 0, 10, q.required ? " required" : "");
      break;
    case QuestionType::kRating:
      RenderScale(out, q, qid, q.scale_min, q.scale_max, q.required ? " required" : "");
      break;
    case QuestionType::kMatrix:
      RenderMatrix(out, q, qid, q.required ? " required" : "");
      break;
    case QuestionType::kRanking:
      RenderRanking(out, q, qid, control_attrs + (q.required ? " required aria-required=\"true\"" : ""));
      break;
    case QuestionType::kText:
    case QuestionType::kNumber:
    case QuestionType::kDate:
      break;  // labelled above
  }
  out += "</fieldset>\n</div>\n";
}

void FormRenderer::RenderChoices(std::string& out, const Question& q, const std::string& qid, bool checkbox,
                                 const std::string& attrs) {
  for (size_t i = 0; i < q.options.size(); ++i) {
    const surveys::Option& o = q.options[i];
    const std::string id = "f-" + qid + "-" + std::to_string(i);
    std::string label = Text(o.text);
    if (label.empty()) label = o.id;
    out += "<label class=\"choice\" for=\"" + id + "\"><input type=\"" + (checkbox ? "checkbox" : "radio") +
           "\" id=\"" + id + "\" name=\"" + qid + "\" value=\"" + HtmlEscape(o.id) + "\"";
    if (Kept(q, o.id)) out += " checked";
    out += attrs + "><span>" + HtmlEscape(label) + "</span></label>\n";
  }
}

void FormRenderer::RenderScale(std::string& out, const Question& q, const std::string& qid, int64_t lo,
                               int64_t hi, const std::string& attrs) {
  if (hi < lo) std::swap(lo, hi);
  hi = std::min(hi, lo + kMaxScalePoints - 1);
  out += "<div class=\"scale\">";
  for (int64_t v = lo; v <= hi; ++v) {
    const std::string value = std::to_string(v);
    const std::string id = "f-" + qid + "-" + std::to_string(v - lo);
    out += "<label class=\"choice\" for=\"" + id + "\"><input type=\"radio\" id=\"" + id + "\" name=\"" +
           qid + "\" value=\"" + value + "\"";
    if (Kept(q, value)) out += " checked";
    out += attrs + "><span>" + value + "</span></label>";
  }
  out += "</div>\n";
}

void FormRenderer::RenderMatrix(std::string& out, const Question& q, const std::string& qid,
                                const std::string& attrs) {
  const Answer* a = FindAnswer(kept_, q.id);
  const auto* kept = a != nullptr ? std::get_if<std::map<std::string, std::string>>(a) : nullptr;
  out += "<div class=\"matrix\"><table><thead><tr><td></td>";
  for (const surveys::Option& c : q.columns) {
    std::string label = Text(c.text);
    out += "<th scope=\"col\">" + HtmlEscape(label.empty() ? c.id : label) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (size_t r = 0; r < q.rows.size(); ++r) {
    const surveys::Option& row = q.rows[r];
    std::string row_label = Text(row.text);
    if (row_label.empty()) row_label = row.id;
    const std::string name = qid + "." + HtmlEscape(row.id);
    std::string kept_col;
    if (kept != nullptr) {
      if (auto it = kept->find(row.id); it != kept->end()) kept_col = it->second;
    }
    out += "<tr><th scope=\"row\">" + HtmlEscape(row_label) + "</th>";
    for (size_t c = 0; c < q.columns.size(); ++c) {
      const surveys::Option& col = q.columns[c];
      std::string col_label = Text(col.text);
      if (col_label.empty()) col_label = col.id;
      const std::string id = "f-" + qid + "-" + std::to_string(r) + "-" + std::to_string(c);
      out += "<td><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" +
             HtmlEscape(col.id) + "\"";
      if (!kept_col.empty() && kept_col == col.id) out += " checked";
      out += attrs + "><label class=\"sr\" for=\"" + id + "\">" + HtmlEscape(row_label) + ": " +
             HtmlEscape(col_label) + "</label></td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
}

void FormRenderer::RenderRanking(std::string& out, const Question& q, const std::string& qid,
                                 const std::string& attrs) {
  const Answer* a = FindAnswer(kept_, q.id);
  const std::vector<std::string> kept = a != nullptr ? AnswerStrings(*a) : std::vector<std::string>();
  for (size_t pos = 0; pos < q.options.size(); ++pos) {
    const std::string id = "f-" + qid + "-" + std::to_string(pos + 1);
    out += "<div class=\"rank\"><label for=\"" + id + "\">" +
           HtmlEscape(c_.Format(lang_, msg::kRankPosition, {std::to_string(pos + 1)})) +
           "</label><select id=\"" + id + "\" name=\"" + qid + "\"" + attrs + "><option value=\"\">" +
           HtmlEscape(T(msg::kSelectPlaceholder)) + "</option>";
    for (const surveys::Option& o : q.options) {
      std::string label = Text(o.text);
      out += "<option value=\"" + HtmlEscape(o.id) + "\"";
      if (pos < kept.size() && kept[pos] == o.id) out += " selected";
      out += '>';
      out += HtmlEscape(label.empty() ? o.id : label);
      out += "</option>";
    }
    out += "</select></div>\n";
  }
}

// Error-page texts by status.
struct StatusText {
  std::string_view title, text;
};

StatusText TextsFor(int status) {
  switch (status) {
    case 400:
      return {msg::kBadRequestTitle, msg::kBadRequestText};
    case 404:
      return {msg::kNotFoundTitle, msg::kNotFoundText};
    case 410:
      return {msg::kClosedTitle, msg::kClosedText};
    case 413:
      return {msg::kTooLargeTitle, msg::kTooLargeText};
    case 429:
      return {msg::kTooManyTitle, msg::kTooManyText};
    case 503:
      return {msg::kBusyTitle, msg::kBusyText};
    default:
      if (status >= 500) return {msg::kServerErrorTitle, msg::kServerErrorText};
      return {msg::kGenericTitle, msg::kGenericText};
  }
}

}  // namespace

// -------------------------------------------------------------------------------------------------------------

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        case '\0':
          out += "\xEF\xBF\xBD";
          break;
        default:
          out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    // Multi-byte sequence: copy if well-formed (no overlongs, surrogates or > U+10FFFF), else U+FFFD.
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool ok = len > 0 && i + len <= n && p[i + 1] >= lo && p[i + 1] <= hi;
    for (size_t k = 2; ok && k < len; ++k) ok = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

const std::string& FormCsp() {
  static const std::string csp =
      "default-src 'none'; style-src 'sha256-" + Sha256Base64(kCss) + "'; script-src 'sha256-" +
      Sha256Base64(kScript) +
      "'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  return csp;
}

std::string LocalizeFieldError(const Survey& survey, const surveys::Response* kept, const FieldError& error,
                               std::string_view lang_in, const Catalogs& c) {
  const std::string lang = ResolveLanguage(survey, lang_in);
  std::string row;
  const Question* q = QuestionForField(survey, error.field, &row);
  if (q == nullptr) return c.Translate(lang, msg::kErrUnknown);
  const Answer* a = FindAnswer(kept, q->id);
  const std::string& code = error.code;  // surveys' machine code, may be empty

  // Codes whose message does not depend on the question type.
  if (code == "unknown_question" || code == "unknown_row") return c.Translate(lang, msg::kErrUnknown);
  if (code == "invalid_text") return c.Translate(lang, msg::kErrCheck);
  if (code == "invalid_date") return c.Translate(lang, msg::kErrDate);
  if (code == "too_long") {
    const int64_t max = q->max_length.value_or(kDefaultMaxLength);
    return c.FormatPlural(lang, msg::kErrTooLong.singular, msg::kErrTooLong.plural, max,
                          {std::to_string(max)});
  }

  if (q->type == QuestionType::kMatrix) {
    const auto* m = a != nullptr ? std::get_if<std::map<std::string, std::string>>(a) : nullptr;
    if (!row.empty()) {
      const bool answered = code.empty() ? m != nullptr && m->count(row) > 0 : code != "required";
      return c.Translate(lang, answered ? msg::kErrRowChoice : msg::kErrEveryRow);
    }
    if (m == nullptr || m->empty()) {
      return c.Translate(lang, q->required ? msg::kErrRequired : msg::kErrEveryRow);
    }
    return c.Translate(lang, msg::kErrEveryRow);
  }
  if (code == "required") return c.Translate(lang, msg::kErrRequired);
  // Without a code: nothing (or only blanks) kept for a required question means it was left empty. A value
  // that could not be parsed at all (e.g. "abc" for a number) is not kept either; with a code, or for an
  // optional question, the type's rule below explains it.
  if (code.empty() && !HasValue(a) && q->required) return c.Translate(lang, msg::kErrRequired);
  switch (q->type) {
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
      return c.Translate(lang, msg::kErrChooseOne);
    case QuestionType::kMultipleChoice:
      return c.Translate(lang, msg::kErrChooseListed);
    case QuestionType::kRating:
      return c.Format(lang, msg::kErrWholeNumberBetween,
                      {std::to_string(q->scale_min), std::to_string(q->scale_max)});
    case QuestionType::kNps:
      return c.Format(lang, msg::kErrWholeNumberBetween, {"0", "10"});
    case QuestionType::kNumber:
      if (q->min && q->max)
        return c.Format(lang, msg::kErrNumberBetween, {FormatNumber(*q->min), FormatNumber(*q->max)});
      if (q->min) return c.Format(lang, msg::kErrNumberMin, {FormatNumber(*q->min)});
      if (q->max) return c.Format(lang, msg::kErrNumberMax, {FormatNumber(*q->max)});
      return c.Translate(lang, msg::kErrNumber);
    case QuestionType::kDate:
      return c.Translate(lang, msg::kErrDate);
    case QuestionType::kRanking:
      return c.Translate(lang, msg::kErrRankAll);
    case QuestionType::kText: {
      const int64_t max = q->max_length.value_or(kDefaultMaxLength);
      const auto* s = a != nullptr ? std::get_if<std::string>(a) : nullptr;
      if (s != nullptr && static_cast<int64_t>(CodePoints(*s)) > max) {
        return c.FormatPlural(lang, msg::kErrTooLong.singular, msg::kErrTooLong.plural, max,
                              {std::to_string(max)});
      }
      return c.Translate(lang,
                         q->required && (s == nullptr || IsBlank(*s)) ? msg::kErrRequired : msg::kErrCheck);
    }
    case QuestionType::kMatrix:
      break;  // handled above
  }
  return c.Translate(lang, msg::kErrCheck);
}

std::string RenderForm(const Survey& survey, std::string_view lang, const Catalogs& catalogs,
                       const surveys::Response* kept_answers, const std::vector<FieldError>& errors,
                       std::string_view form_action) {
  FormRenderer r(survey, ResolveLanguage(survey, lang), catalogs, kept_answers);
  return r.Render(errors, form_action);
}

std::string RenderThankYou(const Survey& survey, std::string_view lang_in, const Catalogs& c) {
  const std::string lang = ResolveLanguage(survey, lang_in);
  const std::string title = c.Translate(lang, msg::kThanksTitle);
  std::string out;
  BeginPage(out, lang, title);
  if (std::string t = Pick(survey, survey.title, lang); !t.empty())
    out += "<p class=\"help\">" + HtmlEscape(t) + "</p>\n";
  out +=
      "<h1>" + HtmlEscape(title) + "</h1>\n<p>" + HtmlEscape(c.Translate(lang, msg::kThanksText)) + "</p>\n";
  EndPage(out, false);
  return out;
}

std::string RenderErrorPage(int status, std::string_view lang_in, const Catalogs& c,
                            std::string_view detail) {
  std::string lang = PrimarySubtag(lang_in);
  if (lang.empty() || lang.size() > 8 || !c.Has(lang)) lang = "en";
  const StatusText texts = TextsFor(status);
  const std::string title = c.Translate(lang, texts.title);
  std::string out;
  BeginPage(out, lang, title);
  out += "<h1>" + HtmlEscape(title) + "</h1>\n<p>" + HtmlEscape(c.Translate(lang, texts.text)) + "</p>\n";
  if (!detail.empty()) out += "<p class=\"help\">" + HtmlEscape(detail) + "</p>\n";
  out +=
      "<p class=\"help\">" + HtmlEscape(c.Format(lang, msg::kErrorCode, {std::to_string(status)})) + "</p>\n";
  EndPage(out, false);
  return out;
}

}  // namespace touchpoint::web
