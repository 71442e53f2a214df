// service.h: Collector, the collector's use cases behind both the HTTP server and the CLI — publish, list,
// show and close surveys, validate and durably store responses, export responses and imported feedback with
// their tags (CONTRACT.md "HTTP API", "Export"). Handlers and subcommands stay thin: they parse the request
// or flags, call one Collector method and print or send the result.
//
// No stale caches: every call reads the survey's record (and status) from Storage, so a survey published or
// closed by another process (the CLI beside a running server) is seen by the next request. Only the parsed
// form of an unchanged survey JSON is reused.
//
// Thread-safety: a Collector is safe for concurrent use from any number of threads (Storage is, and the parse
// cache has its own mutex). The Storage must outlive the Collector.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"
#include "touchpoint/surveys/survey.h"

namespace touchpoint::collector {

// UTC milliseconds since the epoch; injected so tests control time.
using WallClock = std::function<int64_t()>;
WallClock SystemWallClock();

// "2026-11-25T10:00:00Z" for UTC milliseconds since the epoch (sub-second part dropped).
std::string IsoUtc(int64_t ms);

// A survey as stored now: parsed model plus status and response count.
struct SurveyView {
  std::shared_ptr<const surveys::Survey> survey;
  std::string status;  // "open" | "closed"
  int64_t responses = 0;
  bool open() const { return status != "closed"; }
};

struct SurveySummary {
  std::string id, title, status;  // title in the survey's default language
  int64_t responses = 0;
};

struct Submitted {
  std::string id;
  std::vector<std::string> ignored;  // answers dropped because their question was not visible
};

enum class ExportFormat { kCsv, kJson };

struct ExportOptions {
  ExportFormat format = ExportFormat::kCsv;
  bool bom = false;    // UTF-8 BOM first (Excel)
  bool items = false;  // CSV of imported feedback items instead of responses
};

class Collector {
 public:
  explicit Collector(Storage& storage, WallClock clock = SystemWallClock());
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Validates and stores a survey; assigns an id when the JSON has none. kInvalid (every problem in
  // Error::details), kConflict if the id exists.
  Result<std::string> Publish(std::string_view survey_json);
  Result<std::vector<SurveyRecord>> List();
  // List() with titles (GET /api/v1/surveys, `survey list`).
  Result<std::vector<SurveySummary>> Summaries();
  // kNotFound for an unknown id.
  Result<SurveyView> Find(const std::string& id);
  // The survey JSON with "status" added (GET /api/v1/surveys/{id}, `survey show`).
  Result<std::string> ShowJson(const std::string& id);
  // Idempotent. kNotFound for an unknown id.
  Status Close(const std::string& id);

  // Validates `response` against the survey (CheckResponse) and stores it durably; returns after the commit.
  // kNotFound, kConflict (closed), kInvalid naming the first bad field with every problem in details.
  Result<Submitted> Submit(const SurveyView& view, surveys::Response response);
  Result<Submitted> SubmitJson(const std::string& survey_id, std::string_view response_json);

  // Streams the export of `view` to `out` (rows are written as they are read, tags are joined in memory).
  Status Export(const SurveyView& view, const ExportOptions& options, std::ostream& out);

  Storage& storage() { return storage_; }

 private:
  Result<std::shared_ptr<const surveys::Survey>> Parsed(const SurveyRecord& record);

  Storage& storage_;
  WallClock clock_;
  std::mutex cache_mu_;
  std::map<std::string, std::pair<std::string, std::shared_ptr<const surveys::Survey>>>
      parsed_;  // id -> (json, survey)
};

}  // namespace touchpoint::collector
