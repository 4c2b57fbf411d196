// The claims of fixtures/README.md, checked by parsing a generated fixture set back. Each
// check follows the README's "checked by" column and answers what it found when the claim
// does not hold, in words a catalogue author can act on.
#include "claims_check.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims.h"
#include "entry_reader.h"
#include "recipe_values.h"
#include "tlsconform/certs/openssl_ptr.h"

namespace tlsconform::certs::internal {
namespace {

// FixtureObjects is one fixture's files, parsed back.
struct FixtureObjects {
  std::vector<UniquePtr<X509>> chain;  // leaf first
  std::vector<UniquePtr<X509>> trust;
  std::vector<UniquePtr<X509_CRL>> crls;
  UniquePtr<EVP_PKEY> key;
  std::string issuer_name;  // the certificate the leaf's recipe names as its issuer
  UniquePtr<X509> issuer;

  X509* leaf() const { return chain.front().get(); }
};

// ReadPem returns every PEM block of one kind in `pem`, in order.
template <typename T>
std::vector<UniquePtr<T>> ReadPem(const std::string& pem,
                                  T* (*read)(BIO*, T**, pem_password_cb*, void*)) {
  std::vector<UniquePtr<T>> objects;
  UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  while (bio != nullptr) {
    T* object = read(bio.get(), nullptr, nullptr, nullptr);
    if (object == nullptr) {
      break;
    }
    objects.emplace_back(object);
  }
  ERR_clear_error();  // the loop ends on "no more PEM blocks", which OpenSSL calls an error
  return objects;
}

std::string NidName(int nid) { return nid == NID_undef ? "an unknown algorithm" : OBJ_nid2ln(nid); }

std::string ListText(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + Quote(item);
  }
  return "[" + text + "]";
}

std::string BoolText(bool value) { return value ? "true" : "false"; }

// TimeText writes an ASN1_TIME the way recipes do, "YYYY-MM-DDTHH:MM:SSZ".
std::string TimeText(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return "unreadable";
  }
  return UtcTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec}
      .ToString();
}

// VerifiesUnder says whether `cert`'s signature verifies under `signer`'s public key.
bool VerifiesUnder(X509* cert, X509* signer) {
  EVP_PKEY* key = X509_get0_pubkey(signer);
  bool verified = key != nullptr && X509_verify(cert, key) == 1;
  ERR_clear_error();  // a signature that does not verify is an answer, not an error
  return verified;
}

// Each check returns an empty string when the claim holds, else what the files say.

std::string CheckLeafSignature(const FixtureObjects& objects, const std::string& expected) {
  int nid = X509_get_signature_nid(objects.leaf());
  if (nid != NID_undef && nid == OBJ_txt2nid(expected.c_str())) {
    return "";
  }
  return "signatureAlgorithm is " + NidName(nid);
}

