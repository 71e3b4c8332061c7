// Runs a program (the real `gpucat` binary) as a child process and captures
// its exit status, stdout and stderr: the fault tests go through the CLI.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/testing.h"

namespace gpucat::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out, err;
};

// `run_as_uid`: setgid/setuid to it in the child before exec (root only).
inline ProcessResult RunProcess(const std::vector<std::string>& argv, std::optional<uid_t> run_as_uid = std::nullopt) {
  TempDir io;
  const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
  // Opened here, so that a child running as another user can write them.
  const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || err < 0 || null < 0) throw std::runtime_error("cannot open the output files");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (run_as_uid && (::setgid(*run_as_uid) != 0 || ::setuid(*run_as_uid) != 0)) ::_exit(125);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
  ::close(null);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

}  // namespace gpucat::testing
