// The same catalogue and seed give byte-identical fixture sets; another seed gives other
// keys; an object does not change when others are added (RECIPES.md, "Determinism").
#include <gtest/gtest.h>
#include <openssl/err.h>

#include <string>

#include "test_support.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;

// Generate writes the catalogue in `catalogue_dir` to `out` and returns its files.
std::map<std::string, std::string> Generate(const fs::path& catalogue_dir, const fs::path& out,
                                            const std::string& seed) {
  Result<Catalogue> catalogue = LoadCatalogue(catalogue_dir);
  EXPECT_TRUE(catalogue.ok()) << catalogue.status().message();
  if (!catalogue.ok()) {
    return {};
  }
  Status written = WriteFixtureSet(*catalogue, out, seed);
  EXPECT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(ERR_peek_error(), 0u) << "generation left the OpenSSL error queue non-empty";
  return ReadTree(out);
}

// Covers RSA prime search, EC scalars, ECDSA nonces, PSS salts and every file of the set.
TEST(DeterminismTest, RealCatalogueTwiceWithOneSeedIsByteIdentical) {
  TempDir out;

  // Generated before asking for the shared set, so that this runs while another test
  // process may still be generating that one.
  std::map<std::string, std::string> again =
      Generate(CatalogueDir(), out.path() / "set", kDefaultSeed);
  const fs::path& shared = SharedFixtureSet();
  ASSERT_FALSE(shared.empty());

  std::map<std::string, std::string> first = ReadTree(shared);
  ASSERT_EQ(again.size(), first.size());
  for (const auto& [path, contents] : first) {
    EXPECT_TRUE(again[path] == contents) << path << " differs between two generations";
  }
}

TEST(DeterminismTest, AnotherSeedGivesOtherKeysAndSignatures) {
  TempDir dir;
  WriteSmallCatalogue(dir.path() / "catalogue");

  std::map<std::string, std::string> a = Generate(dir.path() / "catalogue", dir.path() / "a", "a");
  std::map<std::string, std::string> b = Generate(dir.path() / "catalogue", dir.path() / "b", "b");

  ASSERT_FALSE(a.empty());
  for (std::string key : {"rsa-ca-key", "ec-ca-key", "device-key"}) {
    std::string path = "objects/" + key + ".pem";
    ASSERT_TRUE(a.contains(path));
    EXPECT_NE(a[path], b[path]) << path << " is the same under two seeds";
  }
  // The PSS salt and the ECDSA nonce come from the seed too, not only the keys.
  EXPECT_NE(a["objects/device-pss.der"], b["objects/device-pss.der"]);
  EXPECT_NE(a["objects/device-ecdsa.der"], b["objects/device-ecdsa.der"]);
}

TEST(DeterminismTest, AddingObjectsChangesNoOtherObject) {
  TempDir dir;
  WriteSmallCatalogue(dir.path() / "catalogue");
  std::map<std::string, std::string> before =
      Generate(dir.path() / "catalogue", dir.path() / "before", kDefaultSeed);

  // A file sorted first, so the new objects are also generated first.
  WriteFile(dir.path() / "catalogue" / "0-more.toml", R"toml(
[key.another-key]
type = "ec"
curve = "P-384"

[cert.another]
key = "another-key"
issuer = "rsa-ca"
subject = "CN=Another device"
signature = "rsassa-pss-sha384"
)toml");
  std::map<std::string, std::string> after =
      Generate(dir.path() / "catalogue", dir.path() / "after", kDefaultSeed);

  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(after.contains("objects/another.der"));
  for (const auto& [path, contents] : before) {
    if (path.starts_with("objects/")) {
      EXPECT_TRUE(after[path] == contents) << path << " changed when another object was added";
    }
  }
}

}  // namespace
}  // namespace tlsconform::certs::testing
