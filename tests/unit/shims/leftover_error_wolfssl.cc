// LeftoverLibraryError for wolfSSL, whose build keeps an error queue per thread
// (ERROR_QUEUE_PER_THREAD in wolfssl/options.h).
// clang-format off
#include <wolfssl/options.h>
// clang-format on
#include <wolfssl/ssl.h>

#include "pair_runner.h"

namespace tlsconform::shim::testing {

unsigned long LeftoverLibraryError() { return wolfSSL_ERR_peek_error(); }

}  // namespace tlsconform::shim::testing
