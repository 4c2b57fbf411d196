// The fixture set as files in memory: what fixtures/README.md says goes where.
#pragma once

#include <map>
#include <string>

#include "tlsconform/certs/builder.h"
#include "tlsconform/certs/fixture_set.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// FileTree maps a path relative to the set's folder ("objects/root-rsa.pem", always with
// '/') to the file's bytes.
using FileTree = std::map<std::string, std::string>;

// LayOutFixtureSet returns every file of the set, manifest.json included.
Result<FileTree> LayOutFixtureSet(const Catalogue& catalogue, const BuiltObjects& built,
                                  const std::string& seed);

}  // namespace tlsconform::certs::internal
