// CheckClaims: a catalogue's claims (fixtures/README.md, "Claims") checked against the
// fixture set generated from it, before the set is written.
//
// The GoogleTest suite has its own checker (tests/unit/certs/claims_test.cc), written
// separately on purpose: this one protects users' catalogues at generation time, that one
// checks the repository's catalogue and this code alike.
#pragma once

#include "fixture_layout.h"
#include "tlsconform/certs/fixture_set.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// CheckClaims parses the files of `tree` (as LayOutFixtureSet made it) back and checks every
// claim of every fixture of `catalogue`, in catalogue order. A fixture's files are the ones
// its manifest entry names; the leaf's issuer is the certificate its recipe names
// (objects/<issuer>.der). The first claim that does not hold is a kInvalidInput Status
// "<file>: fixture <id>: claim <name> = <value> does not hold: <what the files say>". It
// leaves the OpenSSL error queue empty.
Status CheckClaims(const Catalogue& catalogue, const FileTree& tree);

}  // namespace tlsconform::certs::internal
