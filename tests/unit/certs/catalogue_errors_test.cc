// Malformed catalogues are refused with a message that names the file and the entry.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "test_support.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

// A valid catalogue every row adds its broken file to.
constexpr char kBase[] = R"toml(
[key.base-key]
type = "ec"
curve = "P-256"

[cert.base]
key = "base-key"
issuer = "self"
subject = "CN=Base CA"
ca = true

[server]
present = ["base"]
trust = ["base"]
name = "localhost"
)toml";

// Fixture returns a valid [[fixture]] with `id`, then `extra` lines.
std::string Fixture(const std::string& id, const std::string& extra = "",
                    const std::string& expect = R"(expect = { verdict = "ACCEPT" })") {
  return "[[fixture]]\nid = \"" + id +
         "\"\ndescription = \"d\"\nrequirement = \"AWS-SIG-1\"\npresent = [\"base\"]\n"
         "trust = [\"base\"]\n" +
         expect + "\n" + extra + "\n";
}

// Cert returns [cert.NAME] signed by `issuer`, then `extra` lines.
std::string Cert(const std::string& name, const std::string& issuer,
                 const std::string& extra = "") {
  return "[cert." + name + "]\nkey = \"base-key\"\nissuer = \"" + issuer +
         "\"\nsubject = \"CN=" + name + "\"\n" + extra + "\n";
}

struct BadCatalogue {
  std::string name;
  std::map<std::string, std::string> files;  // besides 00-base.toml
  std::vector<std::string> message_parts;    // each must appear in the error
};

void PrintTo(const BadCatalogue& row, std::ostream* out) { *out << row.name; }

