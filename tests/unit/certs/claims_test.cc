// Every fixture of the real catalogue has the properties its claims say, checked by parsing
// the generated files back with OpenSSL (fixtures/README.md, "Claims").
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "test_support.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AssertionFailure;
using ::testing::AssertionResult;
using ::testing::AssertionSuccess;

// FixtureFiles is one fixture's files, parsed.
struct FixtureFiles {
  std::vector<UniquePtr<X509>> chain;  // leaf first
  std::vector<UniquePtr<X509>> trust;
  std::vector<UniquePtr<X509_CRL>> crls;
  UniquePtr<EVP_PKEY> key;

  X509* leaf() const { return chain.front().get(); }
};

// FindIssuer returns the certificate among the chain and the trust store that issued the
// leaf (name and key identifier match), the leaf itself when self-issued; null if none.
X509* FindIssuer(const FixtureFiles& files) {
  std::vector<X509*> candidates;
  for (const auto& cert : files.chain) {
    candidates.push_back(cert.get());
  }
  for (const auto& cert : files.trust) {
    candidates.push_back(cert.get());
  }
  for (X509* candidate : candidates) {
    if (X509_check_issued(candidate, files.leaf()) == X509_V_OK) {
      return candidate;
    }
  }
  return nullptr;
}

// VerifiesUnder says whether `cert`'s signature verifies under `signer`'s public key.
bool VerifiesUnder(X509* cert, X509* signer) {
  bool verified = X509_verify(cert, X509_get0_pubkey(signer)) == 1;
  ERR_clear_error();  // a failed verification is an answer here, not an error
  return verified;
}

AssertionResult CheckLeafSignature(const FixtureFiles& files, const nlohmann::json& expected) {
  int expected_nid = OBJ_txt2nid(expected.get<std::string>().c_str());
  int nid = X509_get_signature_nid(files.leaf());
  if (nid != expected_nid || nid == NID_undef) {
    return AssertionFailure() << "signatureAlgorithm is " << OBJ_nid2ln(nid);
  }
  return AssertionSuccess();
}

// RFC 4055 3.1 parameters: hash, MGF1 with the same hash, salt length = hash length.
AssertionResult CheckPssHash(const FixtureFiles& files, const nlohmann::json& expected) {
  const X509_ALGOR* algorithm = nullptr;
  X509_get0_signature(nullptr, &algorithm, files.leaf());
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = 0;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&oid, &parameter_type, &parameter, algorithm);
  if (OBJ_obj2nid(oid) != NID_rsassaPss || parameter_type != V_ASN1_SEQUENCE) {
    return AssertionFailure() << "not an RSASSA-PSS signature with parameters";
  }
  UniquePtr<RSA_PSS_PARAMS> pss(static_cast<RSA_PSS_PARAMS*>(ASN1_item_unpack(
      static_cast<const ASN1_STRING*>(parameter), ASN1_ITEM_rptr(RSA_PSS_PARAMS))));
  if (pss == nullptr || pss->hashAlgorithm == nullptr || pss->maskGenAlgorithm == nullptr ||
      pss->saltLength == nullptr) {
    return AssertionFailure() << "PSS parameters are missing fields";
  }
  int hash = OBJ_obj2nid(pss->hashAlgorithm->algorithm);
  UniquePtr<X509_ALGOR> mgf1_hash(static_cast<X509_ALGOR*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR), pss->maskGenAlgorithm->parameter)));
  if (OBJ_obj2nid(pss->maskGenAlgorithm->algorithm) != NID_mgf1 || mgf1_hash == nullptr) {
    return AssertionFailure() << "mask generation is not MGF1";
  }
  const EVP_MD* digest = EVP_get_digestbynid(hash);
  if (OBJ_nid2ln(hash) != expected.get<std::string>() || digest == nullptr) {
    return AssertionFailure() << "PSS hash is " << OBJ_nid2ln(hash);
  }
  if (OBJ_obj2nid(mgf1_hash->algorithm) != hash) {
    return AssertionFailure() << "MGF1 hash is " << OBJ_nid2ln(OBJ_obj2nid(mgf1_hash->algorithm));
  }
  if (ASN1_INTEGER_get(pss->saltLength) != EVP_MD_get_size(digest)) {
    return AssertionFailure() << "salt length is " << ASN1_INTEGER_get(pss->saltLength);
  }
  return AssertionSuccess();
}

