// GnuTLS's error-to-reason table, row by row, written out independently of reasons.cc.
#include <gnutls/gnutls.h>
#include <gtest/gtest.h>

#include "reasons.h"

namespace tlsconform::shim::gnutls {
namespace {

struct Row {
  const char* name;
  long long code;
  Reason expected;
};

#define ROW(code, reason) \
  { #code, code, Reason::reason }

constexpr Row kStatusFlags[] = {
    // GNUTLS_CERT_INVALID accompanies the specific flag, as the library sets it.
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND, kUntrustedIssuer),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_CA, kUntrustedIssuer),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, kUntrustedIssuer),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNATURE_FAILURE, kBadSignature),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM, kUnsupportedAlgorithm),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED, kRevoked),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED, kExpired),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED, kNotYetValid),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_PURPOSE_MISMATCH, kKeyUsage),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER, kOther),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, kOther),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, kOther),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, kOther),
    ROW(GNUTLS_CERT_INVALID, kOther),
    // Several flags: the chain's trust decides before a certificate's own properties.
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED | GNUTLS_CERT_SIGNER_NOT_FOUND, kUntrustedIssuer),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED | GNUTLS_CERT_REVOKED, kRevoked),
    ROW(GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM | GNUTLS_CERT_EXPIRED,
        kUnsupportedAlgorithm),
};

constexpr Row kErrors[] = {
    ROW(GNUTLS_E_CERTIFICATE_REQUIRED, kNoCertificate),
    ROW(GNUTLS_E_NO_CERTIFICATE_FOUND, kNoCertificate),
    ROW(GNUTLS_E_PK_SIG_VERIFY_FAILED, kKeyMismatch),
    ROW(GNUTLS_E_CERTIFICATE_KEY_MISMATCH, kKeyMismatch),
    ROW(GNUTLS_E_KEY_USAGE_VIOLATION, kKeyUsage),
    ROW(GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    ROW(GNUTLS_E_UNWANTED_ALGORITHM, kUnsupportedAlgorithm),
    ROW(GNUTLS_E_UNKNOWN_PK_ALGORITHM, kUnsupportedAlgorithm),
    ROW(GNUTLS_E_ECC_UNSUPPORTED_CURVE, kUnsupportedAlgorithm),
    ROW(GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE, kUnsupportedAlgorithm),
    ROW(GNUTLS_E_INSUFFICIENT_SECURITY, kWeakKey),
    ROW(GNUTLS_E_UNSUPPORTED_VERSION_PACKET, kProtocol),
    ROW(GNUTLS_E_NO_CIPHER_SUITES, kProtocol),
    ROW(GNUTLS_E_UNKNOWN_CIPHER_SUITE, kProtocol),
    ROW(GNUTLS_E_INSUFFICIENT_CREDENTIALS, kProtocol),
    ROW(GNUTLS_E_NO_COMMON_KEY_SHARE, kProtocol),
    ROW(GNUTLS_E_NO_PRIORITIES_WERE_SET, kProtocol),
    ROW(GNUTLS_E_NO_APPLICATION_PROTOCOL, kProtocol),
    ROW(GNUTLS_E_UNEXPECTED_PACKET, kProtocol),
    ROW(GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET, kProtocol),
    ROW(GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER, kProtocol),
    ROW(GNUTLS_E_INAPPROPRIATE_FALLBACK, kProtocol),
    // The status flags or the alert decide these; the code alone says nothing more.
    ROW(GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR, kOther),
    ROW(GNUTLS_E_CERTIFICATE_ERROR, kOther),
    ROW(GNUTLS_E_FATAL_ALERT_RECEIVED, kOther),
    ROW(GNUTLS_E_PREMATURE_TERMINATION, kOther),
};

TEST(GnutlsReasonTable, MapsStatusFlags) {
  for (const Row& row : kStatusFlags) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForStatus(static_cast<unsigned>(row.code)), row.expected);
  }
}

TEST(GnutlsReasonTable, MapsErrorCodes) {
  for (const Row& row : kErrors) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForError(static_cast<int>(row.code)), row.expected);
  }
}

TEST(GnutlsReasonTable, MapsShimRules) {
  EXPECT_EQ(ReasonForRule("min_rsa_bits"), Reason::kWeakKey);
  EXPECT_EQ(ReasonForRule("signature_hashes"), Reason::kUnsupportedAlgorithm);
  EXPECT_EQ(ReasonForRule("public_keys"), Reason::kUnsupportedAlgorithm);
  EXPECT_EQ(ReasonForRule("curves"), Reason::kUnsupportedAlgorithm);
}

TEST(GnutlsReasonTable, UnmappedCodesAreOther) {
  EXPECT_EQ(ReasonForStatus(0), Reason::kOther);
  EXPECT_EQ(ReasonForStatus(1u << 30), Reason::kOther);
  EXPECT_EQ(ReasonForError(GNUTLS_E_MEMORY_ERROR), Reason::kOther);
  EXPECT_EQ(ReasonForError(-99999), Reason::kOther);
  EXPECT_EQ(ReasonForError(0), Reason::kOther);
  EXPECT_EQ(ReasonForRule("max_depth"), Reason::kOther);
}

}  // namespace
}  // namespace tlsconform::shim::gnutls