std::vector<BadCatalogue> BadCatalogues() {
  return {
      {"UnknownField",
       {{"bad.toml", Cert("x", "base", "colour = \"red\"")}},
       {"bad.toml: cert.x: unknown field \"colour\""}},
      {"UnknownIssuer",
       {{"bad.toml", Cert("x", "nobody")}},
       {"bad.toml: cert.x: issuer \"nobody\""}},
      {"UndefinedKey",
       {{"bad.toml", "[cert.x]\nkey = \"ghost-key\"\nissuer = \"self\"\nsubject = \"CN=x\"\n"}},
       {"bad.toml: cert.x: key \"ghost-key\""}},
      {"DuplicateNameAcrossFiles",
       {{"bad.toml", "[key.base-key]\ntype = \"ec\"\ncurve = \"P-384\"\n"}},
       {"bad.toml: key.base-key", "already defined in", "00-base.toml"}},
      {"SameNameForKeyAndCert",
       {{"bad.toml", Cert("base-key", "base")}},
       {"bad.toml: cert.base-key", "00-base.toml (key.base-key)"}},
      {"DuplicateFixtureIdAcrossFiles",
       {{"bad1.toml", Fixture("fam::x")}, {"bad2.toml", Fixture("fam::x")}},
       {"bad2.toml: fixture fam::x", "already used in", "bad1.toml"}},
      {"MalformedFixtureId",
       {{"bad.toml", Fixture("no-family")}},
       {"bad.toml: fixture no-family", "family::name"}},
      {"BadVerdict",
       {{"bad.toml", Fixture("fam::x", "", R"(expect = { verdict = "MAYBE" })")}},
       {"bad.toml: fixture fam::x: expect", "\"MAYBE\""}},
      {"RejectWithoutReason",
       {{"bad.toml", Fixture("fam::x", "", R"(expect = { verdict = "REJECT" })")}},
       {"bad.toml: fixture fam::x: expect", "reason"}},
      {"UnknownReason",
       {{"bad.toml",
         Fixture("fam::x", "", R"(expect = { verdict = "REJECT", reason = "bad_vibes" })")}},
       {"bad.toml: fixture fam::x: expect", "\"bad_vibes\""}},
      {"ReasonOnAccept",
       {{"bad.toml",
         Fixture("fam::x", "", R"(expect = { verdict = "ACCEPT", reason = "expired" })")}},
       {"bad.toml: fixture fam::x: expect", "REJECT"}},
      {"EmptyRequirement",
       {{"bad.toml",
         "[[fixture]]\nid = \"fam::x\"\ndescription = \"d\"\nrequirement = \"\"\n"
         "present = [\"base\"]\ntrust = [\"base\"]\n"
         "expect = { verdict = \"ACCEPT\" }\n"}},
       {"bad.toml: fixture fam::x", "requirement"}},
      {"UnknownClaim",
       {{"bad.toml", Fixture("fam::x", "[fixture.claims]\ncolour = \"red\"")}},
       {"bad.toml: fixture fam::x: claims: unknown field \"colour\""}},
      {"BadClaimValue",
       {{"bad.toml", Fixture("fam::x", "[fixture.claims]\nvalidity = \"sort of\"")}},
       {"bad.toml: fixture fam::x: claims", "validity"}},
      {"FixturePresentsUndefinedCert",
       {{"bad.toml",
         "[[fixture]]\nid = \"fam::x\"\ndescription = \"d\"\nrequirement = \"r\"\n"
         "present = [\"ghost\"]\ntrust = [\"base\"]\n"
         "expect = { verdict = \"ACCEPT\" }\n"}},
       {"bad.toml: fixture fam::x: present", "\"ghost\""}},
      {"BadTimeFormat",
       {{"bad.toml", Cert("x", "base", "not_after = \"2010-12-31\"")}},
       {"bad.toml: cert.x: \"not_after\"", "YYYY-MM-DDTHH:MM:SSZ", "2010-12-31"}},
      {"ImpossibleDate",
       {{"bad.toml", Cert("x", "base", "not_before = \"2021-02-29T00:00:00Z\"")}},
       {"bad.toml: cert.x: \"not_before\""}},
      {"CertValidityInverted",
       {{"bad.toml", Cert("x", "base",
                          "not_before = \"2030-01-01T00:00:00Z\"\n"
                          "not_after = \"2020-06-01T00:00:00Z\"")}},
       {"bad.toml: cert.x: not_after 2020-06-01T00:00:00Z is before not_before "
        "2030-01-01T00:00:00Z"}},
      {"CertNotAfterBeforeDefaultNotBefore",
       {{"bad.toml", Cert("x", "base", "not_after = \"2010-12-31T23:59:59Z\"")}},
       {"bad.toml: cert.x: not_after 2010-12-31T23:59:59Z is before not_before "
        "2020-01-01T00:00:00Z"}},
      {"CrlNextUpdateBeforeThisUpdate",
       {{"bad.toml",
         "[crl.c]\nissuer = \"base\"\nthis_update = \"2030-01-01T00:00:00Z\"\n"
         "next_update = \"2025-01-01T00:00:00Z\"\n"}},
       {"bad.toml: crl.c: next_update 2025-01-01T00:00:00Z is before this_update "
        "2030-01-01T00:00:00Z"}},
      {"IssuerCycle",
       {{"bad.toml", Cert("a", "b") + Cert("b", "a")}},
       {"bad.toml: cert.a", "cycle", "a -> b -> a"}},
      {"UnknownSignatureAlgorithm",
       {{"bad.toml", Cert("device-x", "base", "signature = \"sha3\"")}},
       {"bad.toml: cert.device-x: unknown signature algorithm \"sha3\""}},
      {"SignatureNotForIssuerKey",
       {{"bad.toml", Cert("x", "base", "signature = \"sha256WithRSAEncryption\"")}},
       {"bad.toml: cert.x: signature \"sha256WithRSAEncryption\" needs an RSA issuer key"}},
      {"UnknownKeyType",
       {{"bad.toml", "[key.k]\ntype = \"dsa\"\n"}},
       {"bad.toml: key.k: unknown key type \"dsa\""}},
      {"RsaKeyWithoutBits",
       {{"bad.toml", "[key.k]\ntype = \"rsa\"\n"}},
       {"bad.toml: key.k", "bits"}},
      {"UnknownKeyUsage",
       {{"bad.toml", Cert("x", "base", "key_usage = [\"signEverything\"]")}},
       {"bad.toml: cert.x: unknown key usage \"signEverything\""}},
      {"UnknownDefect",
       {{"bad.toml", Cert("x", "base", "defects = [\"subtle\"]")}},
       {"bad.toml: cert.x: unknown defect \"subtle\""}},
      {"MalformedSubject",
       {{"bad.toml",
         "[cert.x]\nkey = \"base-key\"\nissuer = \"self\"\nsubject = \"just words\"\n"}},
       {"bad.toml: cert.x: distinguished name"}},
      {"WrongFieldType",
       {{"bad.toml", Cert("x", "base", "ca = \"yes\"")}},
       {"bad.toml: cert.x: \"ca\" must be true or false"}},
      {"CrlRevokesUndefinedCert",
       {{"bad.toml", "[crl.c]\nissuer = \"base\"\nrevoked = [\"ghost\"]\n"}},
       {"bad.toml: crl.c: revoked \"ghost\""}},
      {"UnknownTopLevelTable",
       {{"bad.toml", "[widget]\nsize = 3\n"}},
       {"bad.toml: unknown table \"widget\""}},
      {"SecondServer",
       {{"bad.toml", "[server]\npresent = [\"base\"]\ntrust = [\"base\"]\nname = \"x\"\n"}},
       {"bad.toml: server", "00-base.toml"}},
      {"TomlSyntaxError", {{"bad.toml", "\n[cert.x\n"}}, {"bad.toml:2:"}},
  };
}