AssertionResult CheckLeafKey(const FixtureFiles& files, const nlohmann::json& expected) {
  EVP_PKEY* key = X509_get0_pubkey(files.leaf());
  std::string actual;
  if (EVP_PKEY_is_a(key, "RSA")) {
    actual = "rsa:" + std::to_string(EVP_PKEY_get_bits(key));
  } else if (EVP_PKEY_is_a(key, "EC")) {
    char group[64];
    if (EVP_PKEY_get_group_name(key, group, sizeof(group), nullptr) != 1) {
      return AssertionFailure() << "EC key without a named group";
    }
    const char* nist = EC_curve_nid2nist(OBJ_sn2nid(group));
    actual = "ec:" + std::string(nist != nullptr ? nist : group);
  }
  if (actual != expected.get<std::string>()) {
    return AssertionFailure() << "leaf key is " << actual;
  }
  return AssertionSuccess();
}

AssertionResult CheckValidity(const FixtureFiles& files, const nlohmann::json& expected) {
  // X509_cmp_current_time: -1 when the time is before now, 1 after, 0 on error.
  int not_before = X509_cmp_current_time(X509_get0_notBefore(files.leaf()));
  int not_after = X509_cmp_current_time(X509_get0_notAfter(files.leaf()));
  if (not_before == 0 || not_after == 0) {
    return AssertionFailure() << "unreadable validity";
  }
  std::string actual = not_after < 0 ? "expired" : not_before > 0 ? "not-yet-valid" : "valid";
  if (actual != expected.get<std::string>()) {
    return AssertionFailure() << "leaf is " << actual;
  }
  return AssertionSuccess();
}

// Path validation of the presented chain against the trust store, the clock ignored and
// the security level at 0, so that the only questions are issuers and signatures.
AssertionResult CheckChainsToTrust(const FixtureFiles& files, const nlohmann::json& expected) {
  UniquePtr<X509_STORE> store(X509_STORE_new());
  UniquePtr<STACK_OF(X509)> untrusted(sk_X509_new_null());
  UniquePtr<X509_STORE_CTX> context(X509_STORE_CTX_new());
  if (store == nullptr || untrusted == nullptr || context == nullptr) {
    return AssertionFailure() << "out of memory";
  }
  for (const auto& cert : files.trust) {
    if (X509_STORE_add_cert(store.get(), cert.get()) != 1) {
      return AssertionFailure() << "X509_STORE_add_cert failed";
    }
  }
  for (size_t i = 1; i < files.chain.size(); ++i) {
    if (!X509_add_cert(untrusted.get(), files.chain[i].get(), X509_ADD_FLAG_UP_REF)) {
      return AssertionFailure() << "X509_add_cert failed";
    }
  }
  if (X509_STORE_CTX_init(context.get(), store.get(), files.leaf(), untrusted.get()) != 1) {
    return AssertionFailure() << "X509_STORE_CTX_init failed";
  }
  X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_NO_CHECK_TIME);
  X509_VERIFY_PARAM_set_auth_level(parameters, 0);

  int result = X509_verify_cert(context.get());
  int error = X509_STORE_CTX_get_error(context.get());
  ERR_clear_error();
  if (result < 0) {
    return AssertionFailure() << "X509_verify_cert could not run";
  }
  if ((result == 1) != expected.get<bool>()) {
    return AssertionFailure() << "path validation says "
                              << (result == 1 ? "ok" : X509_verify_cert_error_string(error));
  }
  return AssertionSuccess();
}

AssertionResult CheckLeafSignatureValid(const FixtureFiles& files, const nlohmann::json& expected) {
  X509* issuer = FindIssuer(files);
  if (issuer == nullptr) {
    return AssertionFailure() << "the leaf's issuer is neither presented nor trusted";
  }
  if (VerifiesUnder(files.leaf(), issuer) != expected.get<bool>()) {
    return AssertionFailure() << "the leaf's signature "
                              << (expected.get<bool>() ? "does not verify" : "verifies");
  }
  return AssertionSuccess();
}

