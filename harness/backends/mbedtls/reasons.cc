// Mbed TLS's one error-to-reason table: certificate verification flags and MBEDTLS_ERR_*
// return codes, each mapped to the normalized reason of PROTOCOL.md. A code not listed here is
// `other`. Received alerts are mapped once for every backend (driver/alert_reasons.h).
#include "mbedtls/reasons.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include <cstdlib>

namespace tlsconform::shim::mbedtls {
namespace {

using enum Reason;

// Mbed TLS's error.h: a code is a high-level module's code (bits 0xFF80 of its magnitude) plus
// a low-level module's (bits 0x007F).
constexpr int kHighLevelMask = 0xFF80;
constexpr int kLowLevelMask = 0x007F;

constexpr ReasonRow kReasons[] = {
    // Verification flags, in priority order: mbedtls_x509_crt_verify sets every flag that
    // applies, so a chain can be both untrusted and expired. A chain that does not lead to the
    // trust store is reported as that first, as the OpenSSL shim does (OpenSSL stops at the
    // missing issuer before it checks dates). Mbed TLS also sets NOT_TRUSTED when the issuer's
    // signature on a certificate does not verify: it has no separate flag for that.
    VerifyFlag(MBEDTLS_X509_BADCERT_NOT_TRUSTED, kUntrustedIssuer),
    VerifyFlag(MBEDTLS_X509_BADCERT_REVOKED, kRevoked),
    VerifyFlag(MBEDTLS_X509_BADCERT_EXPIRED, kExpired),
    VerifyFlag(MBEDTLS_X509_BADCERT_FUTURE, kNotYetValid),
    // The certificate profile (mbedtls_x509_crt_profile): a hash or signature algorithm it does
    // not allow, and a key that is too small or on a curve it does not allow.
    VerifyFlag(MBEDTLS_X509_BADCERT_BAD_MD, kUnsupportedAlgorithm),
    VerifyFlag(MBEDTLS_X509_BADCERT_BAD_PK, kUnsupportedAlgorithm),
    VerifyFlag(MBEDTLS_X509_BADCERT_BAD_KEY, kWeakKey),
    VerifyFlag(MBEDTLS_X509_BADCERT_KEY_USAGE, kKeyUsage),
    VerifyFlag(MBEDTLS_X509_BADCERT_EXT_KEY_USAGE, kKeyUsage),
    VerifyFlag(MBEDTLS_X509_BADCERT_NS_CERT_TYPE, kKeyUsage),
    VerifyFlag(MBEDTLS_X509_BADCERT_MISSING, kNoCertificate),
    // CN_MISMATCH (the client's host name check), OTHER, SKIP_VERIFY and the BADCRL_* flags
    // name no reason of the protocol: they stay `other`.

    // Return codes of mbedtls_ssl_handshake/read/write.
    Error(MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE, kNoCertificate),
    Error(MBEDTLS_ERR_SSL_CERTIFICATE_REQUIRED, kNoCertificate),
    // A CertificateVerify (or ServerKeyExchange) signature that does not verify with the key of
    // the peer's certificate: the peer signed with another key.
    Error(MBEDTLS_ERR_ECP_VERIFY_FAILED, kKeyMismatch),
    Error(MBEDTLS_ERR_RSA_VERIFY_FAILED, kKeyMismatch),
    Error(MBEDTLS_ERR_RSA_INVALID_PADDING, kKeyMismatch),
    // A certificate Mbed TLS cannot parse because it lacks the algorithm.
    Error(MBEDTLS_ERR_PK_UNKNOWN_PK_ALG, kUnsupportedAlgorithm),
    Error(MBEDTLS_ERR_PK_UNKNOWN_NAMED_CURVE, kUnsupportedAlgorithm),
    Error(MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    Error(MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    Error(MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG, kUnsupportedAlgorithm),
    Error(MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    // The two ends cannot agree on how to talk.
    Error(MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION, kProtocol),
    Error(MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN, kProtocol),
    Error(MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE, kProtocol),
    Error(MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE, kProtocol),
    Error(MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO, kProtocol),
    Error(MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO, kProtocol),
    Error(MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_VERIFY, kProtocol),
    Error(MBEDTLS_ERR_SSL_INVALID_RECORD, kProtocol),
};

Reason Lookup(int code) {
  for (const ReasonRow& row : kReasons) {
    if (row.source == ReasonSource::kError && row.code == code) {
      return row.reason;
    }
  }
  return kOther;
}

}  // namespace

std::span<const ReasonRow> ReasonTable() { return kReasons; }

Reason ReasonForVerifyFlags(uint32_t flags) {
  for (const ReasonRow& row : kReasons) {
    if (row.source == ReasonSource::kVerifyFlag && (flags & row.code) != 0) {
      return row.reason;
    }
  }
  return kOther;
}

Reason ReasonForError(int code) {
  if (code >= 0) {
    return kOther;
  }
  const int magnitude = std::abs(code);
  for (const int candidate : {magnitude, magnitude & kHighLevelMask, magnitude & kLowLevelMask}) {
    if (candidate == 0) {
      continue;
    }
    if (const Reason reason = Lookup(-candidate); reason != kOther) {
      return reason;
    }
  }
  return kOther;
}

}  // namespace tlsconform::shim::mbedtls
