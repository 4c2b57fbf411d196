// Generation points OpenSSL's random source at the seeded stream only while it runs
// (certs/src/seeded_random.cc); afterwards the process draws real random bytes again.
//
// RAND_get_rand_method is deprecated, and it is the only way to ask which method is
// installed, so this one test file opts back into deprecated declarations.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "test_support.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

TEST(SeededRandomTest, DefaultRandomSourceIsBackAfterGeneration) {
  TempDir dir;
  WriteSmallCatalogue(dir.path() / "catalogue");
  Result<Catalogue> catalogue = LoadCatalogue(dir.path() / "catalogue");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();

  ASSERT_TRUE(WriteFixtureSet(*catalogue, dir.path() / "set", kDefaultSeed).ok());

  EXPECT_EQ(RAND_get_rand_method(), RAND_OpenSSL());
  unsigned char bytes[32];
  EXPECT_EQ(RAND_bytes(bytes, sizeof(bytes)), 1);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(SeededRandomTest, DefaultRandomSourceIsBackAfterAFailedGeneration) {
  TempDir dir;
  WriteSmallCatalogue(dir.path() / "catalogue");
  Result<Catalogue> catalogue = LoadCatalogue(dir.path() / "catalogue");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  // A key OpenSSL refuses to generate fails BuildObjects halfway.
  catalogue->recipes.keys.at("ec-ca-key").curve = "P-0";

  Status status = WriteFixtureSet(*catalogue, dir.path() / "set", kDefaultSeed);

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("key.ec-ca-key"), std::string::npos) << status.message();
  EXPECT_EQ(RAND_get_rand_method(), RAND_OpenSSL());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "set"));
}

}  // namespace
}  // namespace tlsconform::certs::testing
