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
  // Lists(capability, value): the list capability holds value. A backend that leaves the
  // list out, or announces it empty, says nothing, and is taken to have it.
  bool Lists(const std::string& capability, const std::string& value) const;
};

// The roles of a case (ARCHITECTURE.md, "Two roles, one matrix"): `server`, the backend under
// test verifies the reference client's certificate; `client`, it presents a fixture to the
// reference server; `interop`, one backend presents to another (the interoperability matrix).
struct PlannedCase {
  // server/<backend>/<server-config>/<tls-version>/<fixture-id>
  // client/<backend>/<tls-version>/<fixture-id>
  // interop/<client-backend>/<server-backend>/<tls-version>/<fixture-id>
  std::string id{};
  std::string role{};
  // The backend under test; in the interop role, the client's. Its baseline judges the case.
  std::string backend{};
  // The other side: the reference peer, or (interop) the server's backend.
  std::string peer{};
  // The server side's server configuration, "defaults" or "enforcing".
  std::string server_config = "defaults";
  std::string version{};
  const Fixture* fixture = nullptr;
  // Set when a side lacks a capability the case needs: the case is a SKIP naming it.
  std::optional<std::string> missing_capability{};
  size_t position = 0;  // index in the full plan, kept when the plan is sharded
  // JSON merge patches (RFC 7386) over the server's and the client's `case` lines, for cases
  // that set protocol fields the suite leaves at their defaults (`alpn`, `verify_time`, ...).
  nlohmann::json server_patch = nullptr;
  nlohmann::json client_patch = nullptr;

  bool BackendIsServer() const { return role == "server"; }
  // The backends of the two shims of the case.
  const std::string& ServerBackend() const { return role == "server" ? backend : peer; }
  const std::string& ClientBackend() const { return role == "server" ? peer : backend; }
};

// PlanCases's choices besides the suite's.
struct PlanOptions {
  std::vector<std::string> filters;         // fnmatch globs over case ids; none: all
  std::vector<std::string> server_configs;  // server configurations of the server role
};

// CaseId builds the id of a case from its role, sides, server configuration and fixture.
std::string CaseId(const PlannedCase& planned, const std::string& fixture_id);

// PlanCases lists the cases of a suite, under each version the suite and the policy share:
// for each backend, the server role over every fixture in each server configuration and the
// client role over every valid fixture; then, for the interop role, every backend as client
// against every backend as server (`defaults`) over every fixture. A case one side cannot
// run is planned as a SKIP naming the missing capability. Only ids matching one of
// `options.filters` are kept.
std::vector<PlannedCase> PlanCases(const Suite& suite, const SecurityPolicy& policy,
                                   const FixtureSet& fixtures,
                                   const std::vector<BackendDescription>& backends,
                                   const BackendDescription& reference, const PlanOptions& options);

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
