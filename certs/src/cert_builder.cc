// The to-be-signed part of a certificate (RFC 5280 4.1.2).
#include <openssl/x509.h>

#include "build_steps.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

Status SetTime(ASN1_TIME* field, const UtcTime& time, std::string_view what) {
  // ASN1_TIME_set_string_X509 picks UTCTime before 2050 and GeneralizedTime from 2050 on,
  // as RFC 5280 4.1.2.5 requires.
  return CheckOpenSsl(ASN1_TIME_set_string_X509(field, time.ToGeneralizedTime().c_str()),
                      "ASN1_TIME_set_string_X509(" + std::string(what) + ")");
}

Status SetSerial(X509* cert, const std::vector<uint8_t>& serial) {
  UniquePtr<BIGNUM> number(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  if (number == nullptr) {
    return OpenSslFailure("BN_bin2bn");
  }
  UniquePtr<ASN1_INTEGER> integer(BN_to_ASN1_INTEGER(number.get(), nullptr));
  if (integer == nullptr) {
    return OpenSslFailure("BN_to_ASN1_INTEGER");
  }
  return CheckOpenSsl(X509_set_serialNumber(cert, integer.get()), "X509_set_serialNumber");
}

}  // namespace

Result<UniquePtr<X509>> NewCertificate(const CertRecipe& recipe, EVP_PKEY* subject_key,
                                       X509* issuer) {
  UniquePtr<X509> cert(X509_new());
  if (cert == nullptr) {
    return OpenSslFailure("X509_new");
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version"));
  TLSCONFORM_RETURN_IF_ERROR(SetSerial(cert.get(), recipe.serial));

  Result<UniquePtr<X509_NAME>> subject = BuildName(recipe.subject);
  if (!subject.ok()) {
    return subject.status();
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_set_subject_name(cert.get(), subject->get()), "X509_set_subject_name"));
  const X509_NAME* issuer_name = issuer != nullptr ? X509_get_subject_name(issuer) : subject->get();
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_set_issuer_name(cert.get(), issuer_name), "X509_set_issuer_name"));

  TLSCONFORM_RETURN_IF_ERROR(
      SetTime(X509_getm_notBefore(cert.get()), recipe.not_before, "not_before"));
  TLSCONFORM_RETURN_IF_ERROR(
      SetTime(X509_getm_notAfter(cert.get()), recipe.not_after, "not_after"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_set_pubkey(cert.get(), subject_key), "X509_set_pubkey"));

  TLSCONFORM_RETURN_IF_ERROR(AddExtensions(cert.get(), recipe, issuer));
  return cert;
}

}  // namespace tlsconform::certs::internal
