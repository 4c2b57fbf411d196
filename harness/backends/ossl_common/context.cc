#include "ossl_common/context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <ctime>
#include <map>
#include <utility>
#include <vector>

#include "tlsconform/tls_names.h"

namespace tlsconform::shim::ossl {
namespace {

// Step records that configuration step `what` failed; the error queue says why.
bool Failed(SessionState& state, const std::string& what) {
  state.error_texts.push_back(what);
  DrainErrors(state);
  return false;
}

int ProtocolVersion(const std::string& name) {
  if (name == "tls1.2") {
    return TLS1_2_VERSION;
  }
  if (name == "tls1.3") {
    return TLS1_3_VERSION;
  }
  return 0;
}

// LoadCrls adds every CRL in `path` (PEM, possibly several, or one DER) to the context's
// store and switches CRL checking on for the leaf (X509_V_FLAG_CRL_CHECK without _ALL: the
// fixture set issues CRLs for device certificates only).
bool LoadCrls(SSL_CTX* ctx, const std::string& path, SessionState& state) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int loaded = 0;

  UniquePtr<BIO> pem(BIO_new_file(path.c_str(), "r"));
  if (pem == nullptr) {
    return Failed(state, "crl: cannot open " + path);
  }
  while (UniquePtr<X509_CRL> crl{PEM_read_bio_X509_CRL(pem.get(), nullptr, nullptr, nullptr)}) {
    if (X509_STORE_add_crl(store, crl.get()) != 1) {
      return Failed(state, "crl: X509_STORE_add_crl " + path);
    }
    ++loaded;
  }
  // The PEM reader ends every file with a "no start line" error; it is not a failure.
  ERR_clear_error();

  if (loaded == 0) {
    UniquePtr<BIO> der(BIO_new_file(path.c_str(), "rb"));
    UniquePtr<X509_CRL> crl(der == nullptr ? nullptr : d2i_X509_CRL_bio(der.get(), nullptr));
    if (crl == nullptr || X509_STORE_add_crl(store, crl.get()) != 1) {
      return Failed(state, "crl: no CRL in " + path);
    }
  }
  if (X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK) != 1) {
    return Failed(state, "crl: X509_STORE_set_flags");
  }
  return true;
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) {
    text += text.empty() ? item : separator + item;
  }
  return text;
}

#ifdef OPENSSL_IS_BORINGSSL
// SignatureSchemeCode is the code of an IANA signature scheme name, read back from the one
// registry table (tlsconform/tls_names.h).
std::optional<uint16_t> SignatureSchemeCode(const std::string& name) {
  static const std::map<std::string, uint16_t> codes = [] {
    std::map<std::string, uint16_t> table;
    for (unsigned code = 0; code <= 0xffff; ++code) {
      std::string known = SignatureSchemeName(static_cast<uint16_t>(code));
      if (!known.starts_with("0x")) {
        table.emplace(std::move(known), static_cast<uint16_t>(code));
      }
    }
    return table;
  }();
  const auto found = codes.find(name);
  return found == codes.end() ? std::nullopt : std::optional<uint16_t>(found->second);
}
#endif

// GroupNid maps an IANA "TLS Supported Groups" name to the library's NID; 0 for a group the
// library's headers do not name.
int GroupNid(const std::string& name) {
  const std::pair<const char*, int> groups[] = {
      {"secp224r1", NID_secp224r1}, {"secp256r1", NID_X9_62_prime256v1},
      {"secp384r1", NID_secp384r1}, {"secp521r1", NID_secp521r1},
      {"x25519", NID_X25519},
#ifdef NID_X448
      {"x448", NID_X448},
#endif
#ifdef NID_ffdhe2048
      {"ffdhe2048", NID_ffdhe2048}, {"ffdhe3072", NID_ffdhe3072},
      {"ffdhe4096", NID_ffdhe4096}, {"ffdhe6144", NID_ffdhe6144},
      {"ffdhe8192", NID_ffdhe8192},
#endif
  };
  for (const auto& [group, nid] : groups) {
    if (name == group) {
      return nid;
    }
  }
  return 0;
}

