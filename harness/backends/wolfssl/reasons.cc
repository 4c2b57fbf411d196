// wolfSSL's one error-to-reason table: its error codes and its X509_V_ERR_* verification
// results, each mapped to the normalized reason of PROTOCOL.md. A code not listed is `other`.
// options.h first: it says how the library was built, and the other headers depend on it.
// clang-format off
#include <wolfssl/options.h>
// clang-format on
#include <wolfssl/error-ssl.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "wolfssl_reasons.h"

namespace tlsconform::shim::wolfssl {
namespace {

using enum Reason;

constexpr ReasonRow LibraryError(int code, Reason reason) {
  return {ReasonSource::kLibraryError, code, reason};
}
constexpr ReasonRow VerifyFlag(int code, Reason reason) {
  return {ReasonSource::kVerifyFlag, code, reason};
}

constexpr ReasonRow kReasons[] = {
    // Certificate verification, wolfCrypt's ASN codes (the verify callback's error, and what
    // wolfSSL_get_error returns after the handshake failed on them).
    LibraryError(ASN_AFTER_DATE_E, kExpired),
    LibraryError(ASN_BEFORE_DATE_E, kNotYetValid),
    LibraryError(ASN_NO_SIGNER_E, kUntrustedIssuer),
    LibraryError(ASN_SELF_SIGNED_E, kUntrustedIssuer),
    // An issuer that is not a CA, a path length exceeded, a chain too long: no trusted
    // issuer vouches for the leaf.
    LibraryError(NOT_CA_ERROR, kUntrustedIssuer),
    LibraryError(ASN_PATHLEN_INV_E, kUntrustedIssuer),
    LibraryError(MAX_CHAIN_ERROR, kUntrustedIssuer),
    LibraryError(ASN_SIG_CONFIRM_E, kBadSignature),
    LibraryError(ASN_SIG_OID_E, kUnsupportedAlgorithm),
    LibraryError(ASN_SIG_HASH_E, kUnsupportedAlgorithm),
    LibraryError(ASN_SIG_KEY_E, kUnsupportedAlgorithm),
    LibraryError(ASN_UNKNOWN_OID_E, kUnsupportedAlgorithm),
    LibraryError(ECC_CURVE_OID_E, kUnsupportedAlgorithm),
    LibraryError(HASH_TYPE_E, kUnsupportedAlgorithm),
    LibraryError(SIG_TYPE_E, kUnsupportedAlgorithm),
    LibraryError(RSA_KEY_SIZE_E, kWeakKey),
    LibraryError(ECC_KEY_SIZE_E, kWeakKey),
    LibraryError(CRL_CERT_REVOKED, kRevoked),
    LibraryError(OCSP_CERT_REVOKED, kRevoked),
    LibraryError(KEYUSAGE_E, kKeyUsage),
    LibraryError(EXTKEYUSAGE_E, kKeyUsage),
    LibraryError(KEYUSE_SIGNATURE_E, kKeyUsage),
    LibraryError(EXTKEYUSE_AUTH_E, kKeyUsage),

    // The handshake. A CertificateVerify that does not verify with the certificate's key:
    // VERIFY_SIGN_ERROR (TLS 1.2), SIG_VERIFY_E (wolfCrypt's, TLS 1.3 ECDSA and RSA-PSS).
    LibraryError(VERIFY_SIGN_ERROR, kKeyMismatch),
    LibraryError(SIG_VERIFY_E, kKeyMismatch),
    // An RSA CertificateVerify made with another key fails its padding check first.
    LibraryError(BAD_PADDING_E, kKeyMismatch),
    LibraryError(NO_PEER_CERT, kNoCertificate),
    LibraryError(VERSION_ERROR, kProtocol),
    LibraryError(UNSUPPORTED_PROTO_VERSION, kProtocol),
    LibraryError(MATCH_SUITE_ERROR, kProtocol),
    LibraryError(UNSUPPORTED_SUITE, kProtocol),
    LibraryError(KEY_SHARE_ERROR, kProtocol),
    LibraryError(BAD_KEY_SHARE_DATA, kProtocol),
    LibraryError(EXT_MISSING, kProtocol),

    // X509_V_ERR_* as wolfSSL_get_verify_result and the verify callback report them.
    VerifyFlag(X509_V_ERR_CERT_HAS_EXPIRED, kExpired),
    VerifyFlag(X509_V_ERR_CERT_NOT_YET_VALID, kNotYetValid),
    // wolfSSL's translation of its date errors for the verify callback: ASN_AFTER_DATE_E
    // becomes ERROR_IN_CERT_NOT_AFTER_FIELD, ASN_BEFORE_DATE_E ..._NOT_BEFORE_FIELD, although
    // the field is well formed and only out of date.
    VerifyFlag(X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, kExpired),
    VerifyFlag(X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, kNotYetValid),
    VerifyFlag(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_CERT_UNTRUSTED, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_INVALID_CA, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_PATH_LENGTH_EXCEEDED, kUntrustedIssuer),
    VerifyFlag(X509_V_ERR_CERT_SIGNATURE_FAILURE, kBadSignature),
    VerifyFlag(X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, kBadSignature),
    VerifyFlag(X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, kUnsupportedAlgorithm),
    VerifyFlag(X509_V_ERR_CERT_REVOKED, kRevoked),
    VerifyFlag(X509_V_ERR_INVALID_PURPOSE, kKeyUsage),
    VerifyFlag(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, kKeyUsage),
    VerifyFlag(X509_V_ERR_KEYUSAGE_NO_CERTSIGN, kKeyUsage),
};

Reason Lookup(ReasonSource source, int code) {
  for (const ReasonRow& row : kReasons) {
    if (row.source == source && row.code == code) {
      return row.reason;
    }
  }
  return kOther;
}

}  // namespace

std::span<const ReasonRow> ReasonTable() { return kReasons; }

Reason ReasonForLibraryError(int code) { return Lookup(ReasonSource::kLibraryError, code); }

Reason ReasonForVerifyFlag(int code) { return Lookup(ReasonSource::kVerifyFlag, code); }

}  // namespace tlsconform::shim::wolfssl
