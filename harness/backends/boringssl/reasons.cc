// BoringSSL's one error-to-reason table: X509 verify errors and error-queue reasons, each
// mapped to the normalized reason of PROTOCOL.md (alerts: driver/alert_reasons.h). A code not
// listed here is `other`. Written with BoringSSL's own constants: it numbers several X509_V_ERR_*
// and SSL_R_* codes differently from OpenSSL, and lacks some (no security levels, so no
// EE_KEY_TOO_SMALL; no CA_MD_TOO_WEAK).
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "ossl_common/reason_table.h"

namespace tlsconform::shim::ossl {
namespace {

using enum Reason;

constexpr ReasonRow kReasons[] = {
    // Certificate verification (X509_V_ERR_*), the first error the verify callback saw.
    VerifyError(X509_V_ERR_CERT_HAS_EXPIRED, kExpired),
    VerifyError(X509_V_ERR_CERT_NOT_YET_VALID, kNotYetValid),
    VerifyError(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, kUntrustedIssuer),
    VerifyError(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, kUntrustedIssuer),
    VerifyError(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, kUntrustedIssuer),
    VerifyError(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, kUntrustedIssuer),
    VerifyError(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, kUntrustedIssuer),
    VerifyError(X509_V_ERR_CERT_UNTRUSTED, kUntrustedIssuer),
    // An issuer that is not a CA, or whose path length forbids this chain, cannot vouch for
    // the leaf: the chain has no trusted issuer.
    VerifyError(X509_V_ERR_INVALID_CA, kUntrustedIssuer),
    VerifyError(X509_V_ERR_PATH_LENGTH_EXCEEDED, kUntrustedIssuer),
    VerifyError(X509_V_ERR_CERT_SIGNATURE_FAILURE, kBadSignature),
    VerifyError(X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, kBadSignature),
    // BoringSSL reports a signature algorithm it does not implement, or an issuer key it
    // cannot parse, while decoding the issuer's public key.
    VerifyError(X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, kUnsupportedAlgorithm),
    VerifyError(X509_V_ERR_CERT_REVOKED, kRevoked),
    VerifyError(X509_V_ERR_INVALID_PURPOSE, kKeyUsage),
    VerifyError(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, kKeyUsage),
    VerifyError(X509_V_ERR_KEYUSAGE_NO_CERTSIGN, kKeyUsage),

    // The error queue (ERR_LIB_*, reason). SSL reasons of 1000 + N are alerts received and
    // are looked up as alert N below (reason_table.h).
    LibraryError(ERR_LIB_SSL, SSL_R_BAD_SIGNATURE, kKeyMismatch),
    LibraryError(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, kKeyMismatch),
    LibraryError(ERR_LIB_SSL, SSL_R_CERTIFICATE_AND_PRIVATE_KEY_MISMATCH, kKeyMismatch),
    LibraryError(ERR_LIB_SSL, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE, kNoCertificate),
    LibraryError(ERR_LIB_SSL, SSL_R_KEY_USAGE_BIT_INCORRECT, kKeyUsage),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_SIGNATURE_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_COMMON_SIGNATURE_ALGORITHMS, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_INVALID_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNKNOWN_CERTIFICATE_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNKNOWN_DIGEST, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_BAD_ECC_CERT, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_CURVE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNSUPPORTED_ELLIPTIC_CURVE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_X509, X509_R_UNSUPPORTED_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_X509, X509_R_UNKNOWN_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_ASN1, ASN1_R_UNKNOWN_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_ASN1, ASN1_R_UNSUPPORTED_PUBLIC_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_EVP, EVP_R_UNSUPPORTED_PUBLIC_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_EVP, EVP_R_UNKNOWN_PUBLIC_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SUPPORTED_VERSIONS_ENABLED, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SHARED_GROUP, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_MISSING_KEY_SHARE, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_INAPPROPRIATE_FALLBACK, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_TLS13_DOWNGRADE, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_HANDSHAKE_FAILURE_ON_CLIENT_HELLO, kProtocol),
};

}  // namespace

std::span<const ReasonRow> BackendReasonTable() { return kReasons; }

}  // namespace tlsconform::shim::ossl
