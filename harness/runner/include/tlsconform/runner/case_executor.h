// ExecuteCase: runs one case between a server shim and a client shim through a relay the
// runner owns (ARCHITECTURE.md: both shims connect to the runner, which copies the bytes
// across and so sees every TLS record).
#pragma once

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "tlsconform/runner/shim_process.h"
#include "tlsconform/runner/wire.h"

namespace tlsconform::runner {

// SideView is what one shim of a case did.
struct SideView {
  enum class State {
    kAnswered,    // it sent its result line
    kCrashed,     // its process ended before answering
    kTimedOut,    // no answer before the case limit
    kNotStarted,  // it was never sent the case (the other side ended it first)
    kBroken,      // it answered something that is not a result for this case
  };
  State state = State::kNotStarted;
  nlohmann::json result = nullptr;
  std::string detail;  // for kCrashed/kBroken: how, with the end of its stderr
};

struct Execution {
  SideView server;
  SideView client;
  WireObserver wire;
  std::string harness_error;  // non-empty when the runner itself failed (sockets, pipes)
  bool interrupted = false;
  double duration_ms = 0;
};

// ExecuteCase sends `server_case` to `server` and, once it has connected, `client_case` to
// `client`; both get their "connect" field filled in here. It returns when both shims have
// answered, one has died and the other answered, `limit` passed, or `interrupted` was set.
// A shim that timed out is left running: the caller kills it.
Execution ExecuteCase(ShimProcess& server, ShimProcess& client, nlohmann::json server_case,
                      nlohmann::json client_case, std::chrono::milliseconds limit,
                      const std::atomic<bool>& interrupted);

}  // namespace tlsconform::runner
