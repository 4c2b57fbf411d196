// PeekLibraryError for the libraries with OpenSSL's error queue (OpenSSL, BoringSSL).
#include <openssl/err.h>

#include "pair_runner.h"

namespace tlsconform::shim::testing {

unsigned long PeekLibraryError() { return ERR_peek_error(); }

}  // namespace tlsconform::shim::testing
