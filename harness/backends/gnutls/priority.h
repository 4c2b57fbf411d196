// The case's TLS parameters in GnuTLS's terms: a priority string, and the names GnuTLS's
// enumerations carry in the protocol's registries.
//
// GnuTLS has no per-suite setting: a priority string enables key exchanges, ciphers and MACs,
// and the suites are every combination of them that GnuTLS knows. The policy's suites are
// translated row by row (kx, cipher, mac) and the union is enabled; CheckSuites then says
// whether the library's resulting list is exactly the policy's.
#pragma once

#include <gnutls/gnutls.h>

#include <optional>
#include <string>
#include <vector>

#include "driver/backend.h"

namespace tlsconform::shim::gnutls {

// PriorityOutcome is a priority string, or why the case's parameters have none.
struct PriorityOutcome {
  std::string priority;
  std::optional<std::string> error;        // a name the tables do not know: the shim's fault
  std::optional<std::string> unsupported;  // a parameter GnuTLS cannot express
};

// BuildPriority translates `tls` (version pinned; suites of that version; signature schemes;
// groups) into a priority string for gnutls_priority_init.
PriorityOutcome BuildPriority(const TlsParameters& tls);

// ExtraSuites returns the IANA names of suites `priority` enables that the case's list for
// its version does not name (empty when the list is null or matched exactly).
std::vector<std::string> ExtraSuites(gnutls_priority_t priority, const TlsParameters& tls);

// SignatureSchemeName returns the IANA name of a GnuTLS signature algorithm as TLS uses it
// ("ecdsa_secp256r1_sha256" for both GNUTLS_SIGN_ECDSA_SHA256 and _SECP256R1_SHA256, which
// share the code point), or nullopt for one with no TLS code point.
std::optional<std::string> SignatureSchemeName(gnutls_sign_algorithm_t sign);

// SchemesOf returns the IANA names of the signature algorithms a priority string enables.
std::vector<std::string> SchemesOf(const char* priority);

// VersionName returns "tls1.2"-style names for GnuTLS protocol versions.
std::optional<std::string> VersionName(gnutls_protocol_t version);

// CurveName returns the name tlsconform uses for an ECDSA curve ("P-256"), or nullopt.
std::optional<std::string> CurveName(gnutls_ecc_curve_t curve);

// KeyTypeName returns tlsconform's name of a public-key algorithm ("rsa", "rsa-pss", "ec",
// "ed25519", "ed448"), or nullopt.
std::optional<std::string> KeyTypeName(gnutls_pk_algorithm_t pk);

}  // namespace tlsconform::shim::gnutls
