#include "tlsconform/runner/case_executor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace tlsconform::runner {
namespace {

constexpr int kPollSliceMs = 50;  // how often an interruption is noticed

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
  }

 private:
  int fd_;
};

// OpenListener binds a listening socket to 127.0.0.1 on a free port.
int OpenListener(uint16_t& port, std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 4) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    error = std::string("listen on 127.0.0.1: ") + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  port = ntohs(address.sin_port);
  return fd;
}

// Pump copies what `from` has to `to`. It returns false once `from` reached end of file (or
// failed), after passing the close on to `to` so the peer sees the connection end.
bool Pump(int from, int to, bool from_client, WireObserver& wire) {
  uint8_t buffer[16384];
  ssize_t n = ::recv(from, buffer, sizeof(buffer), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
    return true;
  }
  if (n <= 0) {
    if (to >= 0) {
      ::shutdown(to, SHUT_WR);
    }
    return false;
  }
  wire.Feed(from_client, buffer, static_cast<size_t>(n));
  size_t written = 0;
  while (to >= 0 && written < static_cast<size_t>(n)) {
    ssize_t w = ::send(to, buffer + written, static_cast<size_t>(n) - written, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      break;  // the peer has gone; its shim reports what it saw
    }
    written += static_cast<size_t>(w);
  }
  return true;
}

// Collect reads whatever the shim has written; it records its result, or its death.
void Collect(ShimProcess& shim, SideView& view, const std::string& case_id) {
  shim.DrainStderr();
  bool open = shim.ReadStdout();
  while (std::optional<nlohmann::json> line = shim.TakeLine()) {
    if (view.state != SideView::State::kNotStarted) {
      continue;  // only one answer counts; a late extra line cannot change it
    }
    const std::string type = line->value("type", "");
    if (type == "result" && line->value("id", "") == case_id) {
      view.state = SideView::State::kAnswered;
      view.result = *line;
    } else if (type == "error") {
      // The shim could not run the case as asked (a file it cannot read, a field it
      // cannot use): a harness fault, never the library's verdict.
      view.state = SideView::State::kBroken;
      view.detail = "shim refused the case: " + line->value("message", line->dump());
    } else {
      view.state = SideView::State::kBroken;
      view.detail = "unexpected line from shim: " + line->dump();
    }
  }
  if (!open && view.state == SideView::State::kNotStarted) {
    shim.Reap(std::chrono::milliseconds(500));
    view.state = SideView::State::kCrashed;
    view.detail = shim.ExitDescription();
    std::string tail = shim.StderrTail();
    if (!tail.empty()) {
      view.detail += "; stderr: " + tail;
    }
  }
}

}  // namespace

Execution ExecuteCase(ShimProcess& server, ShimProcess& client, nlohmann::json server_case,
                      nlohmann::json client_case, std::chrono::milliseconds limit,
                      const std::atomic<bool>& interrupted) {
  Execution execution;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + limit;
  const std::string server_id = server_case.value("id", "");
  const std::string client_id = client_case.value("id", "");

  uint16_t port = 0;
  Fd listener(OpenListener(port, execution.harness_error));
  if (listener.get() < 0) {
    return execution;
  }
  server_case["connect"] = {{"host", "127.0.0.1"}, {"port", port}};
  client_case["connect"] = {{"host", "127.0.0.1"}, {"port", port}};

  // The server shim connects first; the client is sent its case only once the server is in
  // place, so the first connection is always the server's.
  Fd server_socket, client_socket;
  bool client_sent = false;
  // *_open: the relay still reads from that socket (each direction closes on its own).
  bool server_open = false, client_open = false;
  // Pending marks a side that has been sent its case and not yet answered.
  bool server_pending = true, client_pending = false;
  SideView& server_view = execution.server;
  SideView& client_view = execution.client;
  if (Status sent = server.Send(server_case); !sent.ok()) {
    server_pending = false;
    server_view.state = SideView::State::kCrashed;
    server.Reap(std::chrono::milliseconds(500));
    server_view.detail = server.ExitDescription() + ": " + sent.message();
  }

  while (server_pending || client_pending) {
    if (interrupted.load()) {
      execution.interrupted = true;
      break;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      if (server_pending) {
        server_view.state = SideView::State::kTimedOut;
      }
      if (client_pending) {
        client_view.state = SideView::State::kTimedOut;
      }
      break;
    }

    std::vector<pollfd> fds;
    auto watch = [&fds](int fd) {
      if (fd >= 0) {
        fds.push_back({fd, POLLIN, 0});
      }
    };
    if (server_socket.get() < 0 || client_socket.get() < 0) {
      watch(listener.get());
    }
    if (server_open) {
      watch(server_socket.get());
    }
    if (client_open) {
      watch(client_socket.get());
    }
    if (server_pending) {
      watch(server.stdout_fd());
      watch(server.stderr_fd());
    }
    if (client_pending) {
      watch(client.stdout_fd());
      watch(client.stderr_fd());
    }
    int wait_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    ::poll(fds.data(), fds.size(), std::min(wait_ms + 1, kPollSliceMs));

    // New connections: the first is the server shim's, the second the client shim's.
    int accepted;
    while ((accepted = ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC)) >= 0) {
      // The relay forwards each read at once; Nagle's algorithm would hold small records
      // back for the peer's delayed ACK. Failing to set it only costs speed.
      const int on = 1;
      (void)::setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
      if (server_socket.get() < 0) {
        server_socket.Reset(accepted);
        server_open = true;
        if (Status sent = client.Send(client_case); sent.ok()) {
          client_sent = true;
          client_pending = true;
        } else {
          client_view.state = SideView::State::kCrashed;
          client.Reap(std::chrono::milliseconds(500));
          client_view.detail = client.ExitDescription() + ": " + sent.message();
        }
      } else if (client_socket.get() < 0) {
        client_socket.Reset(accepted);
        client_open = true;
      } else {
        ::close(accepted);  // a third connection belongs to no one
      }
    }

    if (client_open) {
      client_open = Pump(client_socket.get(), server_socket.get(), true, execution.wire);
    }
    if (server_open) {
      server_open = Pump(server_socket.get(), client_socket.get(), false, execution.wire);
    }

    if (server_pending) {
      Collect(server, server_view, server_id);
      server_pending = server_view.state == SideView::State::kNotStarted;
    }
    if (client_pending) {
      Collect(client, client_view, client_id);
      client_pending = client_view.state == SideView::State::kNotStarted;
    }
    // A server that ended before its client was even started leaves nothing to wait for.
    if (!server_pending && !client_sent) {
      break;
    }
  }

  execution.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return execution;
}

}  // namespace tlsconform::runner
