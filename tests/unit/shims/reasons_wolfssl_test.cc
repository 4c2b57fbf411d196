// wolfSSL's error-to-reason table, row by row, written out independently of reasons.cc.
// clang-format off
#include <wolfssl/options.h>
// clang-format on
#include <gtest/gtest.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include <set>
#include <utility>

#include "wolfssl_reasons.h"

namespace tlsconform::shim::wolfssl {
namespace {

struct Row {
  const char* name;
  int code;
  Reason expected;
};

#define CODE(code, reason) \
  { #code, code, Reason::reason }

constexpr Row kLibraryErrors[] = {
    CODE(ASN_AFTER_DATE_E, kExpired),
    CODE(ASN_BEFORE_DATE_E, kNotYetValid),
    CODE(ASN_NO_SIGNER_E, kUntrustedIssuer),
    CODE(ASN_SELF_SIGNED_E, kUntrustedIssuer),
    CODE(NOT_CA_ERROR, kUntrustedIssuer),
    CODE(ASN_PATHLEN_INV_E, kUntrustedIssuer),
    CODE(MAX_CHAIN_ERROR, kUntrustedIssuer),
    CODE(ASN_SIG_CONFIRM_E, kBadSignature),
    CODE(ASN_SIG_OID_E, kUnsupportedAlgorithm),
    CODE(ASN_SIG_HASH_E, kUnsupportedAlgorithm),
    CODE(ASN_SIG_KEY_E, kUnsupportedAlgorithm),
    CODE(ASN_UNKNOWN_OID_E, kUnsupportedAlgorithm),
    CODE(ECC_CURVE_OID_E, kUnsupportedAlgorithm),
    CODE(HASH_TYPE_E, kUnsupportedAlgorithm),
    CODE(SIG_TYPE_E, kUnsupportedAlgorithm),
    CODE(RSA_KEY_SIZE_E, kWeakKey),
    CODE(ECC_KEY_SIZE_E, kWeakKey),
    CODE(CRL_CERT_REVOKED, kRevoked),
    CODE(OCSP_CERT_REVOKED, kRevoked),
    CODE(KEYUSAGE_E, kKeyUsage),
    CODE(EXTKEYUSAGE_E, kKeyUsage),
    CODE(KEYUSE_SIGNATURE_E, kKeyUsage),
    CODE(EXTKEYUSE_AUTH_E, kKeyUsage),
    CODE(VERIFY_SIGN_ERROR, kKeyMismatch),
    CODE(SIG_VERIFY_E, kKeyMismatch),
    CODE(BAD_PADDING_E, kKeyMismatch),
    CODE(NO_PEER_CERT, kNoCertificate),
    CODE(VERSION_ERROR, kProtocol),
    CODE(UNSUPPORTED_PROTO_VERSION, kProtocol),
    CODE(MATCH_SUITE_ERROR, kProtocol),
    CODE(UNSUPPORTED_SUITE, kProtocol),
    CODE(KEY_SHARE_ERROR, kProtocol),
    CODE(BAD_KEY_SHARE_DATA, kProtocol),
    CODE(EXT_MISSING, kProtocol),
    // Summaries that say nothing about why: `other`, so the verify error or alert decides.
    CODE(FATAL_ERROR, kOther),
    CODE(VERIFY_CERT_ERROR, kOther),
    CODE(DOMAIN_NAME_MISMATCH, kOther),
    CODE(SOCKET_ERROR_E, kOther),
    CODE(SOCKET_PEER_CLOSED_E, kOther),
    CODE(CRL_MISSING, kOther),
};

constexpr Row kVerifyFlags[] = {
    CODE(X509_V_ERR_CERT_HAS_EXPIRED, kExpired),
    CODE(X509_V_ERR_CERT_NOT_YET_VALID, kNotYetValid),
    CODE(X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, kExpired),
    CODE(X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, kNotYetValid),
    CODE(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, kUntrustedIssuer),
    CODE(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, kUntrustedIssuer),
    CODE(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, kUntrustedIssuer),
    CODE(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, kUntrustedIssuer),
    CODE(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, kUntrustedIssuer),
    CODE(X509_V_ERR_CERT_UNTRUSTED, kUntrustedIssuer),
    CODE(X509_V_ERR_INVALID_CA, kUntrustedIssuer),
    CODE(X509_V_ERR_PATH_LENGTH_EXCEEDED, kUntrustedIssuer),
    CODE(X509_V_ERR_CERT_SIGNATURE_FAILURE, kBadSignature),
    CODE(X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, kBadSignature),
    CODE(X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, kUnsupportedAlgorithm),
    CODE(X509_V_ERR_CERT_REVOKED, kRevoked),
    CODE(X509_V_ERR_INVALID_PURPOSE, kKeyUsage),
    CODE(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, kKeyUsage),
    CODE(X509_V_ERR_KEYUSAGE_NO_CERTSIGN, kKeyUsage),
    // The shim's own refusals (enforcing rules) carry the rule in shim_enforced instead.
    CODE(X509_V_ERR_APPLICATION_VERIFICATION, kOther),
    CODE(X509_V_ERR_UNABLE_TO_GET_CRL, kOther),
};

TEST(WolfSslReasonTable, MapsLibraryErrors) {
  for (const Row& row : kLibraryErrors) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForLibraryError(row.code), row.expected);
  }
}

TEST(WolfSslReasonTable, MapsVerifyFlags) {
  for (const Row& row : kVerifyFlags) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ReasonForVerifyFlag(row.code), row.expected);
  }
}

TEST(WolfSslReasonTable, SourcesAreKeptApart) {
  // X509_V_ERR_CERT_HAS_EXPIRED is 10; as a library error code 10 means nothing.
  EXPECT_EQ(ReasonForLibraryError(X509_V_ERR_CERT_HAS_EXPIRED), Reason::kOther);
  EXPECT_EQ(ReasonForVerifyFlag(ASN_AFTER_DATE_E), Reason::kOther);
}

TEST(WolfSslReasonTable, EveryRowIsUniqueAndTested) {
  std::set<std::pair<ReasonSource, int>> seen;
  for (const ReasonRow& row : ReasonTable()) {
    EXPECT_TRUE(seen.insert({row.source, row.code}).second) << "duplicate row " << row.code;
  }
  size_t tested = 0;
  for (const Row& row : kLibraryErrors) {
    tested += row.expected != Reason::kOther ? 1 : 0;
  }
  for (const Row& row : kVerifyFlags) {
    tested += row.expected != Reason::kOther ? 1 : 0;
  }
  EXPECT_EQ(tested, ReasonTable().size());
}

TEST(WolfSslReasonTable, AlertsAreTheDriversMapping) {
  EXPECT_EQ(ReasonForAlert(45), Reason::kExpired);          // certificate_expired
  EXPECT_EQ(ReasonForAlert(48), Reason::kUntrustedIssuer);  // unknown_ca
  EXPECT_EQ(ReasonForAlert(42), Reason::kOther);            // bad_certificate
}

TEST(WolfSslReasonTable, UnmappedCodesAreOther) {
  EXPECT_EQ(ReasonForLibraryError(-99999), Reason::kOther);
  EXPECT_EQ(ReasonForLibraryError(0), Reason::kOther);
  EXPECT_EQ(ReasonForVerifyFlag(9999), Reason::kOther);
}

}  // namespace
}  // namespace tlsconform::shim::wolfssl
