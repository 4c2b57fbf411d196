// Deliberate defects, applied to a certificate after it is signed.
#include <openssl/x509.h>

#include <cstring>
#include <string>

#include "build_steps.h"
#include "encoding.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

// FlipSignatureByte alters the last byte of the signature value. The signature BIT STRING
// is the last field of a Certificate (RFC 5280 4.1.1.3), so its value is the last bytes of
// the DER encoding. The last byte is the safe one to alter: in an RSA signature any byte
// may take any value, and in an ECDSA signature (RFC 5480 2.2) it is the low byte of the
// INTEGER s, whose encoding stays valid whatever that byte holds.
Result<UniquePtr<X509>> FlipSignatureByte(const X509* cert) {
  Result<std::string> der = CertificateDer(cert);
  if (!der.ok()) {
    return der.status();
  }
  const ASN1_BIT_STRING* signature = nullptr;
  X509_get0_signature(&signature, nullptr, cert);
  auto signature_length = static_cast<size_t>(ASN1_STRING_length(signature));
  if (signature_length == 0 || der->size() < signature_length ||
      std::memcmp(der->data() + der->size() - signature_length, ASN1_STRING_get0_data(signature),
                  signature_length) != 0) {
    return InternalError("signature-flipped: the signature is not at the end of the DER");
  }
  der->back() = static_cast<char>(der->back() ^ 0x01);

  const auto* in = reinterpret_cast<const unsigned char*>(der->data());
  UniquePtr<X509> altered(d2i_X509(nullptr, &in, static_cast<long>(der->size())));
  if (altered == nullptr) {
    return OpenSslFailure("d2i_X509 of the altered certificate");
  }
  // The altered bytes must survive a round trip, or readers would see another certificate.
  Result<std::string> again = CertificateDer(altered.get());
  if (!again.ok()) {
    return again.status();
  }
  if (*again != *der) {
    return InternalError("signature-flipped: the altered certificate does not re-encode");
  }
  return altered;
}

}  // namespace

Result<UniquePtr<X509>> ApplyDefect(const X509* cert, Defect defect) {
  switch (defect) {
    case Defect::kSignatureFlipped:
      return FlipSignatureByte(cert);
  }
  return InternalError("unknown defect");
}

}  // namespace tlsconform::certs::internal
