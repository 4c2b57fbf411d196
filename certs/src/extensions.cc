// Certificate extensions (RFC 5280 4.2.1), in the order they are added: basicConstraints,
// keyUsage, extendedKeyUsage, subjectAltName, subjectKeyIdentifier, authorityKeyIdentifier.
#include <openssl/x509v3.h>

#include <string>

#include "build_steps.h"
#include "recipe_values.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

constexpr int kCritical = 1;
constexpr int kNotCritical = 0;

// AddExtension encodes `value` as extension `nid`. X509_add1_ext_i2d returns 1 on success.
Status AddExtension(X509* cert, int nid, void* value, int critical) {
  return CheckOpenSsl(X509_add1_ext_i2d(cert, nid, value, critical, X509V3_ADD_APPEND),
                      std::string("X509_add1_ext_i2d(") + OBJ_nid2sn(nid) + ")");
}

// RFC 5280 4.2.1.9: critical in CA certificates; kept critical for leaves too, as OpenSSL
// and most CAs do.
Status AddBasicConstraints(X509* cert, const CertRecipe& recipe) {
  UniquePtr<BASIC_CONSTRAINTS> constraints(BASIC_CONSTRAINTS_new());
  if (constraints == nullptr) {
    return OpenSslFailure("BASIC_CONSTRAINTS_new");
  }
  constraints->ca = recipe.ca ? 0xff : 0;
  if (recipe.path_len) {
    constraints->pathlen = ASN1_INTEGER_new();
    if (constraints->pathlen == nullptr) {
      return OpenSslFailure("ASN1_INTEGER_new");
    }
    TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(
        ASN1_INTEGER_set_int64(constraints->pathlen, *recipe.path_len), "ASN1_INTEGER_set_int64"));
  }
  return AddExtension(cert, NID_basic_constraints, constraints.get(), kCritical);
}

// RFC 5280 4.2.1.3: conforming CAs mark keyUsage critical.
Status AddKeyUsage(X509* cert, const std::vector<std::string>& usages) {
  UniquePtr<ASN1_BIT_STRING> bits(ASN1_BIT_STRING_new());
  if (bits == nullptr) {
    return OpenSslFailure("ASN1_BIT_STRING_new");
  }
  for (const std::string& usage : usages) {
    // The parser accepted only known names, so KeyUsageBit has a value here.
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(ASN1_BIT_STRING_set_bit(bits.get(), KeyUsageBit(usage).value_or(0), 1),
                     "ASN1_BIT_STRING_set_bit"));
  }
  return AddExtension(cert, NID_key_usage, bits.get(), kCritical);
}

Status AddExtendedKeyUsage(X509* cert, const std::vector<std::string>& usages) {
  UniquePtr<EXTENDED_KEY_USAGE> purposes(sk_ASN1_OBJECT_new_null());
  if (purposes == nullptr) {
    return OpenSslFailure("sk_ASN1_OBJECT_new_null");
  }
  for (const std::string& usage : usages) {
    // OBJ_nid2obj returns a static object, so the stack may free it: freeing is a no-op.
    ASN1_OBJECT* object = OBJ_nid2obj(ExtendedKeyUsageNid(usage).value_or(NID_undef));
    if (object == nullptr || sk_ASN1_OBJECT_push(purposes.get(), object) <= 0) {
      return OpenSslFailure("extendedKeyUsage " + usage);
    }
  }
  return AddExtension(cert, NID_ext_key_usage, purposes.get(), kNotCritical);
}

Result<UniquePtr<GENERAL_NAME>> MakeGeneralName(const std::string& entry) {
  UniquePtr<GENERAL_NAME> name(GENERAL_NAME_new());
  if (name == nullptr) {
    return OpenSslFailure("GENERAL_NAME_new");
  }
  if (entry.starts_with("DNS:")) {
    UniquePtr<ASN1_IA5STRING> dns(ASN1_IA5STRING_new());
    if (dns == nullptr) {
      return OpenSslFailure("ASN1_IA5STRING_new");
    }
    TLSCONFORM_RETURN_IF_ERROR(CheckOpenSsl(
        ASN1_STRING_set(dns.get(), entry.data() + 4, static_cast<int>(entry.size() - 4)),
        "ASN1_STRING_set"));
    GENERAL_NAME_set0_value(name.get(), GEN_DNS, dns.release());
    return name;
  }
  // "IP:": 4 or 16 octets in network order (RFC 5280 4.2.1.6).
  UniquePtr<ASN1_OCTET_STRING> address(a2i_IPADDRESS(entry.c_str() + 3));
  if (address == nullptr) {
    return OpenSslFailure("a2i_IPADDRESS(" + entry + ")");
  }
  GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
  return name;
}

