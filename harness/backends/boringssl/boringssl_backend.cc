// The BoringSSL backend: the shared session code plus BoringSSL's key-mismatch hook.
#include <openssl/base.h>
#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>

#ifndef OPENSSL_IS_BORINGSSL
#error "the BoringSSL shim must be compiled against BoringSSL's headers (see CMakeLists.txt)"
#endif

#include <memory>
#include <string>

#include "ossl_common/ossl_backend.h"
#include "ossl_common/session.h"
#include "ossl_common/unique_ptr.h"

namespace tlsconform::shim {
namespace ossl {
namespace {

// SignWithMismatchedKey signs CertificateVerify with the key kept by PresentMismatchedKey,
// doing what BoringSSL does with its own key (ssl_private_key_sign): the digest of the
// signature algorithm, and for RSA-PSS a salt as long as the digest (RFC 8446 section 4.2.3).
ssl_private_key_result_t SignWithMismatchedKey(SSL* ssl, uint8_t* out, size_t* out_len,
                                               size_t max_out, uint16_t signature_algorithm,
                                               const uint8_t* in, size_t in_len) {
  EVP_PKEY* key = StateOf(ssl).signing_key.get();
  if (key == nullptr ||
      SSL_get_signature_algorithm_key_type(signature_algorithm) != EVP_PKEY_id(key)) {
    return ssl_private_key_failure;
  }

  UniquePtr<EVP_MD_CTX> digest(EVP_MD_CTX_new());
  EVP_PKEY_CTX* signing = nullptr;
  if (digest == nullptr ||
      EVP_DigestSignInit(digest.get(), &signing,
                         SSL_get_signature_algorithm_digest(signature_algorithm), nullptr,
                         key) != 1) {
    return ssl_private_key_failure;
  }
  if (SSL_is_signature_algorithm_rsa_pss(signature_algorithm) &&
      (EVP_PKEY_CTX_set_rsa_padding(signing, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(signing, -1) != 1)) {
    return ssl_private_key_failure;
  }
  *out_len = max_out;
  if (EVP_DigestSign(digest.get(), out, out_len, in, in_len) != 1) {
    return ssl_private_key_failure;
  }
  return ssl_private_key_success;
}

ssl_private_key_result_t NoDecrypt(SSL*, uint8_t*, size_t*, size_t, const uint8_t*, size_t) {
  return ssl_private_key_failure;
}

// SignWithMismatchedKey never answers "retry", so there is never anything to complete.
ssl_private_key_result_t NothingToComplete(SSL*, uint8_t*, size_t*, size_t) {
  return ssl_private_key_failure;
}

constexpr SSL_PRIVATE_KEY_METHOD kMismatchedKeyMethod = {
    SignWithMismatchedKey,
    NoDecrypt,
    NothingToComplete,
};

HookOutcome Failed(std::string what) { return {HookOutcome::Kind::kFailed, std::move(what)}; }

}  // namespace

// PresentMismatchedKey, BoringSSL: BoringSSL refuses a private key that does not match the
// loaded certificate, so the hook loads the chain alone and signs through
// SSL_CTX_set_private_key_method with the given key. The library takes the key's type and
// size from the certificate and hands the signing to the hook.
HookOutcome PresentMismatchedKey(SSL_CTX* ctx, const Credentials& credentials,
                                 SessionState& state) {
  // 1. The chain, as for any client.
  if (SSL_CTX_use_certificate_chain_file(ctx, credentials.chain.c_str()) != 1) {
    return Failed("SSL_CTX_use_certificate_chain_file " + credentials.chain);
  }
  UniquePtr<EVP_PKEY> certified(X509_get_pubkey(SSL_CTX_get0_certificate(ctx)));
  if (certified == nullptr) {
    return Failed("the leaf of " + credentials.chain + " has no usable public key");
  }

  // 2. The key that does not belong to it, kept for the signing callback.
  UniquePtr<BIO> file(BIO_new_file(credentials.key.c_str(), "r"));
  state.signing_key.reset(
      file == nullptr ? nullptr : PEM_read_bio_PrivateKey(file.get(), nullptr, nullptr, nullptr));
  if (state.signing_key == nullptr) {
    return Failed("read private key " + credentials.key);
  }
  if (EVP_PKEY_id(certified.get()) != EVP_PKEY_id(state.signing_key.get())) {
    return {HookOutcome::Kind::kUnsupported,
            "a key of type " + std::to_string(EVP_PKEY_id(state.signing_key.get())) +
                " for a certificate key of type " + std::to_string(EVP_PKEY_id(certified.get()))};
  }

  // 3. Sign through the hook.
  SSL_CTX_set_private_key_method(ctx, &kMismatchedKeyMethod);
  return {};
}

}  // namespace ossl

std::unique_ptr<Backend> MakeBackend() {
  Capabilities capabilities;
  capabilities.versions = {"tls1.2", "tls1.3"};
  // BoringSSL's TLS 1.3 suites are fixed; `tls.ciphersuites` is ignored.
  capabilities.tls13_ciphersuites = false;
  capabilities.key_mismatch_hook = true;
  capabilities.crl = true;
  ossl::AddProtocol2Capabilities(capabilities);
  // BoringSSL has no security levels and no allow-lists for chain verification: every rule
  // of `enforcing` is the shim's check in the verification callback (ossl_common/enforce.h).
  capabilities.enforcement = {{"signature_hashes", Enforcement::kShim},
                              {"public_keys", Enforcement::kShim},
                              {"min_rsa_bits", Enforcement::kShim},
                              {"curves", Enforcement::kShim}};
  // OpenSSL_version(OPENSSL_VERSION) is only "BoringSSL"; the API version tells builds apart.
  const std::string library = std::string(OpenSSL_version(OPENSSL_VERSION)) +
                              " (BORINGSSL_API_VERSION " + std::to_string(BORINGSSL_API_VERSION) +
                              ")";
  return std::make_unique<ossl::OsslBackend>("boringssl", library, std::move(capabilities));
}

}  // namespace tlsconform::shim
