// OpenSSL's error-to-reason table, row by row, written out independently of reasons.cc.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509err.h>

#include "ossl_common/reason_table.h"

namespace tlsconform::shim::ossl {
namespace {

struct Row {
  const char* name;
  int library;  // 0 for verify errors and alerts
  int code;
  Reason expected;
};

#define VERIFY(code, reason) \
  { #code, 0, code, Reason::reason }
#define LIBRARY(library, code, reason) \
  { #code, library, code, Reason::reason }
#define ALERT(code, reason) \
  { #code, 0, code, Reason::reason }

constexpr Row kVerifyErrors[] = {
    VERIFY(X509_V_ERR_CERT_HAS_EXPIRED, kExpired),
    VERIFY(X509_V_ERR_CERT_NOT_YET_VALID, kNotYetValid),
    VERIFY(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, kUntrustedIssuer),
    VERIFY(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, kUntrustedIssuer),
    VERIFY(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, kUntrustedIssuer),
    VERIFY(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, kUntrustedIssuer),
    VERIFY(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, kUntrustedIssuer),
    VERIFY(X509_V_ERR_INVALID_CA, kUntrustedIssuer),
    VERIFY(X509_V_ERR_CERT_SIGNATURE_FAILURE, kBadSignature),
    VERIFY(X509_V_ERR_CA_MD_TOO_WEAK, kUnsupportedAlgorithm),
    VERIFY(X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    VERIFY(X509_V_ERR_EE_KEY_TOO_SMALL, kWeakKey),
    VERIFY(X509_V_ERR_CA_KEY_TOO_SMALL, kWeakKey),
    VERIFY(X509_V_ERR_CERT_REVOKED, kRevoked),
    VERIFY(X509_V_ERR_INVALID_PURPOSE, kKeyUsage),
    VERIFY(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, kKeyUsage),
    // Not in the normalized set: `other`.
    VERIFY(X509_V_ERR_HOSTNAME_MISMATCH, kOther),
    VERIFY(X509_V_ERR_UNABLE_TO_GET_CRL, kOther),
    // OpenSSL's 24 is NO_ISSUER_PUBLIC_KEY, BoringSSL's 24 is INVALID_CA: per-backend tables.
    VERIFY(X509_V_ERR_NO_ISSUER_PUBLIC_KEY, kOther),
};

constexpr Row kLibraryErrors[] = {
    LIBRARY(ERR_LIB_SSL, SSL_R_BAD_SIGNATURE, kKeyMismatch),
    LIBRARY(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, kKeyMismatch),
    LIBRARY(ERR_LIB_SSL, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE, kNoCertificate),
    LIBRARY(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL, kWeakKey),
    LIBRARY(ERR_LIB_SSL, SSL_R_CA_MD_TOO_WEAK, kUnsupportedAlgorithm),
    LIBRARY(ERR_LIB_SSL, SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS, kUnsupportedAlgorithm),
    LIBRARY(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL, kProtocol),
    LIBRARY(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER, kProtocol),
    LIBRARY(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER, kProtocol),
    // Alerts received arrive in the queue as SSL_AD_REASON_OFFSET + description.
    LIBRARY(ERR_LIB_SSL, SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED, kExpired),
    LIBRARY(ERR_LIB_SSL, SSL_R_TLSV1_ALERT_UNKNOWN_CA, kUntrustedIssuer),
    LIBRARY(ERR_LIB_SSL, SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, kNoCertificate),
    LIBRARY(ERR_LIB_SSL, SSL_R_TLSV1_ALERT_DECRYPT_ERROR, kKeyMismatch),
    // The verify error decides those cases; the queue's summary says nothing more.
    LIBRARY(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED, kOther),
    LIBRARY(ERR_LIB_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING, kOther),
    // The same reason number in another library is another error.
    LIBRARY(ERR_LIB_X509, SSL_R_BAD_SIGNATURE, kOther),
};

constexpr Row kAlerts[] = {
    ALERT(SSL_AD_UNKNOWN_CA, kUntrustedIssuer),  ALERT(SSL_AD_CERTIFICATE_EXPIRED, kExpired),
    ALERT(SSL_AD_CERTIFICATE_REVOKED, kRevoked), ALERT(SSL_AD_UNSUPPORTED_CERTIFICATE, kKeyUsage),
    ALERT(SSL_AD_DECRYPT_ERROR, kKeyMismatch),   ALERT(SSL_AD_CERTIFICATE_REQUIRED, kNoCertificate),
    ALERT(SSL_AD_HANDSHAKE_FAILURE, kProtocol),  ALERT(SSL_AD_PROTOCOL_VERSION, kProtocol),
    ALERT(SSL_AD_BAD_CERTIFICATE, kOther),       ALERT(SSL_AD_CERTIFICATE_UNKNOWN, kOther),
    ALERT(SSL_AD_INTERNAL_ERROR, kOther),
};

TEST(OpenSslReasonTable, MapsVerifyErrors) {
  for (const Row& row : kVerifyErrors) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForVerifyError(row.code), row.expected);
  }
}

TEST(OpenSslReasonTable, MapsLibraryErrors) {
  for (const Row& row : kLibraryErrors) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForLibraryError(row.library, row.code), row.expected);
  }
}

TEST(OpenSslReasonTable, MapsAlertsReceived) {
  for (const Row& row : kAlerts) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForAlert(row.code), row.expected);
  }
}

TEST(OpenSslReasonTable, UnmappedCodesAreOther) {
  EXPECT_EQ(ReasonForVerifyError(9999), Reason::kOther);
  EXPECT_EQ(ReasonForVerifyError(-1), Reason::kOther);
  EXPECT_EQ(ReasonForLibraryError(ERR_LIB_SSL, 4000), Reason::kOther);
  EXPECT_EQ(ReasonForLibraryError(ERR_LIB_USER, SSL_R_BAD_SIGNATURE), Reason::kOther);
  EXPECT_EQ(ReasonForAlert(255), Reason::kOther);
}

}  // namespace
}  // namespace tlsconform::shim::ossl
