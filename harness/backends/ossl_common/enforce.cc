#include "ossl_common/enforce.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <algorithm>
#include <array>
#include <cctype>

#ifdef OPENSSL_IS_BORINGSSL
#include <openssl/bytestring.h>
#endif

namespace tlsconform::shim::ossl {
namespace {

// CertificateSignature is what signed a certificate: the issuer's key type and the hash.
struct CertificateSignature {
  int key_nid = NID_undef;   // NID_rsaEncryption, NID_rsassaPss, NID_X9_62_id_ecPublicKey, ...
  int hash_nid = NID_undef;  // NID_sha256, ...; NID_undef for a scheme without one (Ed25519)
};

#ifdef OPENSSL_IS_BORINGSSL
// PssHash reads the hashAlgorithm of RSASSA-PSS-params (RFC 4055 section 3.1): BoringSSL keeps
// no parsed copy of them. An absent field is SHA-1, the RFC's default.
int PssHash(const X509_ALGOR* algorithm) {
  const ASN1_OBJECT* object = nullptr;
  int type = V_ASN1_UNDEF;
  const void* value = nullptr;
  X509_ALGOR_get0(&object, &type, &value, algorithm);
  if (type != V_ASN1_SEQUENCE || value == nullptr) {
    return NID_undef;
  }
  const auto* der = static_cast<const ASN1_STRING*>(value);
  CBS input;
  CBS_init(&input, ASN1_STRING_get0_data(der), static_cast<size_t>(ASN1_STRING_length(der)));
  CBS params;
  if (!CBS_get_asn1(&input, &params, CBS_ASN1_SEQUENCE)) {
    return NID_undef;
  }
  constexpr unsigned kHashTag = CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0;
  if (!CBS_peek_asn1_tag(&params, kHashTag)) {
    return NID_sha1;
  }
  CBS explicit_tag;
  CBS hash_algorithm;
  CBS oid;
  if (!CBS_get_asn1(&params, &explicit_tag, kHashTag) ||
      !CBS_get_asn1(&explicit_tag, &hash_algorithm, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&hash_algorithm, &oid, CBS_ASN1_OBJECT)) {
    return NID_undef;
  }
  return OBJ_cbs2nid(&oid);
}

CertificateSignature SignatureOf(X509* cert) {
  CertificateSignature signature;
  const int nid = X509_get_signature_nid(cert);
  if (nid == NID_rsassaPss) {
    const ASN1_BIT_STRING* bits = nullptr;
    const X509_ALGOR* algorithm = nullptr;
    X509_get0_signature(&bits, &algorithm, cert);
    signature.key_nid = NID_rsassaPss;
    signature.hash_nid = algorithm == nullptr ? NID_undef : PssHash(algorithm);
    return signature;
  }
  if (OBJ_find_sigid_algs(nid, &signature.hash_nid, &signature.key_nid) != 1) {
    signature = {};
  }
  return signature;
}

int CurveOf(EVP_PKEY* key) {
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key);
  const EC_GROUP* group = ec == nullptr ? nullptr : EC_KEY_get0_group(ec);
  return group == nullptr ? NID_undef : EC_GROUP_get_curve_name(group);
}
#else
// OpenSSL decodes the signature algorithm, RSASSA-PSS parameters included, once per
// certificate.
CertificateSignature SignatureOf(X509* cert) {
  CertificateSignature signature;
  if (X509_get_signature_info(cert, &signature.hash_nid, &signature.key_nid, nullptr, nullptr) !=
      1) {
    return {};
  }
  return signature;
}

int CurveOf(EVP_PKEY* key) {
  std::array<char, 80> group{};
  if (EVP_PKEY_get_group_name(key, group.data(), group.size(), nullptr) != 1) {
    return NID_undef;
  }
  return OBJ_txt2nid(group.data());
}
#endif

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string HashName(int nid) {
  const char* name = nid == NID_undef ? nullptr : OBJ_nid2sn(nid);
  return name == nullptr ? "unknown hash" : Lower(name);
}

// An empty allow-list is a rule the case does not set, as min_rsa_bits 0 is.
bool Allows(const std::vector<std::string>& list, const std::string& name) {
  return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
}

std::string Where(X509* cert, int depth) {
  return " (depth " + std::to_string(depth) + ", " + NameToString(X509_get_subject_name(cert)) +
         ")";
}

VerifyFailure Refuse(const char* rule, Reason reason, const std::string& what, X509* cert,
                     int depth) {
  VerifyFailure failure;
  failure.code = X509_V_ERR_APPLICATION_VERIFICATION;
  failure.depth = depth;
  failure.text =
      std::string("refused by the shim, enforce.") + rule + ": " + what + Where(cert, depth);
  failure.shim_rule = rule;
  failure.shim_reason = reason;
  return failure;
}

bool SelfIssued(X509* cert) {
  return X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
}

}  // namespace

