#include "tlsconform/runner/shim_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace tlsconform::runner {
namespace {

// kShimProtocol is the version of harness/PROTOCOL.md this runner speaks; a shim built from
// another version says so in its hello and is refused.
constexpr int kShimProtocol = 2;

constexpr size_t kStderrLinesKept = 20;

void CloseFd(int& fd) {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

}  // namespace

Result<std::unique_ptr<ShimProcess>> ShimProcess::Start(const std::filesystem::path& executable,
                                                        std::chrono::milliseconds timeout) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    return IoError(std::string("pipe: ") + std::strerror(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGINT);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);

  std::unique_ptr<ShimProcess> shim(new ShimProcess());
  shim->executable_ = executable;
  std::string path = executable.string();
  char* argv[] = {path.data(), nullptr};
  int spawn_error = ::posix_spawn(&shim->pid_, path.c_str(), &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  shim->stdin_fd_ = in_pipe[1];
  shim->stdout_fd_ = out_pipe[0];
  shim->stderr_fd_ = err_pipe[0];
  if (spawn_error != 0) {
    shim->pid_ = -1;
    return IoError(path + ": cannot start: " + std::strerror(spawn_error));
  }
  ::fcntl(shim->stdout_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(shim->stderr_fd_, F_SETFL, O_NONBLOCK);

  // The hello line tells which library the shim was built against and what it can do.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<nlohmann::json> line = shim->TakeLine()) {
      if (line->value("type", "") != "hello" || line->value("protocol", 0) != kShimProtocol) {
        shim->Kill();
        return InternalError(path + ": first line is not a protocol " +
                             std::to_string(kShimProtocol) + " hello: " + line->dump());
      }
      shim->hello_ = *line;
      return shim;
    }
    pollfd fds[2] = {{shim->stdout_fd_, POLLIN, 0}, {shim->stderr_fd_, POLLIN, 0}};
    ::poll(fds, 2, 50);
    shim->DrainStderr();
    if (!shim->ReadStdout() && !shim->TakeLine()) {
      shim->Reap(std::chrono::milliseconds(500));
      return InternalError(path + ": ended before its hello (" + shim->ExitDescription() +
                           "): " + shim->StderrTail());
    }
  }
  shim->Kill();
  return InternalError(path + ": no hello within " + std::to_string(timeout.count()) + " ms");
}

ShimProcess::~ShimProcess() {
  if (alive()) {
    (void)Send({{"type", "quit"}});  // a shim that cannot be told is killed below
    Reap(std::chrono::milliseconds(200));
    if (alive()) {
      Kill();
    }
  }
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
}

Status ShimProcess::Send(const nlohmann::json& message) {
  std::string line = message.dump() + "\n";
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(stdin_fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return IoError(executable_.filename().string() +
                     ": cannot write to shim: " + std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  return Status::Ok();
}

bool ShimProcess::ReadStdout() {
  char buffer[8192];
  while (true) {
    ssize_t n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n > 0) {
      stdout_buffer_.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      return true;
    }
    return false;  // end of file: the shim has closed stdout, most likely it died
  }
}

void ShimProcess::DrainStderr() {
  char buffer[8192];
  ssize_t n;
  while ((n = ::read(stderr_fd_, buffer, sizeof(buffer))) > 0) {
    stderr_buffer_.append(buffer, static_cast<size_t>(n));
  }
  size_t newline;
  while ((newline = stderr_buffer_.find('\n')) != std::string::npos) {
    stderr_lines_.push_back(stderr_buffer_.substr(0, newline));
    stderr_buffer_.erase(0, newline + 1);
    if (stderr_lines_.size() > kStderrLinesKept) {
      stderr_lines_.pop_front();
    }
  }
}

std::optional<nlohmann::json> ShimProcess::TakeLine() {
  size_t newline = stdout_buffer_.find('\n');
  if (newline == std::string::npos) {
    return std::nullopt;
  }
  std::string line = stdout_buffer_.substr(0, newline);
  stdout_buffer_.erase(0, newline + 1);
  nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return nlohmann::json{{"type", "invalid"}, {"text", line}};
  }
  return parsed;
}

void ShimProcess::Kill() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    if (::waitpid(pid_, &wait_status_, 0) == pid_) {
      exited_ = true;
    }
  }
  DrainStderr();
}

void ShimProcess::Reap(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0 && !exited_) {
    pid_t result = ::waitpid(pid_, &wait_status_, WNOHANG);
    if (result == pid_) {
      exited_ = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  DrainStderr();
}

std::string ShimProcess::ExitDescription() const {
  const std::string name = executable_.filename().string();
  if (!exited_) {
    return name + " still running";
  }
  if (WIFSIGNALED(wait_status_)) {
    const char* signal_name = sigabbrev_np(WTERMSIG(wait_status_));
    return name + " killed by SIG" +
           (signal_name ? signal_name : std::to_string(WTERMSIG(wait_status_)));
  }
  return name + " exited with status " + std::to_string(WEXITSTATUS(wait_status_));
}

std::string ShimProcess::StderrTail() const {
  std::string out;
  for (const std::string& line : stderr_lines_) {
    out += line + "\n";
  }
  return out + stderr_buffer_;
}

}  // namespace tlsconform::runner
