#include "priority.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <span>
#include <sstream>
#include <string_view>

namespace tlsconform::shim::gnutls {
namespace {

// SuiteRow: one cipher suite, by the name the case uses (OpenSSL's for TLS 1.2, IANA's for
// TLS 1.3), its IANA name and code point (RFC 5246 A.5, RFC 8446 B.4, the IANA "TLS Cipher
// Suites" registry), and the priority-string tokens that enable it in GnuTLS.
struct SuiteRow {
  std::string_view name;
  std::string_view iana;
  uint16_t id;
  std::string_view kx;  // empty for TLS 1.3 suites: the key exchange is negotiated apart
  std::string_view cipher;
  std::string_view mac;
};

constexpr SuiteRow kTls12Suites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b,
     "ECDHE-ECDSA", "AES-128-GCM", "AEAD"},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c,
     "ECDHE-ECDSA", "AES-256-GCM", "AEAD"},
    {"ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc023, "ECDHE-ECDSA",
     "AES-128-CBC", "SHA256"},
    {"ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", 0xc024, "ECDHE-ECDSA",
     "AES-256-CBC", "SHA384"},
    {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc009, "ECDHE-ECDSA",
     "AES-128-CBC", "SHA1"},
    {"ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xc00a, "ECDHE-ECDSA",
     "AES-256-CBC", "SHA1"},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca9,
     "ECDHE-ECDSA", "CHACHA20-POLY1305", "AEAD"},
    {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f, "ECDHE-RSA",
     "AES-128-GCM", "AEAD"},
    {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030, "ECDHE-RSA",
     "AES-256-GCM", "AEAD"},
    {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc027, "ECDHE-RSA",
     "AES-128-CBC", "SHA256"},
    {"ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 0xc028, "ECDHE-RSA",
     "AES-256-CBC", "SHA384"},
    {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc013, "ECDHE-RSA",
     "AES-128-CBC", "SHA1"},
    {"ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xc014, "ECDHE-RSA",
     "AES-256-CBC", "SHA1"},
    {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8,
     "ECDHE-RSA", "CHACHA20-POLY1305", "AEAD"},
    {"DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", 0x009e, "DHE-RSA",
     "AES-128-GCM", "AEAD"},
    {"DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", 0x009f, "DHE-RSA",
     "AES-256-GCM", "AEAD"},
    {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009c, "RSA", "AES-128-GCM", "AEAD"},
    {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009d, "RSA", "AES-256-GCM", "AEAD"},
    {"AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003c, "RSA", "AES-128-CBC", "SHA256"},
    {"AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", 0x003d, "RSA", "AES-256-CBC", "SHA256"},
    {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", 0x002f, "RSA", "AES-128-CBC", "SHA1"},
    {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035, "RSA", "AES-256-CBC", "SHA1"},
};

constexpr SuiteRow kTls13Suites[] = {
    {"TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", 0x1301, "", "AES-128-GCM", "AEAD"},
    {"TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", 0x1302, "", "AES-256-GCM", "AEAD"},
    {"TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", 0x1303, "",
     "CHACHA20-POLY1305", "AEAD"},
    {"TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", 0x1304, "", "AES-128-CCM", "AEAD"},
    {"TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", 0x1305, "", "AES-128-CCM-8", "AEAD"},
};

// SchemeRow: a TLS SignatureScheme (RFC 8446 4.2.3) and the GnuTLS signature algorithms that
// carry its code point. In TLS 1.2 an ECDSA scheme does not name its curve, and GnuTLS keeps
// a curve-free algorithm for it beside the TLS 1.3 one.
struct SchemeRow {
  std::string_view iana;
  gnutls_sign_algorithm_t signs[2];
};

constexpr SchemeRow kSchemes[] = {
    {"ecdsa_secp256r1_sha256", {GNUTLS_SIGN_ECDSA_SECP256R1_SHA256, GNUTLS_SIGN_ECDSA_SHA256}},
    {"ecdsa_secp384r1_sha384", {GNUTLS_SIGN_ECDSA_SECP384R1_SHA384, GNUTLS_SIGN_ECDSA_SHA384}},
    {"ecdsa_secp521r1_sha512", {GNUTLS_SIGN_ECDSA_SECP521R1_SHA512, GNUTLS_SIGN_ECDSA_SHA512}},
    {"ecdsa_sha1", {GNUTLS_SIGN_ECDSA_SHA1, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_rsae_sha256", {GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_rsae_sha384", {GNUTLS_SIGN_RSA_PSS_RSAE_SHA384, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_rsae_sha512", {GNUTLS_SIGN_RSA_PSS_RSAE_SHA512, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_pss_sha256", {GNUTLS_SIGN_RSA_PSS_SHA256, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_pss_sha384", {GNUTLS_SIGN_RSA_PSS_SHA384, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pss_pss_sha512", {GNUTLS_SIGN_RSA_PSS_SHA512, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pkcs1_sha256", {GNUTLS_SIGN_RSA_SHA256, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pkcs1_sha384", {GNUTLS_SIGN_RSA_SHA384, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pkcs1_sha512", {GNUTLS_SIGN_RSA_SHA512, GNUTLS_SIGN_UNKNOWN}},
    {"rsa_pkcs1_sha1", {GNUTLS_SIGN_RSA_SHA1, GNUTLS_SIGN_UNKNOWN}},
    {"ed25519", {GNUTLS_SIGN_EDDSA_ED25519, GNUTLS_SIGN_UNKNOWN}},
    {"ed448", {GNUTLS_SIGN_EDDSA_ED448, GNUTLS_SIGN_UNKNOWN}},
};

constexpr std::pair<gnutls_protocol_t, std::string_view> kVersions[] = {
    {GNUTLS_TLS1_0, "tls1.0"},
    {GNUTLS_TLS1_1, "tls1.1"},
    {GNUTLS_TLS1_2, "tls1.2"},
    {GNUTLS_TLS1_3, "tls1.3"},
};

constexpr std::pair<gnutls_ecc_curve_t, std::string_view> kCurves[] = {
    {GNUTLS_ECC_CURVE_SECP192R1, "P-192"}, {GNUTLS_ECC_CURVE_SECP224R1, "P-224"},
    {GNUTLS_ECC_CURVE_SECP256R1, "P-256"}, {GNUTLS_ECC_CURVE_SECP384R1, "P-384"},
    {GNUTLS_ECC_CURVE_SECP521R1, "P-521"},
};

constexpr std::pair<gnutls_pk_algorithm_t, std::string_view> kKeyTypes[] = {
    {GNUTLS_PK_RSA, "rsa"},           {GNUTLS_PK_RSA_PSS, "rsa-pss"},
    {GNUTLS_PK_ECDSA, "ec"},          {GNUTLS_PK_EDDSA_ED25519, "ed25519"},
    {GNUTLS_PK_EDDSA_ED448, "ed448"}, {GNUTLS_PK_DSA, "dsa"},
};

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream stream(list);
  std::string name;
  while (std::getline(stream, name, ':')) {
    if (!name.empty()) {
      names.push_back(name);
    }
  }
  return names;
}

void AddToken(std::vector<std::string>& tokens, std::string_view token) {
  const std::string plus = "+" + std::string(token);
  if (!token.empty() && std::find(tokens.begin(), tokens.end(), plus) == tokens.end()) {
    tokens.push_back(plus);
  }
}

std::string Upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

// RequestedSuites returns the rows the case's list for its version names; false for a name
// the table lacks.
bool RequestedSuites(const TlsParameters& tls, std::vector<const SuiteRow*>& rows,
                     std::string& unknown) {
  const bool tls13 = tls.version == "tls1.3";
  const std::optional<std::string>& list = tls13 ? tls.ciphersuites : tls.cipher_list;
  if (!list) {
    return true;
  }
  const std::span<const SuiteRow> table =
      tls13 ? std::span<const SuiteRow>(kTls13Suites) : std::span<const SuiteRow>(kTls12Suites);
  for (const std::string& name : SplitList(*list)) {
    const auto row = std::find_if(table.begin(), table.end(), [&](const SuiteRow& candidate) {
      return candidate.name == name;
    });
    if (row == table.end()) {
      unknown = name;
      return false;
    }
    rows.push_back(&*row);
  }
  return true;
}

}  // namespace

PriorityOutcome BuildPriority(const TlsParameters& tls) {
  PriorityOutcome outcome;
  const auto version = std::find_if(std::begin(kVersions), std::end(kVersions),
                                    [&](const auto& row) { return row.second == tls.version; });
  if (version == std::end(kVersions)) {
    outcome.unsupported = "version " + tls.version;
    return outcome;
  }
  if (tls.security_level) {
    // GnuTLS's verification profiles and priority levels are not OpenSSL's security levels;
    // no mapping would mean the same thing.
    outcome.unsupported = "security_level";
    return outcome;
  }

  // 1. The library's defaults, with the one version of the case.
  std::string priority = "NORMAL:-VERS-ALL:+VERS-" + Upper(std::string(version->second));

  // 2. The policy's suites, as the union of their key exchanges, ciphers and MACs.
  std::vector<const SuiteRow*> rows;
  std::string unknown;
  if (!RequestedSuites(tls, rows, unknown)) {
    outcome.error = "no GnuTLS tokens for cipher suite " + unknown;
    return outcome;
  }
  if (!rows.empty()) {
    std::vector<std::string> kx, ciphers, macs;
    for (const SuiteRow* row : rows) {
      AddToken(kx, row->kx);
      AddToken(ciphers, row->cipher);
      AddToken(macs, row->mac);
    }
    // TLS 1.3 suites do not name a key exchange: the version's own stays.
    if (!kx.empty()) {
      priority += ":-KX-ALL";
      for (const std::string& token : kx) {
        priority += ":" + token;
      }
    }
    priority += ":-CIPHER-ALL";
    for (const std::string& token : ciphers) {
      priority += ":" + token;
    }
    priority += ":-MAC-ALL";
    for (const std::string& token : macs) {
      priority += ":" + token;
    }
  }

  // 3. Signature schemes: each scheme's GnuTLS algorithms, by GnuTLS's own names.
  if (!tls.signature_schemes.empty()) {
    priority += ":-SIGN-ALL";
    for (const std::string& scheme : tls.signature_schemes) {
      const auto row =
          std::find_if(std::begin(kSchemes), std::end(kSchemes),
                       [&](const SchemeRow& candidate) { return candidate.iana == scheme; });
      if (row == std::end(kSchemes)) {
        outcome.unsupported = "signature scheme " + scheme;
        return outcome;
      }
      for (gnutls_sign_algorithm_t sign : row->signs) {
        if (sign != GNUTLS_SIGN_UNKNOWN) {
          priority += std::string(":+SIGN-") + gnutls_sign_get_name(sign);
        }
      }
    }
  }

  // 4. Groups: GnuTLS spells the registry's names in capitals ("x25519" is "X25519").
  if (!tls.groups.empty()) {
    priority += ":-GROUP-ALL";
    for (const std::string& group : tls.groups) {
      const std::string name = Upper(group);
      if (gnutls_group_get_id(name.c_str()) == GNUTLS_GROUP_INVALID) {
        outcome.unsupported = "group " + group;
        return outcome;
      }
      priority += ":+GROUP-" + name;
    }
  }
  outcome.priority = priority;
  return outcome;
}

std::vector<std::string> ExtraSuites(gnutls_priority_t priority, const TlsParameters& tls) {
  std::vector<const SuiteRow*> rows;
  std::string unknown;
  if (!RequestedSuites(tls, rows, unknown) || rows.empty()) {
    return {};
  }
  const bool tls13 = tls.version == "tls1.3";
  std::vector<std::string> extra;
  for (unsigned index = 0;; ++index) {
    unsigned suite = 0;
    const int ret = gnutls_priority_get_cipher_suite_index(priority, index, &suite);
    if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      break;
    }
    if (ret < 0) {
      continue;  // an index the priority does not enable
    }
    unsigned char id[2] = {0, 0};
    gnutls_protocol_t min_version = GNUTLS_VERSION_UNKNOWN;
    const char* name = gnutls_cipher_suite_info(suite, id, nullptr, nullptr, nullptr, &min_version);
    if (name == nullptr || (min_version == GNUTLS_TLS1_3) != tls13) {
      continue;
    }
    const uint16_t code = static_cast<uint16_t>(id[0] << 8 | id[1]);
    if (std::none_of(rows.begin(), rows.end(),
                     [&](const SuiteRow* row) { return row->id == code; })) {
      extra.push_back(name);
    }
  }
  return extra;
}

std::optional<std::string> SignatureSchemeName(gnutls_sign_algorithm_t sign) {
  for (const SchemeRow& row : kSchemes) {
    if (row.signs[0] == sign || (row.signs[1] != GNUTLS_SIGN_UNKNOWN && row.signs[1] == sign)) {
      return std::string(row.iana);
    }
  }
  return std::nullopt;
}

std::vector<std::string> SchemesOf(const char* priority_string) {
  gnutls_priority_t priority = nullptr;
  if (gnutls_priority_init(&priority, priority_string, nullptr) < 0) {
    return {};
  }
  const unsigned* list = nullptr;
  const int count = gnutls_priority_sign_list(priority, &list);
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) {
    const auto name = SignatureSchemeName(static_cast<gnutls_sign_algorithm_t>(list[i]));
    if (name && std::find(names.begin(), names.end(), *name) == names.end()) {
      names.push_back(*name);
    }
  }
  gnutls_priority_deinit(priority);
  return names;
}

std::optional<std::string> VersionName(gnutls_protocol_t version) {
  for (const auto& [id, name] : kVersions) {
    if (id == version) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> CurveName(gnutls_ecc_curve_t curve) {
  for (const auto& [id, name] : kCurves) {
    if (id == curve) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> KeyTypeName(gnutls_pk_algorithm_t pk) {
  for (const auto& [id, name] : kKeyTypes) {
    if (id == pk) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

}  // namespace tlsconform::shim::gnutls
