// The OpenSSL 3 backend: the shared session code plus OpenSSL's key-mismatch hook.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ossl_common/ossl_backend.h"
#include "ossl_common/session.h"
#include "ossl_common/unique_ptr.h"

namespace tlsconform::shim {
namespace ossl {

template <>
struct Deleter<BIGNUM> {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
template <>
struct Deleter<OSSL_PARAM_BLD> {
  void operator()(OSSL_PARAM_BLD* builder) const { OSSL_PARAM_BLD_free(builder); }
};
template <>
struct Deleter<OSSL_PARAM> {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

namespace {

HookOutcome Failed(std::string what) { return {HookOutcome::Kind::kFailed, std::move(what)}; }
HookOutcome Unsupported(std::string what) {
  return {HookOutcome::Kind::kUnsupported, std::move(what)};
}

// KeyParts are the parameters of the spliced key. OSSL_PARAM_BLD keeps pointers to them, not
// copies, until OSSL_PARAM_BLD_to_param, so they live here rather than on a callee's stack.
struct KeyParts {
  std::string group;                       // EC
  std::vector<unsigned char> public_key;   // EC point, Ed25519/Ed448 public key
  std::vector<unsigned char> private_key;  // Ed25519/Ed448 private key
  UniquePtr<BIGNUM> n, e, d, scalar;       // RSA; EC private scalar
};

std::vector<unsigned char> OctetParam(const EVP_PKEY* key, const char* name) {
  size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, name, nullptr, 0, &length) != 1) {
    return {};
  }
  std::vector<unsigned char> value(length);
  if (EVP_PKEY_get_octet_string_param(key, name, value.data(), value.size(), &length) != 1) {
    return {};
  }
  value.resize(length);
  return value;
}

UniquePtr<BIGNUM> BnParam(const EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) {
    return nullptr;
  }
  return UniquePtr<BIGNUM>(value);
}

// Collect takes the public half from the certificate's key and the private half from the
// wrong key. False for a key type the hook does not handle, or a parameter that is missing.
bool Collect(const EVP_PKEY* certified, const EVP_PKEY* wrong, KeyParts& parts) {
  switch (EVP_PKEY_get_base_id(certified)) {
    case EVP_PKEY_EC: {
      std::array<char, 80> group{};
      if (EVP_PKEY_get_utf8_string_param(certified, OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                         group.size(), nullptr) != 1) {
        return false;
      }
      parts.group = group.data();
      parts.public_key = OctetParam(certified, OSSL_PKEY_PARAM_PUB_KEY);
      parts.scalar = BnParam(wrong, OSSL_PKEY_PARAM_PRIV_KEY);
      return !parts.public_key.empty() && parts.scalar != nullptr;
    }
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      parts.n = BnParam(certified, OSSL_PKEY_PARAM_RSA_N);
      parts.e = BnParam(certified, OSSL_PKEY_PARAM_RSA_E);
      parts.d = BnParam(wrong, OSSL_PKEY_PARAM_RSA_D);
      return parts.n != nullptr && parts.e != nullptr && parts.d != nullptr;
    case EVP_PKEY_ED25519:
    case EVP_PKEY_ED448:
      parts.public_key = OctetParam(certified, OSSL_PKEY_PARAM_PUB_KEY);
      parts.private_key = OctetParam(wrong, OSSL_PKEY_PARAM_PRIV_KEY);
      return !parts.public_key.empty() && !parts.private_key.empty();
    default:
      return false;
  }
}

// ToParams turns the collected parts into the parameters EVP_PKEY_fromdata takes.
UniquePtr<OSSL_PARAM> ToParams(const KeyParts& parts) {
  UniquePtr<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr) {
    return nullptr;
  }
  bool pushed = true;
  if (!parts.group.empty()) {
    pushed = pushed && OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                                       parts.group.c_str(), 0) == 1;
  }
  if (!parts.public_key.empty()) {
    pushed = pushed && OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                        parts.public_key.data(),
                                                        parts.public_key.size()) == 1;
  }
  if (!parts.private_key.empty()) {
    pushed = pushed && OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY,
                                                        parts.private_key.data(),
                                                        parts.private_key.size()) == 1;
  }
  const std::pair<const char*, const BIGNUM*> numbers[] = {
      {OSSL_PKEY_PARAM_PRIV_KEY, parts.scalar.get()},
      {OSSL_PKEY_PARAM_RSA_N, parts.n.get()},
      {OSSL_PKEY_PARAM_RSA_E, parts.e.get()},
      {OSSL_PKEY_PARAM_RSA_D, parts.d.get()},
  };
  for (const auto& [name, number] : numbers) {
    if (number != nullptr) {
      pushed = pushed && OSSL_PARAM_BLD_push_BN(builder.get(), name, number) == 1;
    }
  }
  return pushed ? UniquePtr<OSSL_PARAM>(OSSL_PARAM_BLD_to_param(builder.get())) : nullptr;
}

}  // namespace

