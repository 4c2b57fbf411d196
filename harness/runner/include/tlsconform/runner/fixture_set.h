// FixtureSet: a generated fixture set on disk (fixtures/README.md), as the runner reads it.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/status.h"

namespace tlsconform::runner {

// Files a party presents or trusts, as absolute paths.
struct Credentials {
  std::filesystem::path chain;
  std::filesystem::path key;
  std::filesystem::path trust;
};

struct Fixture {
  std::string id;
  std::string family;
  std::string description;
  std::string requirement;
  std::string expect_verdict;  // ACCEPT, REJECT or INFO
  std::optional<std::string> expect_reason;
  bool key_mismatch = false;
  Credentials files;
  std::optional<std::filesystem::path> crl;
  // The public keys of the presented chain, read from its certificates: key types ("rsa",
  // "rsa-pss", "ec", "ed25519", "ed448", "dsa") and named curves ("P-256", "secp256k1"). A
  // backend must list them in its capabilities to load (client) or verify (server) the chain.
  std::vector<std::string> key_types;
  std::vector<std::string> curves;

  // A valid fixture is one the profile accepts: it runs in the client role too.
  bool valid() const { return expect_verdict == "ACCEPT"; }
};

struct FixtureSet {
  std::filesystem::path root;
  std::string seed;
  Credentials server;
  std::string server_name;
  std::vector<Fixture> fixtures;
};

// LoadFixtureSet reads DIR/manifest.json, checks that every listed file exists and has the
// SHA-256 the manifest records, and returns the set. Errors name the file or entry.
Result<FixtureSet> LoadFixtureSet(const std::filesystem::path& dir);

}  // namespace tlsconform::runner
