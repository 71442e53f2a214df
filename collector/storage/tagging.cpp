#include "touchpoint/collector/tagging.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "touchpoint/analysis/json.h"

namespace touchpoint::collector {
namespace {

int64_t SystemNowMs() {
  return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
}

}  // namespace

std::vector<TagRecord> TagTexts(const analysis::Tagger& tagger, std::span<const PendingText> texts,
                                const TagTextsOptions& options) {
  const int64_t now = options.now_ms != 0 ? options.now_ms : SystemNowMs();
  const std::string version = tagger.Version();
  std::vector<TagRecord> records(texts.size());
  if (options.langs) options.langs->assign(texts.size(), std::string());
  auto tag_one = [&](size_t i) {
    const PendingText& p = texts[i];
    analysis::TagInput in;
    in.text = p.text;
    in.lang = p.lang;
    in.stage_prior = p.stage;
    in.touchpoint_prior = p.touchpoint;
    auto tags = tagger.Tag(in);
    TagRecord& r = records[i];
    r.owner_kind = p.owner_kind;
    r.owner_id = p.owner_id;
    r.question_id = p.question_id;
    r.survey_id = p.survey_id;
    const std::string id_json = analysis::JsonString(p.owner_id);  // TagsToJson takes a JSON token
    r.tags_json = tags.ok() ? analysis::TagsToJson(*tags, id_json)
                            : analysis::ErrorLineJson(id_json, tags.error().message);
    r.tagged_at_ms = now;
    r.tagger_version = version;
    if (options.langs && tags.ok() && tags->lang != "und") (*options.langs)[i] = tags->lang;
  };
  const std::function<void(size_t)> fn = tag_one;
  if (options.pool) {
    options.pool->Run(texts.size(), fn);
  } else {
    for (size_t i = 0; i < texts.size(); ++i) fn(i);
  }
  return records;
}

Result<int64_t> DrainTagQueue(Storage& storage, const analysis::Tagger& tagger, const DrainOptions& options) {
  int64_t done = 0;
  // Bounded: each round dequeues at least one text or stops; a queue that does not shrink is an error.
  for (int64_t rounds = 0;; ++rounds) {
    if (options.stop && options.stop->load()) break;
    auto pending = storage.TakePending(options.batch);
    if (!pending.ok()) return pending.error();
    if (pending->empty()) break;
    TagTextsOptions topts;
    topts.pool = options.pool;
    topts.now_ms = options.now_ms ? options.now_ms() : SystemNowMs();
    std::vector<TagRecord> records = TagTexts(tagger, *pending, topts);
    TP_RETURN_IF_ERROR(storage.PutTags(records));
    done += static_cast<int64_t>(records.size());
    if (options.progress) options.progress(done);
    if (rounds > 10'000'000) return Error(Code::kInternal, "tagging queue does not shrink");
  }
  return done;
}

}  // namespace touchpoint::collector
