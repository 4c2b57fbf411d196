// Tiers: how much of the catalogue a run covers (`--tier smoke|full`).
#pragma once

#include <string>

#include "tlsconform/runner/fixture_set.h"
#include "tlsconform/status.h"

namespace tlsconform::runner {

// SelectTier returns the fixtures of `tier`: "full" keeps them all; "smoke" keeps, for each
// family, the first fixture of each expectation (ACCEPT, REJECT, INFO) in catalogue order,
// so every family is exercised both ways, in both roles, on every backend, in seconds.
Result<FixtureSet> SelectTier(const FixtureSet& fixtures, const std::string& tier);

}  // namespace tlsconform::runner
