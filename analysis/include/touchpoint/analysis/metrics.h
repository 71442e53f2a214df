// metrics.h: the evaluation metrics of `touchpoint eval`, computed exactly as /work/shared/eval/score.py
// does: sentiment accuracy and macro-F1 over the classes present in gold (a prediction outside them, or a
// missing one, is simply wrong), and for multi-label tags micro-P/R/F1, macro-F1 over the labels present in
// gold and the exact-match ratio (a missing prediction is an empty set and never an exact match).
//
// Thread-safety: pure functions over value types.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace touchpoint::analysis {

struct Prf {
  double p = 0, r = 0, f1 = 0;
  size_t gold_n = 0, pred_n = 0;
};

struct SentimentScores {
  size_t n = 0, missing = 0;
  std::vector<std::string> classes;  // positive, negative, neutral: those present in gold, in that order
  std::map<std::string, Prf> per_class;
  std::map<std::string, size_t> other_predicted;  // predicted labels that are not gold classes
  std::map<std::string, std::map<std::string, size_t>> confusion;  // gold -> predicted ("(missing)") -> count
  double accuracy = 0, macro_f1 = 0;
};

// gold[i] is a label in {positive, negative, neutral}; pred[i] nullopt = missing prediction.
SentimentScores ScoreSentiment(const std::vector<std::string>& gold,
                               const std::vector<std::optional<std::string>>& pred);

struct TagScores {
  size_t n = 0, skipped = 0, missing = 0;
  double micro_p = 0, micro_r = 0, micro_f1 = 0, macro_f1 = 0, exact_match = 0;
  std::map<std::string, Prf> per_label;             // labels present in gold
  std::map<std::string, size_t> unknown_predicted;  // predicted labels absent from gold
};

// gold[i] nullopt = row not annotated for this field (skipped); pred[i] nullopt = missing prediction.
TagScores ScoreTags(const std::vector<std::optional<std::set<std::string>>>& gold,
                    const std::vector<std::optional<std::set<std::string>>>& pred);

// The report printed by `touchpoint eval` (the same lines as score.py; the last is macro_f1= / micro_f1=).
std::string FormatSentimentScores(const SentimentScores& s);
std::string FormatTagScores(const TagScores& s);
std::string SentimentScoresJson(const SentimentScores& s);
std::string TagScoresJson(const TagScores& s);

}  // namespace touchpoint::analysis
