// LeftoverLibraryError for a library without a per-thread error queue (Mbed TLS, GnuTLS):
// every error is a return value the backend handled, so nothing can be left behind for the
// next case.
#include "pair_runner.h"

namespace tlsconform::shim::testing {

unsigned long LeftoverLibraryError() { return 0; }

}  // namespace tlsconform::shim::testing