// RFC 4055 3.1: the hash of the parameters, which MGF1 and the salt length (RECIPES.md: the
// hash's length) must match. Absent fields take the RFC's defaults, SHA-1 and 20 bytes.
std::string CheckLeafSignatureHash(const FixtureObjects& objects, const std::string& expected) {
  const X509_ALGOR* algorithm = nullptr;
  X509_get0_signature(nullptr, &algorithm, objects.leaf());
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = 0;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&oid, &parameter_type, &parameter, algorithm);
  if (OBJ_obj2nid(oid) != NID_rsassaPss) {
    return "signatureAlgorithm is " + NidName(OBJ_obj2nid(oid)) + ", not RSASSA-PSS";
  }
  if (parameter_type != V_ASN1_SEQUENCE) {
    return "the RSASSA-PSS parameters are missing";
  }
  UniquePtr<RSA_PSS_PARAMS> pss(static_cast<RSA_PSS_PARAMS*>(ASN1_item_unpack(
      static_cast<const ASN1_STRING*>(parameter), ASN1_ITEM_rptr(RSA_PSS_PARAMS))));
  if (pss == nullptr) {
    ERR_clear_error();
    return "the RSASSA-PSS parameters cannot be decoded";
  }
  int hash = pss->hashAlgorithm != nullptr ? OBJ_obj2nid(pss->hashAlgorithm->algorithm) : NID_sha1;
  int mgf1_hash = NID_sha1;
  if (pss->maskGenAlgorithm != nullptr) {
    if (OBJ_obj2nid(pss->maskGenAlgorithm->algorithm) != NID_mgf1) {
      return "the mask generation function is not MGF1";
    }
    UniquePtr<X509_ALGOR> mgf1(static_cast<X509_ALGOR*>(
        ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR), pss->maskGenAlgorithm->parameter)));
    if (mgf1 == nullptr) {
      ERR_clear_error();
      return "the MGF1 parameters cannot be decoded";
    }
    mgf1_hash = OBJ_obj2nid(mgf1->algorithm);
  }
  long salt = pss->saltLength != nullptr ? ASN1_INTEGER_get(pss->saltLength) : 20;

  if (hash != OBJ_txt2nid(expected.c_str())) {
    return "the PSS hash is " + NidName(hash);
  }
  if (mgf1_hash != hash) {
    return "MGF1 uses " + NidName(mgf1_hash) + ", not " + NidName(hash);
  }
  const EVP_MD* digest = EVP_get_digestbynid(hash);
  if (digest == nullptr || salt != EVP_MD_get_size(digest)) {
    return "the salt length is " + std::to_string(salt) + " bytes, not the hash's length";
  }
  return "";
}

std::string CheckLeafKey(const FixtureObjects& objects, const std::string& expected) {
  EVP_PKEY* key = X509_get0_pubkey(objects.leaf());
  std::string actual;
  if (key == nullptr) {
    ERR_clear_error();
    return "the leaf's public key cannot be read";
  }
  if (EVP_PKEY_is_a(key, "RSA")) {
    actual = "rsa:" + std::to_string(EVP_PKEY_get_bits(key));
  } else if (EVP_PKEY_is_a(key, "EC")) {
    char group[80];
    if (EVP_PKEY_get_group_name(key, group, sizeof(group), nullptr) != 1) {
      ERR_clear_error();
      return "the leaf's EC key has no named curve";
    }
    const char* nist = EC_curve_nid2nist(OBJ_sn2nid(group));
    actual = "ec:" + std::string(nist != nullptr ? nist : group);
  } else {
    const char* type = EVP_PKEY_get0_type_name(key);
    actual = type != nullptr ? type : "of an unknown type";
  }
  return actual == expected ? "" : "the leaf's key is " + actual;
}

// The leaf's dates against the current time.
std::string CheckValidity(const FixtureObjects& objects, const std::string& expected) {
  const ASN1_TIME* not_before = X509_get0_notBefore(objects.leaf());
  const ASN1_TIME* not_after = X509_get0_notAfter(objects.leaf());
  // X509_cmp_time: -1 when the time is at or before now, 1 when after, 0 on error.
  int before = X509_cmp_time(not_before, nullptr);
  int after = X509_cmp_time(not_after, nullptr);
  if (before == 0 || after == 0) {
    ERR_clear_error();
    return "the leaf's validity cannot be read";
  }
  std::string actual = after < 0 ? "expired" : before > 0 ? "not-yet-valid" : "valid";
  if (actual == expected) {
    return "";
  }
  // Name the date that decides: the one that makes the leaf what it is, or, for a valid
  // leaf, the one the claim needed on the other side of now.
  bool blame_not_after = actual == "expired" || (actual == "valid" && expected == "expired");
  return blame_not_after ? "not_after is " + TimeText(not_after)
                         : "not_before is " + TimeText(not_before);
}

