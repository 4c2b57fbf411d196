// PEM and DER encodings of built objects, and the SHA-256 the manifest records.
#pragma once

#include <string>
#include <string_view>

#include "tlsconform/certs/openssl_ptr.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

Result<std::string> CertificatePem(const X509* cert);
Result<std::string> CertificateDer(const X509* cert);
Result<std::string> CrlPem(const X509_CRL* crl);
Result<std::string> CrlDer(const X509_CRL* crl);
// PrivateKeyPem writes unencrypted PKCS#8 ("BEGIN PRIVATE KEY", RFC 5958), the form every
// backend reads.
Result<std::string> PrivateKeyPem(const EVP_PKEY* key);

// Sha256Hex returns the lowercase hex SHA-256 of `data`.
Result<std::string> Sha256Hex(std::string_view data);

}  // namespace tlsconform::certs::internal
