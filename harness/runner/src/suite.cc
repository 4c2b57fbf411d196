#include "tlsconform/runner/suite.h"

#include <algorithm>
#include <set>

#include "toml_file.h"

namespace tlsconform::runner {
namespace {

constexpr const char* kVersions[] = {"tls1.2", "tls1.3"};
constexpr const char* kRoles[] = {"server", "client"};

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
      {suite_table, {"name", "profile", "policy", "roles", "versions"}},
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
