// The `enforcing` server configuration's checks (PROTOCOL.md; backend.h, EnforcementRules)
// as far as the shim makes them itself, in the verification callback, on every certificate
// of the client's chain.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>

#include "driver/backend.h"
#include "ossl_common/session.h"

namespace tlsconform::shim::ossl {

// CheckEnforcement applies `rules` to `cert`, the certificate at `depth` of the chain the
// library has just verified: the algorithm and hash of its signature (not for a self-issued
// trust anchor, whose signature vouches for nothing), the type of its key, the size of an RSA
// key and the curve of an EC key. It returns the first rule the certificate breaks, as a
// VerifyFailure with `shim_rule` and `shim_reason` set, or nothing. An empty list, like a
// min_rsa_bits of 0, is a rule the case does not set.
std::optional<VerifyFailure> CheckEnforcement(X509* cert, int depth, const EnforcementRules& rules);

// The names CheckEnforcement compares with the rules, exposed for the capabilities: a key's
// type ("rsa", "rsa-pss", "ec", "ed25519", ...) and an EC key's curve ("P-256", or the
// library's short name for a curve NIST did not name).
std::string KeyTypeName(int pkey_id);
std::string CurveName(int nid);

}  // namespace tlsconform::shim::ossl
