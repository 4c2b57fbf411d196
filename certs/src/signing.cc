// Signing certificates and CRLs with the algorithms of the RECIPES.md table.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <string>

#include "build_steps.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

// NewSigningContext prepares a digest-and-sign operation. X509_sign_ctx and
// X509_CRL_sign_ctx then write the AlgorithmIdentifier the context implies, PSS parameters
// included, into both the to-be-signed part and the outer structure.
//
// MD5 and SHA-1 need nothing special: in OpenSSL 3.0 security levels apply to TLS, not to
// X509_sign_ctx, and the default provider's RSA signer accepts both digests.
Result<UniquePtr<EVP_MD_CTX>> NewSigningContext(EVP_PKEY* key, SignatureAlgorithm algorithm) {
  const SignatureAlgorithmInfo& info = DescribeSignatureAlgorithm(algorithm);
  const char* key_type = info.key_type == KeyType::kRsa ? "RSA" : "EC";
  if (EVP_PKEY_is_a(key, key_type) != 1) {
    return InvalidInput(std::string(info.name) + " needs an " + key_type + " key");
  }

  UniquePtr<EVP_MD_CTX> context(EVP_MD_CTX_new());
  if (context == nullptr) {
    return OpenSslFailure("EVP_MD_CTX_new");
  }
  std::string digest(info.digest);
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_DigestSignInit_ex(context.get(), &key_context, digest.c_str(), nullptr,
                                         nullptr, key, nullptr),
                   "EVP_DigestSignInit_ex(" + digest + ")"));
  if (!info.pss) {
    return context;
  }

  // RSASSA-PSS as RFC 4055 3.1 recommends and AWS-SIG-4 fixtures use: MGF1 with the
  // signature's own hash, salt as long as the hash output.
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING),
                   "EVP_PKEY_CTX_set_rsa_padding(PSS)"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST),
                   "EVP_PKEY_CTX_set_rsa_pss_saltlen"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_PKEY_CTX_set_rsa_mgf1_md_name(key_context, digest.c_str(), nullptr),
                   "EVP_PKEY_CTX_set_rsa_mgf1_md_name"));
  return context;
}

}  // namespace

Status SignCertificate(X509* cert, EVP_PKEY* key, SignatureAlgorithm algorithm) {
  Result<UniquePtr<EVP_MD_CTX>> context = NewSigningContext(key, algorithm);
  if (!context.ok()) {
    return context.status();
  }
  // X509_sign_ctx returns the signature's length, 0 on failure.
  if (X509_sign_ctx(cert, context->get()) <= 0) {
    return OpenSslFailure("X509_sign_ctx");
  }
  return Status::Ok();
}

Status SignCrl(X509_CRL* crl, EVP_PKEY* key, SignatureAlgorithm algorithm) {
  Result<UniquePtr<EVP_MD_CTX>> context = NewSigningContext(key, algorithm);
  if (!context.ok()) {
    return context.status();
  }
  // X509_CRL_sign_ctx returns the signature's length, 0 on failure.
  if (X509_CRL_sign_ctx(crl, context->get()) <= 0) {
    return OpenSslFailure("X509_CRL_sign_ctx");
  }
  return Status::Ok();
}

}  // namespace tlsconform::certs::internal
