// NewContext: the SSL_CTX of one case, configured from its request (PROTOCOL.md, "A case").
#pragma once

#include <optional>
#include <string>

#include "driver/backend.h"
#include "ossl_common/session.h"
#include "ossl_common/unique_ptr.h"

namespace tlsconform::shim::ossl {

// ContextOutcome is a configured context, or why there is none: `unsupported` names a setting
// this library lacks; otherwise the failure is recorded in the SessionState (the library's
// refusal of a fixture's key or certificate is a result, not a harness error).
struct ContextOutcome {
  UniquePtr<SSL_CTX> ctx;
  std::optional<std::string> unsupported;
};

// NewContext pins the version, sets the suites and security level when given, loads the
// credentials, the trust store and the CRL, and installs the observing callbacks. Anything
// the request leaves null keeps the library's default: that is the `defaults` server
// configuration.
ContextOutcome NewContext(const CaseRequest& request, SessionState& state);

#ifndef OPENSSL_IS_BORINGSSL
// OpenSslSignatureScheme spells an IANA signature scheme name as SSL_CTX_set1_sigalgs_list
// takes it: the registry name, except for the TLS 1.2 schemes OpenSSL 3.0 names only as
// "KEY+HASH" (ecdsa_sha1).
std::string OpenSslSignatureScheme(const std::string& iana_name);
#endif

}  // namespace tlsconform::shim::ossl
