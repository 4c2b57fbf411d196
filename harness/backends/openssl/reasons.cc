// OpenSSL's one error-to-reason table: X509 verify errors and error-queue reasons, each mapped to
// the normalized reason of PROTOCOL.md. A code not listed here is `other`. Written with OpenSSL 3's
// own constants; BoringSSL numbers several of them differently and has its own table.
#include <openssl/asn1err.h>
#include <openssl/err.h>
#include <openssl/evperr.h>
#include <openssl/ssl.h>
#include <openssl/sslerr.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509err.h>

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
    VerifyError(X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH, kBadSignature),
    VerifyError(X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY, kBadSignature),
    VerifyError(X509_V_ERR_CA_MD_TOO_WEAK, kUnsupportedAlgorithm),
    VerifyError(X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    VerifyError(X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, kUnsupportedAlgorithm),
    VerifyError(X509_V_ERR_EE_KEY_TOO_SMALL, kWeakKey),
    VerifyError(X509_V_ERR_CA_KEY_TOO_SMALL, kWeakKey),
    VerifyError(X509_V_ERR_CERT_REVOKED, kRevoked),
    VerifyError(X509_V_ERR_INVALID_PURPOSE, kKeyUsage),
    VerifyError(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, kKeyUsage),
    VerifyError(X509_V_ERR_KEYUSAGE_NO_CERTSIGN, kKeyUsage),

    // The error queue (ERR_LIB_*, reason). SSL reasons of 1000 + N are alerts received and
    // are looked up as alert N below (reason_table.h).
    LibraryError(ERR_LIB_SSL, SSL_R_BAD_SIGNATURE, kKeyMismatch),
    LibraryError(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, kKeyMismatch),
    LibraryError(ERR_LIB_SSL, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE, kNoCertificate),
    LibraryError(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL, kWeakKey),
    LibraryError(ERR_LIB_SSL, SSL_R_CA_KEY_TOO_SMALL, kWeakKey),
    LibraryError(ERR_LIB_SSL, SSL_R_CA_MD_TOO_WEAK, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_SIGNATURE_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNKNOWN_CERTIFICATE_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_CERTIFICATE_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNKNOWN_DIGEST, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_BAD_ECC_CERT, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_CURVE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNSUPPORTED_ELLIPTIC_CURVE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_X509, X509_R_UNSUPPORTED_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_X509, X509_R_UNKNOWN_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_ASN1, ASN1_R_UNKNOWN_SIGNATURE_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_ASN1, ASN1_R_UNKNOWN_PUBLIC_KEY_TYPE, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM, kUnsupportedAlgorithm),
    LibraryError(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_UNSUPPORTED_SSL_VERSION, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_VERSION_TOO_LOW, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_VERSION_TOO_HIGH, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_PROTOCOLS_AVAILABLE, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SHARED_GROUPS, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_NO_SUITABLE_KEY_SHARE, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_INAPPROPRIATE_FALLBACK, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_DIGEST_CHECK_FAILED, kProtocol),
    LibraryError(ERR_LIB_SSL, SSL_R_MISSING_SIGALGS_EXTENSION, kProtocol),
};

}  // namespace

std::span<const ReasonRow> BackendReasonTable() { return kReasons; }

}  // namespace tlsconform::shim::ossl