AssertionResult CheckSelfSigned(const FixtureFiles& files, const nlohmann::json& expected) {
  bool self_signed =
      X509_NAME_cmp(X509_get_subject_name(files.leaf()), X509_get_issuer_name(files.leaf())) == 0 &&
      VerifiesUnder(files.leaf(), files.leaf());
  if (self_signed != expected.get<bool>()) {
    return AssertionFailure() << "the leaf is " << (self_signed ? "" : "not ") << "self-signed";
  }
  return AssertionSuccess();
}

AssertionResult CheckKeyMatchesLeaf(const FixtureFiles& files, const nlohmann::json& expected) {
  bool matches = X509_check_private_key(files.leaf(), files.key.get()) == 1;
  ERR_clear_error();  // a mismatch is reported through the error queue
  if (matches != expected.get<bool>()) {
    return AssertionFailure() << "key.pem " << (matches ? "matches" : "does not match")
                              << " the leaf";
  }
  return AssertionSuccess();
}

// The leaf is revoked when a CRL signed by its issuer, for its issuer's name, lists its
// serial. Every CRL given must at least verify, so that "not revoked" means something.
AssertionResult CheckRevokedByCrl(const FixtureFiles& files, const nlohmann::json& expected) {
  X509* issuer = FindIssuer(files);
  if (issuer == nullptr) {
    return AssertionFailure() << "the leaf's issuer is neither presented nor trusted";
  }
  bool revoked = false;
  for (const auto& crl : files.crls) {
    bool from_issuer =
        X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) == 0 &&
        X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) == 1;
    ERR_clear_error();
    if (!from_issuer) {
      return AssertionFailure() << "a CRL is not signed by the leaf's issuer";
    }
    X509_REVOKED* entry = nullptr;
    revoked = revoked || X509_CRL_get0_by_cert(crl.get(), &entry, files.leaf()) == 1;
  }
  if (revoked != expected.get<bool>()) {
    return AssertionFailure() << "the leaf is " << (revoked ? "" : "not ") << "listed";
  }
  return AssertionSuccess();
}

AssertionResult CheckLeafEku(const FixtureFiles& files, const nlohmann::json& expected) {
  UniquePtr<EXTENDED_KEY_USAGE> usages(static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(files.leaf(), NID_ext_key_usage, nullptr, nullptr)));
  std::vector<std::string> actual;
  for (int i = 0; usages != nullptr && i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
    actual.push_back(OBJ_nid2sn(OBJ_obj2nid(sk_ASN1_OBJECT_value(usages.get(), i))));
  }
  if (actual != expected.get<std::vector<std::string>>()) {
    return AssertionFailure() << "extendedKeyUsage is " << nlohmann::json(actual).dump();
  }
  return AssertionSuccess();
}

AssertionResult CheckKeyUsageLacks(const FixtureFiles& files, const nlohmann::json& expected) {
  static const std::map<std::string, uint32_t> kBits = {
      {"digitalSignature", KU_DIGITAL_SIGNATURE},
      {"nonRepudiation", KU_NON_REPUDIATION},
      {"keyEncipherment", KU_KEY_ENCIPHERMENT},
      {"dataEncipherment", KU_DATA_ENCIPHERMENT},
      {"keyAgreement", KU_KEY_AGREEMENT},
      {"keyCertSign", KU_KEY_CERT_SIGN},
      {"cRLSign", KU_CRL_SIGN},
  };
  // X509_get_key_usage answers UINT32_MAX (everything allowed) without the extension.
  uint32_t usage = X509_get_key_usage(files.leaf());
  for (const std::string& name : expected.get<std::vector<std::string>>()) {
    auto bit = kBits.find(name);
    if (bit == kBits.end() || (usage & bit->second) != 0) {
      return AssertionFailure() << "keyUsage has " << name;
    }
  }
  return AssertionSuccess();
}

using ClaimCheck = std::function<AssertionResult(const FixtureFiles&, const nlohmann::json&)>;

