#include "tlsconform/runner/suite.h"

#include <algorithm>
#include <set>

#include "toml_file.h"

namespace tlsconform::runner {
namespace {

constexpr const char* kVersions[] = {"tls1.2", "tls1.3"};
constexpr const char* kRoles[] = {"server", "client", "interop"};
constexpr const char* kServerConfigs[] = {"defaults", "enforcing"};
constexpr const char* kHashes[] = {"sha1", "sha224", "sha256", "sha384", "sha512", "md5"};
constexpr const char* kPublicKeys[] = {"rsa", "rsa-pss", "ec", "ed25519", "ed448", "dsa"};
constexpr const char* kCurves[] = {"P-224",           "P-256",          "P-384",
                                   "P-521",           "secp256k1",      "brainpoolP256r1",
                                   "brainpoolP384r1", "brainpoolP512r1"};

Result<std::string> String(const toml::table& table, const std::string& key,
                           const std::string& where) {
  std::optional<std::string> value = table[key].value<std::string>();
  if (!value) {
    return InvalidInput(where + ": \"" + key + "\" must be a string");
  }
  return *value;
}

// StringList reads an array of strings; each must be one of `allowed` when it is not empty.
template <size_t N>
Result<std::vector<std::string>> StringList(const toml::table& table, const std::string& key,
                                            const std::string& where,
                                            const char* const (&allowed)[N]) {
  const toml::array* array = table[key].as_array();
  if (array == nullptr || array->empty()) {
    return InvalidInput(where + ": \"" + key + "\" must be a non-empty list of strings");
  }
  std::vector<std::string> out;
  for (const toml::node& node : *array) {
    std::optional<std::string> value = node.value<std::string>();
    if (!value) {
      return InvalidInput(where + ": \"" + key + "\" must hold strings only");
    }
    if (std::none_of(std::begin(allowed), std::end(allowed),
                     [&](const char* a) { return *value == a; })) {
      return InvalidInput(where + ": \"" + key + "\" has unknown value \"" + *value + "\"");
    }
    out.push_back(*value);
  }
  return out;
}

Result<std::vector<std::string>> AnyStringList(const toml::table& table, const std::string& key,
                                               const std::string& where) {
  const toml::array* array = table[key].as_array();
  if (array == nullptr) {
    return InvalidInput(where + ": \"" + key + "\" must be a list of strings");
  }
  std::vector<std::string> out;
  for (const toml::node& node : *array) {
    std::optional<std::string> value = node.value<std::string>();
    if (!value) {
      return InvalidInput(where + ": \"" + key + "\" must hold strings only");
    }
    out.push_back(*value);
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : ":") + part;
  }
  return out;
}

}  // namespace

std::string SecurityPolicy::CipherList() const { return Join(tls12_ciphers); }
std::string SecurityPolicy::Ciphersuites() const { return Join(tls13_ciphersuites); }

Result<Suite> LoadSuite(const std::filesystem::path& path) {
  Result<toml::table> parsed = ParseTomlFile(path);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const toml::table& root = *parsed;
  const std::string where = path.string();
  const toml::table* suite_table = root["suite"].as_table();
  const toml::table* reference = root["reference"].as_table();
  const toml::table* timing = root["timing"].as_table();
  if (suite_table == nullptr || reference == nullptr || timing == nullptr) {
    return InvalidInput(where + ": needs the tables [suite], [reference] and [timing]");
  }

  // Unknown fields are refused: a misspelt one would silently keep its default.
  const std::pair<const toml::table*, std::set<std::string>> known[] = {
      {&root, {"suite", "reference", "timing"}},
      {suite_table, {"name", "profile", "policy", "roles", "versions", "server_configs"}},
      {reference, {"backend", "security_level"}},
      {timing, {"app_timeout_ms", "case_timeout_ms"}},
  };
  for (const auto& [table, fields] : known) {
    for (const auto& [key, value] : *table) {
      if (fields.count(std::string(key.str())) == 0) {
        return InvalidInput(where + ": unknown field \"" + std::string(key.str()) + "\"");
      }
    }
  }

  Suite suite;
  for (auto [key, target] : {std::pair{"name", &suite.name}, std::pair{"profile", &suite.profile},
                             std::pair{"policy", &suite.policy_name}}) {
    Result<std::string> value = String(*suite_table, key, where + ": [suite]");
    if (!value.ok()) {
      return value.status();
    }
    *target = *value;
  }
  // The expectations in the catalogue are the aws-iot profile's; no other profile exists yet.
  if (suite.profile != "aws-iot") {
    return InvalidInput(where + ": [suite] profile \"" + suite.profile +
                        "\" is not known (profiles: aws-iot)");
  }
  Result<std::vector<std::string>> roles = StringList(*suite_table, "roles", where, kRoles);
  if (!roles.ok()) {
    return roles.status();
  }
  suite.roles = *roles;
  Result<std::vector<std::string>> versions =
      StringList(*suite_table, "versions", where, kVersions);
  if (!versions.ok()) {
    return versions.status();
  }
  suite.versions = *versions;
  suite.server_configs = {"defaults", "enforcing"};
  if (suite_table->contains("server_configs")) {
    Result<std::vector<std::string>> configs =
        StringList(*suite_table, "server_configs", where, kServerConfigs);
    if (!configs.ok()) {
      return configs.status();
    }
    suite.server_configs = *configs;
  }

  Result<std::string> backend = String(*reference, "backend", where + ": [reference]");
  if (!backend.ok()) {
    return backend.status();
  }
  suite.reference_backend = *backend;
  std::optional<int64_t> level = (*reference)["security_level"].value<int64_t>();
  if (!level || *level < 0 || *level > 5) {
    return InvalidInput(where + ": [reference] security_level must be an integer from 0 to 5");
  }
  suite.reference_security_level = static_cast<int>(*level);

  std::optional<int64_t> app_timeout = (*timing)["app_timeout_ms"].value<int64_t>();
  std::optional<int64_t> case_timeout = (*timing)["case_timeout_ms"].value<int64_t>();
  if (!app_timeout || !case_timeout || *app_timeout <= 0 || *case_timeout <= *app_timeout) {
    return InvalidInput(where + ": [timing] needs app_timeout_ms > 0 and case_timeout_ms > " +
                        "app_timeout_ms");
  }
  suite.app_timeout_ms = static_cast<int>(*app_timeout);
  suite.case_timeout_ms = static_cast<int>(*case_timeout);
  return suite;
}

