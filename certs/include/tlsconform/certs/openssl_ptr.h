// UniquePtr<T>: the one owning handle for every libcrypto object tlsconform touches.
//
// UniquePtr<X509> frees with X509_free, UniquePtr<EVP_PKEY> with EVP_PKEY_free, and so on:
// one Deleter specialization per OpenSSL type, named after OpenSSL's own spelling so the
// mapping is obvious. A type without a specialization does not compile.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace tlsconform::certs {

namespace internal {

template <typename T>
struct Deleter;

#define TLSCONFORM_CERTS_DELETER(type, free_function)    \
  template <>                                            \
  struct Deleter<type> {                                 \
    void operator()(type* p) const { free_function(p); } \
  }

// ASN1_INTEGER, ASN1_TIME, ASN1_OCTET_STRING and ASN1_BIT_STRING are all typedefs of
// ASN1_STRING, so this one specialization covers them.
TLSCONFORM_CERTS_DELETER(ASN1_STRING, ASN1_STRING_free);
TLSCONFORM_CERTS_DELETER(ASN1_TYPE, ASN1_TYPE_free);
TLSCONFORM_CERTS_DELETER(AUTHORITY_KEYID, AUTHORITY_KEYID_free);
TLSCONFORM_CERTS_DELETER(BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free);
TLSCONFORM_CERTS_DELETER(BIGNUM, BN_free);
TLSCONFORM_CERTS_DELETER(BIO, BIO_free_all);
TLSCONFORM_CERTS_DELETER(EVP_MD, EVP_MD_free);
TLSCONFORM_CERTS_DELETER(EVP_MD_CTX, EVP_MD_CTX_free);
TLSCONFORM_CERTS_DELETER(EVP_PKEY, EVP_PKEY_free);
TLSCONFORM_CERTS_DELETER(EVP_PKEY_CTX, EVP_PKEY_CTX_free);
TLSCONFORM_CERTS_DELETER(EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free);
TLSCONFORM_CERTS_DELETER(GENERAL_NAME, GENERAL_NAME_free);
TLSCONFORM_CERTS_DELETER(GENERAL_NAMES, GENERAL_NAMES_free);
TLSCONFORM_CERTS_DELETER(RSA_PSS_PARAMS, RSA_PSS_PARAMS_free);
TLSCONFORM_CERTS_DELETER(X509, X509_free);
TLSCONFORM_CERTS_DELETER(X509_ALGOR, X509_ALGOR_free);
TLSCONFORM_CERTS_DELETER(X509_CRL, X509_CRL_free);
TLSCONFORM_CERTS_DELETER(X509_NAME, X509_NAME_free);
TLSCONFORM_CERTS_DELETER(X509_REVOKED, X509_REVOKED_free);
TLSCONFORM_CERTS_DELETER(X509_STORE, X509_STORE_free);
TLSCONFORM_CERTS_DELETER(X509_STORE_CTX, X509_STORE_CTX_free);

#undef TLSCONFORM_CERTS_DELETER

// A STACK_OF(X509) owns its certificates.
template <>
struct Deleter<STACK_OF(X509)> {
  void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};

}  // namespace internal

template <typename T>
using UniquePtr = std::unique_ptr<T, internal::Deleter<T>>;

}  // namespace tlsconform::certs
