// touchpoint serve: the collector HTTP server as a Poco ServerApplication. Configuration layers, highest
// first: command-line flags, the --config file (.properties or .ini), built-in defaults; the researcher
// token: TOUCHPOINT_TOKEN, config auth.token, else the one hashed in the data dir (made on first start).
#include <Poco/Exception.h>
#include <Poco/Util/ServerApplication.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "args.h"
#include "commands.h"
#include "touchpoint/analysis/tagger.h"
#include "touchpoint/collector/server.h"
#include "touchpoint/collector/service.h"
#include "touchpoint/collector/storage.h"
#include "touchpoint/surveys/survey.h"

namespace touchpoint::app {
namespace {

constexpr char kUsage[] =
    "usage: touchpoint serve [--port 8080] [--host 127.0.0.1] [--data DIR] [--config FILE]\n"
    "\n"
    "Runs the collector HTTP server on the data dir (default ./touchpoint-data).\n"
    "  --port N       port to listen on (0 = any free port; default 8080 or config http.port)\n"
    "  --host ADDR    address to listen on (default 127.0.0.1 or config http.host)\n"
    "  --data DIR     data directory holding the SQLite database\n"
    "  --config FILE  Poco .properties/.ini file: http.host, http.port, http.max_threads, http.max_queued,\n"
    "                 http.timeout_s, http.max_body_bytes, http.max_import_bytes, auth.token,\n"
    "                 limits.rate_per_client, limits.burst, limits.trusted_proxies\n"
    "The researcher token comes from TOUCHPOINT_TOKEN, else auth.token, else one generated on first start\n"
    "(printed once, stored hashed). SIGTERM or Ctrl-C stop the server cleanly.\n";

class ServeApp : public Poco::Util::ServerApplication {
 public:
  explicit ServeApp(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  int exit_code = kExitFailure;

 protected:
  int main(const std::vector<std::string>&) override {
    exit_code = Serve();
    return exit_code;
  }

 private:
  // Reads and checks the configuration; false (message printed) on a bad value.
  bool ReadConfig(collector::ServerConfig* c) {
    auto& cfg = config();
    try {
      c->host = cfg.getString("http.host", "127.0.0.1");
      c->port = cfg.getInt("http.port", 8080);
      c->max_threads = cfg.getInt("http.max_threads", 16);
      c->max_queued = cfg.getInt("http.max_queued", 64);
      c->timeout_s = cfg.getInt("http.timeout_s", 30);
      c->max_body_bytes = cfg.getInt64("http.max_body_bytes", 1048576);
      c->max_import_bytes = cfg.getInt64("http.max_import_bytes", 64 * 1048576);
      c->rate_per_client = cfg.getDouble("limits.rate_per_client", 20);
      c->burst = cfg.getDouble("limits.burst", 100);
      c->trusted_proxies.clear();
      const std::string proxies = cfg.getString("limits.trusted_proxies", "");
      size_t i = 0;
      while (i < proxies.size()) {
        size_t j = proxies.find_first_of(", \t", i);
        if (j == std::string::npos) j = proxies.size();
        if (j > i) c->trusted_proxies.insert(proxies.substr(i, j - i));
        i = j + 1;
      }
      const std::string token = cfg.getString("auth.token", "");
      if (!token.empty()) c->explicit_token = token;
    } catch (const Poco::Exception& e) {
      std::fprintf(stderr, "touchpoint serve: bad configuration: %s\n", e.displayText().c_str());
      return false;
    }
    auto bad = [](const char* key, const std::string& why) {
      std::fprintf(stderr, "touchpoint serve: bad configuration: %s %s\n", key, why.c_str());
      return false;
    };
    if (c->port < 0 || c->port > 65535) return bad("http.port", "must be 0..65535");
    if (c->max_threads < 1 || c->max_threads > 1024) return bad("http.max_threads", "must be 1..1024");
    if (c->max_queued < 0 || c->max_queued > 100000) return bad("http.max_queued", "must be 0..100000");
    if (c->timeout_s < 1 || c->timeout_s > 3600) return bad("http.timeout_s", "must be 1..3600");
    if (c->max_body_bytes < 1) return bad("http.max_body_bytes", "must be positive");
    if (c->max_import_bytes < 1) return bad("http.max_import_bytes", "must be positive");
    if (c->rate_per_client < 0) return bad("limits.rate_per_client", "must be >= 0");
    if (c->burst < 1) return bad("limits.burst", "must be >= 1");
    if (const char* env = std::getenv("TOUCHPOINT_TOKEN"); env && *env) c->explicit_token = env;
    return true;
  }

  int Serve() {
    collector::ServerConfig cfg;
    if (!ReadConfig(&cfg)) return kExitUsage;
    std::error_code ec;
    std::filesystem::create_directories(data_dir_, ec);
    auto storage = collector::OpenSqliteStorage(data_dir_);
    if (!storage) {
      std::fprintf(stderr, "touchpoint serve: %s\n", storage.error().ToString().c_str());
      return kExitFailure;
    }
    const std::string share = ShareDir();
    analysis::TaggerOptions topt;
    topt.lexicon_dir = (std::filesystem::path(share) / "lexicon").string();
    auto tagger = analysis::Tagger::Load(topt);
    if (!tagger) {
      std::fprintf(stderr, "touchpoint serve: cannot load the tagger: %s\n",
                   tagger.error().ToString().c_str());
      return kExitFailure;
    }
    cfg.share_dir = share;
    collector::ServerDeps deps;
    deps.storage = storage->get();
    deps.tagger = *tagger;
    auto server = collector::HttpServer::Start(cfg, deps);
    if (!server) {
      std::fprintf(stderr, "touchpoint serve: %s\n", server.error().ToString().c_str());
      return kExitFailure;
    }
    const std::string base = "http://" + cfg.host + ":" + std::to_string((*server)->port());
    std::printf("listening on %s\n", base.c_str());
    collector::Collector collector(**storage);
    if (auto list = collector.List()) {
      for (const auto& rec : *list) {
        if (rec.status != "open") continue;
        auto view = collector.Find(rec.id);
        if (!view) continue;
        for (const auto& lang : view->survey->languages) {
          std::printf("form (%s): %s/s/%s?lang=%s\n", lang.c_str(), base.c_str(), rec.id.c_str(),
                      lang.c_str());
        }
        std::printf("export: %s/api/v1/surveys/%s/responses?format=csv\n", base.c_str(), rec.id.c_str());
      }
    }
    std::printf("api: %s/api/v1/surveys\n", base.c_str());
    if ((*server)->new_token()) {
      std::printf("researcher token (new, shown once): %s\n", (*server)->new_token()->c_str());
    } else if (std::getenv("TOUCHPOINT_TOKEN") && *std::getenv("TOUCHPOINT_TOKEN")) {
      std::printf("researcher token: from TOUCHPOINT_TOKEN\n");
    } else if (cfg.explicit_token) {
      std::printf("researcher token: from config auth.token\n");
    } else {
      std::printf("researcher token: stored (rotate with: touchpoint token rotate --data %s)\n",
                  data_dir_.c_str());
    }
    std::fflush(stdout);
    waitForTerminationRequest();
    std::printf("stopping\n");
    std::fflush(stdout);
    (*server)->Stop();
    return kExitOk;
  }

  std::string data_dir_;
};

}  // namespace

int RunServe(const Argv& argv) {
  ArgSpec spec;
  spec.with_value = {"port", "host", "data", "config", "db"};
  std::string error;
  auto args = Args::Parse(argv, 2, spec, &error);
  if (!args) {
    std::fprintf(stderr, "touchpoint serve: %s\n", error.c_str());
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args->positional().empty()) {
    std::fprintf(stderr, "touchpoint serve: unexpected argument '%s'\n", args->positional()[0].c_str());
    return kExitUsage;
  }
  if (args->Has("db")) {
    std::fprintf(stderr, "touchpoint serve: --db (PostgreSQL) is not available in this build; use --data\n");
    return kExitFailure;
  }
  auto port = args->GetInt("port", 0, 0, 65535, &error);
  if (!port) {
    std::fprintf(stderr, "touchpoint serve: %s\n", error.c_str());
    return kExitUsage;
  }
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // waitForTerminationRequest() (sigwait) receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  ServeApp app(args->Get("data", "./touchpoint-data"));
  try {
    if (args->Has("config")) app.loadConfiguration(args->Get("config"));
  } catch (const Poco::Exception& e) {
    std::fprintf(stderr, "touchpoint serve: cannot read config %s: %s\n", args->Get("config").c_str(),
                 e.displayText().c_str());
    return kExitUsage;
  }
  // Flags win over the file: they go to the application layer, which is searched before the file.
  if (args->Has("port")) app.config().setString("http.port", std::to_string(*port));
  if (args->Has("host")) app.config().setString("http.host", args->Get("host"));
  static_cast<Poco::Util::Application&>(app).run();
  return app.exit_code;
}

}  // namespace touchpoint::app
