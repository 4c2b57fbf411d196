// The plan of a run: which cases run, in which order, each with its expectation.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/runner/fixture_set.h"
#include "tlsconform/runner/suite.h"
#include "tlsconform/status.h"

namespace tlsconform::runner {

// A backend as its shim's hello describes it.
struct BackendDescription {
  std::string name;
  std::string library;
  nlohmann::json capabilities;

  bool SupportsVersion(const std::string& version) const;
  bool Capable(const std::string& capability) const;  // a boolean capability
};

struct PlannedCase {
  std::string id;       // <role>/<backend>/<tls-version>/<fixture-id>
  std::string role;     // "server": the backend verifies; "client": the backend presents
  std::string backend;  // the backend under test
  std::string version;
  const Fixture* fixture = nullptr;
  // Set when a side lacks a capability the case needs: the case is a SKIP naming it.
  std::optional<std::string> missing_capability;
  size_t position = 0;  // index in the full plan, kept when the plan is sharded
};

// CaseId builds the id of a case.
std::string CaseId(const std::string& role, const std::string& backend, const std::string& version,
                   const std::string& fixture_id);

// PlanCases lists the cases of a suite: for each backend, the server role over every
// fixture and the client role over every valid fixture, under each version the suite and
// the policy share. Only ids matching one of `filters` (fnmatch globs; none = all) are kept.
std::vector<PlannedCase> PlanCases(const Suite& suite, const SecurityPolicy& policy,
                                   const FixtureSet& fixtures,
                                   const std::vector<BackendDescription>& backends,
                                   const BackendDescription& reference,
                                   const std::vector<std::string>& filters);

// ShardSpec names one of `total` shards of a plan; `index` is 1-based (1 <= index <= total).
struct ShardSpec {
  int index = 1;
  int total = 1;
};

// ParseShardSpec reads "I/N" as written on the command line ("2/4"). A malformed text or an
// index outside 1..N is an InvalidInput error quoting the text.
Result<ShardSpec> ParseShardSpec(const std::string& text);

// SelectShard returns the cases of `plan` (the full plan, as PlanCases made it) whose position
// p satisfies p % total == index - 1, in plan order. Every case lands in exactly one of the
// `total` shards, and a shard may be empty when the plan has fewer than `total` cases.
std::vector<PlannedCase> SelectShard(const std::vector<PlannedCase>& plan, const ShardSpec& shard);

// PlanDigest returns the SHA-256, in lowercase hex, of the plan's case ids joined by "\n": the
// same for every shard of one plan, so shards of different plans can be told apart when
// merged. Fails only if the crypto library does.
Result<std::string> PlanDigest(const std::vector<PlannedCase>& plan);

// DigestCaseIds is PlanDigest over case ids in plan order (a merged run's cases).
Result<std::string> DigestCaseIds(const std::vector<std::string>& ids);

}  // namespace tlsconform::runner