// SetSignatureSchemes: a client offers exactly `schemes` in signature_algorithms (and signs
// its CertificateVerify with one of them); a server lists exactly them in its
// CertificateRequest.
bool SetSignatureSchemes(SSL_CTX* ctx, const std::vector<std::string>& schemes, bool server,
                         SessionState& state, std::optional<std::string>& unsupported) {
#ifdef OPENSSL_IS_BORINGSSL
  const std::string list = Join(schemes, ":");
  // BoringSSL names its lists by use: "verify" is what the peer may sign with (the client's
  // signature_algorithms, the server's CertificateRequest), "signing" what this side signs
  // with.
  std::vector<uint16_t> codes;
  for (const std::string& scheme : schemes) {
    const std::optional<uint16_t> code = SignatureSchemeCode(scheme);
    if (!code || SSL_get_signature_algorithm_name(*code, /*include_curve=*/1) == nullptr) {
      unsupported = "signature_schemes: " + scheme;
      return false;
    }
    codes.push_back(*code);
  }
  if (SSL_CTX_set_verify_algorithm_prefs(ctx, codes.data(), codes.size()) != 1) {
    return Failed(state, "SSL_CTX_set_verify_algorithm_prefs " + list);
  }
  if (!server && SSL_CTX_set_signing_algorithm_prefs(ctx, codes.data(), codes.size()) != 1) {
    return Failed(state, "SSL_CTX_set_signing_algorithm_prefs " + list);
  }
#else
  // OpenSSL takes the registry names; a client's list also bounds its own signature, which
  // it picks from the schemes both ends listed.
  std::vector<std::string> spelled;
  for (const std::string& scheme : schemes) {
    spelled.push_back(OpenSslSignatureScheme(scheme));
  }
  const std::string list = Join(spelled, ":");
  const int set = server ? SSL_CTX_set1_client_sigalgs_list(ctx, list.c_str())
                         : SSL_CTX_set1_sigalgs_list(ctx, list.c_str());
  if (set != 1) {
    // The only failure is a name the library does not know.
    ERR_clear_error();
    unsupported = "signature_schemes: " + Join(schemes, ", ");
    return false;
  }
#endif
  return true;
}

bool SetGroups(SSL_CTX* ctx, const std::vector<std::string>& groups,
               std::optional<std::string>& unsupported) {
  std::vector<int> nids;
  for (const std::string& group : groups) {
    const int nid = GroupNid(group);
    if (nid == 0) {
      unsupported = "groups: " + group;
      return false;
    }
    nids.push_back(nid);
  }
  if (SSL_CTX_set1_curves(ctx, nids.data(), nids.size()) != 1) {
    // A group whose NID the headers name but the library cannot run.
    ERR_clear_error();
    unsupported = "groups: " + Join(groups, ", ");
    return false;
  }
  return true;
}

// AlpnWire encodes `protocols` as ALPN's ProtocolNameList (RFC 7301 section 3.1): each name
// 1 to 255 bytes, prefixed with its length. Empty when a name does not fit.
std::vector<unsigned char> AlpnWire(const std::vector<std::string>& protocols) {
  std::vector<unsigned char> wire;
  for (const std::string& protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255) {
      return {};
    }
    wire.push_back(static_cast<unsigned char>(protocol.size()));
    wire.insert(wire.end(), protocol.begin(), protocol.end());
  }
  return wire;
}

#ifndef OPENSSL_IS_BORINGSSL
// SecurityLevelFor returns the highest OpenSSL security level whose RSA minimum is at most
// `min_rsa_bits` (SSL_CTX_set_security_level(3): levels 1 to 5 require 1024, 2048, 3072, 7680
// and 15360 bits). At that level the library itself refuses a smaller key anywhere in the
// peer's chain (EE_KEY_TOO_SMALL, CA_KEY_TOO_SMALL); a minimum between two levels is topped
// up by the shim's own check (enforce.h).
int SecurityLevelFor(int min_rsa_bits) {
  constexpr int kRsaBitsOfLevel[] = {0, 1024, 2048, 3072, 7680, 15360};
  int level = 0;
  for (int candidate = 1; candidate < static_cast<int>(std::size(kRsaBitsOfLevel)); ++candidate) {
    if (kRsaBitsOfLevel[candidate] <= min_rsa_bits) {
      level = candidate;
    }
  }
  return level;
}
#endif

bool LoadCredentials(SSL_CTX* ctx, const CaseRequest& request, SessionState& state,
                     std::optional<std::string>& unsupported) {
  if (!request.credentials) {
    return true;
  }
  const Credentials& credentials = *request.credentials;

  if (request.key_mismatch_hook) {
    const HookOutcome hook = PresentMismatchedKey(ctx, credentials, state);
    if (hook.kind == HookOutcome::Kind::kUnsupported) {
      unsupported = "key_mismatch_hook: " + hook.detail;
      return false;
    }
    if (hook.kind == HookOutcome::Kind::kFailed) {
      return Failed(state, "key_mismatch_hook: " + hook.detail);
    }
    return true;
  }

  // The chain file, not the leaf alone, so that the intermediates are sent.
  if (SSL_CTX_use_certificate_chain_file(ctx, credentials.chain.c_str()) != 1) {
    return Failed(state, "SSL_CTX_use_certificate_chain_file " + credentials.chain);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, credentials.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Failed(state, "SSL_CTX_use_PrivateKey_file " + credentials.key);
  }
  return true;
}

}  // namespace

#ifndef OPENSSL_IS_BORINGSSL
std::string OpenSslSignatureScheme(const std::string& iana_name) {
  if (iana_name == "ecdsa_sha1") {
    return "ECDSA+SHA1";
  }
  return iana_name;
}
#endif

