// The plan of a run: which cases run, in which order, each with its expectation.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/runner/fixture_set.h"
#include "tlsconform/runner/suite.h"

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

}  // namespace tlsconform::runner
