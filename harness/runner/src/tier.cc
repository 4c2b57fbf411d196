#include "tlsconform/runner/tier.h"

#include <set>
#include <utility>

namespace tlsconform::runner {

Result<FixtureSet> SelectTier(const FixtureSet& fixtures, const std::string& tier) {
  if (tier == "full") {
    return fixtures;
  }
  if (tier != "smoke") {
    return InvalidInput("unknown tier \"" + tier + "\" (tiers: smoke, full)");
  }
  FixtureSet selected = fixtures;
  selected.fixtures.clear();
  std::set<std::pair<std::string, std::string>> seen;  // (family, expectation)
  for (const Fixture& fixture : fixtures.fixtures) {
    if (seen.insert({fixture.family, fixture.expect_verdict}).second) {
      selected.fixtures.push_back(fixture);
    }
  }
  return selected;
}

}  // namespace tlsconform::runner
