// The `enforcing` server configuration in GnuTLS's terms.
//
// GnuTLS has one knob for these rules: a verification profile (GNUTLS_PROFILE_*, named in the
// priority string as %PROFILE_*), which fixes a minimum security level in bits for every key
// and signature of the chain. When the case's RSA minimum is exactly a profile's RSA size the
// library enforces it; every other rule (and an RSA minimum no profile has) is checked by the shim
// after the library's own verification passed.
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <optional>
#include <string>

#include "driver/backend.h"

namespace tlsconform::shim::gnutls {

// ProfileForRsaBits returns the priority-string keyword ("%PROFILE_MEDIUM") of the
// verification profile whose RSA minimum is `bits`, or nullopt when no profile has it.
std::optional<std::string> ProfileForRsaBits(int bits);

// RuleViolation names the first rule a chain breaks and says how.
struct RuleViolation {
  std::string rule;  // "signature_hashes", "public_keys", "min_rsa_bits", "curves"
  std::string detail;
};

// CheckRules applies `rules` to every certificate of `chain` (DER, as the peer sent it): its
// signature's hash and algorithm, its key's type, RSA size and curve. `check_rsa_bits` is
// false when a verification profile already enforces the minimum.
std::optional<RuleViolation> CheckRules(const EnforcementRules& rules, bool check_rsa_bits,
                                        const gnutls_datum_t* chain, unsigned count);

}  // namespace tlsconform::shim::gnutls
