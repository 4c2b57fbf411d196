#include "pair_runner.h"

#include <sys/socket.h>

#include <csignal>
#include <thread>
#include <utility>

#include "driver/connection.h"

namespace tlsconform::shim::testing {
namespace {

// PlayRole does what the driver's AnswerCase does around a backend call.
CaseResult PlayRole(Backend& backend, ScopedFd fd, const CaseRequest& request,
                    unsigned long* leftover_error) {
  if (!SetIoTimeout(fd.get(), kHandshakeTimeout).ok()) {
    CaseResult failed;
    failed.error = "SetIoTimeout failed";
    return failed;
  }
  CaseResult result = request.role == Role::kServer ? backend.RunServer(fd.get(), request)
                                                    : backend.RunClient(fd.get(), request);
  *leftover_error = LeftoverLibraryError();
  if (!result.handshake || !result.app_data) {
    CloseGracefully(std::move(fd), kFailureLinger);
  }
  return result;
}

}  // namespace

PairResult RunPair(Backend& backend, const CaseRequest& server, const CaseRequest& client) {
  // As in the shim's main(): a peer that left must cost a failed write, not the process.
  std::signal(SIGPIPE, SIG_IGN);

  PairResult pair;
  int fds[2] = {-1, -1};
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    pair.server.error = pair.client.error = "socketpair failed";
    return pair;
  }
  ScopedFd server_end(fds[0]);
  ScopedFd client_end(fds[1]);

  std::thread server_thread([&] {
    pair.server = PlayRole(backend, std::move(server_end), server, &pair.server_leftover_error);
  });
  pair.client = PlayRole(backend, std::move(client_end), client, &pair.client_leftover_error);
  server_thread.join();
  return pair;
}

}  // namespace tlsconform::shim::testing
