#include "testutil/server_process.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "testutil/testutil.h"

namespace touchpoint::testutil {

ServerProcess::ServerProcess(Options options) {
  signal(SIGPIPE, SIG_IGN);
  int out_pipe[2];
  if (pipe(out_pipe)) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {BinaryPath(), "serve", "--port", "0", "--data", options.data_dir};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  const std::string err_path = options.data_dir + ".stderr";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out_pipe[1], 1);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) dup2(err, 2);
    close(out_pipe[0]);
    close(out_pipe[1]);
    unsetenv("TOUCHPOINT_TOKEN");
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  out_fd_ = out_pipe[0];
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.start_timeout_ms);
  char buf[4096];
  while (out_.find("researcher token") == std::string::npos ||
         out_.find('\n', out_.find("researcher token")) == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    struct pollfd p = {out_fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      Kill();
      std::string err;
      try {
        err = ReadFile(err_path);
      } catch (...) {
      }
      throw std::runtime_error("server did not start in time; stdout: " + out_ + " stderr: " + err);
    }
    ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      const int code = Wait();
      std::string err;
      try {
        err = ReadFile(err_path);
      } catch (...) {
      }
      throw std::runtime_error("server exited with " + std::to_string(code) +
                               " before starting; stdout: " + out_ + " stderr: " + err);
    }
    out_.append(buf, static_cast<size_t>(n));
  }
  const std::string key = "listening on http://";
  size_t at = out_.find(key);
  if (at != std::string::npos) {
    size_t colon = out_.find(':', at + key.size());
    if (colon != std::string::npos) port_ = std::atoi(out_.c_str() + colon + 1);
  }
  const std::string tkey = "researcher token (new, shown once): ";
  if (size_t t = out_.find(tkey); t != std::string::npos) {
    size_t end = out_.find('\n', t);
    new_token_ = out_.substr(t + tkey.size(), end - t - tkey.size());
  }
  if (port_ <= 0) {
    Kill();
    throw std::runtime_error("no port in server output: " + out_);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Terminate();
  if (out_fd_ >= 0) close(out_fd_);
}

int ServerProcess::Wait() {
  int status = 0;
  if (pid_ <= 0) return -1;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 1000; ++i) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  return Wait();
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  Wait();
}

HttpResult Http(int port, const std::string& method, const std::string& path, const std::string& body,
                const std::string& content_type,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResult r;
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!content_type.empty()) {
      req.setContentType(content_type);
      req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    std::ostream& os = session.sendRequest(req);
    if (!content_type.empty()) os << body;
    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    r.status = static_cast<int>(resp.getStatus());
    for (const auto& [k, v] : resp) {
      std::string lk = k;
      for (char& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[lk] = v;
    }
    std::ostringstream ss;
    Poco::StreamCopier::copyStream(is, ss);
    r.body = ss.str();
  } catch (const Poco::Exception& e) {
    r.status = 0;
    r.body = e.displayText();
  }
  return r;
}

HttpResult RawHttp(int port, const std::string& raw, int timeout_ms) {
  HttpResult r;
  std::string data;
  try {
    Poco::Net::StreamSocket s;
    s.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    s.setReceiveTimeout(Poco::Timespan(0, timeout_ms * 1000));
    s.setSendTimeout(Poco::Timespan(0, timeout_ms * 1000));
    size_t sent = 0;
    while (sent < raw.size()) {
      int n = s.sendBytes(raw.data() + sent, static_cast<int>(raw.size() - sent));
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    char buf[8192];
    for (;;) {
      int n = s.receiveBytes(buf, sizeof buf);
      if (n <= 0) break;
      data.append(buf, static_cast<size_t>(n));
      const size_t hdr_end = data.find("\r\n\r\n");
      if (hdr_end != std::string::npos) {
        std::string lower = data.substr(0, hdr_end);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t cl = lower.find("content-length:");
        if (cl != std::string::npos && data.size() >= hdr_end + 4 + std::stoul(lower.substr(cl + 15))) break;
      }
    }
  } catch (const Poco::Exception&) {
    // A reset after the reply was read is fine; an empty `data` means no reply.
  }
  const size_t line_end = data.find("\r\n");
  if (data.rfind("HTTP/1.", 0) != 0 || line_end == std::string::npos) return r;
  r.status = std::atoi(data.c_str() + 9);
  const size_t hdr_end = data.find("\r\n\r\n");
  size_t pos = line_end + 2;
  while (hdr_end != std::string::npos && pos < hdr_end) {
    size_t e = data.find("\r\n", pos);
    std::string line = data.substr(pos, e - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string k = line.substr(0, colon);
      for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = line.find_first_not_of(' ', colon + 1);
      r.headers[k] = v == std::string::npos ? "" : line.substr(v);
    }
    pos = e + 2;
  }
  if (hdr_end != std::string::npos) r.body = data.substr(hdr_end + 4);
  return r;
}

}  // namespace touchpoint::testutil
