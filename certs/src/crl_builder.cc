// Certificate revocation lists (RFC 5280 5).
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "build_steps.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

Result<UniquePtr<ASN1_TIME>> MakeTime(const UtcTime& time) {
  UniquePtr<ASN1_TIME> value(ASN1_TIME_new());
  if (value == nullptr) {
    return OpenSslFailure("ASN1_TIME_new");
  }
  // UTCTime before 2050, GeneralizedTime after (RFC 5280 5.1.2.4).
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(ASN1_TIME_set_string_X509(value.get(), time.ToGeneralizedTime().c_str()),
                   "ASN1_TIME_set_string_X509"));
  return value;
}

// AddRevoked lists `cert` in `crl`. The X509_REVOKED setters copy their arguments but take
// non-const pointers, hence the copy of the serial and the non-const `date`.
Status AddRevoked(X509_CRL* crl, const X509* cert, ASN1_TIME* date) {
  UniquePtr<X509_REVOKED> entry(X509_REVOKED_new());
  UniquePtr<ASN1_INTEGER> serial(ASN1_INTEGER_dup(X509_get0_serialNumber(cert)));
  if (entry == nullptr || serial == nullptr) {
    return OpenSslFailure("X509_REVOKED_new");
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(X509_REVOKED_set_serialNumber(entry.get(), serial.get()),
                                          "X509_REVOKED_set_serialNumber"));
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(X509_REVOKED_set_revocationDate(entry.get(), date),
                                          "X509_REVOKED_set_revocationDate"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_CRL_add0_revoked(crl, entry.get()), "X509_CRL_add0_revoked"));
  entry.release();  // owned by `crl` now
  return Status::Ok();
}

}  // namespace

Result<UniquePtr<X509_CRL>> NewCrl(const CrlRecipe& recipe, X509* issuer,
                                   const std::vector<const X509*>& revoked) {
  UniquePtr<X509_CRL> crl(X509_CRL_new());
  if (crl == nullptr) {
    return OpenSslFailure("X509_CRL_new");
  }
  // v2: extensions follow (RFC 5280 5.1.2.1).
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2), "X509_CRL_set_version"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer)),
                   "X509_CRL_set_issuer_name"));

  Result<UniquePtr<ASN1_TIME>> this_update = MakeTime(recipe.this_update);
  Result<UniquePtr<ASN1_TIME>> next_update = MakeTime(recipe.next_update);
  if (!this_update.ok() || !next_update.ok()) {
    return this_update.ok() ? next_update.status() : this_update.status();
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(X509_CRL_set1_lastUpdate(crl.get(), this_update->get()),
                                          "X509_CRL_set1_lastUpdate"));
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(X509_CRL_set1_nextUpdate(crl.get(), next_update->get()),
                                          "X509_CRL_set1_nextUpdate"));

  // RECIPES.md: a certificate is revoked as of the CRL's thisUpdate.
  for (const X509* cert : revoked) {
    TLSCONFORM_RETURN_IF_ERROR(AddRevoked(crl.get(), cert, this_update->get()));
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(X509_CRL_sort(crl.get()), "X509_CRL_sort"));

  // RFC 5280 5.2.1 and 5.2.3: a conforming CRL issuer includes authorityKeyIdentifier and a
  // cRLNumber. A catalogue CRL is never a successor of another, so every one is number 1.
  Result<UniquePtr<AUTHORITY_KEYID>> identifier = AuthorityKeyIdentifierFor(issuer);
  if (!identifier.ok()) {
    return identifier.status();
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_CRL_add1_ext_i2d(crl.get(), NID_authority_key_identifier, identifier->get(),
                                         0, X509V3_ADD_APPEND),
                   "X509_CRL_add1_ext_i2d(authorityKeyIdentifier)"));
  UniquePtr<ASN1_INTEGER> number(ASN1_INTEGER_new());
  if (number == nullptr) {
    return OpenSslFailure("ASN1_INTEGER_new");
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(ASN1_INTEGER_set(number.get(), 1), "ASN1_INTEGER_set"));
  TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, X509V3_ADD_APPEND),
      "X509_CRL_add1_ext_i2d(cRLNumber)"));
  return crl;
}

}  // namespace tlsconform::certs::internal
