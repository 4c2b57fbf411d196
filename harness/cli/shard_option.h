// Sharding a run: which slice of the plan this process executes.
//
// `--shard I/N` (1-based) names the slice; without it, GoogleTest's sharding variables
// GTEST_SHARD_INDEX (0-based) and GTEST_TOTAL_SHARDS do, so tlsconform runs under the same
// test launchers as a GoogleTest binary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/runner/plan.h"
#include "tlsconform/status.h"

namespace tlsconform::cli {

struct ShardedPlan {
  std::vector<runner::PlannedCase> cases;   // the cases this process runs, in plan order
  std::optional<reports::ShardInfo> shard;  // unset when it runs the whole plan
};

// ShardPlan returns the slice of the full `plan` that this process runs: the one `flag`
// ("I/N") names, else the one the GTEST_* variables name, else the whole plan. A malformed
// flag, or a variable that is malformed, out of range or set without its partner, is an
// InvalidInput error naming the flag or the variable. When sharding from the environment,
// the file GTEST_SHARD_STATUS_FILE names (if any) is created, as GoogleTest does, to tell
// the launcher that sharding is supported.
Result<ShardedPlan> ShardPlan(const std::optional<std::string>& flag,
                              std::vector<runner::PlannedCase> plan);

}  // namespace tlsconform::cli
