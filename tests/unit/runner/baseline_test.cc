#include "tlsconform/runner/baseline.h"

#include <gtest/gtest.h>

#include <fstream>

namespace tlsconform::runner {
namespace {

// SafeTestName is the running test's name usable as one path component (parametrized names
// hold '/').
std::string SafeTestName() {
  std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : name) {
    if (c == '/') {
      c = '_';
    }
  }
  return name;
}

class BaselineTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("baseline-test-" + std::to_string(::getpid()) + "-" + SafeTestName());
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

TEST_F(BaselineTest, MissingFolderIsAnError) {
  Result<Baseline> baseline = LoadBaseline(dir_ / "nowhere", "openssl");
  ASSERT_FALSE(baseline.ok());
  EXPECT_EQ(baseline.status().code(), StatusCode::kNotFound);
  EXPECT_NE(baseline.status().message().find("nowhere"), std::string::npos);
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

TEST_F(BaselineTest, ServerBackendsInteropEntryIsChosenForTheInteropCase) {
  Write(R"(backend = "openssl"
[[deviation]]
case = "interop/*/openssl/*/key::rsa1024"
observed = "ACCEPT"
reason = "the openssl server accepts 1024-bit RSA"
)");
  Result<Baseline> openssl = LoadBaseline(dir_, "openssl");
  ASSERT_TRUE(openssl.ok()) << openssl.status().message();
  std::map<std::string, Baseline> baselines = {{"openssl", *openssl}};

  // The case's client is boringssl, its server openssl: both baselines may list it.
  const std::vector<const Baseline*> chosen =
      BaselinesFor(baselines, "interop", "boringssl", "openssl");
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_NE(chosen[0]->Match("interop/boringssl/openssl/tls1.2/key::rsa1024", "ACCEPT"), nullptr);
  // Outside the interop role only the backend under test's own baseline applies.
  EXPECT_TRUE(BaselinesFor(baselines, "client", "boringssl", "openssl").empty());
}

struct BadBaseline {
  const char* name;
  const char* text;
  const char* message;
};

void PrintTo(const BadBaseline& row, std::ostream* out) { *out << row.name; }

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
                    BadBaseline{"BlankReason",
                                "backend = \"openssl\"\n[[deviation]]\n"
                                "case = \"server/openssl/*\"\nobserved = \"ACCEPT\"\n"
                                "reason = \"  \"\n",
                                "is blank"},
                    BadBaseline{"OtherBackendsCase",
                                "backend = \"openssl\"\n[[deviation]]\n"
                                "case = \"server/boringssl/*\"\n"
                                "observed = \"ACCEPT\"\nreason = \"r\"\n",
                                "names another backend than \"openssl\""},
                    BadBaseline{"InteropPairWithoutThisBackend",
                                "backend = \"openssl\"\n[[deviation]]\n"
                                "case = \"interop/boringssl/gnutls/*\"\n"
                                "observed = \"ACCEPT\"\nreason = \"r\"\n",
                                "names another backend than \"openssl\""},
                    BadBaseline{"Duplicate",
                                "backend = \"openssl\"\n[[deviation]]\ncase = \"*/openssl/*\"\n"
                                "observed = \"ACCEPT\"\nreason = \"r\"\n[[deviation]]\n"
                                "case = \"*/openssl/*\"\nobserved = \"ACCEPT\"\n"
                                "reason = \"again\"\n",
                                "duplicates an earlier entry"},
                    BadBaseline{"NotToml", "backend = \n", "openssl.toml:1"}),
    [](const testing::TestParamInfo<BadBaseline>& info) { return info.param.name; });

}  // namespace
}  // namespace tlsconform::runner
