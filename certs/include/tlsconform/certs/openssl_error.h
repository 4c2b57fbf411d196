// The boundary between libcrypto's return codes and error queue and tlsconform's Status.
//
// Every libcrypto call in certs/ goes through one of these: anything other than the
// documented success value is a failure, and the thread's error queue is drained into the
// message so the next call starts from a clean queue.
#pragma once

#include <string>
#include <string_view>

#include "tlsconform/status.h"

namespace tlsconform::certs {

// DrainOpenSslErrors returns the text of every error on this thread's OpenSSL error queue,
// oldest first, joined by "; ", and leaves the queue empty. Empty when there was none.
std::string DrainOpenSslErrors();

// OpenSslFailure returns a kCrypto Status "`what` failed: <queue text>" and empties the queue.
Status OpenSslFailure(std::string_view what);

// CheckOpenSsl returns Ok when `rc` is 1, the success value of most libcrypto calls, and
// OpenSslFailure(what) otherwise (0 and negative values alike).
Status CheckOpenSsl(int rc, std::string_view what);

}  // namespace tlsconform::certs
