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

// PeekLibraryError returns the oldest error left in the calling thread's error queue of the
// linked TLS library, 0 when it is empty. Defined once per library (library_error_*.cc).
unsigned long PeekLibraryError();

PairResult RunPair(Backend& backend, const CaseRequest& server, const CaseRequest& client);

}  // namespace tlsconform::shim::testing
