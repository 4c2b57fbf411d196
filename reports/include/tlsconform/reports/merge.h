// MergeShards: the shard reports of one plan (`tlsconform run --shard I/N`) joined back into
// the report of the whole run, for `tlsconform merge`.
#pragma once

#include <string>
#include <vector>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/status.h"

namespace tlsconform::reports {

// One shard's report and the name it came from (its file), used in errors.
struct ShardReport {
  std::string name;
  RunRecord run;
};

// MergeShards checks that `shards` are complete shard reports of the same plan (same
// plan_digest, shard total, plan size, profile, policy, suite, seed, filters, tier,
// strict_reasons, gate, tool version and backends), that each shard index 1..N occurs
// exactly once, and that every case belongs to its shard and the counts add up to the plan;
// any failure is an InvalidInput error naming the file concerned. It returns the whole run:
// cases in plan order, started and finished spanning the shards, no shard field, and the
// stale baseline entries of the whole plan (an entry a shard found stale is not stale when a
// case of another shard is KNOWN through it). The caller sets exit_code.
Result<RunRecord> MergeShards(const std::vector<ShardReport>& shards);

}  // namespace tlsconform::reports
