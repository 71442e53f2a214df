// server_process.h: helpers for tests that talk HTTP to a real collector: ServerProcess runs
// `touchpoint serve --port 0 --data DIR` as a subprocess and reads the chosen port and token from its
// stdout; Http/RawHttp are small blocking clients for loopback.
// Not thread-safe per object; Http and RawHttp may be called from many threads at once.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::testutil {

class ServerProcess {
 public:
  struct Options {
    std::string data_dir;
    std::vector<std::string> extra_args;                   // e.g. {"--config", path}
    std::vector<std::pair<std::string, std::string>> env;  // set in the child (TOUCHPOINT_TOKEN is
                                                           // unset unless given here)
    int start_timeout_ms = 20000;
  };
  // Starts the server and waits until it printed its token line; throws std::runtime_error (with the
  // server's output) if it exits or does not get there in time.
  explicit ServerProcess(Options options);
  ~ServerProcess();  // SIGTERM, then SIGKILL after 10 s
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  // The token printed on first start ("researcher token (new, shown once): ..."), else "".
  const std::string& new_token() const { return new_token_; }
  // Everything the server printed to stdout up to the token line.
  const std::string& startup_output() const { return out_; }
  pid_t pid() const { return pid_; }
  // SIGTERM and wait; returns the exit code (128 + signal if killed).
  int Terminate();
  // SIGKILL and wait (crash simulation).
  void Kill();

 private:
  int Wait();
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string new_token_;
  std::string out_;
};

struct HttpResult {
  int status = 0;  // 0: no response (connection failed or reset)
  std::string body;
  std::map<std::string, std::string> headers;  // keys lower-case
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One request on a fresh connection to 127.0.0.1:port. A non-empty content_type sends `body` with a
// Content-Length.
HttpResult Http(int port, const std::string& method, const std::string& path, const std::string& body = {},
                const std::string& content_type = {},
                const std::vector<std::pair<std::string, std::string>>& headers = {});
// Sends `raw` bytes as they are and parses the reply (status, headers, body up to the connection close or
// Content-Length).
HttpResult RawHttp(int port, const std::string& raw, int timeout_ms = 10000);

}  // namespace touchpoint::testutil
