#include "driver/connection.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace tlsconform::shim {

ScopedFd& ScopedFd::operator=(ScopedFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      close(fd_);
    }
    fd_ = other.Release();
  }
  return *this;
}

ScopedFd::~ScopedFd() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

int ScopedFd::Release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

Result<ScopedFd> ConnectTcp(const std::string& host, int port) {
  const std::string address = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int lookup = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (lookup != 0) {
    return IoError("resolve " + address + ": " + gai_strerror(lookup));
  }

  std::string last_error = "no address";
  for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    ScopedFd fd(socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC,
                       candidate->ai_protocol));
    if (fd.get() < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    if (connect(fd.get(), candidate->ai_addr, candidate->ai_addrlen) != 0) {
      last_error = std::strerror(errno);
      continue;
    }
    // A TLS flight is several small writes: with Nagle's algorithm one waits for the peer's
    // delayed ACK (40 ms on Linux), which would be most of a case's time. Failing to set it
    // only costs speed.
    const int on = 1;
    (void)setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    freeaddrinfo(found);
    return fd;
  }
  freeaddrinfo(found);
  return IoError("connect " + address + ": " + last_error);
}

Status SetIoTimeout(int fd, std::chrono::milliseconds timeout) {
  // A zero timeval means "no timeout" to the kernel; never let a rounding make it zero.
  const auto ms = std::max<long long>(timeout.count(), 1);
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0) {
    return IoError(std::string("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO): ") + std::strerror(errno));
  }
  return Status::Ok();
}

void CloseGracefully(ScopedFd fd, std::chrono::milliseconds linger) {
  if (fd.get() < 0) {
    return;
  }
  // The socket may already be reset by the peer; a failed shutdown changes nothing below.
  shutdown(fd.get(), SHUT_WR);

  const auto deadline = std::chrono::steady_clock::now() + linger;
  std::array<char, 4096> sink;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd waiting{fd.get(), POLLIN, 0};
    const int ready = poll(&waiting, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      break;
    }
    const ssize_t got = recv(fd.get(), sink.data(), sink.size(), MSG_DONTWAIT);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
      break;
    }
  }
}

}  // namespace tlsconform::shim
