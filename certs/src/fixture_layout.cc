#include "fixture_layout.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "claims.h"
#include "encoding.h"

namespace tlsconform::certs::internal {
namespace {

constexpr int kManifestVersion = 1;

// Concatenate joins PEM blocks of the named certificates, in order.
Result<std::string> ConcatenateCertificates(const std::vector<std::string>& names,
                                            const BuiltObjects& built) {
  std::string pem;
  for (const std::string& name : names) {
    Result<std::string> one = CertificatePem(built.certs.at(name).get());
    if (!one.ok()) {
      return one.status();
    }
    pem += *one;
  }
  return pem;
}

Result<std::string> ConcatenateCrls(const std::vector<std::string>& names,
                                    const BuiltObjects& built) {
  std::string pem;
  for (const std::string& name : names) {
    Result<std::string> one = CrlPem(built.crls.at(name).get());
    if (!one.ok()) {
      return one.status();
    }
    pem += *one;
  }
  return pem;
}

// AddObjects writes objects/<name>.pem for every key, certificate and CRL, and
// objects/<name>.der for certificates and CRLs.
Status AddObjects(const BuiltObjects& built, FileTree& tree) {
  for (const auto& [name, key] : built.keys) {
    Result<std::string> pem = PrivateKeyPem(key.get());
    if (!pem.ok()) {
      return pem.status().Prefix("key." + name);
    }
    tree["objects/" + name + ".pem"] = std::move(pem).value();
  }
  for (const auto& [name, cert] : built.certs) {
    Result<std::string> pem = CertificatePem(cert.get());
    Result<std::string> der = CertificateDer(cert.get());
    if (!pem.ok() || !der.ok()) {
      return (pem.ok() ? der.status() : pem.status()).Prefix("cert." + name);
    }
    tree["objects/" + name + ".pem"] = std::move(pem).value();
    tree["objects/" + name + ".der"] = std::move(der).value();
  }
  for (const auto& [name, crl] : built.crls) {
    Result<std::string> pem = CrlPem(crl.get());
    Result<std::string> der = CrlDer(crl.get());
    if (!pem.ok() || !der.ok()) {
      return (pem.ok() ? der.status() : pem.status()).Prefix("crl." + name);
    }
    tree["objects/" + name + ".pem"] = std::move(pem).value();
    tree["objects/" + name + ".der"] = std::move(der).value();
  }
  return Status::Ok();
}

// AddCredentials writes <folder>/chain.pem, key.pem and trust.pem, and crl.pem when there
// are CRLs.
Status AddCredentials(const std::string& folder, const std::vector<std::string>& present,
                      const std::string& key, const std::vector<std::string>& trust,
                      const std::vector<std::string>& crls, const BuiltObjects& built,
                      FileTree& tree) {
  Result<std::string> chain = ConcatenateCertificates(present, built);
  Result<std::string> key_pem = PrivateKeyPem(built.keys.at(key).get());
  Result<std::string> trust_pem = ConcatenateCertificates(trust, built);
  for (const Status& status : {chain.status(), key_pem.status(), trust_pem.status()}) {
    TLSCONFORM_RETURN_IF_ERROR(status.Prefix(folder));
  }
  tree[folder + "/chain.pem"] = std::move(chain).value();
  tree[folder + "/key.pem"] = std::move(key_pem).value();
  tree[folder + "/trust.pem"] = std::move(trust_pem).value();
  if (!crls.empty()) {
    Result<std::string> crl_pem = ConcatenateCrls(crls, built);
    if (!crl_pem.ok()) {
      return crl_pem.status().Prefix(folder);
    }
    tree[folder + "/crl.pem"] = std::move(crl_pem).value();
  }
  return Status::Ok();
}

std::string FixtureFolder(const FixtureEntry& fixture) {
  return "fixtures/" + fixture.family + "/" + fixture.name;
}

nlohmann::json FixtureManifest(const FixtureEntry& fixture) {
  std::string folder = FixtureFolder(fixture);
  nlohmann::json reason = fixture.expect_reason.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json(fixture.expect_reason);
  nlohmann::json crl =
      fixture.crl.empty() ? nlohmann::json(nullptr) : nlohmann::json(folder + "/crl.pem");
  return {
      {"id", fixture.id},
      {"family", fixture.family},
      {"description", fixture.description},
      {"requirement", fixture.requirement},
      {"expect", {{"verdict", fixture.expect_verdict}, {"reason", reason}}},
      {"key_mismatch", fixture.key_mismatch},
      {"files",
       {{"chain", folder + "/chain.pem"},
        {"key", folder + "/key.pem"},
        {"trust", folder + "/trust.pem"},
        {"crl", crl}}},
      {"claims", ClaimsToJson(fixture.claims)},
  };
}

Result<std::string> Manifest(const Catalogue& catalogue, const FileTree& tree,
                             const std::string& seed) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, contents] : tree) {
    Result<std::string> digest = Sha256Hex(contents);
    if (!digest.ok()) {
      return digest.status();
    }
    files[path] = *digest;
  }
  nlohmann::json fixtures = nlohmann::json::array();
  for (const FixtureEntry& fixture : catalogue.fixtures) {
    fixtures.push_back(FixtureManifest(fixture));
  }

  nlohmann::json manifest = {
      {"format", "tlsconform-fixtures"},
      {"version", kManifestVersion},
      {"seed", seed},
      {"server",
       {{"chain", "server/chain.pem"},
        {"key", "server/key.pem"},
        {"trust", "server/trust.pem"},
        {"name", catalogue.server.name}}},
      {"fixtures", std::move(fixtures)},
      {"files", std::move(files)},
  };
  // nlohmann::json keeps object keys sorted, so the same set always dumps the same bytes.
  return manifest.dump(2) + "\n";
}

}  // namespace

Result<FileTree> LayOutFixtureSet(const Catalogue& catalogue, const BuiltObjects& built,
                                  const std::string& seed) {
  FileTree tree;
  TLSCONFORM_RETURN_IF_ERROR(AddObjects(built, tree));

  const ServerEntry& server = catalogue.server;
  TLSCONFORM_RETURN_IF_ERROR(
      AddCredentials("server", server.present, server.key, server.trust, {}, built, tree));
  for (const FixtureEntry& fixture : catalogue.fixtures) {
    TLSCONFORM_RETURN_IF_ERROR(AddCredentials(FixtureFolder(fixture), fixture.present, fixture.key,
                                              fixture.trust, fixture.crl, built, tree));
  }

  Result<std::string> manifest = Manifest(catalogue, tree, seed);
  if (!manifest.ok()) {
    return manifest.status();
  }
  tree["manifest.json"] = std::move(manifest).value();
  return tree;
}

}  // namespace tlsconform::certs::internal
