#include "tlsconform/runner/baseline.h"

#include <gtest/gtest.h>

#include <fstream>

namespace tlsconform::runner {
namespace {

class BaselineTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("baseline-test-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& text) { std::ofstream(dir_ / "openssl.toml") << text; }

  std::filesystem::path dir_;
};

TEST_F(BaselineTest, MissingFileIsAnEmptyBaseline) {
  Result<Baseline> baseline = LoadBaseline(dir_, "openssl");
  ASSERT_TRUE(baseline.ok()) << baseline.status().message();
  EXPECT_TRUE(baseline->entries.empty());
}

TEST_F(BaselineTest, MatchesByGlobAndObservedOutcome) {
  Write(R"(backend = "openssl"
[[deviation]]
case = "server/openssl/*/key::rsa1024"
observed = "ACCEPT"
reason = "security level 1 allows 1024-bit RSA"
link = "https://example.org/seclevel"
)");
  Result<Baseline> baseline = LoadBaseline(dir_, "openssl");
  ASSERT_TRUE(baseline.ok()) << baseline.status().message();

  EXPECT_NE(baseline->Match("server/openssl/tls1.3/key::rsa1024", "ACCEPT"), nullptr);
  EXPECT_EQ(baseline->Match("server/openssl/tls1.3/key::rsa1024", "REJECT"), nullptr);
  EXPECT_EQ(baseline->Match("client/openssl/tls1.3/key::rsa1024", "ACCEPT"), nullptr);
}

struct BadBaseline {
  const char* name;
  const char* text;
  const char* message;
};

class BadBaselineTest : public BaselineTest, public testing::WithParamInterface<BadBaseline> {};

TEST_P(BadBaselineTest, IsRefusedNamingTheEntry) {
  Write(GetParam().text);
  Result<Baseline> baseline = LoadBaseline(dir_, "openssl");
  ASSERT_FALSE(baseline.ok());
  EXPECT_EQ(baseline.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(baseline.status().message().find("openssl.toml"), std::string::npos);
  EXPECT_NE(baseline.status().message().find(GetParam().message), std::string::npos)
      << baseline.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Entries, BadBaselineTest,
    testing::Values(BadBaseline{"NoReason",
                                "backend = \"openssl\"\n[[deviation]]\ncase = \"x\"\n"
                                "observed = \"ACCEPT\"\n",
                                "\"reason\" is required"},
                    BadBaseline{"BadOutcome",
                                "backend = \"openssl\"\n[[deviation]]\ncase = \"x\"\n"
                                "observed = \"PASS\"\nreason = \"r\"\n",
                                "ACCEPT or REJECT"},
                    BadBaseline{"UnknownField",
                                "backend = \"openssl\"\n[[deviation]]\ncase = \"x\"\n"
                                "observed = \"ACCEPT\"\nreason = \"r\"\nwhy = \"?\"\n",
                                "unknown field \"why\""},
                    BadBaseline{"WrongBackend", "backend = \"gnutls\"\n", "must be \"openssl\""},
                    BadBaseline{"NotToml", "backend = \n", "openssl.toml:1"}),
    [](const testing::TestParamInfo<BadBaseline>& info) { return info.param.name; });

}  // namespace
}  // namespace tlsconform::runner
