// Helpers shared by the certs tests. They read generated files back with OpenSSL and toml++
// directly, never through the generator's own code, so a generator bug cannot hide itself.
#pragma once

#include <openssl/x509.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tlsconform/certs/openssl_ptr.h"

namespace tlsconform::certs::testing {

// CatalogueDir is the real catalogue, fixtures/aws-iot.
std::filesystem::path CatalogueDir();

// TempDir is a fresh folder, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// ReadFile returns a file's bytes; empty when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, std::string_view contents);

// ReadTree returns every regular file under `root`, by path relative to it with '/'.
std::map<std::string, std::string> ReadTree(const std::filesystem::path& root);

// Sha256Hex is the lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Load* read every PEM object of one kind from a file, in order.
std::vector<UniquePtr<X509>> LoadCertificates(const std::filesystem::path& path);
std::vector<UniquePtr<X509_CRL>> LoadCrls(const std::filesystem::path& path);
UniquePtr<EVP_PKEY> LoadPrivateKey(const std::filesystem::path& path);

// CatalogueFixture is one [[fixture]] of the real catalogue as its TOML says, read with
// toml++ alone: the id and the claims, as JSON so they compare with the manifest's.
struct CatalogueFixture {
  std::string id;
  nlohmann::json claims;
};
std::vector<CatalogueFixture> ReadCatalogueFixtures();

// PrintTo makes GoogleTest show a fixture by its id.
inline void PrintTo(const CatalogueFixture& fixture, std::ostream* out) { *out << fixture.id; }

// WriteSmallCatalogue writes a catalogue that generates in milliseconds yet draws random
// bytes in every way the real one does: RSA and EC keys, RSASSA-PSS salts, ECDSA nonces and
// a CRL. Its files are a-pki.toml and b-server.toml.
void WriteSmallCatalogue(const std::filesystem::path& dir);

// SharedFixtureSet returns the folder of the real catalogue generated with the default
// seed. ctest runs every test in its own process, and generating costs seconds of RSA key
// generation, so the set is made once per build of this test binary and catalogue
// contents, kept in the build tree and reused by later processes; a file lock keeps
// parallel processes from generating it twice. Determinism makes the reuse exact, and
// DeterminismTest proves it on every run by generating afresh and comparing. Empty, with a
// test failure recorded, when generation fails.
const std::filesystem::path& SharedFixtureSet();

}  // namespace tlsconform::certs::testing
