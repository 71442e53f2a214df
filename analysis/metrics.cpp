// metrics.cpp: see metrics.h; the arithmetic mirrors eval/score.py line by line.
#include "touchpoint/analysis/metrics.h"

#include <cstdarg>
#include <cstdio>

#include "touchpoint/analysis/json.h"

namespace touchpoint::analysis {

namespace {

Prf MakePrf(size_t tp, size_t n_pred, size_t n_gold) {
  Prf x;
  x.p = n_pred ? static_cast<double>(tp) / n_pred : 0.0;
  x.r = n_gold ? static_cast<double>(tp) / n_gold : 0.0;
  x.f1 = x.p + x.r > 0 ? 2 * x.p * x.r / (x.p + x.r) : 0.0;
  x.gold_n = n_gold;
  x.pred_n = n_pred;
  return x;
}

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Fmt(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

std::string Num(double v) { return Fmt("%.6f", v); }

}  // namespace

SentimentScores ScoreSentiment(const std::vector<std::string>& gold,
                               const std::vector<std::optional<std::string>>& pred) {
  static const char* kLabels[] = {"positive", "negative", "neutral"};
  SentimentScores s;
  for (const char* c : kLabels) {
    for (const std::string& g : gold) {
      if (g == c) {
        s.classes.push_back(c);
        break;
      }
    }
  }
  std::map<std::string, size_t> tp, n_pred, n_gold;
  size_t correct = 0;
  s.n = gold.size();
  for (size_t i = 0; i < gold.size(); ++i) {
    const std::string& g = gold[i];
    ++n_gold[g];
    std::string p;
    if (i >= pred.size() || !pred[i]) {
      ++s.missing;
      p = "(missing)";
    } else {
      p = *pred[i];
    }
    if (p == "positive" || p == "negative" || p == "neutral") ++n_pred[p];
    if (p == g) {
      ++correct;
      ++tp[g];
    }
    ++s.confusion[g][p];
  }
  s.accuracy = s.n ? static_cast<double>(correct) / s.n : 0.0;
  double sum = 0;
  for (const std::string& c : s.classes) {
    s.per_class[c] = MakePrf(tp[c], n_pred[c], n_gold[c]);
    sum += s.per_class[c].f1;
  }
  s.macro_f1 = s.classes.empty() ? 0.0 : sum / s.classes.size();
  for (const char* c : kLabels) {
    bool is_class = false;
    for (const std::string& k : s.classes) is_class |= k == c;
    if (!is_class && n_pred[c]) s.other_predicted[c] = n_pred[c];
  }
  return s;
}

TagScores ScoreTags(const std::vector<std::optional<std::set<std::string>>>& gold,
                    const std::vector<std::optional<std::set<std::string>>>& pred) {
  TagScores s;
  size_t tp = 0, fp = 0, fn = 0, exact = 0;
  std::map<std::string, size_t> lab_tp, lab_pred, lab_gold;
  for (size_t i = 0; i < gold.size(); ++i) {
    if (!gold[i]) {
      ++s.skipped;
      continue;
    }
    ++s.n;
    const std::set<std::string>& g = *gold[i];
    std::set<std::string> p;
    if (i < pred.size() && pred[i]) {
      p = *pred[i];
      if (p == g) ++exact;
    } else {
      ++s.missing;
    }
    for (const std::string& l : p) {
      if (g.count(l)) {
        ++tp;
        ++lab_tp[l];
      } else {
        ++fp;
      }
      ++lab_pred[l];
    }
    for (const std::string& l : g) {
      if (!p.count(l)) ++fn;
      ++lab_gold[l];
    }
  }
  Prf micro = MakePrf(tp, tp + fp, tp + fn);
  s.micro_p = micro.p;
  s.micro_r = micro.r;
  s.micro_f1 = micro.f1;
  double sum = 0;
  for (const auto& [l, n] : lab_gold) {
    s.per_label[l] = MakePrf(lab_tp[l], lab_pred[l], n);
    sum += s.per_label[l].f1;
  }
  s.macro_f1 = lab_gold.empty() ? 0.0 : sum / lab_gold.size();
  for (const auto& [l, n] : lab_pred) {
    if (!lab_gold.count(l)) s.unknown_predicted[l] = n;
  }
  s.exact_match = s.n ? static_cast<double>(exact) / s.n : 0.0;
  return s;
}

std::string FormatSentimentScores(const SentimentScores& s) {
  std::string out;
  std::string classes;
  for (const std::string& c : s.classes) {
    if (!classes.empty()) classes += ',';
    classes += c;
  }
  out += Fmt("n=%zu  classes=%s  missing=%zu\n", s.n, classes.c_str(), s.missing);
  out += Fmt("%-10s %7s %7s %7s %7s %7s\n", "class", "P", "R", "F1", "gold_n", "pred_n");
  for (const std::string& c : s.classes) {
    const Prf& x = s.per_class.at(c);
    out += Fmt("%-10s %7.4f %7.4f %7.4f %7zu %7zu\n", c.c_str(), x.p, x.r, x.f1, x.gold_n, x.pred_n);
  }
  for (const auto& [c, n] : s.other_predicted) {
    out += Fmt("%-10s %7s %7s %7s %7d %7zu   (not a gold class: always wrong)\n", c.c_str(), "-", "-", "-", 0,
               n);
  }
  out += "confusion (rows gold, cols pred):";
  for (const std::string& g : s.classes) {
    out += " " + g + ":";
    for (const auto& [p, n] : s.confusion.at(g)) out += Fmt(" %s=%zu", p.c_str(), n);
    out += " |";
  }
  out.back() = '\n';
  out += Fmt("accuracy=%.4f\n", s.accuracy);
  out += Fmt("macro_f1=%.4f\n", s.macro_f1);
  return out;
}

std::string FormatTagScores(const TagScores& s) {
  std::string out;
  out += Fmt("n=%zu  skipped_gold_without_field=%zu  missing=%zu\n", s.n, s.skipped, s.missing);
  out += Fmt("%-18s %7s %7s %7s %7s %7s\n", "label", "P", "R", "F1", "gold_n", "pred_n");
  for (const auto& [l, x] : s.per_label) {
    out += Fmt("%-18s %7.4f %7.4f %7.4f %7zu %7zu\n", l.c_str(), x.p, x.r, x.f1, x.gold_n, x.pred_n);
  }
  if (!s.unknown_predicted.empty()) {
    out += "predicted labels absent from gold (count as false positives):";
    bool first = true;
    for (const auto& [l, n] : s.unknown_predicted) {
      out += Fmt("%s %s=%zu", first ? "" : ",", l.c_str(), n);
      first = false;
    }
    out += "\n";
  }
  out += Fmt("micro_p=%.4f micro_r=%.4f\n", s.micro_p, s.micro_r);
  out += Fmt("macro_f1=%.4f  (over %zu labels present in gold)\n", s.macro_f1, s.per_label.size());
  out += Fmt("exact_match=%.4f\n", s.exact_match);
  out += Fmt("micro_f1=%.4f\n", s.micro_f1);
  return out;
}

std::string SentimentScoresJson(const SentimentScores& s) {
  std::string out = Fmt("{\"n\":%zu,\"missing\":%zu,\"classes\":[", s.n, s.missing);
  for (size_t i = 0; i < s.classes.size(); ++i) {
    if (i) out += ',';
    out += JsonString(s.classes[i]);
  }
  out += "],\"accuracy\":" + Num(s.accuracy) + ",\"macro_f1\":" + Num(s.macro_f1) + ",\"per_class\":{";
  bool first = true;
  for (const auto& [c, x] : s.per_class) {
    if (!first) out += ',';
    out += JsonString(c);
    out += ":{\"p\":" + Num(x.p) + ",\"r\":" + Num(x.r) + ",\"f1\":" + Num(x.f1) +
           Fmt(",\"gold_n\":%zu,\"pred_n\":%zu}", x.gold_n, x.pred_n);
    first = false;
  }
  out += "}}";
  return out;
}

std::string TagScoresJson(const TagScores& s) {
  std::string out = Fmt("{\"n\":%zu,\"missing\":%zu", s.n, s.missing);
  out += ",\"micro_p\":" + Num(s.micro_p) + ",\"micro_r\":" + Num(s.micro_r) +
         ",\"micro_f1\":" + Num(s.micro_f1) + ",\"macro_f1\":" + Num(s.macro_f1) +
         ",\"exact_match\":" + Num(s.exact_match) + ",\"per_label\":{";
  bool first = true;
  for (const auto& [l, x] : s.per_label) {
    if (!first) out += ',';
    out += JsonString(l);
    out += ":{\"p\":" + Num(x.p) + ",\"r\":" + Num(x.r) + ",\"f1\":" + Num(x.f1) +
           Fmt(",\"gold_n\":%zu,\"pred_n\":%zu}", x.gold_n, x.pred_n);
    first = false;
  }
  out += "}}";
  return out;
}

}  // namespace touchpoint::analysis
