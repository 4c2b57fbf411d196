#include "tlsconform/runner/plan.h"

#include <fnmatch.h>

#include <algorithm>

namespace tlsconform::runner {
namespace {

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool MatchesAny(const std::vector<std::string>& filters, const std::string& id) {
  if (filters.empty()) {
    return true;
  }
  return std::any_of(filters.begin(), filters.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), id.c_str(), 0) == 0;
  });
}

}  // namespace

bool BackendDescription::SupportsVersion(const std::string& version) const {
  const nlohmann::json& versions = capabilities.value("versions", nlohmann::json::array());
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

bool BackendDescription::Capable(const std::string& capability) const {
  return capabilities.value(capability, false);
}

std::string CaseId(const std::string& role, const std::string& backend, const std::string& version,
                   const std::string& fixture_id) {
  return role + "/" + backend + "/" + version + "/" + fixture_id;
}

std::vector<PlannedCase> PlanCases(const Suite& suite, const SecurityPolicy& policy,
                                   const FixtureSet& fixtures,
                                   const std::vector<BackendDescription>& backends,
                                   const BackendDescription& reference,
                                   const std::vector<std::string>& filters) {
  std::vector<PlannedCase> plan;
  for (const BackendDescription& backend : backends) {
    for (const std::string& role : suite.roles) {
      for (const std::string& version : suite.versions) {
        if (!Contains(policy.versions, version)) {
          continue;  // the security policy does not allow it: no such case exists
        }
        for (const Fixture& fixture : fixtures.fixtures) {
          // The client role presents what a device would: only fixtures the profile accepts.
          if (role == "client" && !fixture.valid()) {
            continue;
          }
          PlannedCase planned{CaseId(role, backend.name, version, fixture.id),
                              role,
                              backend.name,
                              version,
                              &fixture,
                              std::nullopt};
          if (!MatchesAny(filters, planned.id)) {
            continue;
          }
          if (!backend.SupportsVersion(version)) {
            planned.missing_capability = backend.name + ": " + version;
          } else if (!reference.SupportsVersion(version)) {
            planned.missing_capability = reference.name + " (reference): " + version;
          } else if (fixture.crl && !backend.Capable("crl") && role == "server") {
            planned.missing_capability = backend.name + ": crl";
          } else if (fixture.key_mismatch) {
            // The presenting side must be able to sign with a key its certificate does not
            // match; in the server role that is the reference client.
            const BackendDescription& presenter = role == "server" ? reference : backend;
            if (!presenter.Capable("key_mismatch_hook")) {
              planned.missing_capability = presenter.name + ": key_mismatch_hook";
            }
          }
          plan.push_back(std::move(planned));
        }
      }
    }
  }
  return plan;
}

}  // namespace tlsconform::runner
