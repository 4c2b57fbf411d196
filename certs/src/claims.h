// Reading a fixture's `claims` table (fixtures/README.md, "Claims") and writing it to the
// manifest.
#pragma once

#include <toml++/toml.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tlsconform/certs/fixture_set.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// ReadClaims checks every claim's name and value; `context` names the fixture.
Result<Claims> ReadClaims(const toml::table& table, const std::string& context);

// ClaimsToJson returns the set claims as a JSON object, unset ones left out.
nlohmann::json ClaimsToJson(const Claims& claims);

}  // namespace tlsconform::certs::internal