const std::map<std::string, ClaimCheck>& ClaimChecks() {
  static const std::map<std::string, ClaimCheck> kChecks = {
      {"leaf_signature", CheckLeafSignature},
      {"leaf_signature_hash", CheckPssHash},
      {"leaf_key", CheckLeafKey},
      {"validity", CheckValidity},
      {"chains_to_trust", CheckChainsToTrust},
      {"leaf_signature_valid", CheckLeafSignatureValid},
      {"self_signed", CheckSelfSigned},
      {"key_matches_leaf", CheckKeyMatchesLeaf},
      {"revoked_by_crl", CheckRevokedByCrl},
      {"leaf_eku", CheckLeafEku},
      {"leaf_key_usage_lacks", CheckKeyUsageLacks},
  };
  return kChecks;
}

class FixtureClaimsTest : public ::testing::TestWithParam<CatalogueFixture> {
 protected:
  static void SetUpTestSuite() {
    set_ = SharedFixtureSet();
    manifest_ = nlohmann::json::parse(ReadFile(set_ / "manifest.json"), nullptr, false);
  }

  void TearDown() override {
    EXPECT_EQ(ERR_peek_error(), 0u) << "OpenSSL error queue left non-empty";
    ERR_clear_error();
  }

  // ManifestEntry returns the manifest's entry for `id`, or null JSON.
  static const nlohmann::json& ManifestEntry(const std::string& id) {
    static const nlohmann::json kNone;
    for (const nlohmann::json& entry : manifest_["fixtures"]) {
      if (entry["id"] == id) {
        return entry;
      }
    }
    return kNone;
  }

  static FixtureFiles Load(const nlohmann::json& paths) {
    FixtureFiles files;
    files.chain = LoadCertificates(set_ / paths["chain"].get<std::string>());
    files.trust = LoadCertificates(set_ / paths["trust"].get<std::string>());
    files.key = LoadPrivateKey(set_ / paths["key"].get<std::string>());
    if (paths["crl"].is_string()) {
      files.crls = LoadCrls(set_ / paths["crl"].get<std::string>());
    }
    return files;
  }

  static inline fs::path set_;
  static inline nlohmann::json manifest_;
};

TEST_P(FixtureClaimsTest, GeneratedFilesHaveEveryClaimedProperty) {
  const CatalogueFixture& fixture = GetParam();
  ASSERT_FALSE(set_.empty());
  const nlohmann::json& entry = ManifestEntry(fixture.id);
  ASSERT_TRUE(entry.is_object()) << fixture.id << " is not in manifest.json";
  EXPECT_EQ(entry["claims"], fixture.claims) << "manifest claims differ from the catalogue's";

  // Every fixture says at least whether it chains to its trust store and whether its key
  // belongs to its leaf; key_mismatch in the manifest is the same fact.
  ASSERT_TRUE(fixture.claims.contains("chains_to_trust"));
  ASSERT_TRUE(fixture.claims.contains("key_matches_leaf"));
  EXPECT_EQ(entry["key_mismatch"], !fixture.claims["key_matches_leaf"].get<bool>());

  FixtureFiles files = Load(entry["files"]);
  ASSERT_FALSE(files.chain.empty());
  ASSERT_FALSE(files.trust.empty());
  ASSERT_NE(files.key, nullptr);
  EXPECT_EQ(entry["files"]["crl"].is_string(), !files.crls.empty());

  for (const auto& [claim, expected] : fixture.claims.items()) {
    auto check = ClaimChecks().find(claim);
    ASSERT_NE(check, ClaimChecks().end()) << "no check for claim " << claim;
    EXPECT_TRUE(check->second(files, expected)) << "claim " << claim << " = " << expected;
  }
}

std::string FixtureTestName(const ::testing::TestParamInfo<CatalogueFixture>& info) {
  // "sig::rsa-pss-sha256" -> "sig_rsa_pss_sha256": GoogleTest names are [A-Za-z0-9_].
  std::string name;
  for (char c : info.param.id) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (keep) {
      name += c;
    } else if (name.empty() || name.back() != '_') {
      name += '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AwsIot, FixtureClaimsTest, ::testing::ValuesIn(ReadCatalogueFixtures()),
                         FixtureTestName);

}  // namespace
}  // namespace tlsconform::certs::testing
