// bench/naive_server: the baseline of bench/ingest — what a straightforward durable implementation gets.
// A minimal Poco HTTPServer that parses the JSON body and does one SQLite INSERT per request (autocommit,
// so one fsync per request with synchronous=FULL). Not part of the product.
//   naive_server PORT DB_PATH [full|normal]
#include <sqlite3.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct Db {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::mutex mu;
  std::atomic<long> next_id{1};
};

class SubmitHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit SubmitHandler(Db& db) : db_(db) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    try {
      Poco::JSON::Parser parser;
      auto obj = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
      std::string lang = obj->optValue<std::string>("language", "");
      std::string answers;
      if (auto a = obj->getObject("answers")) {
        std::ostringstream ss;
        a->stringify(ss);
        answers = ss.str();
      }
      long id = db_.next_id++;
      int rc;
      {
        std::lock_guard<std::mutex> lock(db_.mu);
        sqlite3_reset(db_.insert);
        sqlite3_bind_int64(db_.insert, 1, id);
        sqlite3_bind_text(db_.insert, 2, lang.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(db_.insert, 3, answers.c_str(), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(db_.insert);
      }
      if (rc != SQLITE_DONE) throw std::runtime_error("insert failed");
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_CREATED);
      resp.setContentType("application/json");
      resp.send() << "{\"id\":\"" << id << "\"}";
    } catch (const std::exception&) {
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
      resp.setContentType("application/json");
      resp.send() << "{\"error\":\"bad request\"}";
    }
  }

 private:
  Db& db_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Db& db) : db_(db) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new SubmitHandler(db_);
  }

 private:
  Db& db_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: naive_server PORT DB_PATH [full|normal]\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::string sync = argc > 3 ? argv[3] : "full";
  Db db;
  if (sqlite3_open(argv[2], &db.db) != SQLITE_OK) return 1;
  std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + std::string(sync == "normal" ? "NORMAL" : "FULL") +
      "; CREATE TABLE IF NOT EXISTS responses(id INTEGER PRIMARY KEY, language TEXT, answers TEXT);";
  if (sqlite3_exec(db.db, pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return 1;
  sqlite3_prepare_v2(db.db, "INSERT INTO responses(id, language, answers) VALUES(?,?,?)", -1, &db.insert,
                     nullptr);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(64);
  params->setMaxQueued(1024);
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  Poco::Net::HTTPServer server(new Factory(db), socket, params);
  server.start();
  std::printf("naive server on 127.0.0.1:%d (synchronous=%s)\n", port, sync.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  server.stop();
  sqlite3_finalize(db.insert);
  sqlite3_close(db.db);
  return 0;
}