std::string KeyTypeName(int pkey_id) {
  switch (pkey_id) {
    case EVP_PKEY_RSA:
      return "rsa";
    case EVP_PKEY_RSA_PSS:
      return "rsa-pss";
    case EVP_PKEY_EC:
      return "ec";
    case EVP_PKEY_ED25519:
      return "ed25519";
#ifdef EVP_PKEY_ED448
    case EVP_PKEY_ED448:
      return "ed448";
#endif
    case EVP_PKEY_DSA:
      return "dsa";
    default: {
      const char* name = pkey_id == NID_undef ? nullptr : OBJ_nid2sn(pkey_id);
      return name == nullptr ? "unknown" : Lower(name);
    }
  }
}

std::string CurveName(int nid) {
  if (const char* nist = EC_curve_nid2nist(nid)) {
    return nist;
  }
  const char* name = nid == NID_undef ? nullptr : OBJ_nid2sn(nid);
  return name == nullptr ? "unknown curve" : name;
}

std::optional<VerifyFailure> CheckEnforcement(X509* cert, int depth,
                                              const EnforcementRules& rules) {
  // 1. The certificate's signature: the issuer's key type and the hash.
  if (!SelfIssued(cert)) {
    const CertificateSignature signature = SignatureOf(cert);
    const std::string signer = KeyTypeName(signature.key_nid);
    if (!Allows(rules.public_keys, signer)) {
      return Refuse("public_keys", Reason::kUnsupportedAlgorithm,
                    "signed with a " + signer + " key", cert, depth);
    }
    const std::string hash = HashName(signature.hash_nid);
    if (!Allows(rules.signature_hashes, hash)) {
      return Refuse("signature_hashes", Reason::kUnsupportedAlgorithm, "signed with " + hash, cert,
                    depth);
    }
  }

  // 2. The certified key: its type, an RSA key's size, an EC key's curve.
  UniquePtr<EVP_PKEY> key(X509_get_pubkey(cert));
  if (key == nullptr) {
    ERR_clear_error();
    return Refuse("public_keys", Reason::kUnsupportedAlgorithm, "a key the library cannot read",
                  cert, depth);
  }
  const int type = EVP_PKEY_id(key.get());
  const std::string key_type = KeyTypeName(type);
  if (!Allows(rules.public_keys, key_type)) {
    return Refuse("public_keys", Reason::kUnsupportedAlgorithm, "a " + key_type + " key", cert,
                  depth);
  }
  if ((type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS) && rules.min_rsa_bits > 0) {
    const int bits = EVP_PKEY_bits(key.get());
    if (bits < rules.min_rsa_bits) {
      return Refuse("min_rsa_bits", Reason::kWeakKey,
                    "an RSA key of " + std::to_string(bits) + " bits, below " +
                        std::to_string(rules.min_rsa_bits),
                    cert, depth);
    }
  }
  if (type == EVP_PKEY_EC) {
    const std::string curve = CurveName(CurveOf(key.get()));
    if (!Allows(rules.curves, curve)) {
      return Refuse("curves", Reason::kUnsupportedAlgorithm, "an EC key on " + curve, cert, depth);
    }
  }
  return std::nullopt;
}

}  // namespace tlsconform::shim::ossl