class CatalogueErrorsTest : public ::testing::TestWithParam<BadCatalogue> {};

TEST_P(CatalogueErrorsTest, LoadFailsNamingFileAndEntry) {
  const BadCatalogue& row = GetParam();
  TempDir dir;
  WriteFile(dir.path() / "00-base.toml", kBase);
  for (const auto& [name, contents] : row.files) {
    WriteFile(dir.path() / name, contents);
  }

  Result<Catalogue> catalogue = LoadCatalogue(dir.path());

  ASSERT_FALSE(catalogue.ok()) << "a broken catalogue was accepted";
  EXPECT_EQ(catalogue.status().code(), StatusCode::kInvalidInput);
  for (const std::string& part : row.message_parts) {
    std::string expected = part.starts_with("bad") ? (dir.path() / part).string() : part;
    EXPECT_NE(catalogue.status().message().find(expected), std::string::npos)
        << "message: " << catalogue.status().message() << "\nlacks: " << expected;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, CatalogueErrorsTest, ::testing::ValuesIn(BadCatalogues()),
                         [](const auto& info) { return info.param.name; });

TEST(CatalogueTest, BaseCatalogueAloneLoads) {
  TempDir dir;
  WriteFile(dir.path() / "00-base.toml", kBase);
  Result<Catalogue> catalogue = LoadCatalogue(dir.path());
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  EXPECT_EQ(catalogue->server.key, "base-key");
}

TEST(CatalogueTest, MissingFolderIsNotFoundNamingIt) {
  TempDir dir;
  Result<Catalogue> catalogue = LoadCatalogue(dir.path() / "nowhere");
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.status().code(), StatusCode::kNotFound);
  EXPECT_NE(catalogue.status().message().find((dir.path() / "nowhere").string()),
            std::string::npos);
}

TEST(CatalogueTest, FileInsteadOfFolderSaysItIsNotAFolder) {
  TempDir dir;
  WriteFile(dir.path() / "catalogue.toml", kBase);
  Result<Catalogue> catalogue = LoadCatalogue(dir.path() / "catalogue.toml");
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(catalogue.status().message().find((dir.path() / "catalogue.toml").string() +
                                              " is not a folder"),
            std::string::npos)
      << catalogue.status().message();
  EXPECT_EQ(catalogue.status().message().find("does not exist"), std::string::npos)
      << catalogue.status().message();
}

// A validity of one second (not_before == not_after) is a real, if short, period.
TEST(CatalogueTest, EqualValidityBoundsLoad) {
  TempDir dir;
  WriteFile(dir.path() / "00-base.toml", kBase);
  WriteFile(dir.path() / "one-second.toml",
            Cert("x", "base",
                 "not_before = \"2030-01-01T00:00:00Z\"\nnot_after = \"2030-01-01T00:00:00Z\"") +
                "[crl.c]\nissuer = \"base\"\nthis_update = \"2030-01-01T00:00:00Z\"\n"
                "next_update = \"2030-01-01T00:00:00Z\"\n");
  Result<Catalogue> catalogue = LoadCatalogue(dir.path());
  EXPECT_TRUE(catalogue.ok()) << catalogue.status().message();
}

TEST(CatalogueTest, RealCatalogueLoadsWithResolvedDefaults) {
  Result<Catalogue> catalogue = LoadCatalogue(CatalogueDir());
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  EXPECT_EQ(catalogue->server.name, "localhost");
  EXPECT_EQ(catalogue->fixtures.size(), ReadCatalogueFixtures().size());
  for (const FixtureEntry& fixture : catalogue->fixtures) {
    EXPECT_EQ(fixture.key_mismatch, fixture.id == "key::mismatch") << fixture.id;
  }
  // A leaf with an RSA key gets keyEncipherment beside digitalSignature (RECIPES.md).
  EXPECT_EQ(catalogue->recipes.certs.at("key-rsa2048").key_usage,
            (std::vector<std::string>{"digitalSignature", "keyEncipherment"}));
  EXPECT_EQ(catalogue->recipes.certs.at("key-rsa2048").extended_key_usage,
            (std::vector<std::string>{"clientAuth"}));
  EXPECT_TRUE(catalogue->recipes.certs.at("root-rsa").extended_key_usage.empty());
}

}  // namespace
}  // namespace tlsconform::certs::testing
