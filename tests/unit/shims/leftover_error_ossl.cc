// LeftoverLibraryError for the OpenSSL-API backends: the thread's error queue, which a
// backend must leave empty after each role.
#include <openssl/err.h>

#include "pair_runner.h"

namespace tlsconform::shim::testing {

unsigned long LeftoverLibraryError() { return ERR_peek_error(); }

}  // namespace tlsconform::shim::testing
