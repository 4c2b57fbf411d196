#include "driver/alert_reasons.h"

#include <utility>

namespace tlsconform::shim {
namespace {

// The rows follow what the libraries send for each verification failure; alert codes are
// those of the TLS Alerts registry.
constexpr std::pair<int, Reason> kAlertReasons[] = {
    {48, Reason::kUntrustedIssuer},  // unknown_ca
    {45, Reason::kExpired},          // certificate_expired
    {44, Reason::kRevoked},          // certificate_revoked
    // OpenSSL and BoringSSL send unsupported_certificate for a certificate of the wrong
    // purpose (extendedKeyUsage, keyUsage).
    {43, Reason::kKeyUsage},  // unsupported_certificate
    // decrypt_error answers a signature that does not verify: a CertificateVerify signed by
    // a key that is not the certificate's.
    {51, Reason::kKeyMismatch},     // decrypt_error
    {116, Reason::kNoCertificate},  // certificate_required
    {40, Reason::kProtocol},        // handshake_failure
    {70, Reason::kProtocol},        // protocol_version
    {71, Reason::kProtocol},        // insufficient_security
    {47, Reason::kProtocol},        // illegal_parameter
    {10, Reason::kProtocol},        // unexpected_message
    {50, Reason::kProtocol},        // decode_error
    {109, Reason::kProtocol},       // missing_extension
    {86, Reason::kProtocol},        // inappropriate_fallback
};

}  // namespace

Reason ReasonForAlert(int description) {
  for (const auto& [code, reason] : kAlertReasons) {
    if (code == description) {
      return reason;
    }
  }
  return Reason::kOther;
}

}  // namespace tlsconform::shim