Result<Profile> LoadProfile(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path path = dir / (name + ".toml");
  if (!std::filesystem::is_regular_file(path)) {
    return NotFound("profile \"" + name + "\": no file " + path.string());
  }
  Result<toml::table> parsed = ParseTomlFile(path);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const std::string where = path.string();
  const toml::table* enforce = (*parsed)["enforce"].as_table();
  if (enforce == nullptr) {
    return InvalidInput(where + ": needs the table [enforce]");
  }
  for (const auto& [key, value] : *parsed) {
    if (key.str() != "name" && key.str() != "enforce") {
      return InvalidInput(where + ": unknown field \"" + std::string(key.str()) + "\"");
    }
  }
  for (const auto& [key, value] : *enforce) {
    const std::string field(key.str());
    if (field != "signature_hashes" && field != "public_keys" && field != "min_rsa_bits" &&
        field != "curves") {
      return InvalidInput(where + ": [enforce] unknown field \"" + field + "\"");
    }
  }

  Profile profile;
  Result<std::string> file_name = String(*parsed, "name", where);
  if (!file_name.ok()) {
    return file_name.status();
  }
  if (*file_name != name) {
    return InvalidInput(where + ": name is \"" + *file_name + "\", expected \"" + name + "\"");
  }
  profile.name = name;
  const std::string enforce_where = where + ": [enforce]";
  Result<std::vector<std::string>> hashes =
      StringList(*enforce, "signature_hashes", enforce_where, kHashes);
  if (!hashes.ok()) {
    return hashes.status();
  }
  profile.signature_hashes = *hashes;
  Result<std::vector<std::string>> keys =
      StringList(*enforce, "public_keys", enforce_where, kPublicKeys);
  if (!keys.ok()) {
    return keys.status();
  }
  profile.public_keys = *keys;
  Result<std::vector<std::string>> curves = StringList(*enforce, "curves", enforce_where, kCurves);
  if (!curves.ok()) {
    return curves.status();
  }
  profile.curves = *curves;
  std::optional<int64_t> min_rsa_bits = (*enforce)["min_rsa_bits"].value<int64_t>();
  if (!min_rsa_bits || *min_rsa_bits < 0 || *min_rsa_bits > 16384) {
    return InvalidInput(enforce_where + ": min_rsa_bits must be an integer from 0 to 16384");
  }
  profile.min_rsa_bits = static_cast<int>(*min_rsa_bits);
  return profile;
}

Result<SecurityPolicy> LoadPolicy(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path path = dir / (name + ".toml");
  if (!std::filesystem::is_regular_file(path)) {
    return NotFound("security policy \"" + name + "\": no file " + path.string());
  }
  Result<toml::table> parsed = ParseTomlFile(path);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const std::string where = path.string();
  SecurityPolicy policy;
  Result<std::string> file_name = String(*parsed, "name", where);
  if (!file_name.ok()) {
    return file_name.status();
  }
  if (*file_name != name) {
    return InvalidInput(where + ": name is \"" + *file_name + "\", expected \"" + name + "\"");
  }
  policy.name = name;
  Result<std::vector<std::string>> versions = StringList(*parsed, "versions", where, kVersions);
  if (!versions.ok()) {
    return versions.status();
  }
  policy.versions = *versions;
  Result<std::vector<std::string>> tls12 = AnyStringList(*parsed, "tls12_ciphers", where);
  if (!tls12.ok()) {
    return tls12.status();
  }
  policy.tls12_ciphers = *tls12;
  Result<std::vector<std::string>> tls13 = AnyStringList(*parsed, "tls13_ciphersuites", where);
  if (!tls13.ok()) {
    return tls13.status();
  }
  policy.tls13_ciphersuites = *tls13;
  return policy;
}

}  // namespace tlsconform::runner
