#include "claims.h"

#include <openssl/objects.h>

#include <algorithm>
#include <string>
#include <vector>

#include "entry_reader.h"
#include "recipe_values.h"

namespace tlsconform::certs::internal {
namespace {

bool IsOneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// "rsa:BITS" or "ec:CURVE", the same words the recipes use.
bool IsKeyDescription(const std::string& value) {
  if (value.starts_with("rsa:") && value.size() > 4) {
    return std::all_of(value.begin() + 4, value.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return IsOneOf(value, {"ec:P-256", "ec:P-384", "ec:P-521"});
}

}  // namespace

Result<Claims> ReadClaims(const toml::table& table, const std::string& context) {
  EntryReader reader(table, context + ": claims");
  Claims claims;
  claims.leaf_signature = reader.OptionalString("leaf_signature");
  claims.leaf_signature_hash = reader.OptionalString("leaf_signature_hash");
  claims.leaf_key = reader.OptionalString("leaf_key");
  claims.validity = reader.OptionalString("validity");
  claims.chains_to_trust = reader.OptionalBool("chains_to_trust");
  claims.leaf_signature_valid = reader.OptionalBool("leaf_signature_valid");
  claims.self_signed = reader.OptionalBool("self_signed");
  claims.key_matches_leaf = reader.OptionalBool("key_matches_leaf");
  claims.revoked_by_crl = reader.OptionalBool("revoked_by_crl");
  claims.leaf_eku = reader.OptionalStringList("leaf_eku");
  claims.leaf_key_usage_lacks = reader.OptionalStringList("leaf_key_usage_lacks");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());

  // OBJ_txt2nid knows OpenSSL's short and long names ("RSA-SHA384" and
  // "sha384WithRSAEncryption" alike), the vocabulary the claim is written in.
  if (claims.leaf_signature && OBJ_txt2nid(claims.leaf_signature->c_str()) == NID_undef) {
    return reader.Error("leaf_signature " + Quote(*claims.leaf_signature) +
                        " is not an algorithm OpenSSL knows");
  }
  if (claims.leaf_signature_hash &&
      !IsOneOf(*claims.leaf_signature_hash, {"sha256", "sha384", "sha512"})) {
    return reader.Error("leaf_signature_hash must be \"sha256\", \"sha384\" or \"sha512\"");
  }
  if (claims.leaf_key && !IsKeyDescription(*claims.leaf_key)) {
    return reader.Error("leaf_key " + Quote(*claims.leaf_key) +
                        " is not \"rsa:BITS\" or \"ec:P-256|P-384|P-521\"");
  }
  if (claims.validity && !IsOneOf(*claims.validity, {"valid", "expired", "not-yet-valid"})) {
    return reader.Error("validity must be \"valid\", \"expired\" or \"not-yet-valid\"");
  }
  for (const std::string& usage : claims.leaf_eku.value_or(std::vector<std::string>{})) {
    if (!ExtendedKeyUsageNid(usage)) {
      return reader.Error("leaf_eku: unknown extended key usage " + Quote(usage));
    }
  }
  for (const std::string& usage :
       claims.leaf_key_usage_lacks.value_or(std::vector<std::string>{})) {
    if (!KeyUsageBit(usage)) {
      return reader.Error("leaf_key_usage_lacks: unknown key usage " + Quote(usage));
    }
  }
  return claims;
}

nlohmann::json ClaimsToJson(const Claims& claims) {
  nlohmann::json json = nlohmann::json::object();
  auto put = [&json](const char* name, const auto& value) {
    if (value) {
      json[name] = *value;
    }
  };
  put("leaf_signature", claims.leaf_signature);
  put("leaf_signature_hash", claims.leaf_signature_hash);
  put("leaf_key", claims.leaf_key);
  put("validity", claims.validity);
  put("chains_to_trust", claims.chains_to_trust);
  put("leaf_signature_valid", claims.leaf_signature_valid);
  put("self_signed", claims.self_signed);
  put("key_matches_leaf", claims.key_matches_leaf);
  put("revoked_by_crl", claims.revoked_by_crl);
  put("leaf_eku", claims.leaf_eku);
  put("leaf_key_usage_lacks", claims.leaf_key_usage_lacks);
  return json;
}

}  // namespace tlsconform::certs::internal
