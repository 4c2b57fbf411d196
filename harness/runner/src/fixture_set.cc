#include "tlsconform/runner/fixture_set.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
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

void AddOnce(std::vector<std::string>& values, std::string value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(std::move(value));
  }
}

// The capability spelling of a curve (backend.h): NIST names for the NIST curves, OpenSSL's
// short names for the rest.
std::string CurveName(int nid) {
  switch (nid) {
    case NID_X9_62_prime256v1:
      return "P-256";
    case NID_secp384r1:
      return "P-384";
    case NID_secp521r1:
      return "P-521";
    case NID_secp224r1:
      return "P-224";
    default:
      return nid == NID_undef ? "explicit" : OBJ_nid2sn(nid);
  }
}

// ReadChainKeys fills fixture.key_types and fixture.curves from the certificates of its chain.
Status ReadChainKeys(Fixture& fixture, const std::string& where) {
  using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
  BioPtr bio(BIO_new_file(fixture.files.chain.c_str(), "r"), &BIO_free);
  if (bio == nullptr) {
    return IoError(where + ": cannot read " + fixture.files.chain.string());
  }
  while (true) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    if (cert == nullptr) {
      break;  // the end of the file, or text after the last certificate
    }
    const EVP_PKEY* key = X509_get0_pubkey(cert.get());
    if (key == nullptr) {
      AddOnce(fixture.key_types, "unknown");
      continue;
    }
    switch (EVP_PKEY_get_base_id(key)) {
      case EVP_PKEY_RSA:
        AddOnce(fixture.key_types, "rsa");
        break;
      case EVP_PKEY_RSA_PSS:
        AddOnce(fixture.key_types, "rsa-pss");
        break;
      case EVP_PKEY_EC: {
        AddOnce(fixture.key_types, "ec");
        char group[80] = {};
        size_t length = 0;
        const bool named =
            EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof(group), &length) == 1;
        AddOnce(fixture.curves, CurveName(named ? OBJ_sn2nid(group) : NID_undef));
        break;
      }
      case EVP_PKEY_ED25519:
        AddOnce(fixture.key_types, "ed25519");
        break;
      case EVP_PKEY_ED448:
        AddOnce(fixture.key_types, "ed448");
        break;
      case EVP_PKEY_DSA:
        AddOnce(fixture.key_types, "dsa");
        break;
      default:
        AddOnce(fixture.key_types, "unknown");
    }
  }
  ERR_clear_error();  // the read past the last certificate leaves "no start line" behind
  if (fixture.key_types.empty()) {
    return InvalidInput(where + ": " + fixture.files.chain.string() + " holds no certificate");
  }
  return Status::Ok();
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
    TLSCONFORM_RETURN_IF_ERROR(ReadChainKeys(fixture, entry_where));
    set.fixtures.push_back(std::move(fixture));
  }
  return set;
}

}  // namespace tlsconform::runner
