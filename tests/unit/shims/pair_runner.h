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

PairResult RunPair(Backend& backend, const CaseRequest& server, const CaseRequest& client);

// PeekThreadError returns the first entry of the calling thread's library error queue, 0 when
// it is empty. Each test binary links the definition for its library: OpenSSL's queue
// (error_queue_ossl.cc), or none for a library whose errors are only return values
// (error_queue_none.cc).
unsigned long PeekThreadError();

}  // namespace tlsconform::shim::testing
