// manifest.json of the generated real catalogue matches fixtures/README.md and the files
// on disk.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <set>
#include <string>

#include "test_support.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;

class ManifestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ = SharedFixtureSet();
    manifest_ = nlohmann::json::parse(ReadFile(set_ / "manifest.json"), nullptr, false);
  }

  void SetUp() override {
    ASSERT_FALSE(set_.empty());
    ASSERT_TRUE(manifest_.is_object()) << "manifest.json is not a JSON object";
  }

  void TearDown() override {
    EXPECT_EQ(ERR_peek_error(), 0u) << "OpenSSL error queue left non-empty";
    ERR_clear_error();
  }

  static inline fs::path set_;
  static inline nlohmann::json manifest_;
};

TEST_F(ManifestTest, HasFormatVersionAndSeed) {
  EXPECT_EQ(manifest_["format"], "tlsconform-fixtures");
  EXPECT_EQ(manifest_["version"], 1);
  EXPECT_EQ(manifest_["seed"], "tlsconform");
}

TEST_F(ManifestTest, ListsEveryFileWithItsSha256) {
  std::map<std::string, std::string> tree = ReadTree(set_);
  ASSERT_EQ(tree.erase("manifest.json"), 1u);

  std::set<std::string> listed;
  for (const auto& [path, digest] : manifest_["files"].items()) {
    listed.insert(path);
    auto file = tree.find(path);
    ASSERT_NE(file, tree.end()) << path << " is listed but missing";
    EXPECT_EQ(Sha256Hex(file->second), digest.get<std::string>()) << path;
  }
  for (const auto& [path, contents] : tree) {
    EXPECT_TRUE(listed.contains(path)) << path << " is on disk but not listed";
  }
}

TEST_F(ManifestTest, ListsTheCatalogueFixturesInOrder) {
  std::vector<std::string> expected;
  for (const CatalogueFixture& fixture : ReadCatalogueFixtures()) {
    expected.push_back(fixture.id);
  }
  std::vector<std::string> actual;
  for (const nlohmann::json& entry : manifest_["fixtures"]) {
    actual.push_back(entry["id"]);
    for (const char* file : {"chain", "key", "trust"}) {
      EXPECT_TRUE(manifest_["files"].contains(entry["files"][file].get<std::string>()))
          << entry["id"] << " " << file;
    }
    if (entry["expect"]["verdict"] == "REJECT") {
      EXPECT_TRUE(entry["expect"]["reason"].is_string()) << entry["id"];
    } else {
      EXPECT_TRUE(entry["expect"]["reason"].is_null()) << entry["id"];
    }
  }
  EXPECT_EQ(actual, expected);
}

TEST_F(ManifestTest, WritesDerBesideEveryCertificatePem) {
  for (const auto& [path, digest] : manifest_["files"].items()) {
    if (path.starts_with("objects/") && path.ends_with(".der")) {
      std::string pem = path.substr(0, path.size() - 4) + ".pem";
      EXPECT_TRUE(manifest_["files"].contains(pem)) << path;
    }
  }
}

// The OpenSSL shim presents a mismatched key through a signing hook that pairs the
// certificate's public key with the wrong private key, which needs one curve for both.
TEST_F(ManifestTest, MismatchedKeysAreEcOnTheLeafsCurve) {
  int mismatches = 0;
  for (const nlohmann::json& entry : manifest_["fixtures"]) {
    if (!entry["key_mismatch"].get<bool>()) {
      continue;
    }
    ++mismatches;
    std::vector<UniquePtr<X509>> chain =
        LoadCertificates(set_ / entry["files"]["chain"].get<std::string>());
    UniquePtr<EVP_PKEY> key = LoadPrivateKey(set_ / entry["files"]["key"].get<std::string>());
    ASSERT_FALSE(chain.empty());
    ASSERT_NE(key, nullptr);
    EVP_PKEY* leaf_key = X509_get0_pubkey(chain.front().get());
    char leaf_group[64] = "";
    char key_group[64] = "";
    ASSERT_EQ(EVP_PKEY_get_group_name(leaf_key, leaf_group, sizeof(leaf_group), nullptr), 1);
    ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), key_group, sizeof(key_group), nullptr), 1);
    EXPECT_STREQ(leaf_group, key_group) << entry["id"];
  }
  EXPECT_GT(mismatches, 0);
}

// The server credentials verify as a client would check them: chain to the server root,
// host name localhost and address 127.0.0.1 in subjectAltName, key matching the leaf.
TEST_F(ManifestTest, ServerCredentialsAreUsableForLocalhost) {
  const nlohmann::json& server = manifest_["server"];
  EXPECT_EQ(server["name"], "localhost");
  std::vector<UniquePtr<X509>> chain = LoadCertificates(set_ / server["chain"].get<std::string>());
  std::vector<UniquePtr<X509>> trust = LoadCertificates(set_ / server["trust"].get<std::string>());
  UniquePtr<EVP_PKEY> key = LoadPrivateKey(set_ / server["key"].get<std::string>());
  ASSERT_EQ(chain.size(), 2u);
  ASSERT_EQ(trust.size(), 1u);
  ASSERT_NE(key, nullptr);

  X509* leaf = chain.front().get();
  EXPECT_EQ(X509_check_host(leaf, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(leaf, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_private_key(leaf, key.get()), 1);
  EXPECT_EQ(X509_check_purpose(leaf, X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_issued(chain[1].get(), leaf), X509_V_OK);
  EXPECT_EQ(X509_verify(leaf, X509_get0_pubkey(chain[1].get())), 1);
  EXPECT_EQ(X509_verify(chain[1].get(), X509_get0_pubkey(trust[0].get())), 1);
}

}  // namespace
}  // namespace tlsconform::certs::testing
