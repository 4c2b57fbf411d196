// GnuTLS's one error-to-reason table (reasons.h). Status flags come first, in the order that
// decides between several set at once: a chain that cannot be built is reported as such
// before the properties of its certificates, as OpenSSL's chain walk does.
#include "reasons.h"

#include <gnutls/gnutls.h>

#include <string_view>
#include <utility>

namespace tlsconform::shim::gnutls {
namespace {

using enum Reason;

struct StatusRow {
  unsigned flag;
  Reason reason;
};

struct ErrorRow {
  int error;
  Reason reason;
};

constexpr StatusRow kStatusRows[] = {
    {GNUTLS_CERT_SIGNER_NOT_FOUND, kUntrustedIssuer},
    // An issuer that is not a CA, or whose constraints (path length, name constraints)
    // forbid this chain, cannot vouch for the leaf.
    {GNUTLS_CERT_SIGNER_NOT_CA, kUntrustedIssuer},
    {GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, kUntrustedIssuer},
    {GNUTLS_CERT_SIGNATURE_FAILURE, kBadSignature},
    // Set for broken hashes (MD5, SHA-1 at the default profile) and, under a verification
    // profile, for keys below the profile's size: GnuTLS does not tell the two apart.
    {GNUTLS_CERT_INSECURE_ALGORITHM, kUnsupportedAlgorithm},
    {GNUTLS_CERT_REVOKED, kRevoked},
    {GNUTLS_CERT_EXPIRED, kExpired},
    {GNUTLS_CERT_NOT_ACTIVATED, kNotYetValid},
    {GNUTLS_CERT_PURPOSE_MISMATCH, kKeyUsage},
    // Not in the normalized set: host name mismatch, unknown critical extensions, CRL
    // freshness, OCSP, and the bare "invalid" that accompanies every other flag.
    {GNUTLS_CERT_UNEXPECTED_OWNER, kOther},
    {GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, kOther},
    {GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, kOther},
    {GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, kOther},
    {GNUTLS_CERT_INVALID, kOther},
};

constexpr ErrorRow kErrorRows[] = {
    // The client sent no certificate (TLS 1.3: certificate_required, TLS 1.2: an empty
    // Certificate message).
    {GNUTLS_E_CERTIFICATE_REQUIRED, kNoCertificate},
    {GNUTLS_E_NO_CERTIFICATE_FOUND, kNoCertificate},
    // CertificateVerify does not verify with the certificate's key.
    {GNUTLS_E_PK_SIG_VERIFY_FAILED, kKeyMismatch},
    {GNUTLS_E_CERTIFICATE_KEY_MISMATCH, kKeyMismatch},
    // The peer's key usage forbids what its certificate was used for (a key without
    // digitalSignature signing CertificateVerify, RFC 5280 4.2.1.3).
    {GNUTLS_E_KEY_USAGE_VIOLATION, kKeyUsage},
    {GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm},
    {GNUTLS_E_UNWANTED_ALGORITHM, kUnsupportedAlgorithm},
    {GNUTLS_E_UNKNOWN_PK_ALGORITHM, kUnsupportedAlgorithm},
    {GNUTLS_E_ECC_UNSUPPORTED_CURVE, kUnsupportedAlgorithm},
    {GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE, kUnsupportedAlgorithm},
    {GNUTLS_E_INSUFFICIENT_SECURITY, kWeakKey},
    {GNUTLS_E_UNSUPPORTED_VERSION_PACKET, kProtocol},
    {GNUTLS_E_NO_CIPHER_SUITES, kProtocol},
    {GNUTLS_E_UNKNOWN_CIPHER_SUITE, kProtocol},
    {GNUTLS_E_INSUFFICIENT_CREDENTIALS, kProtocol},
    {GNUTLS_E_NO_COMMON_KEY_SHARE, kProtocol},
    {GNUTLS_E_NO_PRIORITIES_WERE_SET, kProtocol},
    {GNUTLS_E_NO_APPLICATION_PROTOCOL, kProtocol},
    {GNUTLS_E_UNEXPECTED_PACKET, kProtocol},
    {GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET, kProtocol},
    {GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER, kProtocol},
    {GNUTLS_E_INAPPROPRIATE_FALLBACK, kProtocol},
    // The decision is elsewhere (reasons.h); the codes themselves say nothing more.
    {GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR, kOther},
    {GNUTLS_E_CERTIFICATE_ERROR, kOther},
    {GNUTLS_E_FATAL_ALERT_RECEIVED, kOther},
    {GNUTLS_E_PREMATURE_TERMINATION, kOther},
};

// The rules an enforcing server checks in its verification callback (enforcement.h).
constexpr std::pair<std::string_view, Reason> kRuleRows[] = {
    {"min_rsa_bits", kWeakKey},
    {"signature_hashes", kUnsupportedAlgorithm},
    {"public_keys", kUnsupportedAlgorithm},
    {"curves", kUnsupportedAlgorithm},
};

}  // namespace

Reason ReasonForError(int error) {
  for (const ErrorRow& row : kErrorRows) {
    if (row.error == error) {
      return row.reason;
    }
  }
  return kOther;
}

Reason ReasonForStatus(unsigned status) {
  for (const StatusRow& row : kStatusRows) {
    if ((status & row.flag) != 0) {
      return row.reason;
    }
  }
  return kOther;
}

Reason ReasonForRule(std::string_view rule) {
  for (const auto& [name, reason] : kRuleRows) {
    if (name == rule) {
      return reason;
    }
  }
  return kOther;
}

}  // namespace tlsconform::shim::gnutls
