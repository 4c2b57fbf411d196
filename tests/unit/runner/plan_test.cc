// PlanCases: which cases a run holds, their ids, and which are SKIP for a missing capability.
#include "tlsconform/runner/plan.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tlsconform::runner {
namespace {

BackendDescription Backend(const std::string& name, nlohmann::json capabilities) {
  return {name, name + " 1.0", std::move(capabilities)};
}

Fixture MakeFixture(const std::string& id, const std::string& verdict,
                    std::vector<std::string> key_types, std::vector<std::string> curves = {}) {
  Fixture fixture;
  fixture.id = id;
  fixture.family = id.substr(0, id.find("::"));
  fixture.expect_verdict = verdict;
  fixture.key_types = std::move(key_types);
  fixture.curves = std::move(curves);
  return fixture;
}

class PlanTest : public ::testing::Test {
 protected:
  PlanTest() {
    suite_.roles = {"server", "client", "interop"};
    suite_.versions = {"tls1.2", "tls1.3"};
    policy_.versions = {"tls1.2", "tls1.3"};
    fixtures_.fixtures = {MakeFixture("key::ec-p521", "ACCEPT", {"ec"}, {"P-521"}),
                          MakeFixture("key::rsa1024", "REJECT", {"rsa"})};
    reference_ = Backend("openssl", {{"versions", {"tls1.2", "tls1.3"}},
                                     {"server_configs", {"defaults", "enforcing"}}});
    small_ = Backend("small", {{"versions", {"tls1.2"}},
                               {"curves", {"P-256", "P-384"}},
                               {"server_configs", {"defaults"}}});
  }

  std::vector<PlannedCase> Plan(const std::vector<BackendDescription>& backends,
                                const PlanOptions& options) {
    return PlanCases(suite_, policy_, fixtures_, backends, reference_, options);
  }

  const PlannedCase* Find(const std::vector<PlannedCase>& plan, const std::string& id) {
    auto found = std::find_if(plan.begin(), plan.end(),
                              [&](const PlannedCase& planned) { return planned.id == id; });
    return found == plan.end() ? nullptr : &*found;
  }

  Suite suite_;
  SecurityPolicy policy_;
  FixtureSet fixtures_;
  BackendDescription reference_;
  BackendDescription small_;
};

TEST_F(PlanTest, IdsNameRoleSidesServerConfigurationVersionAndFixture) {
  const std::vector<PlannedCase> plan =
      Plan({reference_}, {.filters = {}, .server_configs = {"defaults", "enforcing"}});

  for (const char* id :
       {"server/openssl/defaults/tls1.2/key::rsa1024",
        "server/openssl/enforcing/tls1.3/key::ec-p521", "client/openssl/tls1.3/key::ec-p521",
        "interop/openssl/openssl/tls1.2/key::rsa1024"}) {
    EXPECT_NE(Find(plan, id), nullptr) << id;
  }
  // The client role presents only what the profile accepts.
  EXPECT_EQ(Find(plan, "client/openssl/tls1.2/key::rsa1024"), nullptr);
  // 2 versions x (2 configurations x 2 fixtures + 1 valid fixture + 2 interop fixtures).
  EXPECT_EQ(plan.size(), 2u * (4 + 1 + 2));
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan[i].position, i);
  }
}

TEST_F(PlanTest, InteropPairsEveryClientWithEveryServerInDefaults) {
  const std::vector<PlannedCase> plan =
      Plan({reference_, small_}, {.filters = {"interop/*"}, .server_configs = {"defaults"}});

  const PlannedCase* pair = Find(plan, "interop/small/openssl/tls1.2/key::rsa1024");
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ(pair->ClientBackend(), "small");
  EXPECT_EQ(pair->ServerBackend(), "openssl");
  EXPECT_EQ(pair->server_config, "defaults");
  EXPECT_EQ(plan.size(), 4u /* pairs */ * 2 /* versions */ * 2 /* fixtures */);
}

TEST_F(PlanTest, MissingVersionConfigurationOrCurveIsASkipNamingIt) {
  const std::vector<PlannedCase> plan =
      Plan({small_}, {.filters = {}, .server_configs = {"defaults", "enforcing"}});

  EXPECT_EQ(Find(plan, "server/small/defaults/tls1.3/key::rsa1024")->missing_capability,
            "small: tls1.3");
  EXPECT_EQ(Find(plan, "server/small/enforcing/tls1.2/key::rsa1024")->missing_capability,
            "small: server configuration enforcing");
  EXPECT_EQ(Find(plan, "client/small/tls1.2/key::ec-p521")->missing_capability,
            "small: curve P-521");
  // A chain the profile refuses runs even where a key type is missing: refusing it is right.
  EXPECT_EQ(Find(plan, "server/small/defaults/tls1.2/key::rsa1024")->missing_capability,
            std::nullopt);
}

TEST_F(PlanTest, EmptyOrAbsentListClaimsNothingAndSkipsNothing) {
  const BackendDescription silent = Backend("silent", {{"versions", {"tls1.2"}}, {"curves", {}}});
  const std::vector<PlannedCase> plan =
      Plan({silent}, {.filters = {"client/*"}, .server_configs = {"defaults"}});

  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(Find(plan, "client/silent/tls1.2/key::ec-p521")->missing_capability, std::nullopt);
}

}  // namespace
}  // namespace tlsconform::runner
