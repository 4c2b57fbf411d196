// The suite and security-policy files of the repository, and what a malformed one gets.
#include "tlsconform/runner/suite.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace tlsconform::runner {
namespace {

const std::filesystem::path kSource = TLSCONFORM_SOURCE_DIR;

TEST(Suite, DefaultSuiteRunsEveryRoleVersionAndServerConfigurationUnderTheDefaultPolicy) {
  Result<Suite> suite = LoadSuite(kSource / "suites" / "default.toml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();

  EXPECT_EQ(suite->policy_name, "IoTSecurityPolicy_TLS13_1_2_2022_10");
  EXPECT_EQ(suite->roles, (std::vector<std::string>{"server", "client", "interop"}));
  EXPECT_EQ(suite->server_configs, (std::vector<std::string>{"defaults", "enforcing"}));
  EXPECT_EQ(suite->versions, (std::vector<std::string>{"tls1.2", "tls1.3"}));
  EXPECT_EQ(suite->reference_backend, "openssl");
  EXPECT_EQ(suite->reference_security_level, 0);
  EXPECT_EQ(suite->app_timeout_ms, 2000);  // AWS-BEH-1: one answer within 2 s
  EXPECT_EQ(suite->case_timeout_ms, 10000);
}

TEST(Profile, AwsIotProfileEnforcesTheAllowLists) {
  Result<Profile> profile = LoadProfile(kSource / "suites" / "profiles", "aws-iot");
  ASSERT_TRUE(profile.ok()) << profile.status().message();

  // AWS-SIG-1, -2, -4, -5; AWS-KEY-1, -2, -3.
  EXPECT_EQ(profile->signature_hashes, (std::vector<std::string>{"sha256", "sha384", "sha512"}));
  EXPECT_EQ(profile->public_keys, (std::vector<std::string>{"rsa", "rsa-pss", "ec"}));
  EXPECT_EQ(profile->min_rsa_bits, 2048);
  EXPECT_EQ(profile->curves, (std::vector<std::string>{"P-256", "P-384", "P-521"}));
}

TEST(Profile, UnknownEnforceFieldIsRefusedNamingTheFile) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tlsconform-profile";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "aws-iot.toml");
    out << "name = \"aws-iot\"\n[enforce]\nsignature_hashes = [\"sha256\"]\n"
           "public_keys = [\"rsa\"]\nmin_rsa_bits = 2048\ncurves = [\"P-256\"]\n"
           "min_ec_bits = 256\n";
  }
  Result<Profile> profile = LoadProfile(dir, "aws-iot");
  ASSERT_FALSE(profile.ok());
  EXPECT_NE(
      profile.status().message().find("aws-iot.toml: [enforce] unknown field \"min_ec_bits\""),
      std::string::npos)
      << profile.status().message();
  std::filesystem::remove_all(dir);
}

TEST(Policy, DefaultPolicyHasTheTablesSuites) {
  Result<SecurityPolicy> policy =
      LoadPolicy(kSource / "suites" / "policies", "IoTSecurityPolicy_TLS13_1_2_2022_10");
  ASSERT_TRUE(policy.ok()) << policy.status().message();

  // aws-iot-requirements.md section 1.4, column 13_1_2_2022_10: 3 TLS 1.3 and 18 TLS 1.2.
  EXPECT_EQ(policy->tls13_ciphersuites.size(), 3u);
  EXPECT_EQ(policy->tls12_ciphers.size(), 18u);
  EXPECT_EQ(policy->Ciphersuites(),
            "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
  // DHE-RSA-AES256-SHA belongs to TLS12_1_0_2015_01 only (AWS-CS-4).
  EXPECT_EQ(
      std::count(policy->tls12_ciphers.begin(), policy->tls12_ciphers.end(), "DHE-RSA-AES256-SHA"),
      0);
}

TEST(Policy, UnknownPolicyIsNamed) {
  Result<SecurityPolicy> policy = LoadPolicy(kSource / "suites" / "policies", "NoSuchPolicy");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), StatusCode::kNotFound);
  EXPECT_NE(policy.status().message().find("NoSuchPolicy"), std::string::npos);
}

// WriteSuite writes the default suite with `from` replaced by `to` and returns its path.
std::filesystem::path WriteSuite(const std::string& from, const std::string& to) {
  std::ifstream in(kSource / "suites" / "default.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("suite-edit-" + std::to_string(::getpid()));
  std::ofstream(path) << text;
  return path;
}

struct SuiteEdit {
  const char* name;
  const char* from;
  const char* to;
  const char* message;
};

void PrintTo(const SuiteEdit& edit, std::ostream* out) { *out << edit.name; }

class BadSuiteTest : public testing::TestWithParam<SuiteEdit> {};

TEST_P(BadSuiteTest, IsRefusedNamingTheField) {
  const std::filesystem::path path = WriteSuite(GetParam().from, GetParam().to);
  Result<Suite> suite = LoadSuite(path);
  std::filesystem::remove(path);

  ASSERT_FALSE(suite.ok());
  EXPECT_EQ(suite.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(suite.status().message().find(GetParam().message), std::string::npos)
      << suite.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Edits, BadSuiteTest,
    testing::Values(SuiteEdit{"UnknownField", "[timing]", "colour = \"red\"\n[timing]",
                              "unknown field \"colour\""},
                    SuiteEdit{"UnknownProfile", "profile = \"aws-iot\"", "profile = \"other\"",
                              "profile \"other\" is not known"},
                    SuiteEdit{"SecurityLevelOutOfRange", "security_level = 0", "security_level = 9",
                              "security_level must be"},
                    SuiteEdit{"CaseLimitBelowAppTimeout", "case_timeout_ms = 10000",
                              "case_timeout_ms = 100", "case_timeout_ms"}),
    [](const testing::TestParamInfo<SuiteEdit>& info) { return info.param.name; });

TEST(Suite, MalformedSuiteNamesFileAndField) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("suite-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "[suite]\nname = \"x\"\nprofile = \"aws-iot\"\npolicy = \"p\"\n"
                         "roles = [\"server\"]\nversions = [\"tls1.4\"]\n"
                         "[reference]\nbackend = \"openssl\"\n"
                         "[timing]\napp_timeout_ms = 2000\ncase_timeout_ms = 10000\n";

  Result<Suite> suite = LoadSuite(path);
  std::filesystem::remove(path);

  ASSERT_FALSE(suite.ok());
  EXPECT_NE(suite.status().message().find(path.string()), std::string::npos);
  EXPECT_NE(suite.status().message().find("\"tls1.4\""), std::string::npos);
}

}  // namespace
}  // namespace tlsconform::runner