ContextOutcome NewContext(const CaseRequest& request, SessionState& state) {
  ContextOutcome outcome;
  const bool server = request.role == Role::kServer;

  // BoringSSL has no security levels; its limits are fixed in the library.
#ifdef OPENSSL_IS_BORINGSSL
  if (request.tls.security_level) {
    outcome.unsupported = "security_level";
    return outcome;
  }
#endif
  if (server && request.key_mismatch_hook) {
    // A server presenting a mismatched key tests the client, which the reference peer does
    // not do; only the client role has the hook.
    outcome.unsupported = "key_mismatch_hook in the server role";
    return outcome;
  }

  UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  if (ctx == nullptr) {
    Failed(state, "SSL_CTX_new");
    return outcome;
  }

  // 1. The one version of the case, on both ends.
  const int version = ProtocolVersion(request.tls.version);
  if (version == 0 || SSL_CTX_set_min_proto_version(ctx.get(), version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), version) != 1) {
    Failed(state, "pin version " + request.tls.version);
    return outcome;
  }

  // 2. The security policy's suites. BoringSSL: the non-strict setter drops names it lacks
  //    instead of refusing the list; its TLS 1.3 suites are fixed (hello: tls13_ciphersuites
  //    false), so `ciphersuites` is ignored there.
  if (request.tls.cipher_list &&
      SSL_CTX_set_cipher_list(ctx.get(), request.tls.cipher_list->c_str()) != 1) {
    Failed(state, "SSL_CTX_set_cipher_list \"" + *request.tls.cipher_list + "\"");
    return outcome;
  }
#ifndef OPENSSL_IS_BORINGSSL
  if (request.tls.ciphersuites &&
      SSL_CTX_set_ciphersuites(ctx.get(), request.tls.ciphersuites->c_str()) != 1) {
    Failed(state, "SSL_CTX_set_ciphersuites \"" + *request.tls.ciphersuites + "\"");
    return outcome;
  }

  // 3. The security level, before the credentials: OpenSSL checks a certificate against the
  //    level when it is loaded. An enforcing server raises it (never lowers it) to the level
  //    that implies the case's min_rsa_bits, so that OpenSSL refuses a smaller key itself.
  if (request.tls.security_level) {
    SSL_CTX_set_security_level(ctx.get(), *request.tls.security_level);
  }
  if (server && request.server_config == ServerConfig::kEnforcing && request.enforce) {
    const int level = SecurityLevelFor(request.enforce->min_rsa_bits);
    if (level > SSL_CTX_get_security_level(ctx.get())) {
      SSL_CTX_set_security_level(ctx.get(), level);
    }
  }
#endif

  // 3b. Signature schemes and key-exchange groups; empty lists keep the library's defaults.
  if (!request.tls.signature_schemes.empty() &&
      !SetSignatureSchemes(ctx.get(), request.tls.signature_schemes, server, state,
                           outcome.unsupported)) {
    return outcome;
  }
  if (!request.tls.groups.empty() &&
      !SetGroups(ctx.get(), request.tls.groups, outcome.unsupported)) {
    return outcome;
  }

  // 4. Credentials.
  if (!LoadCredentials(ctx.get(), request, state, outcome.unsupported)) {
    return outcome;
  }

  // 5. Trust: the server verifies the client's chain, the client the server's; the server
  //    requires a certificate.
  if (request.trust &&
      SSL_CTX_load_verify_locations(ctx.get(), request.trust->c_str(), nullptr) != 1) {
    Failed(state, "SSL_CTX_load_verify_locations " + *request.trust);
    return outcome;
  }
  if (request.crl && !LoadCrls(ctx.get(), *request.crl, state)) {
    return outcome;
  }
  const int mode = server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER;
  SSL_CTX_set_verify(ctx.get(), mode, VerifyCallback);
  if (request.verify_time) {
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx.get()),
                               static_cast<time_t>(*request.verify_time));
  }

  // 5b. ALPN and SNI: a client offers its protocols (SNI is set on the SSL object, session.cc);
  //     a server reads both in its callbacks (observer.cc).
  if (server) {
    InstallServerCallbacks(ctx.get(), request);
  } else if (!request.alpn.empty()) {
    const std::vector<unsigned char> wire = AlpnWire(request.alpn);
    // SSL_CTX_set_alpn_protos returns 0 on success, unlike the functions around it.
    if (wire.empty() ||
        SSL_CTX_set_alpn_protos(ctx.get(), wire.data(), static_cast<unsigned>(wire.size())) != 0) {
      Failed(state, "SSL_CTX_set_alpn_protos " + Join(request.alpn, ","));
      return outcome;
    }
  }

  // 6. Observers.
  SSL_CTX_set_info_callback(ctx.get(), InfoCallback);
  SSL_CTX_set_msg_callback(ctx.get(), MessageCallback);

  outcome.ctx = std::move(ctx);
  return outcome;
}

}  // namespace tlsconform::shim::ossl
