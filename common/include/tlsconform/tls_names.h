// TLS registry names: the one table every part of tlsconform uses to name alerts, signature
// schemes, versions and handshake messages, whether a shim's library reported them or the
// runner read them off the wire. They are facts of the protocol, the same for every library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tlsconform {

// AlertName returns the alert description's registry name ("certificate_expired"), or
// "alert_N" for a code the registry does not list (RFC 8446 section 6).
std::string AlertName(int description);

// SignatureSchemeName returns the scheme's registry name ("rsa_pss_rsae_sha256"), or
// "0xNNNN" for a code the registry does not list (RFC 8446 section 4.2.3).
std::string SignatureSchemeName(uint16_t scheme);

// VersionName returns "tls1.2"-style names for TLS versions, "0xNNNN" otherwise.
std::string VersionName(int version);

// CipherSuiteCode returns the IANA code point of a cipher suite named in either spelling the
// suites use: the IANA name ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", also every TLS 1.3
// suite) or the OpenSSL name ("ECDHE-ECDSA-AES128-GCM-SHA256"). Empty for a name the table
// does not list. Backends whose library names suites otherwise translate through it.
std::optional<uint16_t> CipherSuiteCode(std::string_view name);

// IanaCipherSuiteName returns the IANA name ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") of a
// TLS 1.2 suite in OpenSSL's spelling ("ECDHE-ECDSA-AES128-GCM-SHA256"), or "" for a name the
// table does not list. For backends whose library names suites the IANA way.
std::string IanaCipherSuiteName(std::string_view openssl_name);

// HandshakeTypeName returns the RFC 8446 section 4 name of a handshake message type.
std::string HandshakeTypeName(uint8_t type);

}  // namespace tlsconform
