// RunPair runs one case between two instances of the linked backend, in two threads over a
// socketpair, without the runner: the server role in one thread, the client role in the
// other, each closing its end the way the shim driver does.
#pragma once

#include "driver/backend.h"

namespace tlsconform::shim::testing {

struct PairResult {
  CaseResult server;
  CaseResult client;
  // The thread's error queue after each role; a backend must leave it empty.
  unsigned long server_leftover_error = 0;
  unsigned long client_leftover_error = 0;
};

// LeftoverLibraryError returns the calling thread's pending library error, 0 when there is
// none. Each backend's test binary defines it: OpenSSL and BoringSSL read their error queue
// (leftover_error_ossl.cc); a library without a per-thread error state returns 0.
unsigned long LeftoverLibraryError();

PairResult RunPair(Backend& backend, const CaseRequest& server, const CaseRequest& client);

}  // namespace tlsconform::shim::testing
