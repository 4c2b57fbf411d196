// What both libraries can do beyond versions and hooks, asked of the library at start rather
// than written down: the signature schemes it knows, the key types it has an implementation
// of, its built-in curves.
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ossl_common/context.h"
#include "ossl_common/enforce.h"
#include "ossl_common/ossl_backend.h"
#include "ossl_common/unique_ptr.h"
#include "tlsconform/tls_names.h"

namespace tlsconform::shim::ossl {
namespace {

// KnowsSignatureScheme: the library accepts the scheme in its lists and has its key type and
// hash. Every registry code is asked; a scheme the registry table does not name is left out.
bool KnowsSignatureScheme(uint16_t code, const std::string& name) {
#ifdef OPENSSL_IS_BORINGSSL
  (void)name;
  return SSL_get_signature_algorithm_key_type(code) != EVP_PKEY_NONE;
#else
  (void)code;
  UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  const bool known = ctx != nullptr && SSL_CTX_set1_sigalgs_list(
                                           ctx.get(), OpenSslSignatureScheme(name).c_str()) == 1;
  ERR_clear_error();
  return known;
#endif
}

std::vector<std::string> SignatureSchemes() {
  std::vector<std::string> schemes;
  for (unsigned code = 0; code <= 0xffff; ++code) {
    const std::string name = SignatureSchemeName(static_cast<uint16_t>(code));
    if (!name.starts_with("0x") && KnowsSignatureScheme(static_cast<uint16_t>(code), name)) {
      schemes.push_back(name);
    }
  }
  return schemes;
}

// HasKeyType: the library has an implementation (a provider's, in OpenSSL 3) of the key type,
// which certificate parsing and signature verification go through.
bool HasKeyType(int id, const char* openssl_name) {
#ifdef OPENSSL_IS_BORINGSSL
  (void)openssl_name;
  UniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_id(id, nullptr));
#else
  (void)id;
  UniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, openssl_name, nullptr));
#endif
  ERR_clear_error();
  return ctx != nullptr;
}

std::vector<std::string> KeyTypes() {
  const std::pair<int, const char*> candidates[] = {
      {EVP_PKEY_RSA, "RSA"},     {EVP_PKEY_RSA_PSS, "RSA-PSS"},
      {EVP_PKEY_EC, "EC"},       {EVP_PKEY_ED25519, "ED25519"},
#ifdef EVP_PKEY_ED448
      {EVP_PKEY_ED448, "ED448"},
#endif
      {EVP_PKEY_DSA, "DSA"},
  };
  std::vector<std::string> types;
  for (const auto& [id, name] : candidates) {
    if (HasKeyType(id, name)) {
      types.push_back(KeyTypeName(id));
    }
  }
  return types;
}

std::vector<std::string> Curves() {
  std::vector<EC_builtin_curve> builtin(EC_get_builtin_curves(nullptr, 0));
  builtin.resize(EC_get_builtin_curves(builtin.data(), builtin.size()));
  std::vector<std::string> curves;
  for (const EC_builtin_curve& curve : builtin) {
    curves.push_back(CurveName(curve.nid));
  }
  return curves;
}

}  // namespace

void AddProtocol2Capabilities(Capabilities& capabilities) {
  capabilities.alpn = true;
  capabilities.sni = true;
  capabilities.verify_time = true;
  capabilities.sign_schemes = SignatureSchemes();
  // The same lists serve both directions (SSL_CTX_set1_sigalgs_list, BoringSSL's signing and
  // verify prefs): a scheme the library knows it can sign with and verify.
  capabilities.verify_schemes = capabilities.sign_schemes;
  capabilities.key_types = KeyTypes();
  capabilities.curves = Curves();
  capabilities.server_configs = {"defaults", "enforcing"};
}

}  // namespace tlsconform::shim::ossl
