// The TCP side of a case: connecting to the runner's relay, bounding every blocking call,
// closing without destroying a last alert.
#pragma once

#include <chrono>
#include <string>

#include "tlsconform/status.h"

namespace tlsconform::shim {

// kHandshakeTimeout bounds each socket read or write during a handshake. The runner ends a
// case after 10 s anyway; a shim that gives up first still answers with a result.
inline constexpr std::chrono::milliseconds kHandshakeTimeout{5000};

// kFailureLinger is how long a failed case waits for the peer to close before the socket is
// closed (see CloseGracefully).
inline constexpr std::chrono::milliseconds kFailureLinger{200};

// ScopedFd owns a file descriptor and closes it when destroyed.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(ScopedFd&& other) noexcept : fd_(other.Release()) {}
  ScopedFd& operator=(ScopedFd&& other) noexcept;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd();

  int get() const { return fd_; }
  int Release();

 private:
  int fd_ = -1;
};

// ConnectTcp connects to `host`:`port` (a numeric address or a name) and returns the socket.
// It fails with kIo naming the address and the system's error.
Result<ScopedFd> ConnectTcp(const std::string& host, int port);

// SetIoTimeout makes every recv and send on `fd` give up after `timeout` (SO_RCVTIMEO and
// SO_SNDTIMEO), so that no library call on a blocking socket can block forever. A TLS
// library sees a timed-out call as "would block".
Status SetIoTimeout(int fd, std::chrono::milliseconds timeout);

// CloseGracefully half-closes `fd`, reads and drops whatever the peer still sends until it
// closes or `linger` passes, then closes. Closing a socket with unread data makes the kernel
// send a reset, which can overtake the fatal alert just written; the peer would then see
// "connection reset" instead of the alert that explains the rejection.
void CloseGracefully(ScopedFd fd, std::chrono::milliseconds linger);

}  // namespace tlsconform::shim
