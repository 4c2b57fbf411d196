// Names from the IANA TLS registries, in the spelling tlsconform's protocol and reports use.
#include "tlsconform/tls_names.h"

#include <array>
#include <cstdio>
#include <utility>

namespace tlsconform {
namespace {

std::string Hex16(unsigned value) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "0x%04x", value & 0xffff);
  return text.data();
}

// RFC 8446 section 6 and the IANA "TLS Alerts" registry.
constexpr std::pair<int, const char*> kAlerts[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
    {121, "ech_required"},
};

// RFC 8446 section 4.2.3 and the IANA "TLS SignatureScheme" registry.
constexpr std::pair<uint16_t, const char*> kSignatureSchemes[] = {
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0203, "ecdsa_sha1"},
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080a, "rsa_pss_pss_sha384"},
    {0x080b, "rsa_pss_pss_sha512"},
    {0x081a, "ecdsa_brainpoolP256r1tls13_sha256"},
    {0x081b, "ecdsa_brainpoolP384r1tls13_sha384"},
    {0x081c, "ecdsa_brainpoolP512r1tls13_sha512"},
};

// The IANA "TLS Cipher Suites" registry, with OpenSSL's names for the TLS 1.2 suites: every
// suite of the bundled security policies and the ChaCha20 suites.
struct CipherSuiteRow {
  uint16_t code;
  const char* iana;
  const char* openssl;  // nullptr: OpenSSL uses the IANA name (TLS 1.3)
};

constexpr CipherSuiteRow kCipherSuiteCodes[] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", nullptr},
    {0x1302, "TLS_AES_256_GCM_SHA384", nullptr},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", nullptr},
    {0x1304, "TLS_AES_128_CCM_SHA256", nullptr},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", nullptr},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
};

}  // namespace

std::string IanaCipherSuiteName(std::string_view openssl_name) {
  for (const CipherSuiteRow& row : kCipherSuiteCodes) {
    if (row.openssl != nullptr && openssl_name == row.openssl) {
      return row.iana;
    }
  }
  return "";
}

std::string AlertName(int description) {
  for (const auto& [code, name] : kAlerts) {
    if (code == description) {
      return name;
    }
  }
  return "alert_" + std::to_string(description);
}

std::string SignatureSchemeName(uint16_t scheme) {
  for (const auto& [code, name] : kSignatureSchemes) {
    if (code == scheme) {
      return name;
    }
  }
  return Hex16(scheme);
}

std::string VersionName(int version) {
  switch (version) {
    case 0x0301:
      return "tls1.0";
    case 0x0302:
      return "tls1.1";
    case 0x0303:
      return "tls1.2";
    case 0x0304:
      return "tls1.3";
    default:
      return Hex16(static_cast<unsigned>(version));
  }
}

std::optional<uint16_t> CipherSuiteCode(std::string_view name) {
  for (const CipherSuiteRow& row : kCipherSuiteCodes) {
    if (name == row.iana || (row.openssl != nullptr && name == row.openssl)) {
      return row.code;
    }
  }
  return std::nullopt;
}

std::string HandshakeTypeName(uint8_t type) {
  switch (type) {
    case 0:
      return "HelloRequest";
    case 1:
      return "ClientHello";
    case 2:
      return "ServerHello";
    case 4:
      return "NewSessionTicket";
    case 5:
      return "EndOfEarlyData";
    case 8:
      return "EncryptedExtensions";
    case 11:
      return "Certificate";
    case 12:
      return "ServerKeyExchange";
    case 13:
      return "CertificateRequest";
    case 14:
      return "ServerHelloDone";
    case 15:
      return "CertificateVerify";
    case 16:
      return "ClientKeyExchange";
    case 20:
      return "Finished";
    case 24:
      return "KeyUpdate";
  }
  return "handshake_" + std::to_string(type);
}

}  // namespace tlsconform