// RFC 5280 4.2.1.6: not critical, since every certificate here has a non-empty subject.
Status AddSubjectAltNames(X509* cert, const std::vector<std::string>& entries) {
  UniquePtr<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
  if (names == nullptr) {
    return OpenSslFailure("sk_GENERAL_NAME_new_null");
  }
  for (const std::string& entry : entries) {
    Result<UniquePtr<GENERAL_NAME>> name = MakeGeneralName(entry);
    if (!name.ok()) {
      return name.status();
    }
    if (sk_GENERAL_NAME_push(names.get(), name->get()) <= 0) {
      return OpenSslFailure("sk_GENERAL_NAME_push");
    }
    name->release();  // owned by `names` now
  }
  return AddExtension(cert, NID_subject_alt_name, names.get(), kNotCritical);
}

// RFC 5280 4.2.1.2, method (1): the SHA-1 of the subjectPublicKey BIT STRING's value.
Status AddSubjectKeyIdentifier(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(X509_pubkey_digest(cert, EVP_sha1(), digest, &length), "X509_pubkey_digest"));
  UniquePtr<ASN1_OCTET_STRING> identifier(ASN1_OCTET_STRING_new());
  if (identifier == nullptr) {
    return OpenSslFailure("ASN1_OCTET_STRING_new");
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(ASN1_OCTET_STRING_set(identifier.get(), digest, static_cast<int>(length)),
                   "ASN1_OCTET_STRING_set"));
  return AddExtension(cert, NID_subject_key_identifier, identifier.get(), kNotCritical);
}

}  // namespace

Result<UniquePtr<AUTHORITY_KEYID>> AuthorityKeyIdentifierFor(X509* issuer) {
  const ASN1_OCTET_STRING* issuer_identifier = X509_get0_subject_key_id(issuer);
  if (issuer_identifier == nullptr) {
    return InternalError("the issuer has no subjectKeyIdentifier");
  }
  UniquePtr<AUTHORITY_KEYID> identifier(AUTHORITY_KEYID_new());
  if (identifier == nullptr) {
    return OpenSslFailure("AUTHORITY_KEYID_new");
  }
  identifier->keyid = ASN1_OCTET_STRING_dup(issuer_identifier);
  if (identifier->keyid == nullptr) {
    return OpenSslFailure("ASN1_OCTET_STRING_dup");
  }
  return identifier;
}

Status AddExtensions(X509* cert, const CertRecipe& recipe, X509* issuer) {
  if (recipe.basic_constraints) {
    TLSCONFORM_RETURN_IF_ERROR(AddBasicConstraints(cert, recipe));
  }
  if (!recipe.key_usage.empty()) {
    TLSCONFORM_RETURN_IF_ERROR(AddKeyUsage(cert, recipe.key_usage));
  }
  if (!recipe.extended_key_usage.empty()) {
    TLSCONFORM_RETURN_IF_ERROR(AddExtendedKeyUsage(cert, recipe.extended_key_usage));
  }
  if (!recipe.subject_alt_names.empty()) {
    TLSCONFORM_RETURN_IF_ERROR(AddSubjectAltNames(cert, recipe.subject_alt_names));
  }
  TLSCONFORM_RETURN_IF_ERROR(AddSubjectKeyIdentifier(cert));

  // RFC 5280 4.2.1.1: every certificate but a self-signed one names its issuer's key.
  if (issuer != nullptr) {
    Result<UniquePtr<AUTHORITY_KEYID>> identifier = AuthorityKeyIdentifierFor(issuer);
    if (!identifier.ok()) {
      return identifier.status();
    }
    TLSCONFORM_RETURN_IF_ERROR(
        AddExtension(cert, NID_authority_key_identifier, identifier->get(), kNotCritical));
  }
  return Status::Ok();
}

}  // namespace tlsconform::certs::internal