// Path validation of `present` against `trust`, time checks off and the security level at
// 0: only issuers and signatures count.
std::string CheckChainsToTrust(const FixtureObjects& objects, bool expected) {
  UniquePtr<X509_STORE> store(X509_STORE_new());
  UniquePtr<STACK_OF(X509)> untrusted(sk_X509_new_null());
  UniquePtr<X509_STORE_CTX> context(X509_STORE_CTX_new());
  bool ready = store != nullptr && untrusted != nullptr && context != nullptr;
  for (const auto& cert : objects.trust) {
    ready = ready && X509_STORE_add_cert(store.get(), cert.get()) == 1;
  }
  for (size_t i = 1; i < objects.chain.size(); ++i) {
    ready = ready && X509_add_cert(untrusted.get(), objects.chain[i].get(), X509_ADD_FLAG_UP_REF);
  }
  ready = ready &&
          X509_STORE_CTX_init(context.get(), store.get(), objects.leaf(), untrusted.get()) == 1;
  if (!ready) {
    ERR_clear_error();
    return "path validation could not be set up";
  }
  X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_NO_CHECK_TIME);
  X509_VERIFY_PARAM_set_auth_level(parameters, 0);

  int result = X509_verify_cert(context.get());
  int error = X509_STORE_CTX_get_error(context.get());
  ERR_clear_error();
  if (result < 0) {
    return "path validation could not run";
  }
  if ((result == 1) == expected) {
    return "";
  }
  return result == 1
             ? "path validation succeeds"
             : "path validation fails: " + std::string(X509_verify_cert_error_string(error));
}

std::string CheckLeafSignatureValid(const FixtureObjects& objects, bool expected) {
  bool valid = VerifiesUnder(objects.leaf(), objects.issuer.get());
  if (valid == expected) {
    return "";
  }
  return "the leaf's signature " + std::string(valid ? "verifies" : "does not verify") +
         " under the key of its issuer, cert." + objects.issuer_name;
}

std::string CheckSelfSigned(const FixtureObjects& objects, bool expected) {
  X509* leaf = objects.leaf();
  bool same_name = X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)) == 0;
  bool self_signed = same_name && VerifiesUnder(leaf, leaf);
  if (self_signed == expected) {
    return "";
  }
  if (self_signed) {
    return "the leaf's issuer is its subject and it verifies under its own key";
  }
  return same_name ? "the leaf does not verify under its own key"
                   : "the leaf's issuer name differs from its subject name";
}

std::string CheckKeyMatchesLeaf(const FixtureObjects& objects, bool expected) {
  EVP_PKEY* leaf_key = X509_get0_pubkey(objects.leaf());
  bool matches = leaf_key != nullptr && EVP_PKEY_eq(leaf_key, objects.key.get()) == 1;
  ERR_clear_error();
  if (matches == expected) {
    return "";
  }
  return matches ? "key.pem holds the leaf's key" : "key.pem does not hold the leaf's key";
}

// The leaf is revoked when one of the fixture's CRLs names the leaf's issuer, verifies under
// the issuer's key and lists the leaf's serial.
std::string CheckRevokedByCrl(const FixtureObjects& objects, bool expected) {
  X509* leaf = objects.leaf();
  EVP_PKEY* issuer_key = X509_get0_pubkey(objects.issuer.get());
  bool revoked = false;
  for (const auto& crl : objects.crls) {
    bool from_issuer =
        X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(leaf)) == 0 &&
        issuer_key != nullptr && X509_CRL_verify(crl.get(), issuer_key) == 1;
    ERR_clear_error();
    X509_REVOKED* entry = nullptr;
    if (from_issuer &&
        X509_CRL_get0_by_serial(crl.get(), &entry, X509_get0_serialNumber(leaf)) == 1) {
      revoked = true;
    }
  }
  if (revoked == expected) {
    return "";
  }
  if (revoked) {
    return "a CRL signed by cert." + objects.issuer_name + " lists the leaf's serial";
  }
  return objects.crls.empty() ? "the fixture has no CRL"
                              : "no CRL of the fixture signed by cert." + objects.issuer_name +
                                    " lists the leaf's serial";
}

