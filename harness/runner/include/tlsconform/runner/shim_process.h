// ShimProcess: one running shim (harness/PROTOCOL.md), owned by one runner worker.
//
// The shim runs in its own process group, so a Ctrl-C on the terminal reaches the runner
// only and the runner decides what an interruption means for the case in flight.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "tlsconform/status.h"

namespace tlsconform::runner {

class ShimProcess {
 public:
  // Start launches `executable` and waits up to `timeout` for its hello line.
  static Result<std::unique_ptr<ShimProcess>> Start(const std::filesystem::path& executable,
                                                    std::chrono::milliseconds timeout);
  ~ShimProcess();
  ShimProcess(const ShimProcess&) = delete;
  ShimProcess& operator=(const ShimProcess&) = delete;

  const nlohmann::json& hello() const { return hello_; }
  int stdout_fd() const { return stdout_fd_; }
  int stderr_fd() const { return stderr_fd_; }
  bool alive() const { return pid_ > 0 && !exited_; }

  // Send writes one protocol line. It fails when the shim has gone.
  Status Send(const nlohmann::json& message);

  // ReadStdout reads what is available on stdout into the line buffer; false on end of file.
  bool ReadStdout();
  // DrainStderr keeps the last lines of stderr for reports.
  void DrainStderr();
  // TakeLine returns the next complete stdout line parsed as JSON, if any. A line that is
  // not JSON comes back as {"type": "invalid", "text": ...}.
  std::optional<nlohmann::json> TakeLine();

  // Kill ends the process (SIGKILL) and reaps it.
  void Kill();
  // Reap waits up to `timeout` for the process to exit by itself.
  void Reap(std::chrono::milliseconds timeout);
  // ExitDescription says how the process ended ("killed by SIGSEGV", "exited with 1").
  std::string ExitDescription() const;
  std::string StderrTail() const;

 private:
  ShimProcess() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool exited_ = false;
  int wait_status_ = 0;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  std::deque<std::string> stderr_lines_;
  nlohmann::json hello_;
  std::filesystem::path executable_;
};

}  // namespace tlsconform::runner
