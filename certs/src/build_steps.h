// The steps BuildObjects is made of, one file each: keys, names, certificates and their
// extensions, signing, defects, CRLs. Each returns a Status naming the OpenSSL call that
// failed; BuildObjects adds the file and entry.
#pragma once

#include <vector>

#include "tlsconform/certs/openssl_ptr.h"
#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// GenerateKey draws a new key pair from OpenSSL's random source (key_builder.cc).
Result<UniquePtr<EVP_PKEY>> GenerateKey(const KeyRecipe& recipe);

// BuildName encodes a DN, the last attribute of the string outermost (name_builder.cc).
Result<UniquePtr<X509_NAME>> BuildName(const std::vector<NameAttribute>& attributes);

// NewCertificate fills in everything but the signature: version 3, serial, names,
// validity, public key and extensions. `issuer` is null for a self-signed certificate
// (cert_builder.cc).
Result<UniquePtr<X509>> NewCertificate(const CertRecipe& recipe, EVP_PKEY* subject_key,
                                       X509* issuer);

// AddExtensions adds basicConstraints, keyUsage, extendedKeyUsage, subjectAltName,
// subjectKeyIdentifier and authorityKeyIdentifier as the recipe asks (extensions.cc).
Status AddExtensions(X509* cert, const CertRecipe& recipe, X509* issuer);

// AuthorityKeyIdentifierFor returns an AuthorityKeyIdentifier holding the issuer's
// subjectKeyIdentifier, for certificates and CRLs alike (extensions.cc).
Result<UniquePtr<AUTHORITY_KEYID>> AuthorityKeyIdentifierFor(X509* issuer);

// SignCertificate and SignCrl sign with `key` as `algorithm` says (signing.cc).
Status SignCertificate(X509* cert, EVP_PKEY* key, SignatureAlgorithm algorithm);
Status SignCrl(X509_CRL* crl, EVP_PKEY* key, SignatureAlgorithm algorithm);

// ApplyDefect returns a copy of a signed certificate with `defect` applied (defects.cc).
Result<UniquePtr<X509>> ApplyDefect(const X509* cert, Defect defect);

// NewCrl fills in a v2 CRL listing `revoked`, everything but the signature (crl_builder.cc).
Result<UniquePtr<X509_CRL>> NewCrl(const CrlRecipe& recipe, X509* issuer,
                                   const std::vector<const X509*>& revoked);

}  // namespace tlsconform::certs::internal