std::string CheckLeafEku(const FixtureObjects& objects, const std::vector<std::string>& expected) {
  int critical = 0;
  UniquePtr<EXTENDED_KEY_USAGE> usages(static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(objects.leaf(), NID_ext_key_usage, &critical, nullptr)));
  if (usages == nullptr && critical != -1) {  // -1: absent; anything else: unreadable
    ERR_clear_error();
    return "the leaf's extendedKeyUsage cannot be read";
  }
  std::vector<int> actual;
  std::vector<std::string> names;
  for (int i = 0; usages != nullptr && i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
    int nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(usages.get(), i));
    actual.push_back(nid);
    names.push_back(nid == NID_undef ? "an unknown usage" : OBJ_nid2sn(nid));
  }
  std::vector<int> wanted;
  for (const std::string& name : expected) {
    wanted.push_back(ExtendedKeyUsageNid(name).value_or(NID_undef));
  }
  if (actual == wanted) {
    return "";
  }
  return usages == nullptr ? "the leaf has no extendedKeyUsage"
                           : "extendedKeyUsage is " + ListText(names);
}

std::string CheckLeafKeyUsageLacks(const FixtureObjects& objects,
                                   const std::vector<std::string>& lacks) {
  int critical = 0;
  UniquePtr<ASN1_BIT_STRING> usage(static_cast<ASN1_BIT_STRING*>(
      X509_get_ext_d2i(objects.leaf(), NID_key_usage, &critical, nullptr)));
  if (usage == nullptr) {
    ERR_clear_error();
    // RFC 5280 4.2.1.3: without the extension, the key may be used for anything.
    return critical == -1 ? "the leaf has no keyUsage, so every usage is allowed"
                          : "the leaf's keyUsage cannot be read";
  }
  for (const std::string& name : lacks) {
    std::optional<int> bit = KeyUsageBit(name);
    if (!bit || ASN1_BIT_STRING_get_bit(usage.get(), *bit) != 0) {
      return "keyUsage has " + name;
    }
  }
  return "";
}

// ClaimCheck is one set claim: its name, its value as the catalogue writes it, its check.
struct ClaimCheck {
  std::string_view name;
  std::string value;
  std::function<std::string()> check;
};

std::vector<ClaimCheck> ChecksFor(const Claims& claims, const FixtureObjects& objects) {
  std::vector<ClaimCheck> checks;
  auto add = [&](std::string_view name, const auto& claim, auto value_text, auto check) {
    if (claim) {
      checks.push_back(
          {name, value_text(*claim), [&objects, &claim, check] { return check(objects, *claim); }});
    }
  };
  auto string_text = [](const std::string& value) { return Quote(value); };
  add("leaf_signature", claims.leaf_signature, string_text, CheckLeafSignature);
  add("leaf_signature_hash", claims.leaf_signature_hash, string_text, CheckLeafSignatureHash);
  add("leaf_key", claims.leaf_key, string_text, CheckLeafKey);
  add("validity", claims.validity, string_text, CheckValidity);
  add("chains_to_trust", claims.chains_to_trust, BoolText, CheckChainsToTrust);
  add("leaf_signature_valid", claims.leaf_signature_valid, BoolText, CheckLeafSignatureValid);
  add("self_signed", claims.self_signed, BoolText, CheckSelfSigned);
  add("key_matches_leaf", claims.key_matches_leaf, BoolText, CheckKeyMatchesLeaf);
  add("revoked_by_crl", claims.revoked_by_crl, BoolText, CheckRevokedByCrl);
  add("leaf_eku", claims.leaf_eku, ListText, CheckLeafEku);
  add("leaf_key_usage_lacks", claims.leaf_key_usage_lacks, ListText, CheckLeafKeyUsageLacks);
  return checks;
}

