// Key generation for [key.*] recipes.
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "build_steps.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {

Result<UniquePtr<EVP_PKEY>> GenerateKey(const KeyRecipe& recipe) {
  const char* algorithm = recipe.type == KeyType::kRsa ? "RSA" : "EC";
  UniquePtr<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
  if (context == nullptr) {
    return OpenSslFailure("EVP_PKEY_CTX_new_from_name");
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_PKEY_keygen_init(context.get()), "EVP_PKEY_keygen_init"));

  if (recipe.type == KeyType::kRsa) {
    UniquePtr<BIGNUM> exponent(BN_new());
    if (exponent == nullptr) {
      return OpenSslFailure("BN_new");
    }
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(BN_set_word(exponent.get(), recipe.exponent), "BN_set_word"));
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), recipe.bits),
                     "EVP_PKEY_CTX_set_rsa_keygen_bits"));
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(context.get(), exponent.get()),
                     "EVP_PKEY_CTX_set1_rsa_keygen_pubexp"));
  } else {
    // OpenSSL knows the NIST names ("P-256") as aliases of its own ("prime256v1"). The
    // key is encoded with the named curve, as RFC 5480 2.1.1 requires.
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(EVP_PKEY_CTX_set_group_name(context.get(), recipe.curve.c_str()),
                     "EVP_PKEY_CTX_set_group_name"));
  }

  EVP_PKEY* key = nullptr;
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(EVP_PKEY_keygen(context.get(), &key), "EVP_PKEY_keygen"));
  return UniquePtr<EVP_PKEY>(key);
}

}  // namespace tlsconform::certs::internal
