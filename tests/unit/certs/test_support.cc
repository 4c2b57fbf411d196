#include "test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/file.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;

template <typename T, typename Read>
std::vector<UniquePtr<T>> LoadPemObjects(const fs::path& path, Read read) {
  std::vector<UniquePtr<T>> objects;
  UniquePtr<BIO> bio(BIO_new_file(path.c_str(), "r"));
  if (bio == nullptr) {
    ERR_clear_error();
    return objects;
  }
  while (T* object = read(bio.get(), nullptr, nullptr, nullptr)) {
    objects.emplace_back(object);
  }
  // The loop ends on "no more PEM blocks", which OpenSSL reports as an error.
  ERR_clear_error();
  return objects;
}

nlohmann::json TomlToJson(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, value] : *table) {
      object[std::string(key.str())] = TomlToJson(value);
    }
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    nlohmann::json list = nlohmann::json::array();
    for (const toml::node& element : *array) {
      list.push_back(TomlToJson(element));
    }
    return list;
  }
  if (node.is_boolean()) {
    return node.as_boolean()->get();
  }
  if (node.is_integer()) {
    return node.as_integer()->get();
  }
  if (node.is_string()) {
    return node.as_string()->get();
  }
  ADD_FAILURE() << "claims hold a TOML value the tests do not read";
  return nullptr;
}

std::vector<fs::path> CatalogueFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(CatalogueDir())) {
    if (entry.path().extension() == ".toml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// CacheKey identifies what the shared set depends on: this binary (the generator is
// linked into it; its size and modification time identify a build the way make's own
// checks do, without reading 25 MB per test), the catalogue's files and the seed.
std::string CacheKey() {
  fs::path binary = fs::canonical("/proc/self/exe");
  std::string material = binary.string() + '\0' + std::to_string(fs::file_size(binary)) + '\0' +
                         std::to_string(fs::last_write_time(binary).time_since_epoch().count());
  for (const fs::path& file : CatalogueFiles()) {
    material += '\0' + file.filename().string() + '\0' + ReadFile(file);
  }
  material += '\0' + std::string(kDefaultSeed);
  return Sha256Hex(material).substr(0, 24);
}

fs::path GenerateSharedFixtureSet() {
  fs::path cache = TLSCONFORM_CERTS_TEST_CACHE;
  fs::create_directories(cache);
  fs::path set = cache / CacheKey();

  int lock = open((cache / ".lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) {
    ADD_FAILURE() << "cannot lock " << cache / ".lock";
    return {};
  }
  if (!fs::exists(set / "manifest.json")) {
    // Sets of earlier builds are of no further use.
    for (const auto& entry : fs::directory_iterator(cache)) {
      if (entry.is_directory()) {
        fs::remove_all(entry.path());
      }
    }
    Result<Catalogue> catalogue = LoadCatalogue(CatalogueDir());
    Status written =
        catalogue.ok() ? WriteFixtureSet(*catalogue, set, kDefaultSeed) : catalogue.status();
    if (!written.ok()) {
      ADD_FAILURE() << "generating the catalogue failed: " << written.message();
      set.clear();
    }
  }
  close(lock);  // also releases the lock
  return set;
}

}  // namespace

fs::path CatalogueDir() { return TLSCONFORM_CATALOGUE_DIR; }

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "tlsconform-certs-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code error;
  fs::remove_all(path_, error);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void WriteFile(const fs::path& path, std::string_view contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      tree[fs::relative(entry.path(), root).generic_string()] = ReadFile(entry.path());
    }
  }
  return tree;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    ADD_FAILURE() << "EVP_Digest failed";
    return "";
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::vector<UniquePtr<X509>> LoadCertificates(const fs::path& path) {
  return LoadPemObjects<X509>(path, PEM_read_bio_X509);
}

std::vector<UniquePtr<X509_CRL>> LoadCrls(const fs::path& path) {
  return LoadPemObjects<X509_CRL>(path, PEM_read_bio_X509_CRL);
}

UniquePtr<EVP_PKEY> LoadPrivateKey(const fs::path& path) {
  std::vector<UniquePtr<EVP_PKEY>> keys = LoadPemObjects<EVP_PKEY>(path, PEM_read_bio_PrivateKey);
  if (keys.size() != 1) {
    return nullptr;
  }
  return std::move(keys.front());
}

std::vector<CatalogueFixture> ReadCatalogueFixtures() {
  std::vector<CatalogueFixture> fixtures;
  for (const fs::path& file : CatalogueFiles()) {
    toml::table document = toml::parse_file(file.string());
    const toml::array* entries = document["fixture"].as_array();
    if (entries == nullptr) {
      continue;
    }
    for (const toml::node& entry : *entries) {
      const toml::table& table = *entry.as_table();
      CatalogueFixture fixture;
      fixture.id = table["id"].value_or(std::string());
      const toml::node* claims = table.get("claims");
      fixture.claims = claims != nullptr ? TomlToJson(*claims) : nlohmann::json::object();
      fixtures.push_back(std::move(fixture));
    }
  }
  return fixtures;
}

void WriteSmallCatalogue(const fs::path& dir) {
  WriteFile(dir / "a-pki.toml", R"toml(
[key.rsa-ca-key]
type = "rsa"
bits = 1024

[cert.rsa-ca]
key = "rsa-ca-key"
issuer = "self"
subject = "CN=Small RSA CA"
ca = true

[key.ec-ca-key]
type = "ec"
curve = "P-256"

[cert.ec-ca]
key = "ec-ca-key"
issuer = "self"
subject = "CN=Small EC CA"
ca = true

[key.device-key]
type = "ec"
curve = "P-256"

[cert.device-pss]
key = "device-key"
issuer = "rsa-ca"
subject = "CN=Small PSS device"
signature = "rsassa-pss-sha256"

[cert.device-ecdsa]
key = "device-key"
issuer = "ec-ca"
subject = "CN=Small ECDSA device"

[crl.rsa-ca-crl]
issuer = "rsa-ca"
revoked = ["device-pss"]

[[fixture]]
id = "small::pss"
description = "A PSS-signed device."
requirement = "AWS-SIG-4"
present = ["device-pss", "rsa-ca"]
trust = ["rsa-ca"]
crl = ["rsa-ca-crl"]
expect = { verdict = "REJECT", reason = "revoked" }
)toml");
  WriteFile(dir / "b-server.toml", R"toml(
[server]
present = ["device-ecdsa"]
trust = ["ec-ca"]
name = "localhost"
)toml");
}

const fs::path& SharedFixtureSet() {
  static const fs::path set = GenerateSharedFixtureSet();
  return set;
}

}  // namespace tlsconform::certs::testing
