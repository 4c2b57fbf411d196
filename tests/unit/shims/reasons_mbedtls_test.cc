// Mbed TLS's error-to-reason table, row by row, written out independently of reasons.cc.
#include <gtest/gtest.h>
#include <mbedtls/asn1.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include <cstdint>

#include "mbedtls/reasons.h"

namespace tlsconform::shim::mbedtls {
namespace {

struct FlagRow {
  const char* name;
  uint32_t flags;
  Reason expected;
};

struct ErrorRow {
  const char* name;
  int code;
  Reason expected;
};

#define FLAG(flags, reason) \
  { #flags, flags, Reason::reason }
#define ERROR(code, reason) \
  { #code, code, Reason::reason }

constexpr FlagRow kFlags[] = {
    FLAG(MBEDTLS_X509_BADCERT_NOT_TRUSTED, kUntrustedIssuer),
    FLAG(MBEDTLS_X509_BADCERT_REVOKED, kRevoked),
    FLAG(MBEDTLS_X509_BADCERT_EXPIRED, kExpired),
    FLAG(MBEDTLS_X509_BADCERT_FUTURE, kNotYetValid),
    FLAG(MBEDTLS_X509_BADCERT_BAD_MD, kUnsupportedAlgorithm),
    FLAG(MBEDTLS_X509_BADCERT_BAD_PK, kUnsupportedAlgorithm),
    FLAG(MBEDTLS_X509_BADCERT_BAD_KEY, kWeakKey),
    FLAG(MBEDTLS_X509_BADCERT_KEY_USAGE, kKeyUsage),
    FLAG(MBEDTLS_X509_BADCERT_EXT_KEY_USAGE, kKeyUsage),
    FLAG(MBEDTLS_X509_BADCERT_NS_CERT_TYPE, kKeyUsage),
    FLAG(MBEDTLS_X509_BADCERT_MISSING, kNoCertificate),
    FLAG(MBEDTLS_X509_BADCERT_CN_MISMATCH, kOther),
    FLAG(MBEDTLS_X509_BADCERT_OTHER, kOther),
    FLAG(MBEDTLS_X509_BADCERT_SKIP_VERIFY, kOther),
    FLAG(MBEDTLS_X509_BADCRL_NOT_TRUSTED, kOther),
    FLAG(MBEDTLS_X509_BADCRL_EXPIRED, kOther),
    FLAG(MBEDTLS_X509_BADCRL_FUTURE, kOther),
    // Several flags at once: an untrusted chain is reported as that, whatever else is wrong;
    // revocation and dates come before the profile's algorithm and key checks.
    FLAG(MBEDTLS_X509_BADCERT_NOT_TRUSTED | MBEDTLS_X509_BADCERT_EXPIRED, kUntrustedIssuer),
    FLAG(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_BAD_KEY, kExpired),
    FLAG(MBEDTLS_X509_BADCERT_REVOKED | MBEDTLS_X509_BADCERT_FUTURE, kRevoked),
    FLAG(MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_KEY, kUnsupportedAlgorithm),
    FLAG(MBEDTLS_X509_BADCERT_CN_MISMATCH | MBEDTLS_X509_BADCERT_KEY_USAGE, kKeyUsage),
};

constexpr ErrorRow kErrors[] = {
    ERROR(MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE, kNoCertificate),
    ERROR(MBEDTLS_ERR_SSL_CERTIFICATE_REQUIRED, kNoCertificate),
    ERROR(MBEDTLS_ERR_ECP_VERIFY_FAILED, kKeyMismatch),
    ERROR(MBEDTLS_ERR_RSA_VERIFY_FAILED, kKeyMismatch),
    ERROR(MBEDTLS_ERR_RSA_INVALID_PADDING, kKeyMismatch),
    ERROR(MBEDTLS_ERR_PK_UNKNOWN_PK_ALG, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_PK_UNKNOWN_NAMED_CURVE, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_VERIFY, kProtocol),
    ERROR(MBEDTLS_ERR_SSL_INVALID_RECORD, kProtocol),
    // Not listed: the flags or the alert received tell why.
    ERROR(MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, kOther),
    ERROR(MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, kOther),
    ERROR(MBEDTLS_ERR_SSL_CONN_EOF, kOther),
    ERROR(MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, kOther),
    ERROR(MBEDTLS_ERR_SSL_TIMEOUT, kOther),
    // A high-level code with a low-level one added is found by either part.
    ERROR(MBEDTLS_ERR_PK_UNKNOWN_PK_ALG + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG, kUnsupportedAlgorithm),
    ERROR(MBEDTLS_ERR_X509_INVALID_FORMAT + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG, kOther),
};

TEST(MbedtlsReasonTable, MapsVerifyFlags) {
  for (const FlagRow& row : kFlags) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForVerifyFlags(row.flags), row.expected);
  }
}

TEST(MbedtlsReasonTable, MapsErrorCodes) {
  for (const ErrorRow& row : kErrors) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForError(row.code), row.expected);
  }
}

TEST(MbedtlsReasonTable, EveryRowOfTheTableIsCoveredHere) {
  // A row added to reasons.cc without a row here fails this test.
  for (const ReasonRow& row : ReasonTable()) {
    bool covered = false;
    if (row.source == ReasonSource::kVerifyFlag) {
      for (const FlagRow& flag : kFlags) {
        covered = covered || (flag.flags == row.code && flag.expected == row.reason);
      }
    } else {
      for (const ErrorRow& error : kErrors) {
        covered = covered || (error.code == row.code && error.expected == row.reason);
      }
    }
    EXPECT_TRUE(covered) << "row " << row.code << " has no test row";
  }
}

TEST(MbedtlsReasonTable, UnmappedCodesAreOther) {
  EXPECT_EQ(ReasonForVerifyFlags(0), Reason::kOther);
  EXPECT_EQ(ReasonForVerifyFlags(0x80000000u), Reason::kOther);
  EXPECT_EQ(ReasonForError(0), Reason::kOther);
  EXPECT_EQ(ReasonForError(42), Reason::kOther);
  EXPECT_EQ(ReasonForError(-0x7fff), Reason::kOther);
}

}  // namespace
}  // namespace tlsconform::shim::mbedtls
