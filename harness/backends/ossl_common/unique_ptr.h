// UniquePtr<T> owns one OpenSSL- or BoringSSL-style handle and frees it with the type's own
// free function. Compiled against whichever library's headers the shim uses.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace tlsconform::shim::ossl {

template <typename T>
struct Deleter;

#define TLSCONFORM_OSSL_DELETER(type, free_function)               \
  template <>                                                      \
  struct Deleter<type> {                                           \
    void operator()(type* handle) const { free_function(handle); } \
  }

TLSCONFORM_OSSL_DELETER(BIO, BIO_free);
TLSCONFORM_OSSL_DELETER(EVP_MD_CTX, EVP_MD_CTX_free);
TLSCONFORM_OSSL_DELETER(EVP_PKEY, EVP_PKEY_free);
TLSCONFORM_OSSL_DELETER(EVP_PKEY_CTX, EVP_PKEY_CTX_free);
TLSCONFORM_OSSL_DELETER(SSL, SSL_free);
TLSCONFORM_OSSL_DELETER(SSL_CTX, SSL_CTX_free);
TLSCONFORM_OSSL_DELETER(X509, X509_free);
TLSCONFORM_OSSL_DELETER(X509_CRL, X509_CRL_free);

#undef TLSCONFORM_OSSL_DELETER

template <typename T>
using UniquePtr = std::unique_ptr<T, Deleter<T>>;

}  // namespace tlsconform::shim::ossl
