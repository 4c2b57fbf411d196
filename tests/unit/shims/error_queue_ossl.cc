// PeekThreadError for the OpenSSL-API backends: OpenSSL's per-thread error queue.
#include <openssl/err.h>

#include "pair_runner.h"

namespace tlsconform::shim::testing {

unsigned long PeekThreadError() { return ERR_peek_error(); }

}  // namespace tlsconform::shim::testing
