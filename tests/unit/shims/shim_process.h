// ShimProcess: a built shim binary started with pipes on stdin and stdout, for the protocol
// tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tlsconform::shim::testing {

class ShimProcess {
 public:
  // Start runs `binary` with `args`; `environment` entries ("NAME=value") are added to the
  // inherited environment. stderr is inherited, so a failing test shows the shim's words.
  ShimProcess(const std::string& binary, const std::vector<std::string>& args,
              const std::vector<std::string>& environment = {});
  ~ShimProcess();  // kills the process if it is still running
  ShimProcess(const ShimProcess&) = delete;
  ShimProcess& operator=(const ShimProcess&) = delete;

  bool started() const { return pid_ > 0; }
  bool WriteLine(const std::string& line);
  void CloseStdin();
  // ReadLine returns the next stdout line, or nullopt after `timeout` or at end of output.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Wait returns the wait(2) status, or nullopt when the process is still running after
  // `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string buffered_;
  std::optional<int> status_;
};

}  // namespace tlsconform::shim::testing
