// The fixture catalogue and the fixture set on disk (fixtures/README.md).
//
// LoadCatalogue reads and checks a catalogue folder; WriteFixtureSet generates the objects
// and writes the set with its manifest. Neither throws: every failure is a Status whose
// message names the file and entry, or the path, concerned.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs {

// The seed `tlsconform fixtures` uses when none is given.
inline constexpr char kDefaultSeed[] = "tlsconform";

// Claims are properties a fixture has, checked by parsing the generated files back
// (fixtures/README.md, "Claims"). An unset claim is not checked.
struct Claims {
  std::optional<std::string> leaf_signature;       // OpenSSL name: "ecdsa-with-SHA256"
  std::optional<std::string> leaf_signature_hash;  // PSS: "sha256", "sha384", "sha512"
  std::optional<std::string> leaf_key;             // "rsa:2048", "ec:P-256"
  std::optional<std::string> validity;             // "valid", "expired", "not-yet-valid"
  std::optional<bool> chains_to_trust;
  std::optional<bool> leaf_signature_valid;
  std::optional<bool> self_signed;
  std::optional<bool> key_matches_leaf;
  std::optional<bool> revoked_by_crl;
  std::optional<std::vector<std::string>> leaf_eku;
  std::optional<std::vector<std::string>> leaf_key_usage_lacks;
};

// FixtureEntry is one [[fixture]] of the catalogue, checked.
struct FixtureEntry {
  std::string id;      // "sig::rsa-pss-sha384"
  std::string family;  // "sig"
  std::string name;    // "rsa-pss-sha384"
  std::string description;
  std::string requirement;           // "AWS-SIG-4" or "RFC5280 6.3"
  std::vector<std::string> present;  // certificate names, leaf first
  std::string key;                   // the key the client signs with
  std::vector<std::string> trust;    // certificate names
  std::vector<std::string> crl;      // CRL names; empty: CRL checking off
  std::string expect_verdict;        // "ACCEPT", "REJECT" or "INFO"
  std::string expect_reason;         // a normalized reason when REJECT, else empty
  bool key_mismatch = false;         // `key` is not the leaf's key
  Claims claims;
  std::string source;  // the catalogue file
};

// ServerEntry is the [server] table: what every server shim presents and clients trust.
struct ServerEntry {
  std::vector<std::string> present;  // leaf first
  std::string key;                   // default: the leaf's key
  std::vector<std::string> trust;
  std::string name;  // host name clients verify
  std::string source;
};

struct Catalogue {
  RecipeSet recipes;
  std::vector<FixtureEntry> fixtures;  // files in name order, entries in file order
  ServerEntry server;
};

// LoadCatalogue reads every *.toml file directly in `dir`, in name order, and checks the
// whole catalogue: recipe tables (RECIPES.md), fixture entries and the one [server] table.
// The first problem found is returned, as "<file>: <entry>: <problem>".
Result<Catalogue> LoadCatalogue(const std::filesystem::path& dir);

// WriteFixtureSet generates the catalogue's objects from `seed` and writes the fixture set
// of fixtures/README.md to `out_dir`.
//
// - An existing `out_dir` is replaced only when it is empty or holds nothing but a fixture
//   set: manifest.json (format "tlsconform-fixtures"), the files its `files` lists and
//   folders. Anything else there (a user's notes, a symbolic link, a file of another set) is
//   named in the error and nothing is touched; a symbolic `out_dir` is refused too. This is
//   checked before generation starts, and again before writing.
// - Every fixture's claims are checked against the generated files before anything is
//   written; the first false one fails as "<file>: fixture <id>: claim <name> = <value>
//   does not hold: <what the files say>".
// - The set is written into a temporary folder beside `out_dir` and renamed into place once
//   complete. On any failure `out_dir` is left as it was and the temporary folder removed.
// - `cancel`, when not null, is read before each object is generated and between files:
//   once it is set the call stops and returns a kCancelled Status, `out_dir` untouched. A
//   signal handler may set it (std::atomic<bool> is lock-free).
Status WriteFixtureSet(const Catalogue& catalogue, const std::filesystem::path& out_dir,
                       const std::string& seed, const std::atomic<bool>* cancel = nullptr);

}  // namespace tlsconform::certs
