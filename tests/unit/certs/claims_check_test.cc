// WriteFixtureSet checks every fixture's claims against what it generated and refuses a
// catalogue whose claims are false, naming the file, the fixture and the claim, before
// anything is written.
#include <gtest/gtest.h>
#include <openssl/err.h>

#include <string>
#include <vector>

#include "test_support.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;

class ClaimsCheckTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteSmallCatalogue(catalogue_dir()); }

  void TearDown() override {
    EXPECT_EQ(ERR_peek_error(), 0u) << "OpenSSL error queue left non-empty";
    ERR_clear_error();
  }

  fs::path catalogue_dir() const { return dir_.path() / "catalogue"; }
  fs::path pki_file() const { return catalogue_dir() / "a-pki.toml"; }

  // AddClaims gives small::pss, the last table of a-pki.toml, a claims table.
  void AddClaims(const std::string& lines) {
    WriteFile(pki_file(), ReadFile(pki_file()) + "[fixture.claims]\n" + lines + "\n");
  }

  // Generate loads the catalogue and writes it to out/.
  Status Generate() {
    Result<Catalogue> catalogue = LoadCatalogue(catalogue_dir());
    if (!catalogue.ok()) {
      return catalogue.status();
    }
    return WriteFixtureSet(*catalogue, out(), kDefaultSeed);
  }

  fs::path out() const { return dir_.path() / "out"; }

  TempDir dir_;
};

// The example of a user's catalogue: it claims "expired" while its dates say otherwise.
TEST_F(ClaimsCheckTest, FalseValidityClaimFailsNamingFileFixtureAndClaim) {
  WriteFile(catalogue_dir() / "c-validity.toml", R"toml(
[cert.forever]
key = "device-key"
issuer = "ec-ca"
subject = "CN=Forever"
not_after = "9999-12-31T23:59:59Z"

[[fixture]]
id = "validity::expired"
description = "Claims to be expired and is not."
requirement = "AWS-VAL-2"
present = ["forever", "ec-ca"]
trust = ["ec-ca"]
expect = { verdict = "REJECT", reason = "expired" }

[fixture.claims]
validity = "expired"
)toml");

  Status status = Generate();

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  std::string expected = (catalogue_dir() / "c-validity.toml").string() +
                         ": fixture validity::expired: claim validity = \"expired\" does not "
                         "hold: not_after is 9999-12-31T23:59:59Z";
  EXPECT_EQ(status.message(), expected);
  EXPECT_FALSE(fs::exists(out())) << "a set with a false claim was written";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 1)
      << "a temporary folder was left behind";
}

TEST_F(ClaimsCheckTest, EveryTrueClaimPasses) {
  AddClaims(R"toml(
leaf_signature = "RSASSA-PSS"
leaf_signature_hash = "sha256"
leaf_key = "ec:P-256"
validity = "valid"
chains_to_trust = true
leaf_signature_valid = true
self_signed = false
key_matches_leaf = true
revoked_by_crl = true
leaf_eku = ["clientAuth"]
leaf_key_usage_lacks = ["keyCertSign", "cRLSign"]
)toml");

  Status status = Generate();

  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(fs::exists(out() / "manifest.json"));
}

struct FalseClaim {
  std::string name;
  std::string line;      // the claim, as the catalogue writes it
  std::string expected;  // the end of the message: what the files say
};

void PrintTo(const FalseClaim& row, std::ostream* out) { *out << row.name; }

// One false claim of each kind about small::pss, an EC P-256 device signed with
// RSASSA-PSS-SHA256 by rsa-ca, valid 2020..2099 and listed in rsa-ca-crl.
std::vector<FalseClaim> FalseClaims() {
  return {
      {"LeafSignature", R"(leaf_signature = "sha384WithRSAEncryption")",
       "signatureAlgorithm is rsassaPss"},
      {"LeafSignatureHash", R"(leaf_signature_hash = "sha384")", "the PSS hash is sha256"},
      {"LeafKey", R"(leaf_key = "rsa:2048")", "the leaf's key is ec:P-256"},
      {"ValidityNotYetValid", R"(validity = "not-yet-valid")",
       "not_before is 2020-01-01T00:00:00Z"},
      {"ChainsToTrust", "chains_to_trust = false", "path validation succeeds"},
      {"LeafSignatureValid", "leaf_signature_valid = false",
       "the leaf's signature verifies under the key of its issuer, cert.rsa-ca"},
      {"SelfSigned", "self_signed = true", "the leaf's issuer name differs from its subject name"},
      {"KeyMatchesLeaf", "key_matches_leaf = false", "key.pem holds the leaf's key"},
      {"RevokedByCrl", "revoked_by_crl = false",
       "a CRL signed by cert.rsa-ca lists the leaf's serial"},
      {"LeafEku", R"(leaf_eku = ["serverAuth"])", R"(extendedKeyUsage is ["clientAuth"])"},
      {"LeafKeyUsageLacks", R"(leaf_key_usage_lacks = ["digitalSignature"])",
       "keyUsage has digitalSignature"},
  };
}

class FalseClaimTest : public ClaimsCheckTest, public ::testing::WithParamInterface<FalseClaim> {};

TEST_P(FalseClaimTest, FailsNamingTheClaimAndWhatTheFilesSay) {
  const FalseClaim& row = GetParam();
  AddClaims(row.line);

  Status status = Generate();

  ASSERT_FALSE(status.ok()) << row.line << " was accepted";
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.message(), pki_file().string() + ": fixture small::pss: claim " + row.line +
                                  " does not hold: " + row.expected);
  EXPECT_FALSE(fs::exists(out()));
}

INSTANTIATE_TEST_SUITE_P(Claims, FalseClaimTest, ::testing::ValuesIn(FalseClaims()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tlsconform::certs::testing