// PresentMismatchedKey, OpenSSL: OpenSSL 3.0 refuses a key that does not match its
// certificate (SSL_CTX_use_PrivateKey runs X509_check_private_key), so the hook builds a key
// whose public half is the certificate's and whose private half is the given key's. The check
// compares public halves only and passes; CertificateVerify is then signed with the wrong
// private key, which is what the fixture asks the server to detect.
HookOutcome PresentMismatchedKey(SSL_CTX* ctx, const Credentials& credentials,
                                 SessionState& state) {
  // 1. The chain, as for any client.
  if (SSL_CTX_use_certificate_chain_file(ctx, credentials.chain.c_str()) != 1) {
    return Failed("SSL_CTX_use_certificate_chain_file " + credentials.chain);
  }
  const EVP_PKEY* certified = X509_get0_pubkey(SSL_CTX_get0_certificate(ctx));
  if (certified == nullptr) {
    return Failed("the leaf of " + credentials.chain + " has no usable public key");
  }

  // 2. The key that does not belong to it.
  UniquePtr<BIO> file(BIO_new_file(credentials.key.c_str(), "r"));
  UniquePtr<EVP_PKEY> wrong(
      file == nullptr ? nullptr : PEM_read_bio_PrivateKey(file.get(), nullptr, nullptr, nullptr));
  if (wrong == nullptr) {
    return Failed("read private key " + credentials.key);
  }
  if (EVP_PKEY_get_base_id(certified) != EVP_PKEY_get_base_id(wrong.get())) {
    return Unsupported(std::string("a ") + EVP_PKEY_get0_type_name(wrong.get()) + " key for a " +
                       EVP_PKEY_get0_type_name(certified) + " certificate");
  }

  // 3. Public half from the certificate, private half from the wrong key.
  KeyParts parts;
  if (!Collect(certified, wrong.get(), parts)) {
    if (ERR_peek_error() == 0) {
      return Unsupported(std::string("key type ") + EVP_PKEY_get0_type_name(certified));
    }
    return Failed("collect the key parameters");
  }
  UniquePtr<OSSL_PARAM> params = ToParams(parts);
  UniquePtr<EVP_PKEY_CTX> import(
      EVP_PKEY_CTX_new_from_name(nullptr, EVP_PKEY_get0_type_name(certified), nullptr));
  EVP_PKEY* spliced = nullptr;
  if (params == nullptr || import == nullptr || EVP_PKEY_fromdata_init(import.get()) != 1 ||
      EVP_PKEY_fromdata(import.get(), &spliced, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return Failed("EVP_PKEY_fromdata");
  }
  UniquePtr<EVP_PKEY> key(spliced);

  // 4. The check passes: the public halves are equal.
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return Failed("SSL_CTX_use_PrivateKey (spliced key)");
  }
  return {};
}

}  // namespace ossl

std::unique_ptr<Backend> MakeBackend() {
  Capabilities capabilities;
  capabilities.versions = {"tls1.2", "tls1.3"};
  capabilities.tls13_ciphersuites = true;
  capabilities.key_mismatch_hook = true;
  capabilities.crl = true;
  ossl::AddProtocol2Capabilities(capabilities);
  // Under `enforcing`, min_rsa_bits raises the security level to the one that implies it
  // (ossl_common/context.cc), so OpenSSL refuses a smaller key itself; OpenSSL has no
  // allow-list of hashes, key types or curves for chain verification, so the shim checks
  // those in its verification callback (ossl_common/enforce.h).
  capabilities.enforcement = {{"signature_hashes", Enforcement::kShim},
                              {"public_keys", Enforcement::kShim},
                              {"min_rsa_bits", Enforcement::kLibrary},
                              {"curves", Enforcement::kShim}};
  return std::make_unique<ossl::OsslBackend>("openssl", OpenSSL_version(OPENSSL_VERSION),
                                             std::move(capabilities));
}

}  // namespace tlsconform::shim
