#include "tlsconform/runner/fixture_set.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <iterator>
#include <memory>

namespace tlsconform::runner {
namespace {

Result<std::string> Sha256Hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return IoError(path.string() + ": cannot read");
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return CryptoError(path.string() + ": SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

// Field returns manifest[key] as a string, or an error naming the entry.
Result<std::string> Field(const nlohmann::json& object, const std::string& key,
                          const std::string& where) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) {
    return InvalidInput(where + ": missing or non-string field \"" + key + "\"");
  }
  return object[key].get<std::string>();
}

Result<std::filesystem::path> FilePath(const std::filesystem::path& root,
                                       const nlohmann::json& files, const std::string& key,
                                       const std::string& where) {
  Result<std::string> relative = Field(files, key, where);
  if (!relative.ok()) {
    return relative.status();
  }
  return std::filesystem::absolute(root / *relative);
}

Result<Credentials> ReadCredentials(const std::filesystem::path& root, const nlohmann::json& files,
                                    const std::string& where) {
  Credentials credentials;
  for (auto [key, target] :
       {std::pair{"chain", &credentials.chain}, std::pair{"key", &credentials.key},
        std::pair{"trust", &credentials.trust}}) {
    Result<std::filesystem::path> path = FilePath(root, files, key, where);
    if (!path.ok()) {
      return path.status();
    }
    *target = *path;
  }
  return credentials;
}

}  // namespace

Result<FixtureSet> LoadFixtureSet(const std::filesystem::path& dir) {
  const std::filesystem::path manifest_path = dir / "manifest.json";
  std::ifstream in(manifest_path);
  if (!in) {
    return NotFound(manifest_path.string() +
                    ": no fixture set here (generate one with `tlsconform fixtures --out " +
                    dir.string() + "`)");
  }
  nlohmann::json manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.is_object()) {
    return InvalidInput(manifest_path.string() + ": not valid JSON");
  }
  if (manifest.value("format", "") != "tlsconform-fixtures" || manifest.value("version", 0) != 1) {
    return InvalidInput(manifest_path.string() + ": not a version 1 tlsconform fixture manifest");
  }
  const std::string where = manifest_path.string();

  // Every file must be the one generation wrote: a fixture edited by hand would silently
  // test something else than its catalogue entry claims.
  if (!manifest.contains("files") || !manifest["files"].is_object()) {
    return InvalidInput(where + ": missing \"files\"");
  }
  for (const auto& [relative, expected] : manifest["files"].items()) {
    const std::filesystem::path path = dir / relative;
    if (!std::filesystem::exists(path)) {
      return NotFound(path.string() + ": listed in " + where + " but missing");
    }
    Result<std::string> actual = Sha256Hex(path);
    if (!actual.ok()) {
      return actual.status();
    }
    if (!expected.is_string() || *actual != expected.get<std::string>()) {
      return InvalidInput(path.string() + ": SHA-256 differs from " + where +
                          " (the file was changed after generation)");
    }
  }

  FixtureSet set;
  set.root = std::filesystem::absolute(dir);
  set.seed = manifest.value("seed", "");
  Result<Credentials> server = ReadCredentials(dir, manifest["server"], where + ": server");
  if (!server.ok()) {
    return server.status();
  }
  set.server = *server;
  Result<std::string> server_name = Field(manifest["server"], "name", where + ": server");
  if (!server_name.ok()) {
    return server_name.status();
  }
  set.server_name = *server_name;

  if (!manifest.contains("fixtures") || !manifest["fixtures"].is_array()) {
    return InvalidInput(where + ": missing \"fixtures\"");
  }
  for (const nlohmann::json& entry : manifest["fixtures"]) {
    Fixture fixture;
    Result<std::string> id = Field(entry, "id", where + ": fixture");
    if (!id.ok()) {
      return id.status();
    }
    fixture.id = *id;
    const std::string entry_where = where + ": fixture " + fixture.id;
    for (auto [key, target] :
         {std::pair{"family", &fixture.family}, std::pair{"description", &fixture.description},
          std::pair{"requirement", &fixture.requirement}}) {
      Result<std::string> value = Field(entry, key, entry_where);
      if (!value.ok()) {
        return value.status();
      }
      *target = *value;
    }
    Result<std::string> verdict = Field(entry["expect"], "verdict", entry_where + ": expect");
    if (!verdict.ok()) {
      return verdict.status();
    }
    fixture.expect_verdict = *verdict;
    if (fixture.expect_verdict != "ACCEPT" && fixture.expect_verdict != "REJECT" &&
        fixture.expect_verdict != "INFO") {
      return InvalidInput(entry_where + ": expect.verdict must be ACCEPT, REJECT or INFO");
    }
    if (entry["expect"].contains("reason") && entry["expect"]["reason"].is_string()) {
      fixture.expect_reason = entry["expect"]["reason"].get<std::string>();
    }
    fixture.key_mismatch = entry.value("key_mismatch", false);
    if (!entry.contains("files") || !entry["files"].is_object()) {
      return InvalidInput(entry_where + ": missing \"files\"");
    }
    Result<Credentials> files = ReadCredentials(dir, entry["files"], entry_where + ": files");
    if (!files.ok()) {
      return files.status();
    }
    fixture.files = *files;
    if (entry["files"].contains("crl") && entry["files"]["crl"].is_string()) {
      fixture.crl = std::filesystem::absolute(dir / entry["files"]["crl"].get<std::string>());
    }
    set.fixtures.push_back(std::move(fixture));
  }
  return set;
}

}  // namespace tlsconform::runner
