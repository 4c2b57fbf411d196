#include "encoding.h"

#include <openssl/pem.h>

#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

// WritePem runs `write` (a PEM_write_bio_* call returning 1 on success) into a memory BIO
// and returns what it wrote.
template <typename Write>
Result<std::string> WritePem(Write write, std::string_view what) {
  UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr) {
    return OpenSslFailure("BIO_new");
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(write(bio.get()), what));
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || data == nullptr) {
    return OpenSslFailure("BIO_get_mem_data");
  }
  return std::string(data, static_cast<size_t>(length));
}

// WriteDer runs an i2d function twice: once for the length, once to encode.
template <typename T>
Result<std::string> WriteDer(const T* object, int (*i2d)(const T*, unsigned char**),
                             std::string_view what) {
  int length = i2d(object, nullptr);
  if (length <= 0) {
    return OpenSslFailure(what);
  }
  std::string der(static_cast<size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d(object, &out) != length) {
    return OpenSslFailure(what);
  }
  return der;
}

}  // namespace

Result<std::string> CertificatePem(const X509* cert) {
  return WritePem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); }, "PEM_write_bio_X509");
}

Result<std::string> CertificateDer(const X509* cert) {
  return WriteDer(cert, i2d_X509, "i2d_X509");
}

Result<std::string> CrlPem(const X509_CRL* crl) {
  return WritePem([crl](BIO* bio) { return PEM_write_bio_X509_CRL(bio, crl); },
                  "PEM_write_bio_X509_CRL");
}

Result<std::string> CrlDer(const X509_CRL* crl) {
  return WriteDer(crl, i2d_X509_CRL, "i2d_X509_CRL");
}

Result<std::string> PrivateKeyPem(const EVP_PKEY* key) {
  return WritePem(
      [key](BIO* bio) {
        return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
      },
      "PEM_write_bio_PKCS8PrivateKey");
}

Result<std::string> Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr),
                   "EVP_Digest(SHA-256)"));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace tlsconform::certs::internal
