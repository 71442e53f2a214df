#include "testutil/testutil.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace touchpoint::testutil {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p =
        fs::temp_directory_path() / ("touchpoint-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + p.string());
  out << content;
}

static std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The build passes the real locations as compile definitions (tests/CMakeLists.txt); the environment
// variables override them (e.g. to test an installed binary).
std::string BinaryPath() {
  std::string b = Env("TOUCHPOINT_BINARY");
  return b.empty() ? std::string(TOUCHPOINT_TEST_BINARY) : b;
}

fs::path SourceDir() {
  std::string s = Env("TOUCHPOINT_SOURCE_DIR");
  return s.empty() ? fs::path(TOUCHPOINT_TEST_SOURCE_DIR) : fs::path(s);
}

fs::path ShareDir() {
  std::string s = Env("TOUCHPOINT_SHARE_DIR");
  return s.empty() ? fs::path(TOUCHPOINT_TEST_SHARE_DIR) : fs::path(s);
}

CommandResult RunCommand(const std::vector<std::string>& args, const std::string& stdin_data) {
  signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  CommandResult r;
  size_t written = 0;
  bool in_open = true;
  if (stdin_data.empty()) {
    close(in_pipe[1]);
    in_open = false;
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in_open) {
    struct pollfd fds[3];
    int n = 0;
    int oi = -1, ei = -1, ii = -1;
    if (out_open) {
      fds[n] = {out_pipe[0], POLLIN, 0};
      oi = n++;
    }
    if (err_open) {
      fds[n] = {err_pipe[0], POLLIN, 0};
      ei = n++;
    }
    if (in_open) {
      fds[n] = {in_pipe[1], POLLOUT, 0};
      ii = n++;
    }
    if (poll(fds, n, -1) < 0) break;
    if (oi >= 0 && fds[oi].revents) {
      ssize_t k = read(out_pipe[0], buf, sizeof buf);
      if (k <= 0) {
        out_open = false;
        close(out_pipe[0]);
      } else
        r.out.append(buf, k);
    }
    if (ei >= 0 && fds[ei].revents) {
      ssize_t k = read(err_pipe[0], buf, sizeof buf);
      if (k <= 0) {
        err_open = false;
        close(err_pipe[0]);
      } else
        r.err.append(buf, k);
    }
    if (ii >= 0 && fds[ii].revents) {
      ssize_t k = write(in_pipe[1], stdin_data.data() + written, stdin_data.size() - written);
      if (k > 0) written += k;
      if (k < 0 || written == stdin_data.size()) {
        in_open = false;
        close(in_pipe[1]);
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace touchpoint::testutil