// ManifestFiles returns the `files` object of every fixture of the set's manifest, by id.
Result<std::map<std::string, nlohmann::json>> ManifestFiles(const FileTree& tree) {
  auto text = tree.find("manifest.json");
  if (text == tree.end()) {
    return InternalError("the fixture set has no manifest.json");
  }
  nlohmann::json manifest = nlohmann::json::parse(text->second, nullptr, false);
  auto fixtures = manifest.find("fixtures");
  if (!manifest.is_object() || fixtures == manifest.end() || !fixtures->is_array()) {
    return InternalError("the fixture set's manifest.json lists no fixtures");
  }
  std::map<std::string, nlohmann::json> files;
  for (const nlohmann::json& entry : *fixtures) {
    auto id = entry.find("id");
    auto entry_files = entry.find("files");
    if (id != entry.end() && id->is_string() && entry_files != entry.end()) {
      files[id->get<std::string>()] = *entry_files;
    }
  }
  return files;
}

Result<FixtureObjects> LoadFixture(const FixtureEntry& fixture, const nlohmann::json& files,
                                   const FileTree& tree, const RecipeSet& recipes) {
  // File returns the contents of the file the manifest names for `kind`; null if none.
  auto file = [&](const char* kind) -> const std::string* {
    auto path = files.find(kind);
    if (path == files.end() || !path->is_string()) {
      return nullptr;
    }
    auto found = tree.find(path->get<std::string>());
    return found == tree.end() ? nullptr : &found->second;
  };
  const std::string* chain = file("chain");
  const std::string* trust = file("trust");
  const std::string* key = file("key");
  const std::string* crl = file("crl");
  if (chain == nullptr || trust == nullptr || key == nullptr) {
    return InternalError("the files its manifest entry names are not in the set");
  }

  FixtureObjects objects;
  objects.chain = ReadPem<X509>(*chain, PEM_read_bio_X509);
  objects.trust = ReadPem<X509>(*trust, PEM_read_bio_X509);
  if (crl != nullptr) {
    objects.crls = ReadPem<X509_CRL>(*crl, PEM_read_bio_X509_CRL);
  }
  std::vector<UniquePtr<EVP_PKEY>> keys = ReadPem<EVP_PKEY>(*key, PEM_read_bio_PrivateKey);
  if (objects.chain.size() != fixture.present.size() || keys.size() != 1) {
    return InternalError("its chain.pem or key.pem does not read back");
  }
  objects.key = std::move(keys.front());

  objects.issuer_name = recipes.certs.at(fixture.present.front()).issuer;
  auto issuer = tree.find("objects/" + objects.issuer_name + ".der");
  if (issuer == tree.end()) {
    return InternalError("objects/" + objects.issuer_name + ".der is not in the set");
  }
  const auto* der = reinterpret_cast<const unsigned char*>(issuer->second.data());
  objects.issuer.reset(d2i_X509(nullptr, &der, static_cast<long>(issuer->second.size())));
  if (objects.issuer == nullptr) {
    ERR_clear_error();
    return InternalError("objects/" + objects.issuer_name + ".der does not read back");
  }
  return objects;
}

}  // namespace

Status CheckClaims(const Catalogue& catalogue, const FileTree& tree) {
  Result<std::map<std::string, nlohmann::json>> manifest = ManifestFiles(tree);
  if (!manifest.ok()) {
    return manifest.status();
  }
  for (const FixtureEntry& fixture : catalogue.fixtures) {
    if (ClaimsToJson(fixture.claims).empty()) {
      continue;
    }
    std::string context = fixture.source + ": fixture " + fixture.id;
    auto files = manifest->find(fixture.id);
    if (files == manifest->end()) {
      return InternalError(context + ": not in the set's manifest.json");
    }
    Result<FixtureObjects> objects = LoadFixture(fixture, files->second, tree, catalogue.recipes);
    if (!objects.ok()) {
      return objects.status().Prefix(context);
    }
    for (const ClaimCheck& claim : ChecksFor(fixture.claims, *objects)) {
      std::string found = claim.check();
      if (!found.empty()) {
        ERR_clear_error();
        return InvalidInput(context + ": claim " + std::string(claim.name) + " = " + claim.value +
                            " does not hold: " + found);
      }
    }
  }
  ERR_clear_error();
  return Status::Ok();
}

}  // namespace tlsconform::certs::internal
